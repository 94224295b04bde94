/**
 * Target-side check of the `x-amzn-oidc-data` header an ALB adds after `authenticate-oidc`.
 * Framework-agnostic: give it the header value, get the user's claims or an error.
 *
 * The header is an ES256 JWT signed by the load balancer (not by Auth0). aws-jwt-verify's
 * `AlbJwtVerifier` checks the signature with the ALB's regional public key, the `signer`
 * (ALB ARN: without it any ALB in the region could mint headers, the "ALBeast" advisory), the
 * `client` id, the issuer and the expiry. Targets must still accept traffic only from the
 * ALB's security group, so nobody can bypass the load balancer.
 */
import { AlbJwtVerifier } from "aws-jwt-verify";
import type { Fetcher } from "aws-jwt-verify/https";
import type { AlbJwtPayload } from "aws-jwt-verify/jwt-model";
import { AlbJwksCache } from "aws-jwt-verify/alb-cache";
import { EdgeAuthArgumentError, reject } from "../core/errors";

/** What the verifier is configured from: `AlbOidcLogin.oidcData`, e.g. passed as environment. */
export interface OidcDataVerifierConfig {
    /** ARN of the load balancer that signs the header. */
    albArn: string;
    /**
     * The load balancer's region; it must match the ARN. Selects the public key endpoint.
     * @default - the region in albArn
     */
    region?: string;
    /** The identity provider's issuer as the ALB rule has it (Auth0: `https://<domain>/`, trailing slash included). */
    issuer: string;
    /** The client id the ALB logs users in with. */
    clientId: string;
}

/** Overrides for tests and special networks; production needs none. */
export interface OidcDataVerifierOptions {
    /**
     * Base URL of the ALB public keys; the key id is appended.
     * @default "https://public-keys.auth.elb.<region>.amazonaws.com"
     */
    jwksUri?: string;
    /**
     * How keys are fetched.
     * @default - aws-jwt-verify's HTTPS fetcher
     */
    fetcher?: Fetcher;
    /**
     * Clock skew tolerated on `exp`, in seconds.
     * @default 0
     */
    graceSeconds?: number;
}

export interface OidcDataVerifier {
    /**
     * Verifies the header value and returns its claims (`sub`, `email`, ...). A list of one
     * value (multi-value headers) is that value. Rejects when the header is missing or
     * repeated, or any check fails.
     */
    verify(header: string | string[] | undefined): Promise<AlbJwtPayload>;
}

const ALB_ARN = /^arn:aws(?:-cn|-us-gov)?:elasticloadbalancing:([a-z]{2}(?:-gov)?-[a-z]+-\d):\d{12}:loadbalancer\/app\/[^/]+\/[0-9a-f]+$/;

/** Builds a verifier for one load balancer and one client. Create it once, at module scope. */
export function createOidcDataVerifier(config: OidcDataVerifierConfig, options: OidcDataVerifierOptions = {}): OidcDataVerifier {
    const region = validateConfig(config);
    const verifier = AlbJwtVerifier.create({
        albArn: config.albArn,
        issuer: config.issuer,
        clientId: config.clientId,
        jwksUri: options.jwksUri ?? `https://public-keys.auth.elb.${region}.amazonaws.com`,
        graceSeconds: options.graceSeconds ?? 0,
    }, { jwksCache: new AlbJwksCache(options.fetcher ? { fetcher: options.fetcher } : undefined) });
    return {
        async verify(received) {
            // Lambda targets with multi-value headers enabled receive every header as a list.
            const header = Array.isArray(received) && received.length === 1 ? received[0] : received;
            if (typeof header !== "string" || header.length === 0) {
                throw new Error(Array.isArray(header)
                    ? "x-amzn-oidc-data appears more than once: refusing an ambiguous identity"
                    : "x-amzn-oidc-data is missing: the request did not come through the ALB's authenticate-oidc rule");
            }
            return verifier.verify(header);
        },
    };
}

function validateConfig(config: OidcDataVerifierConfig): string {
    try {
        if (config === undefined || config === null) {
            return reject("config", config, "is missing", "pass AlbOidcLogin.oidcData: { albArn, region, issuer, clientId }");
        }
        const match = typeof config.albArn === "string" ? ALB_ARN.exec(config.albArn) : null;
        if (!match) {
            return reject("albArn", config.albArn, "is not an Application Load Balancer ARN", "pass the ARN of the ALB (loadBalancerArn), not of a listener or target group");
        }
        if (config.region !== undefined && config.region !== match[1]) {
            reject("region", config.region, `differs from the ALB's region ${match[1]}`, "pass the load balancer's own region");
        }
        // Any OpenID provider's issuer (LINE: "https://access.line.me", no slash), exactly as the
        // ALB rule has it; an Auth0 domain's issuer always ends with "/".
        if (typeof config.issuer !== "string" || !/^https:\/\/[^/\s?#]+(\/[^\s?#]*)?$/.test(config.issuer)) {
            reject("issuer", config.issuer, "is not an https issuer", "pass the issuer exactly as in the ALB rule (AlbOidcLogin.oidcData.issuer)");
        }
        if (/^https:\/\/[^/]*\.auth0\.com$/.test(config.issuer)) {
            reject("issuer", config.issuer, "is not an Auth0 issuer", "write it as \"https://<domain>/\" with the trailing slash, exactly as in the ALB rule");
        }
        if (typeof config.clientId !== "string" || config.clientId.length === 0) {
            reject("clientId", config.clientId, "is empty", "pass the client id of the ALB's Auth0 application");
        }
        return match[1];
    } catch (err) {
        throw err instanceof EdgeAuthArgumentError ? err.inComponent("createOidcDataVerifier") : err;
    }
}
