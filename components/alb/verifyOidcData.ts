/**
 * Target-side check of the `x-amzn-oidc-data` header an ALB adds after `authenticate-oidc`.
 * Framework-agnostic: give it the header value, get the user's claims or an error.
 *
 * The header is an ES256 JWT signed by the load balancer (not by Auth0). aws-jwt-verify's
 * `AlbJwtVerifier` checks the signature with the ALB's regional public key, the `signer`
 * (ALB ARN: without it any ALB in the region could mint headers, the "ALBeast" advisory), the
 * `client` id, the issuer and the expiry. Targets must still accept traffic only from the
 * ALB's security group, so nobody can bypass the load balancer.
 *
 * Around it, this module stops a header from costing more than it should:
 * - the unverified header's `signer` and `client` must be this ALB's and this client's before
 *   any key is fetched (aws-jwt-verify checks them only after the signature);
 * - key fetches for kids not seen before are rate-limited (a token bucket, one fetch in flight)
 *   and a kid whose fetch failed is not fetched again for a while (doubling backoff);
 * - a kid that keeps coming (a real rotation: every request names the new kid) has a reserved
 *   token a flood of distinct junk kids cannot take (see core/keyFetchGate.ts);
 * - a key that has verified a genuine header is kept apart from keys merely fetched, so a stream
 *   of other kids cannot push it out of the cache;
 * - `exp` is required (aws-jwt-verify accepts a payload without it).
 */
import { createPublicKey } from "crypto";
import { AlbJwtVerifier } from "aws-jwt-verify";
import { Fetcher, SimpleFetcher } from "aws-jwt-verify/https";
import type { JwkWithKid, JwksCache } from "aws-jwt-verify/jwk";
import type { AlbJwtPayload } from "aws-jwt-verify/jwt-model";
import { AlbJwtInvalidClientIdError, AlbJwtInvalidSignerError, JwksNotAvailableInCacheError, JwtWithoutValidKidError } from "aws-jwt-verify/error";
import { EdgeAuthArgumentError, reject } from "../core/errors";
import { KeyFetchGate } from "../core/keyFetchGate";

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
    /**
     * Key fetches for kids not seen before: at most `burst` back to back, then one more every
     * `refillSeconds`, one at a time. ALB key ids change rarely (rotation), so a few suffice.
     * `reservedForRecurringKids` of the tokens go only to a kid seen `recurrence` times within
     * about 10 s, so distinct junk kids cannot starve a real rotation; 0 shares every token.
     * @default { burst: 3, refillSeconds: 10, reservedForRecurringKids: 1, recurrence: 3 }
     */
    keyFetchLimit?: { burst?: number; refillSeconds?: number; reservedForRecurringKids?: number; recurrence?: number };
    /**
     * After a failed fetch of a kid, how long before it is fetched again; doubles on each
     * further failure, up to 64 times this.
     * @default 60
     */
    failedKidBackoffSeconds?: number;
    /**
     * The clock of the fetch limits, in milliseconds; simulations pass a virtual one. (Expiry
     * is checked by aws-jwt-verify against the real clock.)
     * @default Date.now
     */
    now?: () => number;
}

/** A key fetch refused by the rate limit or the backoff of a kid that failed before. */
export class KeyFetchRefusedError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "KeyFetchRefusedError";
    }
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
    const region = validateConfig(config, options);
    const keys = new GuardedAlbKeyCache(options);
    const verifier = AlbJwtVerifier.create({
        albArn: config.albArn,
        issuer: config.issuer,
        clientId: config.clientId,
        jwksUri: options.jwksUri ?? `https://public-keys.auth.elb.${region}.amazonaws.com`,
        graceSeconds: options.graceSeconds ?? 0,
        customJwtCheck: ({ payload }) => {
            // aws-jwt-verify accepts a payload without exp: a header that never expires is refused.
            if (typeof payload.exp !== "number") {
                throw new Error("x-amzn-oidc-data has no exp");
            }
        },
    }, { jwksCache: keys });
    return {
        async verify(received) {
            // Lambda targets with multi-value headers enabled receive every header as a list.
            const header = Array.isArray(received) && received.length === 1 ? received[0] : received;
            if (typeof header !== "string" || header.length === 0) {
                throw new Error(Array.isArray(header)
                    ? "x-amzn-oidc-data appears more than once: refusing an ambiguous identity"
                    : "x-amzn-oidc-data is missing: the request did not come through the ALB's authenticate-oidc rule");
            }
            const kid = checkUnverifiedHeader(header, config);
            const claims = await verifier.verify(header);
            keys.prove(kid);
            return claims;
        },
    };
}

/**
 * Reads the header's JOSE header WITHOUT trusting it, to refuse before any key fetch what can
 * never verify: another ALB (`signer`), another client, or a malformed kid. The signature
 * check that follows is what makes the values trustworthy.
 */
function checkUnverifiedHeader(token: string, config: OidcDataVerifierConfig): string {
    let header: { signer?: unknown; client?: unknown; kid?: unknown };
    try {
        header = JSON.parse(Buffer.from(token.slice(0, token.indexOf(".")), "base64url").toString("utf8"));
    } catch {
        throw new JwtWithoutValidKidError("x-amzn-oidc-data has no readable header");
    }
    if (header === null || typeof header !== "object") {
        throw new JwtWithoutValidKidError("x-amzn-oidc-data has no readable header");
    }
    if (header.signer !== config.albArn) {
        throw new AlbJwtInvalidSignerError("x-amzn-oidc-data was signed by another load balancer", header.signer as string, config.albArn);
    }
    if (header.client !== config.clientId) {
        throw new AlbJwtInvalidClientIdError("x-amzn-oidc-data is for another client", header.client as string, config.clientId);
    }
    if (typeof header.kid !== "string" || !ALB_KID.test(header.kid)) {
        throw new JwtWithoutValidKidError("x-amzn-oidc-data has no valid ALB key id");
    }
    return header.kid;
}

/** ALB key ids are UUIDs (as aws-jwt-verify's AlbJwksCache requires). */
const ALB_KID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The ALB's public keys by kid, one PEM per URL (`<jwksUri>/<kid>`), with two pools: keys
 * that verified a genuine header (`proven`, never evicted by the others) and keys fetched but
 * not yet proven (`fetched`, small). Which misses may fetch is the gate's call.
 */
class GuardedAlbKeyCache implements JwksCache {
    private readonly proven = new Map<string, JwkWithKid>();
    private readonly fetched = new Map<string, JwkWithKid>();
    private readonly fetcher: Fetcher;
    private readonly gate: KeyFetchGate;
    /** The one fetch allowed at a time, with its kid (callers of the same kid share it). */
    private inFlight: { kid: string; promise: Promise<JwkWithKid> } | undefined;

    constructor(options: OidcDataVerifierOptions) {
        this.fetcher = options.fetcher ?? new SimpleFetcher();
        this.gate = new KeyFetchGate({ ...options.keyFetchLimit, failedKidBackoffSeconds: options.failedKidBackoffSeconds, now: options.now });
    }

    /** Marks a kid as having verified a genuine header: it moves to the protected pool. */
    prove(kid: string): void {
        const jwk = this.fetched.get(kid) ?? this.proven.get(kid);
        if (jwk !== undefined) {
            this.fetched.delete(kid);
            this.proven.delete(kid);
            this.proven.set(kid, jwk);
            trim(this.proven, 4);
        }
    }

    getCachedJwk(_jwksUri: string, decomposedJwt: { header: { kid?: unknown } }): JwkWithKid {
        const jwk = this.lookup(decomposedJwt.header.kid);
        if (jwk === undefined) {
            throw new JwksNotAvailableInCacheError("ALB key not cached yet");
        }
        return jwk;
    }

    async getJwk(jwksUri: string, decomposedJwt: { header: { kid?: unknown } }): Promise<JwkWithKid> {
        const kid = decomposedJwt.header.kid;
        if (typeof kid !== "string" || !ALB_KID.test(kid)) {
            throw new JwtWithoutValidKidError("JWT header does not have valid kid claim");
        }
        const cached = this.lookup(kid);
        if (cached !== undefined) {
            return cached;
        }
        if (this.inFlight?.kid === kid) {
            return this.inFlight.promise;
        }
        const refused = this.gate.request(kid, this.inFlight !== undefined);
        if (refused !== undefined) {
            throw new KeyFetchRefusedError(`ALB ${refused}`);
        }
        const promise = this.fetch(jwksUri, kid).finally(() => {
            this.inFlight = undefined;
        });
        this.inFlight = { kid, promise };
        return promise;
    }

    async getJwks(): Promise<never> {
        throw new Error("the ALB exposes no JWKS, one key per URL");
    }

    addJwks(): void {
        throw new Error("the ALB exposes no JWKS, one key per URL");
    }

    private lookup(kid: unknown): JwkWithKid | undefined {
        return typeof kid === "string" ? this.proven.get(kid) ?? this.fetched.get(kid) : undefined;
    }

    private async fetch(jwksUri: string, kid: string): Promise<JwkWithKid> {
        try {
            const uri = `${jwksUri}/${encodeURIComponent(kid)}`;
            const body = await this.fetcher.fetch(uri);
            const pem = new TextDecoder().decode(body as ArrayBuffer);
            const jwk = { ...createPublicKey(pem).export({ format: "jwk" }), use: "sig", alg: "ES256", kid } as JwkWithKid;
            this.gate.succeededFetch(kid);
            this.fetched.set(kid, jwk);
            trim(this.fetched, 2);
            return jwk;
        } catch (err) {
            this.gate.failedFetch(kid);
            throw err;
        }
    }
}

/** Drops the oldest entries beyond `max` (Maps keep insertion order). */
function trim<K, V>(map: Map<K, V>, max: number): void {
    for (const key of map.keys()) {
        if (map.size <= max) {
            break;
        }
        map.delete(key);
    }
}

function validateConfig(config: OidcDataVerifierConfig, options: OidcDataVerifierOptions): string {
    try {
        const positive = (argument: string, value: unknown, integer: boolean) => {
            if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value)))) {
                reject(argument, value, "is not a positive number", integer ? "use a whole number such as 3" : "use a number of seconds such as 10");
            }
        };
        positive("options.keyFetchLimit.burst", options.keyFetchLimit?.burst, true);
        positive("options.keyFetchLimit.refillSeconds", options.keyFetchLimit?.refillSeconds, false);
        positive("options.failedKidBackoffSeconds", options.failedKidBackoffSeconds, false);
        positive("options.keyFetchLimit.recurrence", options.keyFetchLimit?.recurrence, true);
        const reserved = options.keyFetchLimit?.reservedForRecurringKids;
        if (reserved !== undefined && (typeof reserved !== "number" || !Number.isInteger(reserved) || reserved < 0 || reserved >= (options.keyFetchLimit?.burst ?? 3))) {
            reject("options.keyFetchLimit.reservedForRecurringKids", reserved, "is not a whole number below burst", "use 0 (one shared bucket) or 1, with a burst of at least 2");
        }
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
