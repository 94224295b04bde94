/**
 * CloudFront distributions: the viewer leg (viewerProtocolPolicy, viewer TLS policy) and the
 * origin leg (originProtocolPolicy, originSslProtocols). Tokens and session cookies of a login
 * behind CloudFront cross both legs.
 */
import { Finding, undecided, violation } from "../lib/findings";
import { asList, asObject, isUnknown, Props } from "../lib/plain";
import { ResourceRule } from "../lib/policy";
import { judgeTls, TlsTable } from "../lib/tls";
import { CLOUDFRONT_DISTRIBUTION } from "../lib/types";
import { tlsFloor } from "./albListeners";

/** Type tokens these rules read (for the registry of judged types). */
export const judgedTypes: readonly string[] = [CLOUDFRONT_DISTRIBUTION];

const TYPES = new Set(judgedTypes);

/**
 * Viewer security policies (`viewerCertificate.minimumProtocolVersion`) with the oldest protocol
 * each accepts; SSLv3 is below TLS 1.0 and judged as failing any floor.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
 */
export const CLOUDFRONT_VIEWER_POLICIES: TlsTable = {
    policies: {
        SSLv3: 10,
        TLSv1: 10,
        TLSv1_2016: 10,
        "TLSv1.1_2016": 11,
        "TLSv1.2_2018": 12,
        "TLSv1.2_2019": 12,
        "TLSv1.2_2021": 12,
        "TLSv1.2_2025": 12,
        "TLSv1.3_2025": 13,
    },
    recommended: "TLSv1.2_2021",
};

/** Origin protocols (`customOriginConfig.originSslProtocols`) with their version. */
const ORIGIN_PROTOCOLS: Record<string, number> = { SSLv3: 9, TLSv1: 10, "TLSv1.1": 11, "TLSv1.2": 12 };

/** The default behavior and every ordered behavior, with where they are. */
function behaviors(props: Props): { where: string; behavior: Props | undefined; unknown: boolean }[] {
    const out: { where: string; behavior: Props | undefined; unknown: boolean }[] = [];
    const def = props.defaultCacheBehavior;
    out.push({ where: "defaultCacheBehavior", behavior: asObject(def), unknown: isUnknown(def) });
    const ordered = asList(props.orderedCacheBehaviors);
    if (isUnknown(ordered)) {
        out.push({ where: "orderedCacheBehaviors", behavior: undefined, unknown: true });
    } else {
        ordered.forEach((b, i) => out.push({ where: `orderedCacheBehaviors[${i}]`, behavior: asObject(b), unknown: isUnknown(b) }));
    }
    return out;
}

export const cloudFrontViewersHttps: ResourceRule = {
    name: "aws-cloudfront-distribution-require-https-viewers",
    description: "Every cache behavior of a CloudFront distribution (default and ordered) sets viewerProtocolPolicy redirect-to-https or https-only, never allow-all.",
    severity: "high",
    remediation: "Set viewerProtocolPolicy: \"redirect-to-https\" (or \"https-only\" for APIs) on the default and every ordered cache behavior.",
    types: TYPES,
    check({ props }) {
        const findings: Finding[] = [];
        for (const { where, behavior, unknown } of behaviors(props)) {
            const policy = behavior?.viewerProtocolPolicy;
            if (unknown || isUnknown(policy)) {
                findings.push(undecided(`${where}.viewerProtocolPolicy is unknown during preview`));
            } else if (policy === "allow-all") {
                const path = typeof behavior?.pathPattern === "string" ? ` (path ${behavior.pathPattern})` : "";
                findings.push(violation(`${where}${path} viewerProtocolPolicy is "allow-all": viewers reach it over plain http, with their cookies and tokens in clear text`));
            }
        }
        return findings;
    },
};

export const cloudFrontOriginsHttps: ResourceRule = {
    name: "aws-cloudfront-distribution-require-https-origins",
    description: "Custom origins of a CloudFront distribution are reached over https: originProtocolPolicy is https-only, or match-viewer only where every behavior using the origin is https for viewers.",
    severity: "high",
    remediation: "Set customOriginConfig.originProtocolPolicy: \"https-only\" (the origin needs a certificate for its domain); S3 origins with s3OriginConfig or an origin access control are fine.",
    types: TYPES,
    check({ props }) {
        const origins = asList(props.origins);
        if (isUnknown(origins)) {
            return [undecided("origins are unknown during preview")];
        }
        const all = behaviors(props);
        const findings: Finding[] = [];
        origins.forEach((raw, i) => {
            const origin = asObject(raw);
            const custom = origin?.customOriginConfig;
            if (isUnknown(custom)) {
                findings.push(undecided(`origins[${i}].customOriginConfig is unknown during preview`));
                return;
            }
            const policy = asObject(custom)?.originProtocolPolicy;
            const where = `origins[${i}] ("${String(origin?.originId)}")`;
            if (isUnknown(policy)) {
                findings.push(undecided(`${where}.customOriginConfig.originProtocolPolicy is unknown during preview`));
            } else if (policy === "http-only") {
                findings.push(violation(`${where} originProtocolPolicy is "http-only": every request, with its Authorization header and cookies, crosses the internet to the origin in clear text`));
            } else if (policy === "match-viewer") {
                const plain = all.filter(({ behavior }) => behavior?.targetOriginId === origin?.originId && behavior?.viewerProtocolPolicy === "allow-all");
                if (plain.length > 0) {
                    findings.push(violation(`${where} originProtocolPolicy is "match-viewer" and ${plain.map((b) => b.where).join(", ")} allow http viewers: those requests reach the origin over http`));
                }
            }
        });
        return findings;
    },
};

interface TlsConfig {
    minimumTlsVersion: string;
}

const MINIMUM_TLS = {
    minimumTlsVersion: { type: "string", enum: ["1.2", "1.3"], default: "1.2", description: "Oldest TLS version viewers (or origins) may negotiate." },
} as const;

/**
 * `minimumProtocolVersion` defaults to TLSv1 (@pulumi/aws 7.48 DistributionViewerCertificate:
 * "Default: `TLSv1`"), and with `cloudfrontDefaultCertificate: true` CloudFront uses TLSv1
 * whatever is set ("CloudFront automatically sets the security policy to TLSv1 regardless of the
 * value that you specify", ViewerCertificate API reference). So the *.cloudfront.net certificate
 * always accepts TLS 1.0: decided here as a violation, fixed by an ACM certificate and alias.
 */
export const cloudFrontViewerTls: ResourceRule<TlsConfig> = {
    name: "aws-cloudfront-distribution-configure-tls-policy",
    description: "A CloudFront distribution serves viewers with a custom certificate and a minimumProtocolVersion of TLSv1.2_2018 or later (the default certificate *.cloudfront.net forces TLSv1).",
    severity: "medium",
    remediation: "Serve the distribution on your own domain: aliases plus viewerCertificate { acmCertificateArn, sslSupportMethod: \"sni-only\", minimumProtocolVersion: \"TLSv1.2_2021\" } (or TLSv1.3_2025).",
    types: TYPES,
    config: MINIMUM_TLS,
    check({ props }, config) {
        const cert = props.viewerCertificate;
        if (isUnknown(cert)) {
            return [undecided("viewerCertificate is unknown during preview")];
        }
        const c = asObject(cert) ?? {};
        if (isUnknown(c.cloudfrontDefaultCertificate) || isUnknown(c.minimumProtocolVersion)) {
            return [undecided("viewerCertificate is unknown during preview")];
        }
        if (c.cloudfrontDefaultCertificate === true) {
            return [violation("viewerCertificate uses the default *.cloudfront.net certificate, with which CloudFront always applies the TLSv1 security policy (TLS 1.0 and 1.1 accepted)")];
        }
        const policy = typeof c.minimumProtocolVersion === "string" && c.minimumProtocolVersion !== "" ? c.minimumProtocolVersion : undefined;
        if (!policy) {
            return [violation(`viewerCertificate.minimumProtocolVersion is not set, so the TLSv1 policy applies (TLS 1.0); set "${CLOUDFRONT_VIEWER_POLICIES.recommended}"`)];
        }
        if (policy === "SSLv3") {
            return [violation(`viewerCertificate.minimumProtocolVersion "SSLv3" accepts SSLv3; use "${CLOUDFRONT_VIEWER_POLICIES.recommended}"`)];
        }
        const problem = judgeTls(CLOUDFRONT_VIEWER_POLICIES, policy, tlsFloor(config.minimumTlsVersion));
        return problem ? [violation(`viewerCertificate.minimumProtocolVersion ${problem}`)] : [];
    },
};

export const cloudFrontOriginTls: ResourceRule<TlsConfig> = {
    name: "aws-cloudfront-origin-configure-tls-protocols",
    description: "Custom origins reached over https list only TLSv1.2 in originSslProtocols (no SSLv3, TLSv1, TLSv1.1).",
    severity: "medium",
    remediation: "Set customOriginConfig.originSslProtocols: [\"TLSv1.2\"] and give the origin a TLS 1.2 policy.",
    types: TYPES,
    config: MINIMUM_TLS,
    check({ props }, config) {
        const origins = asList(props.origins);
        if (isUnknown(origins)) {
            return [undecided("origins are unknown during preview")];
        }
        // Origins accept at most TLSv1.2 here; a 1.3 floor is judged as 1.2 (no origin protocol above it).
        const minimum = Math.min(tlsFloor(config.minimumTlsVersion), 12);
        const findings: Finding[] = [];
        origins.forEach((raw, i) => {
            const custom = asObject(asObject(raw)?.customOriginConfig);
            if (!custom || custom.originProtocolPolicy === "http-only") {
                return; // http-only is the origins-https rule's finding; no TLS is spoken.
            }
            const protocols = asList(custom.originSslProtocols);
            if (isUnknown(protocols)) {
                findings.push(undecided(`origins[${i}].customOriginConfig.originSslProtocols is unknown during preview`));
                return;
            }
            const weak = protocols.filter((p) => typeof p === "string" && (ORIGIN_PROTOCOLS[p] ?? 12) < minimum);
            if (weak.length > 0) {
                findings.push(violation(`origins[${i}].customOriginConfig.originSslProtocols lists ${weak.join(", ")}: CloudFront may talk to the origin over a protocol older than TLS 1.2`));
            }
        });
        return findings;
    },
};
