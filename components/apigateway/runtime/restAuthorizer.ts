/**
 * API Gateway REST API Lambda authorizer for Auth0 access tokens. Bundled with esbuild into
 * `dist/bundles/rest-authorizer/index.js`; the bundle is what tests run and what is deployed.
 *
 * Configuration comes from the environment the component derives from the Auth0 API and the
 * route declarations, read once at module scope: a cold start with a bad configuration fails
 * (500) instead of letting requests through.
 */
import { JwtVerifier } from "aws-jwt-verify/jwt-verifier";
import { JwksCache, SimpleJwksCache } from "aws-jwt-verify/jwk";
import type { Fetcher } from "aws-jwt-verify/https";
import type { KeyFetchGateOptions } from "../../core/keyFetchGate";
import { KidPenaltyBox } from "./kidPenaltyBox";
import type { JwtPayload } from "aws-jwt-verify/jwt-model";
import { PolicyDocument, RouteTable, compileRoutes, matchRoute, policyFor, tokenScopes } from "../restRoutes";
import { RestAuthorizerConfig, configFromEnv } from "./restAuthorizerEnv";
import { VerifiedToken, VerifiedTokenCache, VerifiedTokenCacheOptions } from "./verifiedTokens";

export { ENV, configFromEnv } from "./restAuthorizerEnv";
export type { RestAuthorizerConfig } from "./restAuthorizerEnv";

/**
 * Longest `Authorization` value looked at. Auth0 access tokens are about 1 KB; anything far
 * larger is refused before parsing so it costs no CPU.
 */
export const MAX_AUTHORIZATION_LENGTH = 8192;

/**
 * The REQUEST event API Gateway sends a REST API Lambda authorizer: the matched resource and
 * method besides the headers. (TOKEN events carry neither and are refused.)
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html
 */
export interface AuthorizerEvent {
    type?: string;
    methodArn?: string;
    /** The deployed resource path API Gateway matched, e.g. `/movies/{id}`. */
    resource?: string;
    httpMethod?: string;
    authorizationToken?: string;
    headers?: Record<string, string | undefined> | null;
    multiValueHeaders?: Record<string, string[] | undefined> | null;
}

export interface AuthorizerResult {
    principalId: string;
    policyDocument: PolicyDocument;
    /** Scalars only: API Gateway rejects objects and arrays in the context. */
    context: { sub: string; scope: string };
}

/** The one error API Gateway turns into 401; every other failure would be a 500. */
function unauthorized(reason: string): Error {
    // The reason is an error class name or a fixed phrase: never the token or its claims.
    console.warn(JSON.stringify({ message: "token rejected", reason }));
    return new Error("Unauthorized");
}

/** aws-jwt-verify's errors for "key not in the cache yet" (matched by class name: a test's cache may be another copy of the library). */
const KEY_NOT_CACHED = new Set(["JwksNotAvailableInCacheError", "KidNotFoundInJwksError"]);

/** aws-jwt-verify's error classes leave `name` as "Error"; their class name says what failed. */
function errorName(err: unknown): string {
    const name = (err as { constructor?: { name?: unknown } })?.constructor?.name;
    return typeof name === "string" && name !== "Error" ? name : "verification failed";
}

/** The one `Authorization` value of a REQUEST event, or undefined when absent or repeated. */
function authorizationHeader(event: AuthorizerEvent): unknown {
    let found: unknown;
    let count = 0;
    const multi = event.multiValueHeaders;
    if (multi && typeof multi === "object") {
        for (const name in multi) {
            if (name.length === 13 && name.toLowerCase() === "authorization") {
                const values = multi[name];
                count += Array.isArray(values) ? values.length : 1;
            }
        }
        if (count > 1) {
            return undefined; // two Authorization headers: ambiguous, refuse
        }
    }
    count = 0;
    const headers = event.headers;
    if (headers && typeof headers === "object") {
        for (const name in headers) {
            if (name.length === 13 && name.toLowerCase() === "authorization") {
                found = headers[name];
                count++;
            }
        }
    }
    return count === 1 ? found : undefined;
}

function bearerToken(event: AuthorizerEvent): string | undefined {
    const value = authorizationHeader(event);
    if (typeof value !== "string" || value.length > MAX_AUTHORIZATION_LENGTH || !value.startsWith("Bearer ")) {
        return undefined;
    }
    // The verifier parses and checks the rest; the token must at least be one word.
    const token = value.slice(7);
    return token.length > 0 && !/\s/.test(token) ? token : undefined;
}

export interface HandlerOptions {
    /**
     * Where keys come from, replacing the whole JWKS cache (and its penalty box). Only code
     * can pass it, no environment variable can.
     * @default - aws-jwt-verify's SimpleJwksCache with the per-kid KidPenaltyBox and `fetcher`
     */
    jwksCache?: JwksCache;
    /**
     * How the JWKS is fetched by the default cache. Tests pass one to reach a loopback issuer.
     * @default - aws-jwt-verify's HTTPS-only fetcher
     */
    fetcher?: Fetcher;
    /**
     * JWKS refetches for kids not in the cached JWKS (KidPenaltyBox): 3 back to back, then
     * one per 10 s; one token kept for a kid seen 3 times; a kid not found waits 10 s, doubling.
     * @default { burst: 3, refillSeconds: 10, reservedForRecurringKids: 1, recurrence: 3, failedKidBackoffSeconds: 10 }
     */
    keyFetchLimit?: KeyFetchGateOptions;
    /**
     * Bounds of the verified-token cache; `{ maxEntries: 0 }` verifies every request.
     * @default { maxEntries: 1000, maxChars: 2_000_000 }
     */
    verifiedTokens?: VerifiedTokenCacheOptions;
}

/**
 * Builds a handler. Production uses the instance created at module scope from the environment.
 */
export function createHandler(config: RestAuthorizerConfig, options: HandlerOptions = {}): (event: AuthorizerEvent) => Promise<AuthorizerResult> {
    const table: RouteTable = compileRoutes(config.routes);
    const jwksCache = options.jwksCache ?? new SimpleJwksCache({ penaltyBox: new KidPenaltyBox(options.keyFetchLimit), fetcher: options.fetcher });
    const verifier = JwtVerifier.create(
        {
            issuer: config.issuer,
            audience: config.audience,
            jwksUri: config.jwksUri,
            customJwtCheck: ({ header, payload }) => {
                // Auth0 signs API tokens with RS256; refuse anything else even if the JWKS had a key for it.
                if (header.alg !== "RS256") {
                    throw new Error("alg");
                }
                // aws-jwt-verify accepts a token without exp; a token that never expires is refused.
                if (typeof payload.exp !== "number") {
                    throw new Error("exp");
                }
                if (typeof payload.sub !== "string" || payload.sub === "") {
                    throw new Error("sub");
                }
            },
        },
        { jwksCache },
    );
    const verified = new VerifiedTokenCache(options.verifiedTokens);
    // Tokens signed with one key share one header segment: remember its kid (a few entries).
    const kids = new Map<string, string>();
    const kidOf = (token: string): string => {
        const segment = token.slice(0, token.indexOf("."));
        let kid = kids.get(segment);
        if (kid === undefined) {
            kid = String(JSON.parse(Buffer.from(segment, "base64url").toString()).kid);
            if (kids.size >= 16) {
                kids.clear();
            }
            kids.set(segment, kid);
        }
        return kid;
    };
    // The key object the JWKS cache holds now for a kid; a refetched JWKS gives new objects.
    const currentKey = (kid: string): object | undefined => {
        try {
            return jwksCache.getCachedJwk(config.jwksUri, { header: { kid, alg: "RS256" }, payload: {} });
        } catch {
            return undefined;
        }
    };

    const remember = (token: string, payload: JwtPayload): VerifiedToken => {
        const kid = kidOf(token);
        const key = currentKey(kid);
        const entry: VerifiedToken = { sub: payload.sub as string, scopes: tokenScopes(payload), exp: payload.exp as number, kid, key: key ?? {} };
        if (key !== undefined) {
            verified.set(token, entry);
        }
        return entry;
    };

    // A repeated token is decided from the cache; a new one is verified synchronously against
    // the cached JWKS. Only a missing JWKS or an unknown kid goes the async way, which fetches
    // (bounded per kid by KidPenaltyBox). No await on the common paths.
    const verify = (token: string): VerifiedToken | Promise<VerifiedToken> => {
        const hit = verified.get(token, Date.now() / 1000, currentKey);
        if (hit !== undefined) {
            return hit;
        }
        let payload: JwtPayload;
        try {
            payload = verifier.verifySync(token);
        } catch (err) {
            if (KEY_NOT_CACHED.has(errorName(err))) {
                return verifier.verify(token).then((p) => remember(token, p));
            }
            throw err;
        }
        return remember(token, payload);
    };

    return async (event: AuthorizerEvent): Promise<AuthorizerResult> => {
        if (!event || typeof event !== "object") {
            throw unauthorized("no event");
        }
        if (event.type !== "REQUEST") {
            // A TOKEN authorizer's cache key is the token alone and its event names no resource.
            throw unauthorized(event.type === "TOKEN" ? "TOKEN event: configure a REQUEST authorizer" : "not a REQUEST event");
        }
        const token = bearerToken(event);
        if (token === undefined) {
            throw unauthorized("no bearer token");
        }
        const matched = matchRoute(table, event);
        if ("decision" in matched && matched.decision.effect === "Unauthorized") {
            throw unauthorized(matched.decision.reason);
        }
        let caller: VerifiedToken;
        try {
            const verifying = verify(token);
            caller = verifying instanceof Promise ? await verifying : verifying;
        } catch (err) {
            // Includes an unreachable JWKS: fail closed.
            throw unauthorized(errorName(err));
        }
        const context = { sub: caller.sub, scope: caller.scopes.join(" ") };
        if ("decision" in matched) {
            return { principalId: caller.sub, policyDocument: policyFor("Deny", (matched.decision as { methodArn: string }).methodArn), context };
        }
        const allowed = caller.scopes.some((s) => matched.scopes.has(s));
        return { principalId: caller.sub, policyDocument: policyFor(allowed ? "Allow" : "Deny", matched.methodArn), context };
    };
}

/** The Lambda entry point (`index.handler`). Built once per execution environment, so the JWKS and verified-token caches survive warm invocations. */
export const handler = createHandler(configFromEnv(process.env));
