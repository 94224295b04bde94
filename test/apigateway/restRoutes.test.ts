import { strict as assert } from "assert";
import * as fc from "fast-check";
import {
    MethodScopes, allowedRoutes, buildPolicy, compileRoutes, globMatches, methodArnPrefix, patternsIntersect, parseRouteKey, policyAllows, shadowedRoutes, tokenScopes, validateRoutes,
} from "../../components/apigateway/restRoutes";

const PREFIX = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod";
const arn = (verb: string, path: string) => `${PREFIX}/${verb}${path}`;
const declared = ["read:Movies", "write:Movies", "read:Devices", "read:Reviews"];
const requireScopes = (argument: string, scopes: readonly string[]) => {
    for (const s of scopes) {
        if (!declared.includes(s)) {
            throw new Error(`${argument} ${s} unknown`);
        }
    }
    return [...scopes];
};

describe("restRoutes (pure)", () => {
    describe("parseRouteKey", () => {
        it("turns path parameters and ANY into IAM wildcards", () => {
            assert.deepEqual(parseRouteKey("r", "GET /movies/{id}"), { key: "GET /movies/{id}", verb: "GET", path: "/movies/{id}", resource: "GET/movies/*", resources: ["GET/movies/*"] });
            assert.deepEqual(parseRouteKey("r", "ANY /files/{proxy+}").resources, ["GET/files/*", "POST/files/*", "PUT/files/*", "PATCH/files/*", "DELETE/files/*", "HEAD/files/*", "OPTIONS/files/*", "ANY/files/*"]);
            assert.equal(parseRouteKey("r", "GET /").resource, "GET/");
            assert.equal(parseRouteKey("r", "get  /movies").key, "GET /movies");
        });

        const bad: Array<[string, unknown, RegExp]> = [
            ["an empty key", "", /r "" is empty/],
            ["a key without a path", "GET", /r "GET" is not "<METHOD> <path>"/],
            ["an unknown method", "FETCH /x", /has an unknown method "FETCH"\. Fix: use one of GET, POST, PUT, PATCH, DELETE, HEAD, ANY/],
            ["OPTIONS (CORS preflight)", "OPTIONS /movies", /puts CORS preflight behind the authorizer\. Fix: browsers send no token with OPTIONS/],
            ["a path without a leading slash", "GET movies", /has a path without a leading '\/'\. Fix: write "GET \/movies"/],
            ["a trailing slash", "GET /movies/", /has a trailing '\/'\. Fix: write "GET \/movies"/],
            ["an empty segment", "GET /a//b", /has an empty path segment/],
            ["a greedy parameter before the end", "GET /{p+}/x", /has the greedy parameter \{p\+\} before the end/],
            ["a wildcard in a literal", "GET /movies/*", /has an invalid path segment "\*"/],
            ["a parameter named twice", "GET /a/{id}/b/{id}", /names the parameter \{id\} twice/],
        ];
        for (const [what, key, message] of bad) {
            it(`rejects ${what}`, () => assert.throws(() => parseRouteKey("r", key), message));
        }
    });

    describe("validateRoutes", () => {
        it("returns the method-to-scopes map with normalised keys", () => {
            assert.deepEqual(validateRoutes({ "get /movies": { scopes: ["read:Movies"] }, "POST /movies": { scopes: ["write:Movies"] } }, requireScopes),
                { "GET /movies": ["read:Movies"], "POST /movies": ["write:Movies"] });
        });
        it("rejects no routes", () => assert.throws(() => validateRoutes({}, requireScopes), /routes \{\} is empty/));
        it("rejects a route without scopes", () => assert.throws(() => validateRoutes({ "GET /x": { scopes: [] } }, requireScopes), /routes\["GET \/x"\]\.scopes \[\] is empty/));
        it("rejects a repeated scope", () => assert.throws(() => validateRoutes({ "GET /x": { scopes: ["read:Movies", "read:Movies"] } }, requireScopes), /repeats a scope/));
        it("rejects the same route under two parameter names", () => assert.throws(
            () => validateRoutes({ "GET /m/{id}": { scopes: ["read:Movies"] }, "GET /m/{movieId}": { scopes: ["read:Movies"] } }, requireScopes),
            /routes\["GET \/m\/\{movieId\}"\] "GET \/m\/\{movieId\}" is the same route as "GET \/m\/\{id\}"/));
        it("checks scopes through the API", () => assert.throws(() => validateRoutes({ "GET /x": { scopes: ["read:Moovies"] } }, requireScopes), /routes\["GET \/x"\]\.scopes read:Moovies unknown/));
    });

    describe("globMatches (IAM wildcards)", () => {
        it("lets * span slashes, as IAM does", () => {
            assert.equal(globMatches("GET/movies/*", "GET/movies/1/reviews"), true);
            assert.equal(globMatches("GET/movies/*", "GET/movies"), false);
            assert.equal(globMatches("*/movies", "DELETE/movies"), true);
            assert.equal(globMatches("GET/movies", "GET/movies/1"), false);
        });
        it("agrees with a regular expression on random inputs", () => {
            fc.assert(fc.property(fc.stringMatching(/^[ab*/]{0,8}$/), fc.stringMatching(/^[ab/]{0,10}$/), (pattern, text) => {
                const regex = new RegExp(`^${pattern.replace(/[/]/g, "\\/").replace(/\*/g, ".*")}$`);
                assert.equal(globMatches(pattern, text), regex.test(text));
            }), { numRuns: 500 });
        });
    });

    describe("patternsIntersect (IAM globs)", () => {
        it("finds a string both patterns match", () => {
            assert.equal(patternsIntersect("GET/a/*", "GET/*"), true);
            assert.equal(patternsIntersect("GET/a/*", "GET/b/*"), false);
            assert.equal(patternsIntersect("GET/movies", "GET/movies/*"), false);
            assert.equal(patternsIntersect("GET/*/reviews", "GET/movies/*"), true);
        });
        it("agrees with a search over short strings", () => {
            const texts: string[] = [""];
            for (let n = 1; n <= 6; n++) {
                for (const t of texts.filter((x) => x.length === n - 1)) {
                    texts.push(`${t}a`, `${t}/`);
                }
            }
            fc.assert(fc.property(fc.stringMatching(/^[a/*]{0,4}$/), fc.stringMatching(/^[a/*]{0,4}$/), (a, b) => {
                assert.equal(patternsIntersect(a, b), texts.some((t) => globMatches(a, t) && globMatches(b, t)), `${a} & ${b}`);
            }), { numRuns: 500 });
        });
    });

    describe("methodArnPrefix", () => {
        it("keeps the API and stage of a method ARN", () => {
            assert.equal(methodArnPrefix(arn("GET", "/movies/1")), PREFIX);
            assert.equal(methodArnPrefix(arn("GET", "/")), PREFIX);
            assert.equal(methodArnPrefix("arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc/dev/POST/x"), "arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc/dev");
        });
        it("refuses anything else", () => {
            for (const bad of [undefined, 42, "", "arn:aws:lambda:us-east-1:123456789012:function:x", `${PREFIX}`, "arn:aws:execute-api:us-east-1:123:abc/prod/GET/x"]) {
                assert.equal(methodArnPrefix(bad), undefined, String(bad));
            }
        });
    });

    describe("tokenScopes", () => {
        it("reads Auth0's space-separated scope and an scp array", () => {
            assert.deepEqual(tokenScopes({ scope: "openid read:Movies  read:Devices" }), ["openid", "read:Movies", "read:Devices"]);
            assert.deepEqual(tokenScopes({ scp: ["read:Movies", 7, ""] }), ["read:Movies"]);
            assert.deepEqual(tokenScopes({ scope: "a b", scp: "b c" }), ["a", "b", "c"]);
            assert.deepEqual(tokenScopes({ scope: { a: 1 } }), []);
        });
    });

    describe("buildPolicy", () => {
        const routes: MethodScopes = {
            "GET /movies": ["read:Movies"],
            "GET /movies/{id}": ["read:Movies"],
            "POST /movies": ["write:Movies"],
            "GET /movies/{id}/reviews": ["read:Reviews"],
            "GET /devices": ["read:Devices", "write:Movies"],
        };
        const compiled = compileRoutes(routes);

        it("allows every route any one of whose scopes the token has", () => {
            const policy = buildPolicy(compiled, PREFIX, ["read:Movies"]);
            assert.deepEqual(policy.Statement[0], { Action: "execute-api:Invoke", Effect: "Allow", Resource: [arn("GET", "/movies"), arn("GET", "/movies/*")] });
            assert.deepEqual(allowedRoutes(compiled, ["write:Movies"]), ["POST /movies", "GET /devices"]);
        });

        it("denies a declared route that an allowed wildcard would otherwise cover", () => {
            const policy = buildPolicy(compiled, PREFIX, ["read:Movies"]);
            assert.deepEqual(policy.Statement[1], { Action: "execute-api:Invoke", Effect: "Deny", Resource: [arn("GET", "/movies/*/reviews")] });
            assert.equal(policyAllows(policy, arn("GET", "/movies/42")), true);
            assert.equal(policyAllows(policy, arn("GET", "/movies/42/reviews")), false);
        });

        it("adds no Deny when nothing covered is refused", () => {
            const policy = buildPolicy(compiled, PREFIX, ["read:Movies", "read:Reviews"]);
            assert.equal(policy.Statement.length, 1);
            assert.equal(policyAllows(policy, arn("GET", "/movies/42/reviews")), true);
        });

        it("returns a single Deny for a token that may call nothing", () => {
            const policy = buildPolicy(compiled, PREFIX, ["openid"]);
            assert.deepEqual(policy.Statement, [{ Action: "execute-api:Invoke", Effect: "Deny", Resource: [`${PREFIX}/*`] }]);
        });

        it("never allows a method of another API or stage", () => {
            const policy = buildPolicy(compiled, PREFIX, ["read:Movies", "write:Movies", "read:Devices", "read:Reviews"]);
            assert.equal(policyAllows(policy, "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/test/GET/movies"), false);
            assert.equal(policyAllows(policy, "arn:aws:execute-api:us-east-1:123456789012:otherapi99/prod/GET/movies"), false);
        });

        // The property that makes caching safe: for any scopes, the one policy answers every
        // declared route's concrete requests as the scopes say, whichever method came first.
        it("decides every route's requests as its scopes say, for any scopes", () => {
            const requests: Array<[string, string, string]> = [
                ["GET", "/movies", "GET /movies"],
                ["GET", "/movies/7", "GET /movies/{id}"],
                ["POST", "/movies", "POST /movies"],
                ["GET", "/movies/7/reviews", "GET /movies/{id}/reviews"],
                ["GET", "/devices", "GET /devices"],
            ];
            fc.assert(fc.property(fc.subarray([...declared, "openid"]), (scopes) => {
                const policy = buildPolicy(compiled, PREFIX, scopes);
                for (const [verb, path, key] of requests) {
                    const expected = routes[key].some((s) => scopes.includes(s));
                    assert.equal(policyAllows(policy, arn(verb, path)), expected, `${verb} ${path} with ${scopes.join(" ")}`);
                }
            }));
        });

        it("lists ANY verb by verb, without the verbs its path has explicit methods for", () => {
            const any = compileRoutes({ "ANY /b": ["s"], "POST /b": ["t"] });
            assert.deepEqual(any.routes[0].resources, ["GET/b", "PUT/b", "PATCH/b", "DELETE/b", "HEAD/b", "OPTIONS/b", "ANY/b"]);
            // '*' in the verb position would also match POST/a/b.
            assert.equal(policyAllows(buildPolicy(compileRoutes({ "ANY /b": ["s"], "POST /{p+}": ["t"] }), PREFIX, ["s"]), arn("POST", "/a/b")), false);
        });

        it("denies a greedy route that a parameter's wildcard would reach", () => {
            const compiled = compileRoutes({ "GET /a/{id}": ["s"], "GET /{proxy+}": ["t"] });
            assert.equal(policyAllows(buildPolicy(compiled, PREFIX, ["s"]), arn("GET", "/a/b/c")), false);
        });
    });

    // A model of how API Gateway picks the method for a request: the most specific matching
    // resource (segment by segment: literal, then {param}, then {greedy+}), then the explicit
    // method, else ANY. Against it, for random route tables, scopes and requests: the policy
    // never allows a request whose route the scopes do not permit, and it is exact unless
    // shadowedRoutes reported the table.
    describe("against a model of API Gateway's route selection", () => {
        const rank = (segment: string) => (segment.endsWith("+}") ? 0 : segment.startsWith("{") ? 1 : 2);
        const matches = (route: string[], path: string[]) => {
            for (let i = 0; i < route.length; i++) {
                if (route[i].endsWith("+}")) {
                    return path.length > i;
                }
                if (i >= path.length || (!route[i].startsWith("{") && route[i] !== path[i])) {
                    return false;
                }
            }
            return route.length === path.length;
        };
        const select = (keys: string[], verb: string, path: string[]): string | undefined => {
            const candidates = [...new Set(keys.map((k) => k.split(" ")[1]))]
                .map((p) => ({ p, segments: p === "/" ? [] : p.slice(1).split("/") }))
                .filter((r) => matches(r.segments, path))
                .sort((x, y) => {
                    for (let i = 0; i < Math.max(x.segments.length, y.segments.length); i++) {
                        const a = x.segments[i] === undefined ? -1 : rank(x.segments[i]);
                        const b = y.segments[i] === undefined ? -1 : rank(y.segments[i]);
                        if (a !== b) {
                            return b - a;
                        }
                    }
                    return 0;
                });
            if (candidates.length === 0) {
                return undefined;
            }
            const best = candidates[0].p;
            return keys.find((k) => k === `${verb} ${best}`) ?? keys.find((k) => k === `ANY ${best}`);
        };
        const routeArb = fc.tuple(fc.constantFrom("GET", "POST", "ANY"), fc.array(fc.constantFrom("a", "b", "{p}"), { maxLength: 3 }), fc.boolean(), fc.subarray(["s1", "s2", "s3"], { minLength: 1 }))
            .map(([verb, segments, greedy, scopes]) => {
                const all = (greedy ? [...segments, "{g+}"] : segments).map((s, i) => (s === "{p}" ? `{p${i}}` : s));
                return [`${verb} /${all.join("/")}`, scopes] as const;
            });
        const caseArb = fc.record({
            routes: fc.array(routeArb, { minLength: 1, maxLength: 6 }),
            scopes: fc.subarray(["s1", "s2", "s3"]),
            verb: fc.constantFrom("GET", "POST", "DELETE"),
            path: fc.array(fc.constantFrom("a", "b", "c"), { maxLength: 4 }),
        });
        const evaluate = (c: { routes: ReadonlyArray<readonly [string, string[]]>; scopes: string[]; verb: string; path: string[] }) => {
            let map: MethodScopes;
            try {
                map = validateRoutes(Object.fromEntries(c.routes.map(([k, s]) => [k, { scopes: [...s] }])), (_a, s) => [...s]);
            } catch {
                return undefined; // duplicate routes: the component refuses the table
            }
            const selected = select(Object.keys(map), c.verb, c.path);
            if (selected === undefined) {
                return undefined; // API Gateway answers without calling the authorizer
            }
            const compiled = compileRoutes(map);
            const allowed = policyAllows(buildPolicy(compiled, PREFIX, c.scopes), arn(c.verb, `/${c.path.join("/")}`));
            return { allowed, expected: map[selected].some((s) => c.scopes.includes(s)), warned: shadowedRoutes(compiled).length > 0, selected };
        };

        it("never allows what the scopes do not permit", () => {
            fc.assert(fc.property(caseArb, (c) => {
                const r = evaluate(c);
                assert.ok(!r || !r.allowed || r.expected, `over-grant ${c.verb} /${c.path.join("/")} routed to ${r?.selected}`);
            }), { numRuns: 3000 });
        });

        it("is exact for every table shadowedRoutes does not report", () => {
            fc.assert(fc.property(caseArb, (c) => {
                const r = evaluate(c);
                assert.ok(!r || r.warned || r.allowed === r.expected, `${c.verb} /${c.path.join("/")} routed to ${r?.selected}`);
            }), { numRuns: 3000 });
        });

        it("reports a Deny that another allowed route caused (found by fast-check, seed 48092039)", () => {
            const compiled = compileRoutes({ "POST /a/a/{g+}": ["s1", "s3"], "GET /{p0}": ["s1", "s3"], "ANY /{p0}/a": ["s3"] });
            // GET /{p0} covers ANY /{p0}/a, whose Deny POST/*/a also matches POST /a/a/a.
            assert.equal(policyAllows(buildPolicy(compiled, PREFIX, ["s1"]), arn("POST", "/a/a/a")), false);
            assert.deepEqual(shadowedRoutes(compiled).filter((p) => p.route === "POST /a/a/{g+}"), [{ route: "POST /a/a/{g+}", deniedWith: "ANY /{p0}/a" }]);
        });

        it("reports a catch-all with other scopes than a more specific route", () => {
            assert.deepEqual(shadowedRoutes(compileRoutes({ "GET /a/{id}": ["s1"], "GET /{proxy+}": ["s2"] })), [
                { route: "GET /a/{id}", deniedWith: "GET /{proxy+}" },
                { route: "GET /{proxy+}", deniedWith: "GET /a/{id}" },
            ]);
            assert.deepEqual(shadowedRoutes(compileRoutes({ "GET /movies/popular": ["s1"], "GET /movies/{id}": ["s2"], "GET /movies/{id}/reviews": ["s3"] })), []);
        });
    });
});
