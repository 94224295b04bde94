/**
 * Turns pure rules into @pulumi/policy policies. Rules return findings; this adapter copies
 * the properties once, applies config defaults and reports each finding.
 */
import type { EnforcementLevel, PolicyConfigSchema, ReportViolation, ResourceValidationPolicy, Severity, StackValidationPolicy } from "@pulumi/policy";
import { Finding } from "./findings";
import { classicProps, judgedAs } from "./native";
import { plainProps, Props } from "./plain";
import { StackIndex } from "./stackIndex";

/** A JSON-schema property with the default the rule uses when config leaves it out. */
export interface ConfigProperty {
    type: "boolean" | "array" | "string" | "number";
    /** JSON schema of list items (strings, or objects such as `{ identifier, reason }`). */
    items?: { type: "string" } | { type: "object"; properties: Record<string, unknown>; required?: string[] };
    default: unknown;
    description: string;
    enum?: readonly string[];
}

interface RuleBase {
    /** `vendor-service-resource-verb-object`, kebab case. */
    name: string;
    description: string;
    severity: Severity;
    /** How to fix a violation; shown by `pulumi preview`. */
    remediation: string;
    /** @default "mandatory" */
    enforcementLevel?: EnforcementLevel;
    config?: Record<string, ConfigProperty>;
}

/** One resource as a resource rule sees it. */
export interface RuleResource {
    type: string;
    name: string;
    urn: string;
    props: Props;
}

export interface ResourceRule<C = any> extends RuleBase {
    types: ReadonlySet<string>;
    check(resource: RuleResource, config: C): Finding[];
}

export interface StackRule<C = any> extends RuleBase {
    check(stack: StackIndex, config: C): Finding[];
}

export type Rule = ResourceRule | StackRule;

export function isStackRule(rule: Rule): rule is StackRule {
    return !("types" in rule);
}

/** The rule's config: what the environment file sets, else each property's default. */
export function ruleConfig<C>(rule: Rule, given: Record<string, unknown> = {}): C {
    const result: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(rule.config ?? {})) {
        result[key] = given[key] !== undefined ? given[key] : property.default;
    }
    return result as C;
}

function configSchema(rule: Rule): PolicyConfigSchema | undefined {
    if (!rule.config) {
        return undefined;
    }
    const properties: PolicyConfigSchema["properties"] = {};
    for (const [key, p] of Object.entries(rule.config)) {
        properties[key] = { type: p.type, ...(p.items ? { items: p.items } : {}), ...(p.enum ? { enum: [...p.enum] } : {}), default: p.default, description: p.description } as any;
    }
    return { properties };
}

/**
 * Reports findings. Undecided checks go out as advisory whatever the policy's level, through
 * the object form of reportViolation that @pulumi/policy's server accepts: a check that cannot
 * be decided during preview must never block a deployment as a false mandatory violation.
 */
function report(findings: Finding[], reportViolation: ReportViolation, urn?: string): void {
    const seen = new Set<string>();
    for (const f of findings) {
        // One unknown container (e.g. a listener's actions) makes several checks undecided alike.
        const key = `${f.kind}\u0000${f.urn ?? urn}\u0000${f.message}`;
        if (seen.has(key)) {
            continue;
        }
        seen.add(key);
        if (f.kind === "violation") {
            reportViolation(f.message, f.urn ?? urn);
        } else {
            (reportViolation as unknown as (info: object) => void)({ message: f.message, urn: f.urn ?? urn, enforcementLevel: "advisory" });
        }
    }
}

export function toPolicy(rule: Rule): ResourceValidationPolicy | StackValidationPolicy {
    const common = {
        name: rule.name,
        description: rule.description,
        enforcementLevel: rule.enforcementLevel ?? "mandatory",
        severity: rule.severity,
        remediationSteps: rule.remediation,
        configSchema: configSchema(rule),
    };
    if (isStackRule(rule)) {
        return {
            ...common,
            validateStack: (args, reportViolation) => {
                const findings = rule.check(new StackIndex(args.resources), ruleConfig(rule, args.getConfig<Record<string, unknown>>()));
                report(findings, reportViolation);
            },
        };
    }
    return {
        ...common,
        validateResource: (args, reportViolation) => {
            // aws-native resources are judged as their classic equivalents (lib/native.ts).
            const type = judgedAs(args.type);
            if (!rule.types.has(type)) {
                return;
            }
            const resource = { type, name: args.name, urn: args.urn, props: classicProps(args.type, plainProps(args.props)) };
            report(rule.check(resource, ruleConfig(rule, args.getConfig<Record<string, unknown>>())), reportViolation, args.urn);
        },
    };
}
