/**
 * A real OpenID provider (`oidc-provider`) on 127.0.0.1 that issues RS256 JWT access tokens,
 * standing in for an Auth0 tenant in tests that verify tokens.
 *
 * - `issueAccessToken` gets a token from the provider's token endpoint (client credentials with
 *   a resource indicator, as an Auth0 M2M client asks for an API's token).
 * - `signToken` mints a token with jose and the provider's own key, for shapes a correct
 *   provider never issues (expired, not yet valid, other issuer, other key...).
 * - The JWKS is served by this helper (same keys the provider signs with, plus any published
 *   with `publishKey`), so tests can count fetches, rotate keys and take the JWKS down.
 */
import * as http from "http";
import { AddressInfo } from "net";
import { CryptoKey, JWK, SignJWT, exportJWK, generateKeyPair } from "jose";
import { SimpleJwksCache, SimplePenaltyBox } from "aws-jwt-verify/jwk";

export interface TestKey {
    kid: string;
    privateKey: CryptoKey;
    /** Public JWK with `kid`, `alg: RS256`, `use: sig`. */
    publicJwk: JWK;
}

export interface SignTokenOptions {
    /** `aud`; omit the claim with `null`. @default the first audience issued for, or "urn:test-api" */
    audience?: string | string[] | null;
    /** `scope`, space-separated. @default - no scope claim */
    scope?: string;
    /** Seconds from now until `exp`; negative for an expired token; `null` omits `exp`. @default 300 */
    expiresIn?: number | null;
    /** Seconds from now of `nbf`. @default - no nbf claim */
    notBefore?: number;
    /** `iss`. @default the provider's issuer */
    issuer?: string;
    /** `sub`. @default "test-client@clients" */
    subject?: string;
    /** More claims, merged last. */
    claims?: Record<string, unknown>;
    /** The key to sign with. @default the provider's signing key */
    key?: TestKey;
}

export interface TestIssuer {
    /** `http://127.0.0.1:<port>/`, trailing slash included as with Auth0. */
    readonly issuer: string;
    readonly jwksUri: string;
    readonly tokenEndpoint: string;
    /** The provider's signing key. */
    readonly signingKey: TestKey;
    /** How many times the JWKS was requested. */
    readonly jwksRequests: number;
    /** A token from the provider's token endpoint for `audience` with the requested scopes. */
    issueAccessToken(options: { audience: string; scope?: string }): Promise<string>;
    /** A token minted with jose (provider's key by default). */
    signToken(options?: SignTokenOptions): Promise<string>;
    /** Makes a key appear in the JWKS (key rotation). */
    publishKey(key: TestKey): void;
    /** Removes a key from the JWKS (a withdrawn or compromised key). */
    withdrawKey(kid: string): void;
    /** When false, the JWKS answers 503. */
    setJwksAvailable(available: boolean): void;
    /**
     * A JWKS cache for aws-jwt-verify that fetches from this loopback issuer over http (the
     * library's default fetcher allows https only). Refuses any other host.
     */
    jwksCache(): SimpleJwksCache;
    /** The loopback fetcher alone, for a handler that builds its own JWKS cache. */
    fetcher(): { fetch(uri: string): Promise<ArrayBuffer> };
    stop(): Promise<void>;
}

const CLIENT_ID = "test-client";
const CLIENT_SECRET = "test-client-secret-0123456789abcdef";

/** A fresh RS256 key pair with the given `kid`. */
export async function generateTestKey(kid: string): Promise<TestKey> {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
    return { kid, privateKey, publicJwk };
}

/** Starts the provider on 127.0.0.1 on a free port. */
export async function startOidcProvider(): Promise<TestIssuer> {
    const signingKey = await generateTestKey("test-key-1");
    const privateJwk = { ...(await exportJWK(signingKey.privateKey)), kid: signingKey.kid, alg: "RS256", use: "sig" };
    const published: JWK[] = [signingKey.publicJwk];
    let jwksAvailable = true;
    let jwksRequests = 0;

    const server = http.createServer();
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const port = (server.address() as AddressInfo).port;
    const issuer = `http://127.0.0.1:${port}/`;
    const jwksUri = `${issuer}jwks`;

    const provider = quietly(() => new (loadProvider())(issuer, {
        clients: [{
            client_id: CLIENT_ID,
            client_secret: CLIENT_SECRET,
            grant_types: ["client_credentials"],
            redirect_uris: [],
            response_types: [],
            token_endpoint_auth_method: "client_secret_post",
        }],
        jwks: { keys: [privateJwk] },
        ttl: { ClientCredentials: 300 },
        features: {
            devInteractions: { enabled: false },
            clientCredentials: { enabled: true },
            resourceIndicators: {
                enabled: true,
                defaultResource: () => undefined,
                useGrantedResource: () => true,
                // Grants whatever is requested: the test decides the scopes, as an Auth0 grant would.
                getResourceServerInfo: (ctx: any, resource: string) => ({
                    scope: String(ctx.oidc.params.scope ?? ""),
                    audience: resource,
                    accessTokenTTL: 300,
                    accessTokenFormat: "jwt",
                    jwt: { sign: { alg: "RS256" } },
                }),
            },
        },
    }));
    const callback = provider.callback();
    server.on("request", (req, res) => {
        if (req.url === "/jwks") {
            jwksRequests++;
            if (!jwksAvailable) {
                res.writeHead(503).end();
                return;
            }
            res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: published }));
            return;
        }
        callback(req, res);
    });

    const tokenEndpoint = `${issuer}token`;
    return {
        issuer,
        jwksUri,
        tokenEndpoint,
        signingKey,
        get jwksRequests() {
            return jwksRequests;
        },
        async issueAccessToken({ audience, scope }) {
            const body = new URLSearchParams({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, resource: audience });
            if (scope !== undefined) {
                body.set("scope", scope);
            }
            const response = await fetch(tokenEndpoint, { method: "POST", body });
            const json = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
            if (!response.ok || typeof json.access_token !== "string") {
                throw new Error(`token endpoint answered ${response.status}: ${json.error} ${json.error_description ?? ""}`);
            }
            return json.access_token;
        },
        async signToken(options: SignTokenOptions = {}) {
            const key = options.key ?? signingKey;
            const now = Math.floor(Date.now() / 1000);
            const claims: Record<string, unknown> = { sub: options.subject ?? `${CLIENT_ID}@clients`, client_id: CLIENT_ID };
            const audience = options.audience === undefined ? "urn:test-api" : options.audience;
            if (audience !== null) {
                claims.aud = audience;
            }
            if (options.scope !== undefined) {
                claims.scope = options.scope;
            }
            if (options.notBefore !== undefined) {
                claims.nbf = now + options.notBefore;
            }
            const expiresIn = options.expiresIn === undefined ? 300 : options.expiresIn;
            if (expiresIn !== null) {
                claims.exp = now + expiresIn;
            }
            Object.assign(claims, { iss: options.issuer ?? issuer, iat: now }, options.claims);
            return new SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid: key.kid }).sign(key.privateKey);
        },
        publishKey(key) {
            published.unshift(key.publicJwk);
        },
        withdrawKey(kid) {
            const index = published.findIndex((k) => k.kid === kid);
            if (index >= 0) {
                published.splice(index, 1);
            }
        },
        setJwksAvailable(available) {
            jwksAvailable = available;
        },
        jwksCache() {
            return new SimpleJwksCache({
                fetcher: { fetch: loopbackFetch },
                // Short, so one test's refused kid does not block the next test's refetch.
                penaltyBox: new SimplePenaltyBox({ waitSeconds: 0.05 }),
            });
        },
        fetcher() {
            return { fetch: loopbackFetch };
        },
        async stop() {
            server.closeAllConnections();
            await new Promise<void>((done) => server.close(() => done()));
        },
    };
}

async function loopbackFetch(uri: string): Promise<ArrayBuffer> {
    const url = new URL(uri);
    if (url.protocol !== "http:" || url.hostname !== "127.0.0.1") {
        throw new Error(`loopback fetcher refuses ${uri}`);
    }
    const response = await fetch(url, { signal: AbortSignal.timeout(1500) });
    if (response.status !== 200) {
        throw new Error(`JWKS answered ${response.status}`);
    }
    return response.arrayBuffer();
}

// oidc-provider 9 is ESM-only; Node 20.20 loads it through require (see DOMAIN.md).
export function loadProvider(): any {
    const mod = quietly(() => require("oidc-provider"));
    return mod.default ?? mod;
}

// Its warnings about the Node version and the in-memory adapter are expected in tests.
export function quietly<T>(run: () => T): T {
    const warn = console.warn;
    const log = console.log;
    console.warn = () => undefined;
    console.log = () => undefined;
    try {
        return run();
    } finally {
        console.warn = warn;
        console.log = log;
    }
}
