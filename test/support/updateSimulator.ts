/**
 * The update simulator: what `pulumi up` would do to a stack deployed with program A when it
 * runs program B. Both run under the mocks; the verdict per URN follows the engine's rules:
 *
 * - identity is the URN `urn:pulumi:<stack>::<project>::<parent types $ joined>$<type>::<name>`
 *   (the root stack's type left out); the engine's own URNs, not the mock monitor's, which keep
 *   only the last parent type;
 * - a new URN first looks for an old resource under its aliases, expanded as the engine does
 *   (pulumi/pulumi pkg/resource/deploy/step_generator.go `generateAliases`: the resource's own
 *   aliases, then its parent's old URN with the parent-name prefix of the child's name swapped);
 * - a matched resource whose inputs differ is replaced when a changed property is in
 *   replaceOnChange.ts, updated otherwise; unchanged otherwise;
 * - creates, updates and replacements run in registration order; replaced originals and
 *   unmatched old resources are deleted last, in reverse order of the old program, unless
 *   `deleteBeforeReplace` (then the original goes just before its replacement).
 *
 * A matched resource keeps the old id and provider-computed outputs in program B (as in a
 * real update), so only genuine changes ripple into dependents; a replacement gets new ones.
 * Hazards name what the engine would not refuse but the cloud would: a second
 * `ResourceServer` with a live identifier, a `TriggerActions` deleted after its successor was
 * written, an Action deleted while still bound.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as pulumi from "@pulumi/pulumi";
import { checkRoleGatesEnforced } from "../../components/auth0/flowOwnership";
import { setRegisterHook, settle } from "./mocks";
import { startProgram } from "./programState";
import { REPLACE_ON_CHANGE, UNIQUE_KEYS } from "./replaceOnChange";

export type Verdict = "create" | "update" | "replace" | "delete" | "same";

export interface SimResource {
    urn: string;
    type: string;
    name: string;
    parent?: string;
    custom: boolean;
    /** Inputs as sent to the engine (wire form; secrets unwrapped). */
    inputs: Record<string, unknown>;
    id: string;
    /** What the program saw back: inputs plus provider-computed values (wire form). */
    outputs: Record<string, unknown>;
    deleteBeforeReplace: boolean;
}

export interface Snapshot {
    resources: SimResource[];
    byUrn: Map<string, SimResource>;
}

export interface Step {
    urn: string;
    type: string;
    verdict: Verdict;
    /** The old URN the resource was found under, when an alias matched. */
    oldUrn?: string;
    /** Changed top-level inputs (update or replace). */
    changed: string[];
    /** The changed inputs that force the replacement. */
    replaceBecause: string[];
    deleteBeforeReplace: boolean;
}

/** One engine operation, in the order the engine runs them. */
export interface Operation {
    op: "create" | "update" | "create-replacement" | "delete-replaced" | "delete";
    urn: string;
    type: string;
}

export interface Hazard {
    urn: string;
    message: string;
}

export interface UpdatePlan {
    /** Custom resource types of either program missing from replaceOnChange.ts. */
    tableGaps: string[];
    steps: Step[];
    operations: Operation[];
    hazards: Hazard[];
    /** The verdict for a URN of either program (its new URN for matched resources). */
    verdictOf(urn: string): Verdict | undefined;
    /** Index of an operation in `operations`, or -1. */
    indexOf(op: Operation["op"], urn: string): number;
    /** Count per verdict. */
    summary(): Record<Verdict, number>;
}

const ROOT_STACK = "pulumi:pulumi:Stack";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

function toJs(value: unknown): Record<string, unknown> {
    if (value && typeof (value as Struct).toJavaScript === "function") {
        return (value as Struct).toJavaScript() as Record<string, unknown>;
    }
    return (value as Record<string, unknown>) ?? {};
}

/** Replaces wire-form secrets by their values: a secret that did not change is no change. */
function unwrapSecrets(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(unwrapSecrets);
    }
    if (value && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (record[SECRET_SIG] === SECRET_VALUE && "value" in record) {
            return unwrapSecrets(record.value);
        }
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}

const qualifiedType = (urn: string) => urn.split("::")[2];
const urnName = (urn: string) => urn.split("::").slice(3).join("::");

function newUrn(type: string, name: string, parent: string | undefined): string {
    const parentType = parent ? qualifiedType(parent) : undefined;
    const qualified = parentType && parentType !== ROOT_STACK ? `${parentType}$${type}` : type;
    return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
}

/** The mock monitor's URN for a request: it keeps only the parent's last type segment. */
function mockUrn(type: string, name: string, parentMockUrn: string): string {
    const qualified = parentMockUrn ? `${qualifiedType(parentMockUrn).split("$").pop()}$${type}` : type;
    return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
}

function deepEqual(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

function changedKeys(olds: Record<string, unknown>, news: Record<string, unknown>, ignored: readonly string[]): string[] {
    // An autoname (REPLACE_ON_CHANGE[type].autonamed) is absent from the program's inputs on both
    // sides, so it never shows as changed; an explicit name (the REST authorizer's log group) is
    // an input like any other and replaces when the provider says so.
    const skip = new Set(ignored);
    const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
    return [...keys].filter((k) => !k.startsWith("__") && !skip.has(k) && !deepEqual(olds[k], news[k])).sort();
}

interface Match {
    old?: SimResource;
    verdict: Verdict;
    changed: string[];
    replaceBecause: string[];
}

interface RunState {
    olds?: Snapshot;
    /** mock URN → engine URN, for parents and alias parents. */
    mockToUrn: Map<string, string>;
    /** new URN → old URN it was matched under (when different): the engine's `sg.aliases`. */
    matchedOld: Map<string, string>;
    claimedOld: Set<string>;
    resources: SimResource[];
    matches: Map<string, Match>;
    failures: string[];
}

function aliasUrns(req: any, urn: string, type: string, name: string, parent: string | undefined, state: RunState): string[] {
    const result: string[] = [];
    const add = (u: string) => { if (u !== urn && !result.includes(u)) result.push(u); };
    const collapse = (alias: any): string => {
        if (alias.getUrn && alias.getUrn()) {
            return alias.getUrn();
        }
        const spec = alias.getSpec();
        let aliasParent = parent;
        if (spec.getNoparent()) {
            aliasParent = undefined;
        } else if (spec.getParenturn()) {
            const given = spec.getParenturn();
            const known = state.mockToUrn.get(given) ?? given;
            aliasParent = state.matchedOld.get(known) ?? known;
        }
        return newUrn(spec.getType() || type, spec.getName() || name, aliasParent);
    };
    const own = (req.getAliasesList?.() ?? []).map(collapse);
    own.forEach(add);
    if (parent) {
        const parentOld = state.matchedOld.get(parent);
        if (parentOld) {
            const inherit = (childType: string, childName: string) => {
                const parentName = urnName(parent);
                const aliasName = childName.startsWith(parentName) ? urnName(parentOld) + childName.slice(parentName.length) : childName;
                return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualifiedType(parentOld)}$${childType}::${aliasName}`;
            };
            add(inherit(type, name));
            for (const alias of own) {
                add(inherit(qualifiedType(alias).split("$").pop()!, urnName(alias)));
            }
        }
    }
    return result;
}

function judge(type: string, custom: boolean, old: SimResource | undefined, inputs: Record<string, unknown>, ignored: readonly string[], state: RunState): Match {
    if (!old) {
        return { verdict: "create", changed: [], replaceBecause: [] };
    }
    if (old.type !== type) {
        return { old, verdict: "replace", changed: ["(type)"], replaceBecause: ["(type)"] };
    }
    // `ignoreChanges` keeps the old value: the engine diffs as if the input had not changed.
    const changed = changedKeys(old.inputs, inputs, ignored);
    if (changed.length === 0) {
        return { old, verdict: "same", changed, replaceBecause: [] };
    }
    if (!custom) {
        return { old, verdict: "update", changed, replaceBecause: [] };
    }
    const rule = REPLACE_ON_CHANGE[type];
    if (!rule) {
        state.failures.push(`no replace-on-change entry for ${type}: add it to test/support/replaceOnChange.ts with its provider source`);
        return { old, verdict: "update", changed, replaceBecause: [] };
    }
    const replaceBecause = changed.filter((k) => rule.replaceOnChange.includes(k));
    return { old, verdict: replaceBecause.length > 0 ? "replace" : "update", changed, replaceBecause };
}

/** What the program sees for a replaced resource: new ids and computed values. */
function freshen(value: unknown): unknown {
    return typeof value === "string" ? `${value}~replaced` : value;
}

function hook(state: RunState) {
    return (req: any, callback: (err: any, response: any) => void) => {
        const type: string = req.getType();
        const name: string = req.getName();
        const parentMock: string = req.getParent();
        const parent = parentMock ? state.mockToUrn.get(parentMock) ?? parentMock : undefined;
        const urn = newUrn(type, name, parent);
        state.mockToUrn.set(mockUrn(type, name, parentMock), urn);
        const inputs = unwrapSecrets(toJs(req.getObject())) as Record<string, unknown>;
        const custom: boolean = req.getCustom();

        let old: SimResource | undefined;
        if (state.olds) {
            const candidates = [urn, ...aliasUrns(req, urn, type, name, parent, state)];
            const found = candidates.find((u) => state.olds!.byUrn.has(u) && !state.claimedOld.has(u));
            if (found) {
                old = state.olds.byUrn.get(found);
                state.claimedOld.add(found);
                if (found !== urn) {
                    state.matchedOld.set(urn, found);
                }
            }
        }
        const match = state.olds ? judge(type, custom, old, inputs, req.getIgnorechangesList?.() ?? [], state) : { verdict: "create" as Verdict, changed: [], replaceBecause: [] };
        state.matches.set(urn, match);

        return (err: any, response: any) => {
            if (!err && response && custom) {
                const fresh = unwrapSecrets(toJs(response.getObject())) as Record<string, unknown>;
                let id: string = response.getId();
                let outputs = fresh;
                if (match.old && match.verdict !== "replace") {
                    // The resource lives on: its id and computed values are the old ones.
                    id = match.old.id;
                    outputs = { ...fresh };
                    for (const [key, value] of Object.entries(match.old.outputs)) {
                        if (!(key in inputs)) {
                            outputs[key] = value;
                        }
                    }
                } else if (match.old) {
                    id = `${match.old.id}~replaced`;
                    outputs = { ...fresh };
                    for (const [key, value] of Object.entries(match.old.outputs)) {
                        if (!(key in inputs) && deepEqual(fresh[key], value)) {
                            outputs[key] = freshen(value);
                        }
                    }
                }
                response.setId(id);
                response.setObject(Struct.fromJavaScript(outputs as any));
                state.resources.push({ urn, type, name, parent, custom, inputs, id, outputs, deleteBeforeReplace: req.getDeletebeforereplace() });
            } else if (!err) {
                state.resources.push({ urn, type, name, parent, custom, inputs, id: "", outputs: {}, deleteBeforeReplace: false });
            }
            callback(err, response);
        };
    };
}

/**
 * Runs one program under the mocks from a clean slate and returns what it registered. With
 * `olds`, it runs as the next deployment of that stack (ids of matched resources are kept).
 * Throws when the program fails, including a role gate no flow enforces.
 */
export async function runProgram(program: () => unknown, olds?: Snapshot): Promise<{ snapshot: Snapshot; matches: Map<string, Match>; failures: string[] }> {
    startProgram();
    const state: RunState = { olds, mockToUrn: new Map(), matchedOld: new Map(), claimedOld: new Set(), resources: [], matches: new Map(), failures: [] };
    setRegisterHook(hook(state));
    try {
        await program();
        // The program has constructed everything: a gate no flow claimed fails it now.
        checkRoleGatesEnforced();
        await settle();
    } finally {
        setRegisterHook(undefined);
    }
    const byUrn = new Map<string, SimResource>();
    for (const r of state.resources) {
        if (byUrn.has(r.urn)) {
            throw new Error(`duplicate URN ${r.urn}: the engine refuses a program that registers it twice`);
        }
        byUrn.set(r.urn, r);
    }
    return { snapshot: { resources: state.resources, byUrn }, matches: state.matches, failures: state.failures };
}

/** The plan of deploying B over a stack deployed with A. */
export function planUpdate(olds: Snapshot, news: Snapshot, matches: Map<string, Match>): UpdatePlan {
    const steps: Step[] = [];
    const operations: Operation[] = [];
    const claimed = new Set<string>();
    for (const r of news.resources) {
        if (r.type.startsWith("pulumi:providers:")) {
            continue;
        }
        const m = matches.get(r.urn)!;
        if (m.old) {
            claimed.add(m.old.urn);
        }
        const dbr = m.verdict === "replace" && r.deleteBeforeReplace;
        steps.push({ urn: r.urn, type: r.type, verdict: m.verdict, oldUrn: m.old && m.old.urn !== r.urn ? m.old.urn : undefined, changed: m.changed, replaceBecause: m.replaceBecause, deleteBeforeReplace: dbr });
        if (m.verdict === "create") {
            operations.push({ op: "create", urn: r.urn, type: r.type });
        } else if (m.verdict === "update") {
            operations.push({ op: "update", urn: r.urn, type: r.type });
        } else if (m.verdict === "replace") {
            if (dbr) {
                operations.push({ op: "delete-replaced", urn: m.old!.urn, type: r.type });
            }
            operations.push({ op: "create-replacement", urn: r.urn, type: r.type });
        }
    }
    const deleted = olds.resources.filter((r) => !claimed.has(r.urn) && !r.type.startsWith("pulumi:providers:"));
    // Deletes last, dependents first (reverse registration order of the old program).
    const tail: Operation[] = [];
    for (const r of [...olds.resources].reverse()) {
        if (!claimed.has(r.urn)) {
            tail.push({ op: "delete", urn: r.urn, type: r.type });
            steps.push({ urn: r.urn, type: r.type, verdict: "delete", changed: [], replaceBecause: [], deleteBeforeReplace: false });
        } else {
            const step = steps.find((s) => (s.oldUrn ?? s.urn) === r.urn);
            if (step && step.verdict === "replace" && !step.deleteBeforeReplace) {
                tail.push({ op: "delete-replaced", urn: r.urn, type: r.type });
            }
        }
    }
    operations.push(...tail.filter((o) => !o.type.startsWith("pulumi:providers:")));

    const hazards = findHazards(olds, news, operations, deleted, steps);
    const verdictOf = (urn: string) => steps.find((s) => s.urn === urn || s.oldUrn === urn)?.verdict;
    const tableGaps = [...new Set([...olds.resources, ...news.resources]
        .filter((r) => r.custom && !r.type.startsWith("pulumi:providers:") && !REPLACE_ON_CHANGE[r.type]).map((r) => r.type))].sort();
    return {
        tableGaps,
        steps,
        operations,
        hazards,
        verdictOf,
        indexOf: (op, urn) => operations.findIndex((o) => o.op === op && o.urn === urn),
        summary: () => {
            const counts: Record<Verdict, number> = { create: 0, update: 0, replace: 0, delete: 0, same: 0 };
            for (const s of steps) {
                // edge-auth's components are bookkeeping; count what the clouds see.
                if (!s.type.startsWith("edge-auth:")) {
                    counts[s.verdict]++;
                }
            }
            return counts;
        },
    };
}

function findHazards(olds: Snapshot, news: Snapshot, operations: readonly Operation[], deleted: readonly SimResource[], steps: readonly Step[]): Hazard[] {
    const hazards: Hazard[] = [];
    const stepOf = new Map(steps.map((s) => [s.urn, s]));
    // A unique value written (create, replacement or update) while another resource of the old
    // stack still holds it and gives it up only in this same update (or at its end).
    for (const op of operations) {
        if (op.op !== "create" && op.op !== "create-replacement" && op.op !== "update") {
            continue;
        }
        const unique = UNIQUE_KEYS[op.type];
        const value = unique?.key(news.byUrn.get(op.urn)!.inputs);
        if (!unique || value === undefined) {
            continue;
        }
        const self = stepOf.get(op.urn);
        const ownOld = olds.byUrn.get(self?.oldUrn ?? op.urn);
        if (op.op === "update" && ownOld && unique.key(ownOld.inputs) === value) {
            continue;
        }
        for (const holder of olds.resources) {
            if (holder.type !== op.type || unique.key(holder.inputs) !== value) {
                continue;
            }
            const isSelf = holder.urn === (self?.oldUrn ?? op.urn);
            if (isSelf && op.op !== "create-replacement") {
                continue;
            }
            if (isSelf && self?.deleteBeforeReplace) {
                continue;
            }
            hazards.push({ urn: op.urn, message: `${op.op} of ${op.urn} takes ${value} while ${holder.urn} still holds it: ${unique.effect}` });
        }
    }
    // An Action deleted while the final binding still lists its id.
    const bound = new Set(news.resources.filter((r) => r.type === "auth0:index/triggerActions:TriggerActions")
        .flatMap((r) => ((r.inputs.actions as Array<{ id: string }> | undefined) ?? []).map((a) => a.id)));
    for (const r of deleted) {
        if (r.type === "auth0:index/action:Action" && bound.has(r.id)) {
            hazards.push({ urn: r.urn, message: `delete of ${r.urn} while a binding still lists it: Auth0 refuses to delete a bound Action (409)` });
        }
    }
    return hazards;
}

/** Runs A, then B as the next deployment, and plans the update. Throws on table gaps. */
export async function simulateUpdate(programA: () => unknown, programB: () => unknown): Promise<UpdatePlan> {
    const a = await runProgram(programA);
    const b = await runProgram(programB, a.snapshot);
    if (b.failures.length > 0) {
        throw new Error(b.failures.join("\n"));
    }
    return planUpdate(a.snapshot, b.snapshot, b.matches);
}

/** Human-readable lines: one per URN with its verdict, then hazards. */
export function renderPlan(plan: UpdatePlan): string[] {
    const lines = plan.steps
        .filter((s) => !s.type.startsWith("edge-auth:") || s.verdict !== "same")
        .map((s) => {
            const detail = s.verdict === "replace" ? ` (${s.replaceBecause.join(", ")}${s.deleteBeforeReplace ? "; delete first" : ""})`
                : s.verdict === "update" ? ` (${s.changed.join(", ")})` : "";
            const from = s.oldUrn ? ` [was ${urnName(s.oldUrn)}]` : "";
            return `${s.verdict.padEnd(8)} ${s.urn}${from}${detail}`;
        });
    const counts = plan.summary();
    lines.push(`${counts.create} to create, ${counts.update} to update, ${counts.replace} to replace, ${counts.delete} to delete, ${counts.same} unchanged`);
    for (const hazard of plan.hazards) {
        lines.push(`HAZARD ${hazard.message}`);
    }
    for (const type of plan.tableGaps) {
        lines.push(`UNKNOWN ${type}: no replace-on-change entry; add it to test/support/replaceOnChange.ts with its provider source`);
    }
    return lines;
}
