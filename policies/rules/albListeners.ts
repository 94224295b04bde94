import { albActions, isHttpsRedirect, listenerProtocol } from "../lib/alb";
import { Finding, undecided, violation } from "../lib/findings";
import { isUnknown } from "../lib/plain";
import { ResourceRule } from "../lib/policy";
import { ELB_POLICIES, judgeTls, TlsFloor } from "../lib/tls";
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
    minimumTlsVersion: string;
}

const MINIMUM_TLS = {
    minimumTlsVersion: {
        type: "string",
        enum: ["1.2", "1.3"],
        default: "1.2",
        description: "Oldest TLS version a listener may accept: \"1.2\" or \"1.3\". Policies are judged by the table in policies/lib/tls.ts.",
    },
} as const;

/** "1.2" -> 12; anything else falls back to 1.2 (config schemas are not validated offline). */
export function tlsFloor(version: unknown): TlsFloor {
    return version === "1.3" ? 13 : 12;
}

/** Judges the sslPolicy of listeners speaking `protocol`; AWS's API default is ELBSecurityPolicy-2016-08. */
function judgeListenerTls(protocol: "HTTPS" | "TLS", props: Record<string, unknown>, config: TlsConfig): Finding[] {
    const actual = listenerProtocol(props);
    if (isUnknown(actual)) {
        return [undecided("the listener protocol is unknown during preview")];
    }
    if (actual !== protocol) {
        return [];
    }
    const policy = props.sslPolicy;
    if (isUnknown(policy)) {
        return [undecided("sslPolicy is unknown during preview")];
    }
    if (typeof policy !== "string" || policy === "") {
        return [violation(`sslPolicy is not set, so AWS applies ELBSecurityPolicy-2016-08 (TLS 1.0); set "${ELB_POLICIES.recommended}"`)];
    }
    const problem = judgeTls(ELB_POLICIES, policy, tlsFloor(config.minimumTlsVersion));
    return problem ? [violation(`sslPolicy ${problem}`)] : [];
}

/** The API default `ELBSecurityPolicy-2016-08` still accepts TLS 1.0 (DOMAIN.md). */
export const listenerTlsPolicy: ResourceRule<TlsConfig> = {
    name: "aws-alb-listener-configure-tls-policy",
    description: "HTTPS listeners set a TLS policy that accepts TLS 1.2 or later (judged by AWS's policy table; stricter policies such as TLS 1.3-only and FIPS pass).",
    severity: "high",
    remediation: "Set sslPolicy explicitly, e.g. \"ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09\" (AWS's recommendation) or a TLS 1.3-only policy; leaving it out selects ELBSecurityPolicy-2016-08, which accepts TLS 1.0.",
    types: LISTENER,
    config: MINIMUM_TLS,
    check({ props }, config) {
        return judgeListenerTls("HTTPS", props, config);
    },
};

/** NLB TLS listeners terminate TLS like ALB HTTPS listeners and default to the same 2016 policy. */
export const nlbListenerTlsPolicy: ResourceRule<TlsConfig> = {
    name: "aws-nlb-listener-configure-tls-policy",
    description: "NLB TLS listeners set a TLS policy that accepts TLS 1.2 or later (same ELB policy table).",
    severity: "medium",
    remediation: "Set sslPolicy on the TLS listener, e.g. \"ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09\"; without it the API (and CLI, CloudFormation, CDK) select ELBSecurityPolicy-2016-08 (TLS 1.0).",
    types: LISTENER,
    config: MINIMUM_TLS,
    check({ props }, config) {
        return judgeListenerTls("TLS", props, config);
    },
};
