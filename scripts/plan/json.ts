/**
 * `--format json`: everything the text plan shows, for tools (CI annotations, dashboards, diffs
 * between branches): the resources with their inputs (secrets masked), the sync graph, the
 * stack outputs and the policy violations.
 */
import type { CapturedResource, Violation } from "../../test/support/policyHarness";
import { PlanGraph, plainValue } from "./graph";

export interface PlanDocument {
    /** Bumped when a field changes meaning; tools should check it. */
    formatVersion: 1;
    stack: string;
    resources: Array<{ urn: string; type: string; name: string; parent?: string; custom: boolean; inputs: unknown }>;
    synced: PlanGraph;
    outputs: Record<string, unknown>;
    policies: { config: string; mandatory: number; advisory: number; violations: Violation[] };
}

export function planDocument(stack: string, resources: readonly CapturedResource[], graph: PlanGraph, outputs: Record<string, unknown>,
    policyConfig: string, violations: readonly Violation[]): PlanDocument {
    return {
        formatVersion: 1,
        stack,
        resources: resources.filter((r) => !r.type.startsWith("pulumi:providers:")).map((r) => ({
            urn: r.urn, type: r.type, name: r.name, ...(r.parent ? { parent: r.parent } : {}), custom: r.custom, inputs: plainValue(r.inputs),
        })),
        synced: graph,
        outputs,
        policies: {
            config: policyConfig,
            mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").length,
            advisory: violations.filter((v) => v.enforcementLevel === "advisory").length,
            violations: [...violations],
        },
    };
}
