import { strict as assert } from "assert";
import * as fc from "fast-check";
import {
    MethodScopes, allowedRoutes, buildPolicy, compileRoutes, globMatches, methodArnPrefix, parseRouteKey, policyAllows, tokenScopes, validateRoutes,
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
            assert.deepEqual(parseRouteKey("r", "GET /movies/{id}"), { key: "GET /movies/{id}", verb: "GET", path: "/movies/{id}", resource: "GET/movies/*" });
            assert.equal(parseRouteKey("r", "ANY /files/{proxy+}").resource, "*/files/*");
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
    });
});
