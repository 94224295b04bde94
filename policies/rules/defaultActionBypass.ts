/**
 * A login put on listener rules protects only the paths those rules match: when the listener's
 * default action forwards to the same target group, every other path (`/anything`, a typo, a
 * path the rules forgot) reaches the target without login or token.
 */
import { AlbAction, albActions } from "../lib/alb";
import { Finding, undecided, violation } from "../lib/findings";
import { asList, asObject, isUnknown } from "../lib/plain";
import { StackRule } from "../lib/policy";
import { StackIndex, StackResource } from "../lib/stackIndex";
import { LISTENER, LISTENER_RULE, TARGET_GROUP } from "../lib/types";
import { judgedTypes as nativeTypes } from "../lib/native";

/** Type tokens this rule reads (for the registry of judged types); aws-native ones through lib/native.ts. */
export const judgedTypes: readonly string[] = [...LISTENER, ...LISTENER_RULE, ...TARGET_GROUP, ...nativeTypes.filter((t) => t.includes("elasticloadbalancingv2"))];

/** Actions that put a login or token check in front of what follows them. */
const GUARDS = new Set(["authenticate-oidc", "jwt-validation", "authenticate-cognito"]);

/** Target group ARNs an action forwards to: `targetGroupArn` and `forward.targetGroups[].arn`. */
function forwardArns(action: AlbAction): unknown[] {
    const arns: unknown[] = [];
    if (action.props.targetGroupArn !== undefined) {
        arns.push(action.props.targetGroupArn);
    }
    const forward = action.props.forward;
    if (isUnknown(forward)) {
        arns.push(forward);
    }
    const groups = asList(asObject(forward)?.targetGroups);
    if (isUnknown(groups)) {
        arns.push(groups);
    } else {
        groups.forEach((g) => arns.push(asObject(g)?.arn));
    }
    return arns.filter((a) => a !== undefined);
}

/** A target group as the keys it is known by: its URN (dependencies) and its ARN (values). */
interface Targets {
    urns: Set<string>;
    arns: Set<string>;
}

/** The target groups `resource` forwards to, by ARN and by dependency on its actions. */
function targetsOf(stack: StackIndex, resource: StackResource, actions: AlbAction[]): Targets & { unknown: boolean } {
    const key = LISTENER.has(resource.type) ? "defaultActions" : "actions";
    const urns = new Set(resource.dependencies(key).filter((urn) => TARGET_GROUP.has(stack.byUrn(urn)?.type ?? "")));
    const arns = new Set<string>();
    let unknown = false;
    for (const action of actions) {
        for (const arn of forwardArns(action)) {
            if (typeof arn === "string") {
                arns.add(arn);
            } else if (isUnknown(arn)) {
                unknown = true;
            }
        }
    }
    return { urns, arns, unknown };
}

export const defaultActionBypass: StackRule = {
    name: "aws-alb-listener-disallow-default-forward-to-protected-target",
    reads: new Set(judgedTypes),
    description: "No listener's default action forwards, without its own login, to a target group that authenticate-oidc or jwt-validation listener rules protect (paths no rule matches would bypass the login).",
    severity: "critical",
    remediation: "Make the default action a fixed-response 404 (or a redirect) and reach the protected target group only through the rules that authenticate; or put the authenticate-oidc / jwt-validation action in the default actions too, before the forward.",
    check(stack) {
        // Target groups some rule puts behind a login, with the rule that does.
        const protectedBy = new Map<string, string>();
        for (const rule of stack.ofType(LISTENER_RULE)) {
            const actions = albActions(rule.type, rule.props);
            if (isUnknown(actions) || !actions.some((a) => GUARDS.has(String(a.type)))) {
                continue;
            }
            const { urns, arns } = targetsOf(stack, rule, actions);
            for (const key of [...urns, ...arns]) {
                protectedBy.set(key, rule.name);
            }
        }
        if (protectedBy.size === 0) {
            return [];
        }
        const findings: Finding[] = [];
        for (const listener of stack.ofType(LISTENER)) {
            const actions = albActions(listener.type, listener.props);
            if (isUnknown(actions)) {
                findings.push(undecided(`the default actions of listener "${listener.name}" are unknown during preview`, listener.urn));
                continue;
            }
            if (actions.some((a) => isUnknown(a.type) || GUARDS.has(String(a.type)))) {
                continue; // The default path has its own login (or cannot be told yet; other rules say so).
            }
            const { urns, arns, unknown } = targetsOf(stack, listener, actions);
            const hit = [...urns, ...arns].find((key) => protectedBy.has(key));
            if (hit) {
                const group = stack.byUrn(hit)?.name ?? hit;
                findings.push(violation(`listener "${listener.name}" forwards its default action to target group "${group}", which rule "${protectedBy.get(hit)}" puts behind a login: any path no rule matches reaches it without login`, listener.urn));
            } else if (unknown && urns.size === 0) {
                findings.push(undecided(`the target group listener "${listener.name}" forwards to by default is unknown during preview`, listener.urn));
            }
        }
        return findings;
    },
};
