import { albActions, isHttpsRedirect, listenerProtocol } from "../lib/alb";
import { Finding, undecided, violation } from "../lib/findings";
import { isUnknown } from "../lib/plain";
import { ResourceRule } from "../lib/policy";
import { LISTENER } from "../lib/types";

/** HTTP listeners exist only to send browsers to HTTPS (seed 000: "force a redirect to HTTPS"). */
export const listenerRedirectsHttp: ResourceRule = {
    name: "aws-alb-listener-disallow-plain-http",
    description: "A plain-HTTP load-balancer listener may only redirect to HTTPS.",
    severity: "high",
    remediation: "Give the HTTP listener a single default action { type: \"redirect\", redirect: { protocol: \"HTTPS\", port: \"443\", statusCode: \"HTTP_301\" } } and serve everything, login included, on an HTTPS listener.",
    types: LISTENER,
    check({ type, props }) {
        const protocol = listenerProtocol(props);
        if (isUnknown(protocol)) {
            return [undecided("the listener protocol is unknown during preview")];
        }
        if (protocol !== "HTTP") {
            return [];
        }
        const actions = albActions(type, props);
        if (isUnknown(actions)) {
            return [undecided("the listener's default actions are unknown during preview")];
        }
        const findings: Finding[] = [];
        for (const action of actions) {
            const ok = isHttpsRedirect(action);
            if (isUnknown(ok)) {
                findings.push(undecided(`${action.where} is unknown during preview`));
            } else if (!ok) {
                findings.push(violation(`HTTP listener ${action.where} is "${String(action.type)}", not a redirect to HTTPS: traffic and session cookies would cross the network in clear text`));
            }
        }
        return findings;
    },
};

interface TlsConfig {
    allowedSslPolicies: string[];
}

/** The API default `ELBSecurityPolicy-2016-08` still accepts TLS 1.0 (DOMAIN.md). */
export const listenerTlsPolicy: ResourceRule<TlsConfig> = {
    name: "aws-alb-listener-configure-tls-policy",
    description: "HTTPS listeners use a TLS policy from the allowlist (TLS 1.2 or later).",
    severity: "high",
    remediation: "Set sslPolicy explicitly, e.g. \"ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09\"; leaving it out selects ELBSecurityPolicy-2016-08, which accepts TLS 1.0.",
    types: LISTENER,
    config: {
        allowedSslPolicies: {
            type: "array",
            items: { type: "string" },
            default: [
                "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
                "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
                "ELBSecurityPolicy-TLS13-1-3-2021-06",
            ],
            description: "Listener TLS policies accepted on HTTPS listeners.",
        },
    },
    check({ props }, config) {
        const protocol = listenerProtocol(props);
        if (isUnknown(protocol)) {
            return [undecided("the listener protocol is unknown during preview")];
        }
        if (protocol !== "HTTPS") {
            return [];
        }
        const policy = props.sslPolicy;
        if (isUnknown(policy)) {
            return [undecided("sslPolicy is unknown during preview")];
        }
        if (typeof policy !== "string") {
            return [violation("sslPolicy is not set, so AWS applies ELBSecurityPolicy-2016-08 (TLS 1.0)")];
        }
        if (!config.allowedSslPolicies.includes(policy)) {
            return [violation(`sslPolicy "${policy}" is not allowed; use one of ${config.allowedSslPolicies.join(", ")}`)];
        }
        return [];
    },
};
