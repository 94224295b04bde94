/**
 * Issue 12, findings 1 and 2, through the bundled handler with real tokens from the local
 * OIDC provider: requests in every path form API Gateway can put in a method ARN, routed by a
 * model of API Gateway (every plausible routing where its behaviour is undocumented) and
 * answered through a model of its authorizer result cache.
 */
import { strict as assert } from "assert";
import * as fc from "fast-check";
import { policyAllows, resourceTemplate } from "../../components/apigateway/restRoutes";
import { DeployedMethod, methodArnFor, routings } from "../support/apiGatewayModel";
import { TestIssuer, generateTestKey, startOidcProvider } from "../support/oidcProvider";
import { AUDIENCE, PREFIX, ROUTES, RestAuthorizerBundle, loadBundle, requestEvent } from "./restBundle";
import { IDENTITY_SOURCE } from "../../components/apigateway/RestApiLambdaAuthorizer";

/** The routes of the outside review, plus ANY, greedy and stage-root routes. */
const REVIEW_ROUTES: Record<string, string[]> = {
    "GET /movies/{id}": ["read:Movies"],
    "GET /movies/{id}/reviews": ["read:Reviews"],
    "GET /users": ["admin"],
    "GET /users/{id}": ["read:self"],
    "POST /movies": ["write:Movies"],
    "ANY /files/{proxy+}": ["files"],
    "GET /": ["root"],
};
/** Deployed methods: the declared ones plus one attached to the authorizer but never declared (finding 2). */
const DEPLOYED: DeployedMethod[] = [
    ...Object.keys(REVIEW_ROUTES).map((k) => ({ verb: k.split(" ")[0], path: k.split(" ")[1] })),
    { verb: "GET", path: "/movies/{movieId}/admin/export" },
];
const SCOPE_SETS = ["read:Movies", "read:self", "read:Reviews", "admin", "files", "root", "write:Movies", "read:Movies read:Reviews", "openid"];

type Handler = ReturnType<RestAuthorizerBundle["createHandler"]>;

/** API Gateway's authorizer result cache in front of the handler, keyed by the identity sources. */
function gateway(handler: Handler, key: (token: string, verb: string, path: string) => string) {
    const cache = new Map<string, Awaited<ReturnType<Handler>>>();
    return async (token: string, verb: string, path: string, resource: string): Promise<boolean> => {
        const k = key(token, verb, path);
        let result = cache.get(k);
        if (result === undefined) {
            try {
                result = await handler(requestEvent(`Bearer ${token}`, verb, path, resource));
            } catch (err) {
                // 401 (e.g. a method ARN with a verb API Gateway would not write): not cached.
                assert.equal((err as Error).message, "Unauthorized");
                return false;
            }
            cache.set(k, result);
        }
        return policyAllows(result.policyDocument, methodArnFor(PREFIX, verb, path));
    };
}

const expected = (scopes: string, verb: string, resource: string, methodVerb: string) => {
    const route = Object.keys(REVIEW_ROUTES).find((k) => k.split(" ")[0] === methodVerb && resourceTemplate(k.split(" ")[1]) === resourceTemplate(resource));
    const standard = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].includes(verb);
    return standard && route !== undefined && REVIEW_ROUTES[route].some((s) => scopes.split(" ").includes(s));
};

describe("REST authorizer: every path form, through an API Gateway model (bundled, real tokens)", () => {
    let op: TestIssuer;
    let bundle: RestAuthorizerBundle;
    let handler: Handler;
    const tokens: Record<string, string> = {};

    before(async () => {
        op = await startOidcProvider();
        bundle = loadBundle({ EDGE_AUTH_ISSUER: op.issuer, EDGE_AUTH_AUDIENCE: AUDIENCE, EDGE_AUTH_JWKS_URI: "https://127.0.0.1:9/jwks", EDGE_AUTH_ROUTES: JSON.stringify(ROUTES) });
        handler = bundle.createHandler({ issuer: op.issuer, audience: AUDIENCE, jwksUri: op.jwksUri, routes: REVIEW_ROUTES }, { jwksCache: op.jwksCache() });
        for (const scopes of SCOPE_SETS) {
            tokens[scopes] = await op.issueAccessToken({ audience: AUDIENCE, scope: scopes });
        }
    });

    // Rejections are logged by design; keep the test output readable.
    const warn = console.warn;
    beforeEach(() => { console.warn = () => undefined; });
    afterEach(() => { console.warn = warn; });
    after(() => op.stop());

    it("regression (finding 1): read:Movies cannot GET /movies/tt1/reviews/, read:self cannot GET /users/", async () => {
        const allows = gateway(handler, (t, v, p) => `${t} ${v} /prod${p} prod`);
        assert.equal(await allows(tokens["read:Movies"], "GET", "/movies/tt1/reviews/", "/movies/{id}/reviews"), false);
        assert.equal(await allows(tokens["read:Movies"], "GET", "/movies/tt1/reviews", "/movies/{id}/reviews"), false);
        assert.equal(await allows(tokens["read:self"], "GET", "/users/", "/users"), false);
        assert.equal(await allows(tokens["read:Movies"], "GET", "/movies/tt1/", "/movies/{id}"), true);
        assert.equal(await allows(tokens["admin"], "GET", "/users/", "/users"), true);
    });

    it("regression (finding 2): GET /movies/tt1/admin/export, attached but not declared, is closed to every token", async () => {
        for (const scopes of SCOPE_SETS) {
            const result = await handler(requestEvent(`Bearer ${tokens[scopes]}`, "GET", "/movies/tt1/admin/export", "/movies/{movieId}/admin/export"));
            assert.equal(result.policyDocument.Statement[0].Effect, "Deny", scopes);
        }
    });

    // Paths of the routes, each in every form: as is, trailing slash, doubled slash, an encoded
    // slash in a value, deeper under a {param} or {proxy+}, upper case; plus random segments.
    const known = ["/", "/movies/tt1", "/movies/tt1/reviews", "/users", "/users/u1", "/files/a", "/files/a/b/c", "/movies/tt1/admin/export", "/movies"];
    const form = fc.constantFrom(
        (p: string) => p,
        (p: string) => `${p}/`,
        (p: string) => p.replace("/", "//"),
        (p: string) => p.replace(/\/([^/]+)$/, "//$1"),
        (p: string) => p.replace("tt1", "a%2Fb").replace("u1", "u%2F1"),
        (p: string) => `${p}/deeper`,
        (p: string) => `${p}/reviews/`,
        (p: string) => p.toUpperCase(),
        (p: string) => p.replace(/^\/(.)/, (_m, c: string) => `/${c.toUpperCase()}`),
    );
    const random = fc.tuple(
        fc.array(fc.constantFrom("movies", "users", "files", "reviews", "admin", "export", "tt1", "Movies", "", "a%2Fb"), { maxLength: 5 }),
        fc.boolean(),
    ).map(([segments, slash]) => `/${segments.join("/")}${slash && segments.length > 0 ? "/" : ""}`);
    const pathArb = fc.oneof({ arbitrary: fc.tuple(fc.constantFrom(...known), form).map(([p, f]) => f(p)), weight: 3 }, { arbitrary: random, weight: 1 });
    const requestArb = fc.record({
        scopes: fc.constantFrom(...SCOPE_SETS),
        verb: fc.constantFrom("GET", "GET", "GET", "POST", "PUT", "DELETE", "HEAD", "get", "Get", "OPTIONS"),
        path: pathArb,
    });

    it("allows a request exactly when its routed method is declared and the scopes cover it, whatever the cache already holds", async () => {
        // Identity sources: token, context.httpMethod, context.path (stage included), context.stage.
        const allows = gateway(handler, (t, v, p) => `${t} ${v} /prod${p} prod`);
        let routed = 0;
        await fc.assert(fc.asyncProperty(fc.array(requestArb, { minLength: 1, maxLength: 8 }), async (requests) => {
            for (const r of requests) {
                for (const routing of routings(DEPLOYED, r.verb, r.path)) {
                    routed++;
                    const got = await allows(tokens[r.scopes], r.verb, r.path, routing.resource);
                    assert.equal(got, expected(r.scopes, r.verb, routing.resource, routing.methodVerb), `${r.scopes}: ${r.verb} ${r.path} routed to ${routing.methodVerb} ${routing.resource}`);
                }
            }
        }), { numRuns: 150 });
        assert.ok(routed > 100, `only ${routed} requests reached a method`);
    });

    it("never over-grants even if the cache were keyed by the token alone (a policy names one request)", async () => {
        const allows = gateway(handler, (t) => t);
        await fc.assert(fc.asyncProperty(fc.array(requestArb, { minLength: 1, maxLength: 8 }), async (requests) => {
            for (const r of requests) {
                for (const routing of routings(DEPLOYED, r.verb, r.path)) {
                    const got = await allows(tokens[r.scopes], r.verb, r.path, routing.resource);
                    assert.ok(!got || expected(r.scopes, r.verb, routing.resource, routing.methodVerb), `over-grant ${r.scopes}: ${r.verb} ${r.path}`);
                }
            }
        }), { numRuns: 100 });
    });

    describe("verified-token cache", () => {
        it("honours expiry: a cached token is refused once exp passes", async () => {
            const h = bundle.createHandler({ issuer: op.issuer, audience: AUDIENCE, jwksUri: op.jwksUri, routes: REVIEW_ROUTES }, { jwksCache: op.jwksCache() });
            const token = await op.signToken({ audience: AUDIENCE, scope: "admin", expiresIn: 60 });
            const call = () => h(requestEvent(`Bearer ${token}`, "GET", "/users"));
            assert.equal((await call()).policyDocument.Statement[0].Effect, "Allow");
            const now = Date.now;
            Date.now = () => now() + 61_000;
            try {
                await assert.rejects(call(), /^Error: Unauthorized$/);
            } finally {
                Date.now = now;
            }
        });

        it("never outlives its key: a token of a withdrawn key is refused once the JWKS is refetched", async () => {
            const h = bundle.createHandler({ issuer: op.issuer, audience: AUDIENCE, jwksUri: op.jwksUri, routes: REVIEW_ROUTES }, { jwksCache: op.jwksCache() });
            const doomed = await generateTestKey("doomed-key");
            const next = await generateTestKey("next-key");
            op.publishKey(doomed);
            const old = await op.signToken({ audience: AUDIENCE, scope: "admin", key: doomed });
            const call = (t: string) => h(requestEvent(`Bearer ${t}`, "GET", "/users"));
            assert.equal((await call(old)).policyDocument.Statement[0].Effect, "Allow");
            // The key is withdrawn and a token of the next key makes the handler refetch the JWKS.
            op.withdrawKey("doomed-key");
            op.publishKey(next);
            assert.equal((await call(await op.signToken({ audience: AUDIENCE, scope: "admin", key: next }))).policyDocument.Statement[0].Effect, "Allow");
            await new Promise((done) => setTimeout(done, 60)); // the test penalty box (50 ms)
            await assert.rejects(call(old), /^Error: Unauthorized$/);
        });

        it("keeps answering a rotated-in key's tokens and the old key's tokens while both are published", async () => {
            const h = bundle.createHandler({ issuer: op.issuer, audience: AUDIENCE, jwksUri: op.jwksUri, routes: REVIEW_ROUTES }, { jwksCache: op.jwksCache() });
            const before = await op.signToken({ audience: AUDIENCE, scope: "admin" });
            assert.equal((await h(requestEvent(`Bearer ${before}`, "GET", "/users"))).policyDocument.Statement[0].Effect, "Allow");
            const rotated = await generateTestKey("rotated-in");
            op.publishKey(rotated);
            assert.equal((await h(requestEvent(`Bearer ${await op.signToken({ audience: AUDIENCE, scope: "admin", key: rotated })}`, "GET", "/users"))).policyDocument.Statement[0].Effect, "Allow");
            // The refetched JWKS still has the first key: its token is verified again and passes.
            assert.equal((await h(requestEvent(`Bearer ${before}`, "GET", "/users"))).policyDocument.Statement[0].Effect, "Allow");
        });
    });

    // Issue 19, item 4: one API reached through several hosts. The cache key is computed from
    // the component's own IDENTITY_SOURCE, so the test follows what is deployed.
    describe("hosts: the execute-api host and custom domains with base-path mappings", () => {
        const API = "abcdef1234";
        /** The API's routes here: a catch-all proxy besides literal and parameter routes. */
        const HOST_ROUTES: Record<string, string[]> = { "GET /movies/{id}": ["read:Movies"], "GET /users": ["admin"], "ANY /{proxy+}": ["read:Movies", "admin"] };
        const HOST_DEPLOYED: DeployedMethod[] = Object.keys(HOST_ROUTES).map((k) => ({ verb: k.split(" ")[0], path: k.split(" ")[1] }));
        /**
         * Hosts of one API with stages prod and v2. execute-api: the first segment is the stage.
         * A custom domain: its base-path mappings ("" is the "(none)" mapping), longest first.
         * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mappings.html
         */
        const HOSTS: Record<string, { executeApi: true } | { mappings: Array<{ basePath: string; stage: string }> }> = {
            [`${API}.execute-api.us-east-1.amazonaws.com`]: { executeApi: true },
            "api.example.com": { mappings: [{ basePath: "", stage: "prod" }] },
            "www.example.com": { mappings: [{ basePath: "prod", stage: "v2" }, { basePath: "v1", stage: "prod" }] },
        };
        interface Arrival { domainName: string; stage: string; path: string; contextPaths: string[] }
        /**
         * Where API Gateway sends `sentPath` on `host`: the stage and the path within it (the
         * base path removed, which is what the method ARN carries). `$context.path` is the path
         * as sent for execute-api; for a custom domain the docs do not say whether it keeps the
         * base path, so both readings are returned.
         * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
         */
        function arrive(host: string, sentPath: string): Arrival | undefined {
            const h = HOSTS[host];
            const [, first = "", ...rest] = sentPath.split("/");
            if ("executeApi" in h) {
                return first === "" ? undefined : { domainName: host, stage: first, path: `/${rest.join("/")}`, contextPaths: [sentPath] };
            }
            const mapping = h.mappings.find((m) => m.basePath !== "" && m.basePath === first) ?? h.mappings.find((m) => m.basePath === "");
            if (mapping === undefined) {
                return undefined;
            }
            const path = mapping.basePath === "" ? sentPath : `/${rest.join("/")}`;
            return { domainName: host, stage: mapping.stage, path, contextPaths: [...new Set([sentPath, `/${mapping.stage}${path}`])] };
        }
        /** The cache key API Gateway derives from the identity sources, as configured. */
        function cacheKey(request: { token: string; verb: string; domainName: string; contextPath: string; stage: string }): string {
            const values: Record<string, string> = {
                "method.request.header.Authorization": `Bearer ${request.token}`,
                "context.httpMethod": request.verb,
                "context.path": request.contextPath,
                "context.stage": request.stage,
                "context.domainName": request.domainName,
            };
            return IDENTITY_SOURCE.split(",").map((source) => {
                const value = values[source.trim()];
                assert.ok(value !== undefined, `the model does not know the identity source ${source}`);
                return value;
            }).join("\u0000");
        }

        let hostHandler: Handler;
        before(() => {
            hostHandler = bundle.createHandler({ issuer: op.issuer, audience: AUDIENCE, jwksUri: op.jwksUri, routes: HOST_ROUTES }, { jwksCache: op.jwksCache() });
        });

        /** A gateway whose result cache is keyed as IDENTITY_SOURCE says; answers whether the request is allowed. */
        function hostGateway() {
            const cache = new Map<string, Awaited<ReturnType<Handler>>>();
            return async (token: string, verb: string, arrival: Arrival, contextPath: string, resource: string): Promise<boolean> => {
                const arn = methodArnFor(`arn:aws:execute-api:us-east-1:123456789012:${API}/${arrival.stage}`, verb, arrival.path);
                const key = cacheKey({ token, verb, domainName: arrival.domainName, contextPath, stage: arrival.stage });
                let result = cache.get(key);
                if (result === undefined) {
                    const event = { ...requestEvent(`Bearer ${token}`, verb, arrival.path, resource), methodArn: arn };
                    event.headers.Host = arrival.domainName;
                    try {
                        result = await hostHandler(event);
                    } catch (err) {
                        assert.equal((err as Error).message, "Unauthorized");
                        return false;
                    }
                    cache.set(key, result);
                }
                return policyAllows(result.policyDocument, arn);
            };
        }
        const hostExpected = (scopes: string, verb: string, resource: string, methodVerb: string) => {
            const route = Object.keys(HOST_ROUTES).find((k) => k.split(" ")[0] === methodVerb && k.split(" ")[1] === resource);
            const standard = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].includes(verb);
            return standard && route !== undefined && HOST_ROUTES[route].some((s) => scopes.split(" ").includes(s));
        };

        it("regression: GET /prod/movies/tt1 on the execute-api host, then the same path on a custom domain mapped at its root, both allowed (no false 403)", async () => {
            const allows = hostGateway();
            const token = tokens["read:Movies"];
            const viaApi = arrive(`${API}.execute-api.us-east-1.amazonaws.com`, "/prod/movies/tt1")!;
            assert.equal(await allows(token, "GET", viaApi, viaApi.contextPaths[0], "/movies/{id}"), true);
            // api.example.com maps "(none)" to prod: the same path reaches /{proxy+} with prod/movies/tt1.
            const viaDomain = arrive("api.example.com", "/prod/movies/tt1")!;
            assert.equal(viaDomain.path, "/prod/movies/tt1");
            assert.equal(await allows(token, "GET", viaDomain, "/prod/movies/tt1", "/{proxy+}"), true);
            // www.example.com maps "prod" to stage v2 and "v1" to prod: /prod/users is stage v2's /users.
            const viaWww = arrive("www.example.com", "/prod/users")!;
            assert.deepEqual([viaWww.stage, viaWww.path], ["v2", "/users"]);
            assert.equal(await allows(tokens["admin"], "GET", viaWww, "/prod/users", "/users"), true);
            const viaApiUsers = arrive(`${API}.execute-api.us-east-1.amazonaws.com`, "/prod/users")!;
            assert.equal(await allows(tokens["admin"], "GET", viaApiUsers, "/prod/users", "/users"), true);
        });

        it("allows a request exactly when its routed method is declared and covered, whichever host and base path it came through, whatever the cache holds", async () => {
            const segment = fc.constantFrom("prod", "v1", "v2", "movies", "users", "tt1", "x");
            const requestArb = fc.record({
                scopes: fc.constantFrom("read:Movies", "admin", "openid"),
                verb: fc.constantFrom("GET", "GET", "POST"),
                host: fc.constantFrom(...Object.keys(HOSTS)),
                path: fc.oneof(
                    fc.constantFrom("/prod/movies/tt1", "/movies/tt1", "/prod/users", "/users", "/v1/users", "/v1/movies/tt1", "/prod/prod/users", "/v2/users", "/prod/v1/users"),
                    fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/${s.join("/")}`),
                ),
            });
            let checked = 0;
            // `reading`: which reading of $context.path on custom domains API Gateway has (one for the whole run).
            await fc.assert(fc.asyncProperty(fc.nat(1), fc.array(requestArb, { minLength: 2, maxLength: 10 }), async (reading, requests) => {
                const allows = hostGateway();
                for (const r of requests) {
                    const arrival = arrive(r.host, r.path);
                    if (arrival === undefined) {
                        continue;
                    }
                    const contextPath = arrival.contextPaths[reading % arrival.contextPaths.length];
                    for (const routing of routings(HOST_DEPLOYED, r.verb, arrival.path)) {
                        checked++;
                        const got = await allows(tokens[r.scopes], r.verb, arrival, contextPath, routing.resource);
                        assert.equal(got, hostExpected(r.scopes, r.verb, routing.resource, routing.methodVerb), `${r.scopes}: ${r.verb} https://${r.host}${r.path} (stage ${arrival.stage}, ${arrival.path}, context.path ${contextPath}) routed to ${routing.methodVerb} ${routing.resource}`);
                    }
                }
            }), { numRuns: 300 });
            assert.ok(checked > 200, `only ${checked} requests reached a method`);
        });
    });
});
