/**
 * The ALB security policies edge-auth accepts: those whose lowest protocol is TLS 1.2. A name is
 * not a guarantee (`ELBSecurityPolicy-TLS13-1-0-2021-06` and `-TLS13-1-1-2021-06` carry "TLS13"
 * and still accept TLS 1.0 and 1.1), so the list is explicit: a new AWS policy is added here
 * after reading its protocol table, never matched by pattern.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 */

/** AWS's recommendation today: TLS 1.3 and 1.2, forward secrecy, hybrid post-quantum key exchange. */
export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09";

/** Accepted policy → its lowest TLS version and its family, for messages and docs. */
export const TLS12_PLUS_POLICIES: Readonly<Record<string, { minimum: "TLSv1.2" | "TLSv1.3"; family: string }>> = {
    // 2025-09, hybrid post-quantum key exchange.
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09": { minimum: "TLSv1.2", family: "TLS 1.3 + 1.2, post-quantum" },
    "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09": { minimum: "TLSv1.2", family: "TLS 1.3 + 1.2, post-quantum" },
    "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09": { minimum: "TLSv1.2", family: "TLS 1.3 + 1.2, post-quantum" },
    "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09": { minimum: "TLSv1.2", family: "TLS 1.3 + 1.2, post-quantum" },
    "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09": { minimum: "TLSv1.3", family: "TLS 1.3, post-quantum" },
    "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09": { minimum: "TLSv1.2", family: "FIPS, post-quantum" },
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09": { minimum: "TLSv1.2", family: "FIPS, post-quantum" },
    "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09": { minimum: "TLSv1.2", family: "FIPS, post-quantum" },
    "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09": { minimum: "TLSv1.2", family: "FIPS, post-quantum" },
    "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09": { minimum: "TLSv1.2", family: "FIPS, post-quantum" },
    "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09": { minimum: "TLSv1.3", family: "FIPS, post-quantum" },
    // 2021-06 TLS 1.3 family (Security Hub ELB.17), without its 1-0 and 1-1 members.
    "ELBSecurityPolicy-TLS13-1-2-2021-06": { minimum: "TLSv1.2", family: "TLS 1.3 + 1.2" },
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06": { minimum: "TLSv1.2", family: "TLS 1.3 + 1.2" },
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06": { minimum: "TLSv1.2", family: "TLS 1.3 + 1.2" },
    "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06": { minimum: "TLSv1.2", family: "TLS 1.3 + 1.2" },
    "ELBSecurityPolicy-TLS13-1-3-2021-06": { minimum: "TLSv1.3", family: "TLS 1.3" },
    // 2023-04 FIPS, without its 1-0 and 1-1 members.
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04": { minimum: "TLSv1.2", family: "FIPS" },
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04": { minimum: "TLSv1.2", family: "FIPS" },
    "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04": { minimum: "TLSv1.2", family: "FIPS" },
    "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04": { minimum: "TLSv1.2", family: "FIPS" },
    "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04": { minimum: "TLSv1.2", family: "FIPS" },
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04": { minimum: "TLSv1.3", family: "FIPS" },
    // TLS 1.2 only (no TLS 1.3).
    "ELBSecurityPolicy-TLS-1-2-2017-01": { minimum: "TLSv1.2", family: "TLS 1.2 only" },
    "ELBSecurityPolicy-TLS-1-2-Ext-2018-06": { minimum: "TLSv1.2", family: "TLS 1.2 only" },
    "ELBSecurityPolicy-FS-1-2-2019-08": { minimum: "TLSv1.2", family: "TLS 1.2 only, forward secrecy" },
    "ELBSecurityPolicy-FS-1-2-Res-2019-08": { minimum: "TLSv1.2", family: "TLS 1.2 only, forward secrecy" },
    "ELBSecurityPolicy-FS-1-2-Res-2020-10": { minimum: "TLSv1.2", family: "TLS 1.2 only, forward secrecy" },
};
