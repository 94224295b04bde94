/**
 * Classic load balancers (`aws:elb/*`, legacy `aws:elasticloadbalancing/*`). They cannot
 * redirect, authenticate or validate tokens, and their TLS policy lives in separate policy
 * resources, so neither the ALB rules nor @pulumi/awsguard see them.
 */
import { Finding, undecided, violation } from "../lib/findings";
import { asList, asObject, isUnknown } from "../lib/plain";
import { ResourceRule, StackRule } from "../lib/policy";
import { StackIndex, StackResource } from "../lib/stackIndex";
import { judgeTls, TlsFloor, TlsTable } from "../lib/tls";
import { CLASSIC_ELB, CLASSIC_ELB_LISTENER_POLICY, CLASSIC_ELB_POLICY, CLASSIC_ELB_SSL_POLICY } from "../lib/types";
import { tlsFloor } from "./albListeners";

/** Type tokens these rules read (for the registry of judged types). */
export const judgedTypes: readonly string[] = [...CLASSIC_ELB, ...CLASSIC_ELB_POLICY, ...CLASSIC_ELB_LISTENER_POLICY, ...CLASSIC_ELB_SSL_POLICY];

/**
 * Predefined Classic Load Balancer security policies with the oldest TLS version each accepts.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-policy-table.html
 * The default when a listener has no policy: "If you create an HTTPS/SSL listener without
 * associating a security policy, Elastic Load Balancing associates the default predefined security
 * policy, ELBSecurityPolicy-2016-08" (https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/ssl-config-update.html).
 */
export const CLASSIC_ELB_POLICIES: TlsTable = {
    policies: {
        "ELBSecurityPolicy-TLS-1-2-2017-01": 12,
        "ELBSecurityPolicy-TLS-1-1-2017-01": 11,
        "ELBSecurityPolicy-2016-08": 10,
        "ELBSecurityPolicy-2015-05": 10,
        "ELBSecurityPolicy-2015-03": 10,
        "ELBSecurityPolicy-2015-02": 10,
        "ELBSecurityPolicy-2014-10": 10,
        "ELBSecurityPolicy-2014-01": 10,
        "ELBSecurityPolicy-2011-08": 10,
        "ELBSample-ELBDefaultCipherPolicy": 10,
        "ELBSample-OpenSSLDefaultCipherPolicy": 10,
    },
    recommended: "ELBSecurityPolicy-TLS-1-2-2017-01",
};

const CLASSIC_DEFAULT = "ELBSecurityPolicy-2016-08";
/** Protocol attributes of a custom SSL negotiation policy, with the TLS version each enables (SSLv3 as 9). */
const PROTOCOL_ATTRIBUTES: Record<string, number> = { "Protocol-SSLv3": 9, "Protocol-TLSv1": 10, "Protocol-TLSv1.1": 11, "Protocol-TLSv1.2": 12 };

export const classicElbPlainHttp: ResourceRule = {
    name: "aws-elb-listener-disallow-plain-http",
    description: "Classic load balancers have no plain HTTP (or TCP in front of HTTP) listener: a classic ELB cannot redirect to HTTPS, so an http listener serves the application in clear text.",
    severity: "high",
    remediation: "Remove the http listener (lbProtocol \"http\") or move to an ALB (aws.lb.LoadBalancer) whose HTTP listener redirects to HTTPS; serve the application on an https/ssl listener only.",
    types: CLASSIC_ELB,
    check({ props }) {
        const listeners = asList(props.listeners);
        if (isUnknown(listeners)) {
            return [undecided("listeners are unknown during preview")];
        }
        const findings: Finding[] = [];
        listeners.forEach((raw, i) => {
            const protocol = asObject(raw)?.lbProtocol;
            if (isUnknown(protocol)) {
                findings.push(undecided(`listeners[${i}].lbProtocol is unknown during preview`));
            } else if (typeof protocol === "string" && protocol.toLowerCase() === "http") {
                findings.push(violation(`listeners[${i}] (port ${String(asObject(raw)?.lbPort)}) is plain http: a classic load balancer cannot redirect, so pages, tokens and session cookies cross the network in clear text`));
            }
        });
        return findings;
    },
};

interface TlsConfig {
    minimumTlsVersion: string;
}

/** What one policy name or attribute list accepts: the oldest version, or a problem. */
function judgeAttributes(attributes: unknown, minimum: TlsFloor, what: string): string | undefined | "unknown" {
    const list = asList(attributes);
    if (isUnknown(list)) {
        return "unknown";
    }
    let reference: unknown;
    const enabled: string[] = [];
    for (const raw of list) {
        const a = asObject(raw);
        if (!a) {
            continue;
        }
        if (isUnknown(a.name) || isUnknown(a.value)) {
            return "unknown";
        }
        if (a.name === "Reference-Security-Policy") {
            reference = a.value;
        } else if (typeof a.name === "string" && a.name in PROTOCOL_ATTRIBUTES && String(a.value).toLowerCase() === "true") {
            enabled.push(a.name);
        }
    }
    if (typeof reference === "string") {
        const problem = judgeTls(CLASSIC_ELB_POLICIES, reference, minimum);
        return problem ? `${what} references ${problem}` : undefined;
    }
    if (enabled.length === 0) {
        return undefined;
    }
    const weak = enabled.filter((name) => PROTOCOL_ATTRIBUTES[name] < minimum);
    return weak.length > 0 ? `${what} enables ${weak.join(", ")}; enable only Protocol-TLSv1.2 or reference "${CLASSIC_ELB_POLICIES.recommended}"` : undefined;
}

/** Load balancer name matching: by the engine's dependency, else by the `name` output. */
function belongsTo(stack: StackIndex, policy: StackResource, key: string, elb: StackResource): boolean | "unknown" {
    if (policy.dependencies(key).includes(elb.urn)) {
        return true;
    }
    const name = policy.props[key];
    if (isUnknown(name)) {
        return "unknown";
    }
    return typeof name === "string" && name === elb.props.name;
}

/**
 * An HTTPS/SSL listener's TLS versions come from an SSL negotiation policy attached by
 * aws.elb.ListenerPolicy (a LoadBalancerPolicy of type SSLNegotiationPolicyType) or by
 * aws.elb.SslNegotiationPolicy; with none, AWS applies ELBSecurityPolicy-2016-08 (TLS 1.0).
 */
export const classicElbTlsPolicy: StackRule<TlsConfig> = {
    name: "aws-elb-listener-configure-tls-policy",
    reads: new Set(judgedTypes),
    description: "Classic load balancer https/ssl listeners have an SSL negotiation policy that accepts TLS 1.2 or later (a Reference-Security-Policy judged by AWS's classic policy table, or Protocol-* attributes).",
    severity: "high",
    remediation: "Attach an SSLNegotiationPolicyType policy with Reference-Security-Policy \"ELBSecurityPolicy-TLS-1-2-2017-01\" through aws.elb.LoadBalancerPolicy + aws.elb.ListenerPolicy on the listener's port; without one AWS applies ELBSecurityPolicy-2016-08 (TLS 1.0).",
    config: {
        minimumTlsVersion: { type: "string", enum: ["1.2", "1.3"], default: "1.2", description: "Oldest TLS version a listener may accept. Classic load balancers offer no TLS 1.3 policy, so \"1.3\" fails every https listener." },
    },
    check(stack, config) {
        const minimum = tlsFloor(config.minimumTlsVersion);
        const findings: Finding[] = [];
        const policies = stack.ofType(CLASSIC_ELB_POLICY);
        const listenerPolicies = stack.ofType(CLASSIC_ELB_LISTENER_POLICY);
        const sslPolicies = stack.ofType(CLASSIC_ELB_SSL_POLICY);
        for (const elb of stack.ofType(CLASSIC_ELB)) {
            const listeners = asList(elb.props.listeners);
            if (isUnknown(listeners)) {
                findings.push(undecided(`the listeners of "${elb.name}" are unknown during preview`, elb.urn));
                continue;
            }
            for (const raw of listeners) {
                const listener = asObject(raw) ?? {};
                const protocol = listener.lbProtocol;
                const port = listener.lbPort;
                if (isUnknown(protocol) || isUnknown(port)) {
                    findings.push(undecided(`a listener of "${elb.name}" is unknown during preview`, elb.urn));
                    continue;
                }
                if (typeof protocol !== "string" || !["https", "ssl"].includes(protocol.toLowerCase())) {
                    continue;
                }
                const what = `"${elb.name}" ${protocol} listener on port ${String(port)}`;
                const judged = judgeListener(stack, elb, Number(port), { policies, listenerPolicies, sslPolicies }, minimum, what);
                findings.push(...judged);
            }
        }
        return findings;
    },
};

interface PolicyResources {
    policies: StackResource[];
    listenerPolicies: StackResource[];
    sslPolicies: StackResource[];
}

function judgeListener(stack: StackIndex, elb: StackResource, port: number, all: PolicyResources, minimum: TlsFloor, what: string): Finding[] {
    let attached = false;
    let unknown = false;
    const problems: string[] = [];
    const judge = (attributes: unknown, name: string) => {
        attached = true;
        const result = judgeAttributes(attributes, minimum, name);
        if (result === "unknown") {
            unknown = true;
        } else if (result) {
            problems.push(result);
        }
    };
    for (const ssl of all.sslPolicies) {
        const mine = belongsTo(stack, ssl, "loadBalancer", elb);
        if (mine === "unknown" || isUnknown(ssl.props.lbPort)) {
            unknown = true;
        } else if (mine && Number(ssl.props.lbPort) === port) {
            judge(ssl.props.attributes, `SslNegotiationPolicy "${ssl.name}"`);
        }
    }
    for (const lp of all.listenerPolicies) {
        const mine = belongsTo(stack, lp, "loadBalancerName", elb);
        if (mine === "unknown" || isUnknown(lp.props.loadBalancerPort)) {
            unknown = true;
            continue;
        }
        if (!mine || Number(lp.props.loadBalancerPort) !== port) {
            continue;
        }
        const names = asList(lp.props.policyNames);
        if (isUnknown(names)) {
            unknown = true;
            continue;
        }
        for (const policyName of names) {
            if (isUnknown(policyName)) {
                unknown = true;
                continue;
            }
            const policy = all.policies.find((p) => p.props.policyName === policyName && belongsTo(stack, p, "loadBalancerName", elb) === true);
            if (policy && policy.props.policyTypeName === "SSLNegotiationPolicyType") {
                judge(policy.props.policyAttributes, `policy "${String(policyName)}"`);
            } else if (!policy && typeof policyName === "string" && policyName in CLASSIC_ELB_POLICIES.policies) {
                // A predefined policy name attached directly.
                judge([{ name: "Reference-Security-Policy", value: policyName }], `listener policy "${lp.name}"`);
            } else if (!policy) {
                // A policy created outside this stack: its TLS versions cannot be read here.
                attached = true;
                unknown = true;
            }
        }
    }
    if (problems.length > 0) {
        return [violation(`${what}: ${problems.join("; ")}`, elb.urn)];
    }
    if (unknown) {
        return [undecided(`the SSL negotiation policy of ${what} is unknown during preview`, elb.urn)];
    }
    if (!attached) {
        return [violation(`${what} has no SSL negotiation policy, so AWS applies ${CLASSIC_DEFAULT} (TLS 1.0); reference "${CLASSIC_ELB_POLICIES.recommended}"`, elb.urn)];
    }
    return [];
}
