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
    /** Resource types the rule judges (lib/registry.ts): they are not reported as unknown. */
    reads?: ReadonlySet<string>;
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

/**
 * Settings every policy takes, for findings that cannot be decided (a value unknown during preview,
 * a resource outside the stack): reported as advisory by default; `undecided: "enforce"` reports
 * them at the policy's own level (the prod baseline does, so an undecidable prod preview is not
 * green), except for the resources named in `undecidedExceptions`, each with its reason.
 */
export const UNDECIDED_CONFIG: Record<string, ConfigProperty> = {
    undecided: {
        type: "string",
        enum: ["advisory", "enforce"],
        default: "advisory",
        description: "\"enforce\" reports findings that cannot be decided at the policy's enforcement level (prod), \"advisory\" always as advisory.",
    },
    undecidedExceptions: {
        type: "array",
        items: {
            type: "object",
            properties: { resource: { type: "string" }, reason: { type: "string", minLength: 1 } },
            required: ["resource", "reason"],
        },
        default: [],
        description: "Resources (Pulumi name or URN; \"(stack)\" for stack-wide findings) whose undecidable findings of this policy stay advisory under \"enforce\", each with the reason.",
    },
};

interface UndecidedConfig {
    undecided: "advisory" | "enforce";
    undecidedExceptions: { resource?: unknown; reason?: unknown }[];
}

function configSchema(rule: Rule): PolicyConfigSchema | undefined {
    const properties: PolicyConfigSchema["properties"] = {};
    for (const [key, p] of Object.entries({ ...rule.config, ...UNDECIDED_CONFIG })) {
        properties[key] = { type: p.type, ...(p.items ? { items: p.items } : {}), ...(p.enum ? { enum: [...p.enum] } : {}), default: p.default, description: p.description } as any;
    }
    return { properties };
}

/** The resource a finding names, as exceptions name it: its Pulumi name, its URN, or "(stack)". */
function exceptionFor(config: UndecidedConfig, urn: string | undefined): { reason?: unknown } | undefined {
    const name = urn === undefined ? "(stack)" : urn.slice(urn.lastIndexOf("::") + 2);
    const list = Array.isArray(config.undecidedExceptions) ? config.undecidedExceptions : [];
    return list.find((e) => e !== null && typeof e === "object" && (e.resource === name || (urn !== undefined && e.resource === urn)));
}

/**
 * Reports findings. Undecided checks go out as advisory, through the object form of
 * reportViolation that @pulumi/policy's server accepts, unless the environment enforces them
 * (`undecided: "enforce"`, the prod baseline) and no exception names the resource: a check that
 * cannot be decided must not block dev, and must not leave a prod preview green unnoticed.
 */
function report(findings: Finding[], reportViolation: ReportViolation, config: UndecidedConfig, urn?: string): void {
    const seen = new Set<string>();
    for (const f of findings) {
        // One unknown container (e.g. a listener's actions) makes several checks undecided alike.
        const key = `${f.kind}\u0000${f.urn ?? urn}\u0000${f.message}`;
        if (seen.has(key)) {
            continue;
        }
        seen.add(key);
        const at = f.urn ?? urn;
        const exception = f.kind === "undecided" && config.undecided === "enforce" ? exceptionFor(config, at) : undefined;
        if (exception && !(typeof exception.reason === "string" && exception.reason.trim().length > 0)) {
            reportViolation(`undecidedExceptions names this resource without a reason; an exception must say why an undecidable check may pass (${f.message})`, at);
        } else if (f.kind === "violation" || (config.undecided === "enforce" && !exception)) {
            reportViolation(f.message, at);
        } else {
            (reportViolation as unknown as (info: object) => void)({ message: f.message, urn: f.urn ?? urn, enforcementLevel: "advisory" });
        }
    }
}

function undecidedConfig(given: Record<string, unknown> = {}): UndecidedConfig {
    return {
        undecided: given.undecided === "enforce" ? "enforce" : "advisory",
        undecidedExceptions: Array.isArray(given.undecidedExceptions) ? given.undecidedExceptions : [],
    };
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
                const given = args.getConfig<Record<string, unknown>>();
                const findings = rule.check(new StackIndex(args.resources), ruleConfig(rule, given));
                report(findings, reportViolation, undecidedConfig(given));
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
            const given = args.getConfig<Record<string, unknown>>();
            report(rule.check(resource, ruleConfig(rule, given)), reportViolation, undecidedConfig(given), args.urn);
        },
    };
}
