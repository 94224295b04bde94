import { strict as assert } from "assert";
import * as fc from "fast-check";
import {
    MethodScopes, RouteTable, compileRoutes, decide, globMatches, parseMethodArn, parseRouteKey, policyAllows, policyFor, resourceTemplate, tokenScopes, validateRoutes,
} from "../../components/apigateway/restRoutes";
import { DeployedMethod, methodArnFor, routings } from "../support/apiGatewayModel";

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
        it("names the resource by its template, parameter names erased", () => {
            assert.deepEqual(parseRouteKey("r", "GET /movies/{id}"), { key: "GET /movies/{id}", verb: "GET", path: "/movies/{id}", template: "/movies/{}", resource: "GET /movies/{}" });
            assert.equal(parseRouteKey("r", "ANY /files/{proxy+}").template, "/files/{+}");
            assert.equal(parseRouteKey("r", "GET /").template, "/");
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

    describe("parseMethodArn", () => {
        it("splits API and stage, verb and the path as sent", () => {
            assert.deepEqual(parseMethodArn(arn("GET", "/movies/1/")), { prefix: PREFIX, verb: "GET", path: "movies/1/" });
            assert.deepEqual(parseMethodArn(arn("GET", "/")), { prefix: PREFIX, verb: "GET", path: "" });
            assert.equal(parseMethodArn("arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc/dev/POST/x")?.prefix, "arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc/dev");
        });
        it("refuses anything else, and a stage with IAM wildcards", () => {
            for (const bad of [undefined, 42, "", "arn:aws:lambda:us-east-1:123456789012:function:x", `${PREFIX}`, "arn:aws:execute-api:us-east-1:123:abc/prod/GET/x", "arn:aws:execute-api:us-east-1:123456789012:abc/*/GET/x"]) {
                assert.equal(parseMethodArn(bad), undefined, String(bad));
            }
        });
    });

    describe("resourceTemplate", () => {
        it("erases parameter names", () => {
            assert.equal(resourceTemplate("/movies/{movieId}/reviews"), "/movies/{}/reviews");
            assert.equal(resourceTemplate("/{proxy+}"), "/{+}");
            assert.equal(resourceTemplate("/"), "/");
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

    // The routes of the outside review (issue 12, finding 1), plus ANY, greedy and root routes.
    const REVIEW: MethodScopes = {
        "GET /movies/{id}": ["read:Movies"],
        "GET /movies/{id}/reviews": ["read:Reviews"],
        "GET /users": ["admin"],
        "GET /users/{id}": ["read:self"],
        "POST /movies": ["write:Movies"],
        "ANY /files/{proxy+}": ["files"],
        "DELETE /files/{proxy+}": ["files:delete"],
        "GET /": ["root"],
    };
    const table: RouteTable = compileRoutes(REVIEW);
    const request = (verb: string, resource: string, path: string, httpMethod = verb) => ({ methodArn: arn(verb, path), resource, httpMethod });

    describe("decide", () => {
        it("allows exactly the method ARN of a request whose route the scopes cover", () => {
            const decision = decide(table, request("GET", "/movies/{movieId}", "/movies/tt1"), ["read:Movies"]);
            assert.deepEqual(decision, { effect: "Allow", route: "GET /movies/{id}", methodArn: arn("GET", "/movies/tt1") });
            const policy = policyFor("Allow", arn("GET", "/movies/tt1"));
            assert.deepEqual(policy.Statement, [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: [arn("GET", "/movies/tt1")] }]);
            assert.equal(policyAllows(policy, arn("GET", "/movies/tt2")), false);
            assert.equal(policyAllows(policy, arn("GET", "/movies/tt1/reviews")), false);
        });

        it("regression (finding 1): read:Movies on /movies/tt1/reviews/ and read:self on /users/ are denied", () => {
            // API Gateway routes a trailing slash to the resource without it and says so in `resource`.
            assert.equal(decide(table, request("GET", "/movies/{id}/reviews", "/movies/tt1/reviews/"), ["read:Movies"]).effect, "Deny");
            assert.equal(decide(table, request("GET", "/users", "/users/"), ["read:self"]).effect, "Deny");
            assert.equal(decide(table, request("GET", "/users", "/users/"), ["admin"]).effect, "Allow");
        });

        it("regression (finding 2): a method attached to the authorizer but not declared is denied", () => {
            assert.deepEqual(decide(table, request("GET", "/movies/{id}/admin/export", "/movies/tt1/admin/export"), ["read:Movies", "read:Reviews", "admin"]),
                { effect: "Deny", route: undefined, methodArn: arn("GET", "/movies/tt1/admin/export"), reason: "no route declared for this method" });
            assert.equal(decide(table, request("PUT", "/movies/{id}", "/movies/tt1"), ["read:Movies"]).effect, "Deny");
        });

        it("takes the explicit verb's route before ANY on the same resource", () => {
            assert.equal(decide(table, request("DELETE", "/files/{path+}", "/files/a/b"), ["files"]).effect, "Deny");
            assert.equal(decide(table, request("DELETE", "/files/{path+}", "/files/a/b"), ["files:delete"]).effect, "Allow");
            assert.equal(decide(table, request("PUT", "/files/{path+}", "/files/a/b"), ["files"]).effect, "Allow");
        });

        it("denies lower-case and unknown methods, a method differing from the ARN's, and IAM wildcards in the path", () => {
            assert.equal(decide(table, { methodArn: arn("GET", "/users"), resource: "/users", httpMethod: "get" }, ["admin"]).effect, "Deny");
            assert.equal(decide(table, { methodArn: arn("GET", "/users"), resource: "/users", httpMethod: "POST" }, ["admin"]).effect, "Deny");
            assert.equal(decide(table, request("GET", "/movies/{id}", "/movies/*"), ["read:Movies"]).effect, "Deny");
        });

        it("decides the stage root", () => {
            assert.equal(decide(table, request("GET", "/", "/"), ["root"]).effect, "Allow");
            assert.equal(decide(table, request("GET", "/", "/"), ["read:Movies"]).effect, "Deny");
        });

        it("answers 401 without a method ARN, and denies an event without resource or method", () => {
            assert.equal(decide(table, { methodArn: "x", resource: "/users", httpMethod: "GET" }, ["admin"]).effect, "Unauthorized");
            assert.equal(decide(table, { methodArn: arn("GET", "/users") }, ["admin"]).effect, "Deny");
        });
    });

    // Random route tables, deployed methods (declared ones plus undeclared ones attached to the
    // authorizer), scopes and requests in every path form; each request goes through every
    // plausible routing of the API Gateway model. Allowed exactly when the routed method is a
    // declared route the scopes cover, and the policy allows exactly that request.
    describe("against a model of API Gateway's routing", () => {
        const segment = fc.constantFrom("a", "b", "{p}");
        const routeArb = fc.tuple(fc.constantFrom("GET", "POST", "ANY"), fc.array(segment, { maxLength: 3 }), fc.boolean(), fc.subarray(["s1", "s2", "s3"], { minLength: 1 }))
            .map(([verb, segments, greedy, scopes]) => {
                const all = (greedy ? [...segments, "{g+}"] : segments).map((s, i) => (s === "{p}" ? `{p${i}}` : s));
                return [`${verb} /${all.join("/")}`, scopes] as const;
            });
        const pathArb = fc.tuple(fc.array(fc.constantFrom("a", "b", "c", "A", "", "a%2Fb"), { maxLength: 4 }), fc.boolean())
            .map(([segments, slash]) => `/${segments.join("/")}${slash && segments.length > 0 ? "/" : ""}`);
        const caseArb = fc.record({
            routes: fc.array(routeArb, { minLength: 1, maxLength: 6 }),
            undeclared: fc.array(fc.tuple(fc.constantFrom("GET", "DELETE"), fc.array(segment, { minLength: 1, maxLength: 3 })), { maxLength: 2 }),
            scopes: fc.subarray(["s1", "s2", "s3"]),
            verb: fc.constantFrom("GET", "POST", "DELETE", "get", "PATCH"),
            path: pathArb,
        });

        it("never over-grants and never gives a false 403", () => {
            fc.assert(fc.property(caseArb, (c) => {
                let map: MethodScopes;
                try {
                    map = validateRoutes(Object.fromEntries(c.routes.map(([k, s]) => [k, { scopes: [...s] }])), (_a, s) => [...s]);
                } catch {
                    return; // duplicate routes: the component refuses the table
                }
                const declaredMethods: DeployedMethod[] = Object.keys(map).map((k) => ({ verb: k.split(" ")[0], path: k.split(" ")[1] }));
                // Undeclared methods on resources without an ANY route (see docs: an explicit
                // method hidden behind a declared ANY is judged by the ANY route).
                const extra = c.undeclared
                    .map(([verb, segs]) => ({ verb, path: `/${segs.map((s, i) => (s === "{p}" ? `{p${i}}` : s)).join("/")}` }))
                    .filter((m) => !declaredMethods.some((d) => resourceTemplate(d.path) === resourceTemplate(m.path)));
                const deployed = [...declaredMethods, ...extra];
                const compiled = compileRoutes(map);
                for (const routing of routings(deployed, c.verb, c.path)) {
                    const methodArn = methodArnFor(PREFIX, c.verb, c.path);
                    const decision = decide(compiled, { methodArn, resource: routing.resource, httpMethod: c.verb }, c.scopes);
                    const routeKey = Object.keys(map).find((k) => k.split(" ")[0] === routing.methodVerb && resourceTemplate(k.split(" ")[1]) === resourceTemplate(routing.resource));
                    const standard = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].includes(c.verb);
                    const expected = standard && !/[*?]/.test(c.path) && routeKey !== undefined && map[routeKey].some((s) => c.scopes.includes(s));
                    const allowed = decision.effect === "Allow" && policyAllows(policyFor("Allow", decision.methodArn), methodArn);
                    assert.equal(allowed, expected, `${c.verb} ${c.path} routed to ${routing.methodVerb} ${routing.resource}`);
                    if (decision.effect !== "Unauthorized") {
                        assert.equal(decision.methodArn, methodArn, "the policy names exactly this request");
                    }
                }
            }), { numRuns: 3000 });
        });
    });
});
