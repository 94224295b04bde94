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

function bearerToken(event: AuthorizerEvent): string | undefined {
    const multi = event.multiValueHeaders ? Object.entries(event.multiValueHeaders).filter(([k]) => k.toLowerCase() === "authorization") : [];
    if (multi.length > 1 || (multi.length === 1 && (multi[0][1]?.length ?? 0) > 1)) {
        return undefined; // two Authorization headers: ambiguous, refuse
    }
    const found = event.headers ? Object.entries(event.headers).filter(([k]) => k.toLowerCase() === "authorization") : [];
    const value: unknown = found.length === 1 ? found[0][1] : undefined;
    if (typeof value !== "string" || value.length > MAX_AUTHORIZATION_LENGTH) {
        return undefined;
    }
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(value);
    return match ? match[1] : undefined;
}

export interface HandlerOptions {
    /**
     * Where keys come from. Tests pass one to reach a loopback issuer; only code can pass it,
     * no environment variable can.
     * @default - aws-jwt-verify's SimpleJwksCache with its HTTPS-only fetcher
     */
    jwksCache?: JwksCache;
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
    const jwksCache = options.jwksCache ?? new SimpleJwksCache();
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
    // The key object the JWKS cache holds now for a kid; a refetched JWKS gives new objects.
    const currentKey = (kid: string): object | undefined => {
        try {
            return jwksCache.getCachedJwk(config.jwksUri, { header: { kid, alg: "RS256" }, payload: {} });
        } catch {
            return undefined;
        }
    };

    // Warm invocations verify synchronously against the cached JWKS; only a missing JWKS or an
    // unknown kid goes the async way, which fetches (once per kid, with a penalty box).
    const verifySignature = async (token: string): Promise<JwtPayload> => {
        try {
            return verifier.verifySync(token);
        } catch (err) {
            if (KEY_NOT_CACHED.has(errorName(err))) {
                return verifier.verify(token);
            }
            throw err;
        }
    };

    const verify = async (token: string): Promise<VerifiedToken> => {
        const hit = verified.get(token, Date.now() / 1000, currentKey);
        if (hit !== undefined) {
            return hit;
        }
        const payload = await verifySignature(token);
        const kid = JSON.parse(Buffer.from(token.slice(0, token.indexOf(".")), "base64url").toString()).kid as string;
        const key = currentKey(kid);
        const entry: VerifiedToken = { sub: payload.sub as string, scopes: tokenScopes(payload), exp: payload.exp as number, kid, key: key ?? {} };
        if (key !== undefined) {
            verified.set(token, entry);
        }
        return entry;
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
            caller = await verify(token);
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
