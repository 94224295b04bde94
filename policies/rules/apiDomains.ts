import { undecided, violation } from "../lib/findings";
import { asObject, isUnknown } from "../lib/plain";
import { ResourceRule } from "../lib/policy";
import { HTTP_API_DOMAIN, REST_DOMAIN } from "../lib/types";

/**
 * The lowest TLS version a security policy accepts: `TLS_1_2`, or the enhanced names
 * `SecurityPolicy_TLS13_1_2_2021_06` whose second pair is the minimum. Undefined when unknown.
 */
export function minimumTlsVersion(policy: string): number | undefined {
    const legacy = /^TLS_1_([0-3])$/.exec(policy);
    if (legacy) {
        return 10 + Number(legacy[1]);
    }
    const enhanced = /^SecurityPolicy_TLS1[0-3]_1_([0-3])(_|$)/.exec(policy);
    return enhanced ? 10 + Number(enhanced[1]) : undefined;
}

/** API Gateway custom domains still accept TLS 1.0 with `TLS_1_0`. */
export const apiDomainTls: ResourceRule = {
    name: "aws-apigateway-domain-require-tls12",
    description: "API Gateway custom domains accept TLS 1.2 or later only.",
    severity: "high",
    remediation: "Set securityPolicy to \"TLS_1_2\" (or an enhanced policy such as \"SecurityPolicy_TLS13_1_3_2025_09\"): on domainNameConfiguration for HTTP APIs, on the DomainName for REST APIs.",
    types: new Set([HTTP_API_DOMAIN, REST_DOMAIN]),
    check({ type, props }) {
        const container = type === HTTP_API_DOMAIN ? props.domainNameConfiguration : props;
        const where = type === HTTP_API_DOMAIN ? "domainNameConfiguration.securityPolicy" : "securityPolicy";
        if (isUnknown(container)) {
            return [undecided("domainNameConfiguration is unknown during preview")];
        }
        const policy = asObject(container)?.securityPolicy;
        if (isUnknown(policy)) {
            return [undecided(`${where} is unknown during preview`)];
        }
        if (typeof policy !== "string") {
            return [violation(`${where} is not set; set "TLS_1_2" explicitly`)];
        }
        const min = minimumTlsVersion(policy);
        if (min === undefined || min < 12) {
            return [violation(`${where} "${policy}" accepts TLS older than 1.2; use "TLS_1_2"`)];
        }
        return [];
    },
};
