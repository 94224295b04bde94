/**
 * API Gateway REST API Lambda authorizer for Auth0 access tokens. Bundled with esbuild into
 * `dist/bundles/rest-authorizer/index.js`; the bundle is what tests run and what is deployed.
 *
 * Configuration comes from the environment the component derives from the Auth0 API and the
 * route declarations, read once at module scope: a cold start with a bad configuration fails
 * (500) instead of letting requests through.
 */
import { JwtVerifier } from "aws-jwt-verify/jwt-verifier";
import type { JwksCache } from "aws-jwt-verify/jwk";
import type { JwtPayload } from "aws-jwt-verify/jwt-model";
import { CompiledRoutes, PolicyDocument, buildPolicy, compileRoutes, methodArnPrefix, tokenScopes } from "../restRoutes";
import { RestAuthorizerConfig, configFromEnv } from "./restAuthorizerEnv";

export { ENV, configFromEnv } from "./restAuthorizerEnv";
export type { RestAuthorizerConfig } from "./restAuthorizerEnv";

/**
 * Longest `Authorization` value looked at. Auth0 access tokens are about 1 KB; anything far
 * larger is refused before parsing so it costs no CPU.
 */
export const MAX_AUTHORIZATION_LENGTH = 8192;

/** The events API Gateway sends: TOKEN authorizers get the header value, REQUEST ones the headers. */
export interface AuthorizerEvent {
    type?: string;
    methodArn?: string;
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
    let value: unknown;
    if (event.type === "REQUEST") {
        const multi = event.multiValueHeaders ? Object.entries(event.multiValueHeaders).filter(([k]) => k.toLowerCase() === "authorization") : [];
        if (multi.length > 1 || (multi.length === 1 && (multi[0][1]?.length ?? 0) > 1)) {
            return undefined; // two Authorization headers: ambiguous, refuse
        }
        const found = event.headers ? Object.entries(event.headers).filter(([k]) => k.toLowerCase() === "authorization") : [];
        value = found.length === 1 ? found[0][1] : undefined;
    } else if (event.type === "TOKEN") {
        value = event.authorizationToken;
    }
    if (typeof value !== "string" || value.length > MAX_AUTHORIZATION_LENGTH) {
        return undefined;
    }
    // Same shape as the TOKEN authorizer's identity validation expression.
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(value);
    return match ? match[1] : undefined;
}

/**
 * Builds a handler. Production uses the instance created at module scope from the environment
 * with aws-jwt-verify's default (HTTPS-only) JWKS fetcher. Tests pass `jwksCache` to reach a
 * loopback issuer; only code can pass it, no environment variable can.
 */
export function createHandler(config: RestAuthorizerConfig, options: { jwksCache?: JwksCache } = {}): (event: AuthorizerEvent) => Promise<AuthorizerResult> {
    const compiled: CompiledRoutes = compileRoutes(config.routes);
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
        options.jwksCache ? { jwksCache: options.jwksCache } : undefined,
    );

    // Warm invocations verify synchronously against the cached JWKS; only a missing JWKS or an
    // unknown kid goes the async way, which fetches (once per kid, with a penalty box).
    const verify = async (token: string): Promise<JwtPayload> => {
        try {
            return verifier.verifySync(token);
        } catch (err) {
            if (KEY_NOT_CACHED.has(errorName(err))) {
                return verifier.verify(token);
            }
            throw err;
        }
    };

    // Policies depend only on API/stage and scopes: few distinct ones, so reuse them (bounded).
    const policies = new Map<string, PolicyDocument>();
    const policyFor = (prefix: string, scopes: string[]): PolicyDocument => {
        const key = `${prefix} ${scopes.join(" ")}`;
        let policy = policies.get(key);
        if (policy === undefined) {
            if (policies.size >= 256) {
                policies.clear();
            }
            policy = buildPolicy(compiled, prefix, scopes);
            policies.set(key, policy);
        }
        return policy;
    };

    return async (event: AuthorizerEvent): Promise<AuthorizerResult> => {
        const prefix = methodArnPrefix(event?.methodArn);
        const token = event && typeof event === "object" ? bearerToken(event) : undefined;
        if (prefix === undefined) {
            throw unauthorized("no method ARN");
        }
        if (token === undefined) {
            throw unauthorized("no bearer token");
        }
        let payload: JwtPayload;
        try {
            payload = await verify(token);
        } catch (err) {
            // Includes an unreachable JWKS: fail closed.
            throw unauthorized(errorName(err));
        }
        const scopes = tokenScopes(payload);
        const sub = payload.sub as string;
        return {
            principalId: sub,
            policyDocument: policyFor(prefix, scopes),
            context: { sub, scope: scopes.join(" ") },
        };
    };
}

/** The Lambda entry point (`index.handler`). Built once per execution environment, so the JWKS cache survives warm invocations. */
export const handler = createHandler(configFromEnv(process.env));
