/**
 * The bundled REST authorizer handler against a real OIDC provider on 127.0.0.1: real RS256
 * access tokens from its token endpoint, AWS-shaped REQUEST events.
 */
import { strict as assert } from "assert";
import { SignJWT, exportSPKI, importJWK } from "jose";
import * as fc from "fast-check";
import { policyAllows } from "../../components/apigateway/restRoutes";
import { TestIssuer, generateTestKey, startOidcProvider } from "../support/oidcProvider";
import * as fs from "fs";
import { AUDIENCE, BUNDLE, ROUTES, RestAuthorizerBundle, bundleSize, loadBundle, methodArn, requestEvent, tokenEvent } from "./restBundle";

/** A request as API Gateway routes it: the resource it matched defaults to the path. */
const event = (authorization: string | undefined, verb: string, path: string, resource?: string) => requestEvent(authorization, verb, path, resource);


type Handler = ReturnType<RestAuthorizerBundle["createHandler"]>;

/** Asserts the handler refused with exactly the error API Gateway maps to 401. */
async function assertUnauthorized(promise: Promise<unknown>): Promise<void> {
    await assert.rejects(promise, (err: unknown) => {
        assert.ok(err instanceof Error, `not an Error: ${String(err)}`);
        assert.equal(err.message, "Unauthorized");
        return true;
    });
}

function b64(value: unknown): string {
    return Buffer.from(JSON.stringify(value)).toString("base64url");
}

describe("REST authorizer handler (bundled, real tokens)", () => {
    let op: TestIssuer;
    let bundle: RestAuthorizerBundle;
    let authorize: Handler;
    const warnings: string[] = [];
    const originalWarn = console.warn;

    /** A handler with its own, empty JWKS cache (a new execution environment). */
    const coldHandler = (overrides: Partial<{ issuer: string; audience: string; jwksUri: string }> = {}) =>
        bundle.createHandler({ issuer: op.issuer, audience: AUDIENCE, jwksUri: op.jwksUri, routes: ROUTES, ...overrides }, { jwksCache: op.jwksCache() });

    before(async () => {
        op = await startOidcProvider();
        // The module-scope handler reads its configuration now; its JWKS URL is https on a closed port.
        bundle = loadBundle({
            EDGE_AUTH_ISSUER: op.issuer,
            EDGE_AUTH_AUDIENCE: AUDIENCE,
            EDGE_AUTH_JWKS_URI: "https://127.0.0.1:9/.well-known/jwks.json",
            EDGE_AUTH_ROUTES: JSON.stringify(ROUTES),
        });
        authorize = coldHandler();
        console.warn = (...args: unknown[]) => { warnings.push(args.map(String).join(" ")); };
    });

    after(async () => {
        console.warn = originalWarn;
        await op.stop();
    });

    describe("valid tokens from the provider's token endpoint", () => {
        it("allows exactly the method ARN of a request the token's scopes permit", async () => {
            const token = await op.issueAccessToken({ audience: AUDIENCE, scope: "read:Movies" });
            const result = await authorize(event(`Bearer ${token}`, "GET", "/movies/tt0111161", "/movies/{id}"));
            assert.deepEqual(result.policyDocument.Statement, [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: [methodArn("GET", "/movies/tt0111161")] }]);
            assert.equal(result.principalId, "test-client");
            assert.deepEqual(result.context, { sub: "test-client", scope: "read:Movies" });
            for (const [verb, path, resource] of [["POST", "/movies", "/movies"], ["GET", "/movies/tt1/reviews", "/movies/{id}/reviews"], ["GET", "/devices", "/devices"]]) {
                const denied = await authorize(event(`Bearer ${token}`, verb, path, resource));
                assert.deepEqual(denied.policyDocument.Statement, [{ Action: "execute-api:Invoke", Effect: "Deny", Resource: [methodArn(verb, path)] }], `${verb} ${path}`);
            }
        });

        it("refuses TOKEN events (their cache key is the token alone), with 401", async () => {
            const token = await op.issueAccessToken({ audience: AUDIENCE, scope: "read:Movies" });
            warnings.length = 0;
            await assertUnauthorized(authorize(tokenEvent(`Bearer ${token}`, "GET", "/movies")));
            assert.deepEqual(JSON.parse(warnings[0]), { message: "token rejected", reason: "TOKEN event: configure a REQUEST authorizer" });
        });

        it("finds the header in a REQUEST event whatever its case", async () => {
            const token = await op.issueAccessToken({ audience: AUDIENCE, scope: "read:Movies" });
            const e = requestEvent(undefined, "GET", "/movies");
            (e.headers as Record<string, string>)["authorization"] = `Bearer ${token}`;
            const result = await authorize(e);
            assert.equal(policyAllows(result.policyDocument, methodArn("GET", "/movies")), true);
        });

        it("denies (403, not 401) a valid token whose scopes allow no route", async () => {
            const token = await op.issueAccessToken({ audience: AUDIENCE, scope: "openid" });
            const result = await authorize(event(`Bearer ${token}`, "GET", "/movies"));
            assert.deepEqual(result.policyDocument.Statement, [{ Action: "execute-api:Invoke", Effect: "Deny", Resource: [methodArn("GET", "/movies")] }]);
        });

        it("accepts Auth0's aud array (API and /userinfo) and an scp array", async () => {
            const token = await op.signToken({ audience: [AUDIENCE, `${op.issuer}userinfo`], claims: { scp: ["read:Devices"] } });
            const result = await authorize(event(`Bearer ${token}`, "GET", "/devices"));
            assert.equal(policyAllows(result.policyDocument, methodArn("GET", "/devices")), true);
        });

        it("fetches the JWKS once and keeps it across warm invocations", async () => {
            const handler = coldHandler();
            const token = await op.issueAccessToken({ audience: AUDIENCE, scope: "read:Movies" });
            const before = op.jwksRequests;
            for (let i = 0; i < 20; i++) {
                await handler(event(`Bearer ${token}`, "GET", "/movies"));
            }
            assert.equal(op.jwksRequests - before, 1);
        });

        it("refetches the JWKS for a new kid and accepts a rotated key", async () => {
            const handler = coldHandler();
            await handler(event(`Bearer ${await op.issueAccessToken({ audience: AUDIENCE, scope: "read:Movies" })}`, "GET", "/movies"));
            const rotated = await generateTestKey("test-key-rotated");
            op.publishKey(rotated);
            const before = op.jwksRequests;
            const token = await op.signToken({ audience: AUDIENCE, scope: "read:Movies", key: rotated });
            const result = await handler(event(`Bearer ${token}`, "GET", "/movies"));
            assert.equal(policyAllows(result.policyDocument, methodArn("GET", "/movies")), true);
            assert.equal(op.jwksRequests - before, 1);
        });
    });

    describe("rejects with exactly Unauthorized (401)", () => {
        const valid = (overrides = {}) => op.signToken({ audience: AUDIENCE, scope: "read:Movies", ...overrides });
        const call = (authorization: string | undefined) => authorize(event(authorization, "GET", "/movies"));

        it("an expired token", async () => {
            await assertUnauthorized(call(`Bearer ${await valid({ expiresIn: -60 })}`));
        });

        it("a token not yet valid (nbf in the future)", async () => {
            await assertUnauthorized(call(`Bearer ${await valid({ notBefore: 120 })}`));
        });

        it("a token without exp", async () => {
            await assertUnauthorized(call(`Bearer ${await valid({ expiresIn: null })}`));
        });

        it("a wrong issuer: the same host without the trailing slash", async () => {
            await assertUnauthorized(call(`Bearer ${await valid({ issuer: op.issuer.replace(/\/$/, "") })}`));
        });

        it("a wrong issuer: another host, trailing slash included", async () => {
            await assertUnauthorized(call(`Bearer ${await valid({ issuer: "https://evil.example.com/" })}`));
        });

        it("a wrong audience", async () => {
            await assertUnauthorized(call(`Bearer ${await op.issueAccessToken({ audience: "urn:other-api", scope: "read:Movies" })}`));
        });

        it("a token without sub", async () => {
            await assertUnauthorized(call(`Bearer ${await valid({ claims: { sub: undefined } })}`));
        });

        it("alg: none, unsigned or with a made-up signature", async () => {
            const header = b64({ alg: "none", typ: "JWT", kid: op.signingKey.kid });
            const payload = b64({ iss: op.issuer, aud: AUDIENCE, sub: "x", scope: "read:Movies", exp: Math.floor(Date.now() / 1000) + 300 });
            await assertUnauthorized(call(`Bearer ${header}.${payload}.`));
            await assertUnauthorized(call(`Bearer ${header}.${payload}.c2lnbmF0dXJl`));
        });

        it("HS256 signed with the public key as the secret", async () => {
            const publicKey = await importJWK(op.signingKey.publicJwk, "RS256", { extractable: true });
            const pem = await exportSPKI(publicKey as any);
            for (const secret of [pem, JSON.stringify(op.signingKey.publicJwk)]) {
                const token = await new SignJWT({ iss: op.issuer, aud: AUDIENCE, sub: "x", scope: "read:Movies" })
                    .setProtectedHeader({ alg: "HS256", kid: op.signingKey.kid })
                    .setExpirationTime("5m")
                    .sign(new TextEncoder().encode(secret));
                await assertUnauthorized(call(`Bearer ${token}`));
            }
        });

        it("an unknown kid, after trying a JWKS refetch", async () => {
            const rogue = await generateTestKey("rogue-key");
            const before = op.jwksRequests;
            await assertUnauthorized(call(`Bearer ${await valid({ key: rogue })}`));
            assert.equal(op.jwksRequests - before, 1);
        });

        it("a known kid with a signature from another key", async () => {
            const rogue = await generateTestKey(op.signingKey.kid);
            await assertUnauthorized(call(`Bearer ${await valid({ key: rogue })}`));
        });

        it("a tampered payload (scopes added to a real token)", async () => {
            const token = await op.issueAccessToken({ audience: AUDIENCE, scope: "read:Devices" });
            const [header, payload, signature] = token.split(".");
            const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
            const tampered = b64({ ...claims, scope: "read:Devices read:Movies write:Movies" });
            await assertUnauthorized(call(`Bearer ${header}.${tampered}.${signature}`));
        });

        it("garbage", async () => {
            for (const value of ["Bearer not-a-jwt", "Bearer a.b.c", "Bearer ...", "Basic dXNlcjpwYXNz", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.e30", "bearer-token", "Bearer \u0000.\u0000.\u0000"]) {
                await assertUnauthorized(call(value));
            }
        });

        it("a real token without the Bearer scheme", async () => {
            await assertUnauthorized(call(await valid()));
            await assertUnauthorized(call(`Token ${await valid()}`));
        });

        it("empty and missing tokens", async () => {
            await assertUnauthorized(call(""));
            await assertUnauthorized(call("Bearer "));
            await assertUnauthorized(call(undefined));
            await assertUnauthorized(authorize(requestEvent(undefined, "GET", "/movies")));
        });

        it("two Authorization headers in a REQUEST event", async () => {
            const token = await valid();
            const e = requestEvent(`Bearer ${token}`, "GET", "/movies");
            e.multiValueHeaders.Authorization = [`Bearer ${token}`, "Bearer other.token.here"];
            await assertUnauthorized(authorize(e));
        });

        it("an oversized header, without fetching keys", async () => {
            const token = await valid({ claims: { padding: "x".repeat(9000) } });
            const before = op.jwksRequests;
            await assertUnauthorized(call(`Bearer ${token}`));
            assert.equal(op.jwksRequests, before);
        });

        it("an event that is not a TOKEN or REQUEST event, or lacks a method ARN", async () => {
            const token = await valid();
            await assertUnauthorized(authorize({ type: "COGNITO", authorizationToken: `Bearer ${token}`, methodArn: methodArn("GET", "/movies") }));
            await assertUnauthorized(authorize({ ...requestEvent(`Bearer ${token}`, "GET", "/movies"), methodArn: undefined }));
            await assertUnauthorized(authorize(null as any));
        });

        it("a valid token when the JWKS is down (fails closed)", async () => {
            const handler = coldHandler();
            op.setJwksAvailable(false);
            try {
                await assertUnauthorized(handler(event(`Bearer ${await valid()}`, "GET", "/movies")));
            } finally {
                op.setJwksAvailable(true);
            }
        });

        it("a valid token when the JWKS host refuses connections (deployed handler, default https fetcher)", async () => {
            await assertUnauthorized(bundle.handler(event(`Bearer ${await valid()}`, "GET", "/movies")));
        });
    });

    it("is one self-contained file of at most 30 KB (only Node built-ins required)", () => {
        assert.ok(bundleSize() <= 30 * 1024, `bundle is ${bundleSize()} bytes`);
        const required = [...fs.readFileSync(BUNDLE, "utf8").matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
        const builtins = new Set(require("module").builtinModules as string[]);
        assert.deepEqual(required.filter((r) => !builtins.has(r.replace(/^node:/, ""))), []);
        assert.ok(required.length > 0, "the JWKS fetcher needs node:https");
    });

    // Issue 19, item 7: aws-jwt-verify's SimplePenaltyBox blocked every refetch for 10 s after
    // one unknown kid. The handler's own box (KidPenaltyBox) decides per kid, still bounded.
    describe("junk kids and key rotation (the handler's own JWKS cache, loopback fetcher)", () => {
        const ownCache = (keyFetchLimit?: object) => bundle.createHandler(
            { issuer: op.issuer, audience: AUDIENCE, jwksUri: op.jwksUri, routes: ROUTES }, { fetcher: op.fetcher(), keyFetchLimit });
        const call = (h: Handler, token: string) => h(event(`Bearer ${token}`, "GET", "/movies"));
        const allowed = async (h: Handler, token: string) => policyAllows((await call(h, token)).policyDocument, methodArn("GET", "/movies"));
        /** A token properly signed (RS256) with a key the issuer never published: a junk kid. */
        const junk = async (kid: string) => op.signToken({ audience: AUDIENCE, scope: "read:Movies", key: await generateTestKey(kid) });
        /** The cheap kind: a made-up kid and signature (the kid is looked up before the signature). */
        const forged = (kid: string) => `${b64({ alg: "RS256", typ: "JWT", kid })}.${b64({ iss: op.issuer, aud: AUDIENCE, sub: "x", scope: "read:Movies", exp: Math.floor(Date.now() / 1000) + 300 })}.c2lnbmF0dXJl`;

        it("GIVEN a junk-kid token WHEN a token of a just-published key follows THEN it is allowed at once", async () => {
            const h = ownCache();
            assert.equal(await allowed(h, await op.signToken({ audience: AUDIENCE, scope: "read:Movies" })), true);
            const before = op.jwksRequests;
            await assertUnauthorized(call(h, await junk("junk-kid-1")));
            const fresh = await generateTestKey("just-published-1");
            op.publishKey(fresh);
            assert.equal(await allowed(h, await op.signToken({ audience: AUDIENCE, scope: "read:Movies", key: fresh })), true);
            assert.equal(op.jwksRequests - before, 2, "one refetch for the junk kid, one for the new key");
            // The junk kid itself is not refetched while it backs off.
            await assertUnauthorized(call(h, await junk("junk-kid-1")));
            assert.equal(op.jwksRequests - before, 2);
        });

        it("GIVEN a flood of distinct junk kids THEN refetches stop at the bound, and a new key's tokens still pass by their third request", async () => {
            const h = ownCache();
            assert.equal(await allowed(h, await op.signToken({ audience: AUDIENCE, scope: "read:Movies" })), true); // cold start: 1 fetch
            const before = op.jwksRequests;
            await assertUnauthorized(call(h, await junk("junk-flood-signed")));
            for (let i = 0; i < 40; i++) {
                await assertUnauthorized(call(h, forged(`junk-flood-${i}`)));
            }
            // Burst 3 (the cold start's fetch found its kid: no cost); junk took 2, the last is kept for a recurring kid.
            assert.equal(op.jwksRequests - before, 2);
            const fresh = await generateTestKey("just-published-2");
            op.publishKey(fresh);
            const token = await op.signToken({ audience: AUDIENCE, scope: "read:Movies", key: fresh });
            await assertUnauthorized(call(h, token));
            await assertUnauthorized(call(h, token));
            assert.equal(await allowed(h, token), true);
            assert.equal(op.jwksRequests - before, 3);
            for (let i = 0; i < 40; i++) {
                await assertUnauthorized(call(h, forged(`junk-after-${i}`)));
            }
            assert.equal(op.jwksRequests - before, 3, "only the reserve left: junk fetches nothing until the next refill");
        });

        it("GIVEN junk for minutes (virtual clock) THEN refetches stay within 3 + one per 10 s", async () => {
            let clock = 0;
            const h = ownCache({ now: () => clock });
            const before = op.jwksRequests;
            for (let second = 0; second < 120; second++) {
                clock = second * 1000;
                for (let i = 0; i < 5; i++) {
                    await assertUnauthorized(call(h, forged(`junk-minutes-${second}-${i}`)));
                }
            }
            const fetches = op.jwksRequests - before;
            assert.ok(fetches >= 10 && fetches <= 3 + 12, `${fetches} JWKS fetches in 120 s`);
        });
    });

    describe("configuration read at cold start", () => {
        const env = () => ({ EDGE_AUTH_ISSUER: op.issuer, EDGE_AUTH_AUDIENCE: AUDIENCE, EDGE_AUTH_JWKS_URI: "https://127.0.0.1:9/jwks", EDGE_AUTH_ROUTES: JSON.stringify(ROUTES) });

        it("fails the cold start on a missing variable", () => {
            assert.throws(() => loadBundle({ ...env(), EDGE_AUTH_AUDIENCE: "" }), /EDGE_AUTH_AUDIENCE is not set/);
        });

        it("refuses a JWKS URL that is not https", () => {
            assert.throws(() => loadBundle({ ...env(), EDGE_AUTH_JWKS_URI: op.jwksUri }), /EDGE_AUTH_JWKS_URI must be an https URL/);
        });

        it("refuses a routes map that is not JSON or not scopes", () => {
            assert.throws(() => loadBundle({ ...env(), EDGE_AUTH_ROUTES: "{" }), /EDGE_AUTH_ROUTES is not JSON/);
            assert.throws(() => loadBundle({ ...env(), EDGE_AUTH_ROUTES: "{\"GET /x\": \"read:x\"}" }), /must map route keys to lists of scopes/);
        });
    });

    it("never logs a token or its claims", async () => {
        warnings.length = 0;
        const writes: string[] = [];
        const stdout = process.stdout.write.bind(process.stdout);
        const stderr = process.stderr.write.bind(process.stderr);
        const log = console.log;
        const error = console.error;
        const capture = (chunk: any) => { writes.push(String(chunk)); return true; };
        process.stdout.write = capture as any;
        process.stderr.write = capture as any;
        console.log = (...a: unknown[]) => { writes.push(a.map(String).join(" ")); };
        console.error = console.log;
        const secrets: string[] = [];
        try {
            const good = await op.issueAccessToken({ audience: AUDIENCE, scope: "read:Movies" });
            const expired = await op.signToken({ audience: AUDIENCE, scope: "read:Movies", expiresIn: -5, subject: "sub-that-must-not-leak" });
            const wrongIss = await op.signToken({ audience: AUDIENCE, issuer: "https://issuer-that-must-not-leak.example/" });
            secrets.push(good, expired, wrongIss, "sub-that-must-not-leak", "issuer-that-must-not-leak");
            await authorize(event(`Bearer ${good}`, "GET", "/movies"));
            await assertUnauthorized(authorize(event(`Bearer ${expired}`, "GET", "/movies")));
            await assertUnauthorized(authorize(event(`Bearer ${wrongIss}`, "GET", "/movies")));
            await assertUnauthorized(authorize(event(`Bearer ${good}x`, "GET", "/movies")));
        } finally {
            process.stdout.write = stdout;
            process.stderr.write = stderr;
            console.log = log;
            console.error = error;
        }
        const output = [...writes, ...warnings].join("\n");
        // Each rejection is logged with what failed, as aws-jwt-verify's error class names it.
        assert.deepEqual(warnings.map((w) => JSON.parse(w)), [
            { message: "token rejected", reason: "JwtExpiredError" },
            { message: "token rejected", reason: "JwtInvalidIssuerError" },
            { message: "token rejected", reason: "JwtInvalidSignatureError" },
        ]);
        for (const secret of secrets) {
            const parts = secret.includes(".") ? secret.split(".").filter((p) => p.length > 8) : [secret];
            for (const part of parts) {
                assert.ok(!output.includes(part), `log output contains ${part.slice(0, 20)}...`);
            }
        }
    });

    describe("fuzzing the token string", () => {
        // Whatever the string, the handler either refuses with exactly "Unauthorized" or, never,
        // returns a policy that allows something.
        async function neverAllows(authorization: string): Promise<void> {
            try {
                const result = await authorize(event(authorization, "GET", "/movies"));
                assert.ok(!result.policyDocument.Statement.some((s) => s.Effect === "Allow"), `allowed ${authorization}`);
            } catch (err) {
                assert.ok(err instanceof Error && err.message === "Unauthorized", `threw ${String(err)}`);
            }
        }

        it("arbitrary strings, with and without the Bearer scheme", async () => {
            await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ unit: "binary" }), fc.string().map((s) => `Bearer ${s}`)), neverAllows), { numRuns: 300 });
        });

        it("JWT-shaped strings with arbitrary header and payload JSON", async () => {
            const segment = fc.jsonValue().map((v) => b64(v));
            const kid = fc.constantFrom(op.signingKey.kid, "other", "");
            const header = fc.record({ alg: fc.constantFrom("RS256", "none", "HS256", "ES256", "PS256"), kid, typ: fc.constantFrom("JWT", "at+jwt") }).map(b64);
            const signature = fc.uint8Array({ minLength: 0, maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString("base64url"));
            await fc.assert(fc.asyncProperty(fc.oneof(header, segment), segment, signature, (h, p, s) => neverAllows(`Bearer ${h}.${p}.${s}`)), { numRuns: 300 });
        });

        it("arbitrary event shapes around a real token", async () => {
            const token = await op.signToken({ audience: AUDIENCE, scope: "read:Movies" });
            const bearer = `Bearer ${token}`;
            const likely = <T>(value: T) => fc.oneof({ arbitrary: fc.constant(value), weight: 3 }, { arbitrary: fc.anything(), weight: 1 });
            const authorization = likely(bearer);
            const shapes = fc.record({
                type: fc.oneof(fc.constantFrom("TOKEN", "REQUEST"), fc.anything()),
                methodArn: fc.oneof({ arbitrary: fc.constant(methodArn("GET", "/movies")), weight: 3 }, { arbitrary: fc.string(), weight: 1 }, { arbitrary: fc.anything(), weight: 1 }),
                resource: likely("/movies"),
                httpMethod: likely("GET"),
                authorizationToken: authorization,
                headers: fc.oneof(fc.record({ Authorization: authorization }), fc.dictionary(fc.constantFrom("authorization", "AUTHORIZATION", "x"), authorization), fc.anything()),
                multiValueHeaders: fc.oneof(fc.constant(null), fc.dictionary(fc.constantFrom("Authorization", "authorization"), fc.array(authorization)), fc.anything()),
            }, { requiredKeys: [] });
            // Allowed only when the token sits where a REQUEST event has it and the event names
            // the declared route; anything else is a Deny or exactly "Unauthorized".
            const presented = (e: any) => e.methodArn === methodArn("GET", "/movies") && e.resource === "/movies" && e.httpMethod === "GET" && (
                (e.type === "REQUEST" && e.headers && typeof e.headers === "object"
                    && Object.entries(e.headers).filter(([k]) => k.toLowerCase() === "authorization").length === 1
                    && Object.entries(e.headers).some(([k, v]) => k.toLowerCase() === "authorization" && v === bearer)));
            let answered = 0;
            await fc.assert(fc.asyncProperty(shapes, async (e) => {
                try {
                    const result = await authorize(e as any);
                    if (policyAllows(result.policyDocument, methodArn("GET", "/movies"))) {
                        answered++;
                        assert.ok(presented(e), `allowed ${JSON.stringify(e).slice(0, 200)}`);
                    }
                } catch (err) {
                    if (err instanceof assert.AssertionError) {
                        throw err;
                    }
                    assert.ok(err instanceof Error && err.message === "Unauthorized", `threw ${String(err)}`);
                }
            }), { numRuns: 500 });
            assert.ok(answered > 0, "some generated events carried the token and route correctly");
        });

        it("real tokens with one character of header or payload changed", async () => {
            const token = await op.signToken({ audience: AUDIENCE, scope: "read:Movies write:Movies" });
            const [header, payload, signature] = token.split(".");
            const signed = `${header}.${payload}`;
            const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            await fc.assert(fc.asyncProperty(fc.nat({ max: signed.length - 1 }), fc.constantFrom(...alphabet), async (i, c) => {
                fc.pre(signed[i] !== "." && signed[i] !== c);
                const mutated = `${signed.slice(0, i)}${c}${signed.slice(i + 1)}`;
                await neverAllows(`Bearer ${mutated}.${signature}`);
            }), { numRuns: 300 });
        });
    });
});
