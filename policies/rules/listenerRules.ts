import { albActions, isHttpsRedirect, listenerProtocol } from "../lib/alb";
import { Finding, undecided, violation } from "../lib/findings";
import { listenerOf } from "../lib/lookups";
import { isUnknown } from "../lib/plain";
import { StackRule } from "../lib/policy";
import { LISTENER_RULE } from "../lib/types";

const AUTH_TYPES = new Set(["authenticate-oidc", "jwt-validation"]);

/** AWS accepts authenticate-oidc only on HTTPS; a rule on the HTTP listener also bypasses its redirect. */
export const rulesOnHttps: StackRule = {
    name: "aws-alb-listener-rule-require-https-listener",
    description: "Listener rules that authenticate or validate tokens sit on HTTPS listeners; rules on HTTP listeners only redirect to HTTPS.",
    severity: "high",
    remediation: "Attach the rule to the HTTPS listener (listenerArn of the 443 listener); on the HTTP listener keep only the redirect to HTTPS.",
    reads: LISTENER_RULE,
    check(stack) {
        const findings: Finding[] = [];
        for (const rule of stack.ofType(LISTENER_RULE)) {
            const actions = albActions(rule.type, rule.props);
            if (isUnknown(actions)) {
                findings.push(undecided(`the actions of rule "${rule.name}" are unknown during preview`, rule.urn));
                continue;
            }
            const authenticates = actions.some((a) => isUnknown(a.type) || AUTH_TYPES.has(String(a.type)));
            const listener = listenerOf(stack, rule);
            if (!listener) {
                if (authenticates) {
                    findings.push(undecided(`the listener of rule "${rule.name}" is not in this stack, so its protocol is not known`, rule.urn));
                }
                continue;
            }
            const protocol = listenerProtocol(listener.props);
            if (isUnknown(protocol)) {
                findings.push(undecided(`the protocol of listener "${listener.name}" is unknown during preview`, rule.urn));
                continue;
            }
            if (protocol === "HTTPS") {
                continue;
            }
            // One finding per rule, listing each offending action.
            const problems: string[] = [];
            for (const action of actions) {
                if (AUTH_TYPES.has(String(action.type))) {
                    problems.push(`${action.where} is ${String(action.type)}, which works only on HTTPS listeners`);
                } else if (isHttpsRedirect(action) !== true) {
                    problems.push(`${action.where} serves plain HTTP instead of redirecting to HTTPS`);
                }
            }
            if (problems.length > 0) {
                findings.push(violation(`rule "${rule.name}" on ${protocol} listener "${listener.name}": ${problems.join("; ")}`, rule.urn));
            }
        }
        return findings;
    },
};
