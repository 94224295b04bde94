/**
 * The TLS policy names AWS and Auth0 accept, with the oldest TLS version each one still
 * negotiates. Policies judge names by this table, never by their spelling: a `TLS13` prefix does
 * not mean TLS 1.2+ (ELBSecurityPolicy-TLS13-1-0-2021-06 accepts TLS 1.0, DOMAIN.md).
 *
 * Sources:
 * - ELB (ALB HTTPS and NLB TLS listeners share the names):
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html
 * - API Gateway REST custom domains, legacy (TLS_1_0, TLS_1_2) and enhanced (SecurityPolicy_*),
 *   edge-optimized and regional:
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies-list.html
 *   (the SecurityPolicy enum of the API Gateway SDKs lists the same enhanced names).
 * - HTTP API custom domains: TLS_1_2 only (@pulumi/aws 7.48 DomainNameDomainNameConfiguration
 *   .securityPolicy: "Valid values: `TLS_1_2`"; enhanced policies cannot be mapped to HTTP APIs,
 *   apigateway-custom-domain-tls-version.html).
 * - Auth0 custom domains: `compatible` (TLS 1.0, 1.1, 1.2) or `recommended` (TLS 1.2)
 *   (@pulumi/auth0 3.49 CustomDomainArgs.tlsPolicy).
 */

/** Lowest TLS version accepted, as 10 (1.0), 11, 12 or 13. */
export type TlsFloor = 10 | 11 | 12 | 13;

export interface TlsTable {
    /** Policy name to its TLS floor. */
    policies: Readonly<Record<string, TlsFloor>>;
    /** What to suggest when a policy is too weak or unknown. */
    recommended: string;
}

const elb = (names: Record<string, TlsFloor>): TlsTable => ({ policies: names, recommended: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09" });

/** ELB security policies (ALB and NLB). */
export const ELB_POLICIES: TlsTable = elb({
    // TLS 1.3 family, post-quantum hybrid key exchange (2025-09).
    "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09": 13,
    "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09": 13,
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09": 12,
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09": 12,
    "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09": 12,
    "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09": 12,
    "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09": 12,
    "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09": 12,
    "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09": 12,
    "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09": 12,
    "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09": 12,
    "ELBSecurityPolicy-TLS13-1-0-PQ-2025-09": 10,
    "ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09": 10,
    // RFC 9151 (CNSA) FIPS policies (2023-07).
    "ELBSecurityPolicy-TLS13-1-3-RFC9151-FIPS-2023-07": 13,
    "ELBSecurityPolicy-TLS13-1-2-RFC9151-FIPS-2023-07": 12,
    "ELBSecurityPolicy-TLS13-1-2-Ext0-RFC9151-FIPS-2023-07": 12,
    "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP1-FIPS-2023-07": 12,
    "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP2-FIPS-2023-07": 12,
    "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP3-FIPS-2023-07": 12,
    "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP4-FIPS-2023-07": 12,
    // TLS 1.3 family (2021-06) and its FIPS variants (2023-04).
    "ELBSecurityPolicy-TLS13-1-3-2021-06": 13,
    "ELBSecurityPolicy-TLS13-1-2-2021-06": 12,
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06": 12,
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06": 12,
    "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06": 12,
    "ELBSecurityPolicy-TLS13-1-1-2021-06": 11,
    "ELBSecurityPolicy-TLS13-1-0-2021-06": 10,
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04": 13,
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04": 12,
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04": 12,
    "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04": 12,
    "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04": 12,
    "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04": 12,
    "ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04": 11,
    "ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04": 10,
    // Forward-secrecy and TLS 1.2 policies without TLS 1.3.
    "ELBSecurityPolicy-FS-1-2-Res-2020-10": 12,
    "ELBSecurityPolicy-FS-1-2-Res-2019-08": 12,
    "ELBSecurityPolicy-FS-1-2-2019-08": 12,
    "ELBSecurityPolicy-FS-1-1-2019-08": 11,
    "ELBSecurityPolicy-FS-2018-06": 10,
    "ELBSecurityPolicy-TLS-1-2-Ext-2018-06": 12,
    "ELBSecurityPolicy-TLS-1-2-2017-01": 12,
    "ELBSecurityPolicy-TLS-1-1-2017-01": 11,
    "ELBSecurityPolicy-2016-08": 10,
    "ELBSecurityPolicy-2015-05": 10,
    "ELBSecurityPolicy-TLS-1-0-2015-04": 10,
});

/** API Gateway REST custom domains, edge-optimized endpoints. */
export const REST_EDGE_POLICIES: TlsTable = {
    policies: {
        TLS_1_0: 10,
        TLS_1_2: 12,
        SecurityPolicy_TLS13_2025_EDGE: 13,
        SecurityPolicy_TLS12_PFS_2025_EDGE: 12,
        SecurityPolicy_TLS12_2018_EDGE: 12,
    },
    recommended: "SecurityPolicy_TLS13_2025_EDGE",
};

/** API Gateway REST custom domains, regional (and private) endpoints. */
export const REST_REGIONAL_POLICIES: TlsTable = {
    policies: {
        TLS_1_0: 10,
        TLS_1_2: 12,
        SecurityPolicy_TLS13_1_3_2025_09: 13,
        SecurityPolicy_TLS13_1_3_FIPS_2025_09: 13,
        SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09: 12,
        SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09: 12,
        SecurityPolicy_TLS13_1_2_PQ_2025_09: 12,
        SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09: 12,
        SecurityPolicy_TLS13_1_2_2021_06: 12,
    },
    recommended: "SecurityPolicy_TLS13_1_2_PQ_2025_09",
};

/** API Gateway HTTP API custom domains. */
export const HTTP_API_POLICIES: TlsTable = { policies: { TLS_1_2: 12 }, recommended: "TLS_1_2" };

/** Auth0 custom domains. */
export const AUTH0_DOMAIN_POLICIES: TlsTable = { policies: { compatible: 10, recommended: 12 }, recommended: "recommended" };

export function tlsName(floor: TlsFloor): string {
    return `TLS 1.${floor - 10}`;
}

/**
 * Judges one policy name against a table and a floor: undefined when it passes, else the reason
 * and the policy to use instead.
 */
export function judgeTls(table: TlsTable, policy: string, minimum: TlsFloor): string | undefined {
    const floor = table.policies[policy];
    if (floor === undefined) {
        return `"${policy}" is not a policy this service offers (known: ${Object.keys(table.policies).join(", ")}); use "${table.recommended}"`;
    }
    if (floor < minimum) {
        return `"${policy}" accepts ${tlsName(floor)}, older than ${tlsName(minimum)}; use "${table.recommended}"`;
    }
    return undefined;
}
