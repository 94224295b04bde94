import { strict as assert } from "assert";
import * as fc from "fast-check";
import {
    HttpRouteArgs, MAX_ROUTE_SCOPES, executeApiSourcePath, parseRouteKey, planHttpRoutes, scopesUsed, validateIntegrationUrl,
} from "../../components/apigateway/httpRoutes";

const fn = { arn: "arn:aws:lambda:us-east-1:123456789012:function:colors" };
const declared = ["read:colors", "write:colors"];

describe("parseRouteKey", () => {
    it("GIVEN a method and a literal path THEN it splits them and keeps the key", () => {
        assert.deepEqual(parseRouteKey("k", "GET /my/colors"), {
            key: "GET /my/colors", method: "GET", path: "/my/colors", isDefault: false, shape: "GET /my/colors",
        });
    });

    it("GIVEN $default THEN it is the catch-all ANY route without a path", () => {
        assert.deepEqual(parseRouteKey("k", "$default"), { key: "$default", method: "ANY", path: undefined, isDefault: true, shape: "$default" });
    });

    it("GIVEN parameters THEN the shape erases their names, so renamed parameters collide", () => {
        assert.equal(parseRouteKey("k", "PUT /pets/{id}/toys/{proxy+}").shape, "PUT /pets/{}/toys/{+}");
        assert.equal(parseRouteKey("k", "GET /").shape, "GET /");
    });

    const malformed: Array<[string, unknown, RegExp]> = [
        ["an empty key", "", /k "" is not a route key\. Fix: write "METHOD \/path"/],
        ["a key without a path", "GET", /k "GET" is not of the form "METHOD \/path"/],
        ["two spaces", "GET  /x", /is not of the form "METHOD \/path"\. Fix: separate method and path by one space/],
        ["an unknown method", "FETCH /x", /k "FETCH \/x" has an unknown method "FETCH"\. Fix: use one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY/],
        ["a lower-case method", "get /x", /has a lower-case method\. Fix: write "GET \/x"/],
        ["a relative path", "GET colors", /has a path that does not start with '\/'\. Fix: write "GET \/colors"/],
        ["a trailing slash", "GET /colors/", /has a trailing '\/'\. Fix: write "GET \/colors"/],
        ["an empty segment", "GET /a//b", /has an empty path segment/],
        ["a greedy parameter before the end", "GET /{proxy+}/x", /has the greedy parameter "\{proxy\+\}" before the end/],
        ["a parameter inside a segment", "GET /items-{id}", /has a malformed parameter "items-\{id\}"/],
        ["a query string", "GET /colors?x=1", /has invalid characters in "colors\?x=1"/],
        ["a repeated parameter", "GET /a/{id}/b/{id}", /k "id" is declared twice\. Fix: declare each path parameter once/],
        ["a number", 42, /k 42 is not a route key/],
    ];
    malformed.forEach(([what, key, message]) => {
        it(`GIVEN ${what} THEN it throws a message naming the key and the fix`, () => {
            assert.throws(() => parseRouteKey("k", key), message);
        });
    });

    it("GIVEN any well-formed key THEN it parses, and renaming parameters keeps the shape", () => {
        const literal = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,7}$/);
        const param = fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/);
        const segment = fc.oneof(literal.map((s) => ({ text: s, param: false })), param.map((p) => ({ text: p, param: true })));
        const method = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY");
        fc.assert(fc.property(method, fc.array(segment, { minLength: 1, maxLength: 6 }), fc.boolean(), (m, segments, greedy) => {
            const names = new Set<string>();
            const unique = segments.filter((s) => !s.param || (!names.has(s.text) && names.add(s.text)));
            const render = (rename: boolean) => "/" + unique.map((s, i) => {
                if (!s.param) return s.text;
                const name = rename ? `renamed${i}` : s.text;
                return greedy && i === unique.length - 1 ? `{${name}+}` : `{${name}}`;
            }).join("/");
            const parsed = parseRouteKey("k", `${m} ${render(false)}`);
            assert.equal(parsed.method, m);
            assert.equal(parsed.path, render(false));
            assert.equal(parseRouteKey("k", `${m} ${render(true)}`).shape, parsed.shape);
            assert.ok(!executeApiSourcePath(parsed).includes("{"));
        }), { numRuns: 200 });
    });
});

describe("executeApiSourcePath", () => {
    it("GIVEN a method route THEN it is any stage, that method, that path with parameters as *", () => {
        assert.equal(executeApiSourcePath(parseRouteKey("k", "GET /my/colors")), "*/GET/my/colors");
        assert.equal(executeApiSourcePath(parseRouteKey("k", "DELETE /pets/{id}/files/{proxy+}")), "*/DELETE/pets/*/files/*");
        assert.equal(executeApiSourcePath(parseRouteKey("k", "GET /")), "*/GET/");
    });

    it("GIVEN ANY or $default THEN the method (and for $default the path) is a wildcard", () => {
        assert.equal(executeApiSourcePath(parseRouteKey("k", "ANY /pets")), "*/*/pets");
        assert.equal(executeApiSourcePath(parseRouteKey("k", "$default")), "*");
    });
});

describe("planHttpRoutes", () => {
    const colors = (): Record<string, HttpRouteArgs<string>> => ({
        "GET /colors": { function: fn, public: true },
        "GET /my/profile": { function: fn, anyValidToken: true },
        "GET /my/colors": { function: fn, scopes: ["read:colors"] },
        "POST /my/colors": { url: "https://backend.example.com/colors", scopes: ["write:colors", "read:colors"] },
    });

    it("GIVEN public, any-token and scoped routes THEN each keeps its access rule and integration", () => {
        const planned = planHttpRoutes(colors(), declared, true);
        assert.deepEqual(planned.map((r) => [r.key, r.access, r.integration.kind]), [
            ["GET /colors", { kind: "public" }, "lambda"],
            ["GET /my/profile", { kind: "anyValidToken" }, "lambda"],
            ["GET /my/colors", { kind: "scopes", scopes: ["read:colors"] }, "lambda"],
            ["POST /my/colors", { kind: "scopes", scopes: ["write:colors", "read:colors"] }, "url"],
        ]);
        assert.deepEqual(scopesUsed(planned), ["read:colors", "write:colors"]);
    });

    it("GIVEN exactly ten scopes THEN the route is accepted", () => {
        const ten = Array.from({ length: MAX_ROUTE_SCOPES }, (_, i) => `s:${i}`);
        const planned = planHttpRoutes({ "GET /x": { function: fn, scopes: ten } }, ten, false);
        assert.equal((planned[0].access as { scopes: string[] }).scopes.length, 10);
    });

    it("GIVEN no CORS THEN an authorized ANY route is allowed (no browser preflights to protect)", () => {
        assert.equal(planHttpRoutes({ "ANY /{proxy+}": { function: fn, scopes: ["read:colors"] } }, declared, false).length, 1);
    });

    it("GIVEN CORS and an authorized ANY route with a public OPTIONS route on the same path THEN it is allowed", () => {
        const planned = planHttpRoutes({
            "ANY /pets/{id}": { function: fn, scopes: ["read:colors"] },
            "OPTIONS /pets/{petId}": { function: fn, public: true },
            "$default": { function: fn, anyValidToken: true },
            "OPTIONS /{proxy+}": { function: fn, public: true },
        }, declared, true);
        assert.equal(planned.length, 4);
    });

    const bad: Array<[string, (r: Record<string, HttpRouteArgs<string>>) => void, RegExp]> = [
        ["an undeclared scope", (r) => { r["GET /my/colors"].scopes = ["read:colours"]; },
            /routes\["GET \/my\/colors"\]\.scopes "read:colours" is not a permission of the API\. Fix: declare it in the API's permissions or use one of: read:colors, write:colors/],
        ["a private route with no access rule", (r) => { r["GET /my/colors"] = { function: fn }; },
            /routes\["GET \/my\/colors"\] \["function"\] has no access rule\. Fix: set scopes: \[\.\.\.\] \(recommended\), anyValidToken: true, or public: true/],
        ["empty scopes", (r) => { r["GET /my/colors"].scopes = []; }, /routes\["GET \/my\/colors"\]\.scopes \[\] is empty\. Fix: list at least one scope, or write anyValidToken: true/],
        ["two access rules", (r) => { r["GET /my/colors"].public = true; }, /\["scopes","public"\] has more than one access rule/],
        ["public: false", (r) => { r["GET /colors"].public = false as any; }, /routes\["GET \/colors"\]\.public false must be true when given/],
        ["more than ten scopes", (r) => { r["GET /my/colors"].scopes = Array.from({ length: 11 }, () => "read:colors"); },
            /routes\["GET \/my\/colors"\]\.scopes 11 lists more than 10 scopes\. Fix: API Gateway checks at most 10 per route/],
        ["a repeated scope", (r) => { r["GET /my/colors"].scopes = ["read:colors", "read:colors"]; }, /scopes "read:colors" is declared twice/],
        ["the same route under another parameter name", (r) => { r["GET /c/{a}"] = { function: fn, public: true }; r["GET /c/{b}"] = { function: fn, public: true }; },
            /routes\["GET \/c\/\{b\}"\] "GET \/c\/\{b\}" is the same route as "GET \/c\/\{a\}"/],
        ["a malformed route key", (r) => { r["GET colors"] = { function: fn, public: true }; }, /routes\["GET colors"\] "GET colors" has a path that does not start with '\/'/],
        ["no integration", (r) => { r["GET /colors"] = { public: true }; }, /routes\["GET \/colors"\] \["public"\] has no integration\. Fix: set function/],
        ["two integrations", (r) => { r["GET /colors"].url = "https://x.example.com"; }, /has both function and url\. Fix: give one integration per route/],
        ["a function without an ARN", (r) => { r["GET /colors"].function = {} as any; }, /routes\["GET \/colors"\]\.function "\(an object without arn\)" is not a Lambda function/],
        ["a function id where the function belongs (the value named, not its type)", (r) => { r["GET /colors"].function = "colors-fn-1234" as any; },
            /routes\["GET \/colors"\]\.function "colors-fn-1234" is not a Lambda function/],
        ["an http URL", (r) => { r["POST /my/colors"].url = "http://backend.example.com/colors"; },
            /routes\["POST \/my\/colors"\]\.url "http:\/\/backend\.example\.com\/colors" is not https\. Fix: use "https:\/\/backend\.example\.com\/colors"/],
        ["an OPTIONS route with a token", (r) => { r["OPTIONS /my/colors"] = { function: fn, anyValidToken: true }; },
            /routes\["OPTIONS \/my\/colors"\] "OPTIONS \/my\/colors" requires a token on OPTIONS\. Fix: browsers send preflights without tokens/],
        ["an authorized ANY route under CORS", (r) => { r["ANY /pets"] = { function: fn, scopes: ["read:colors"] }; },
            /routes\["ANY \/pets"\] "ANY \/pets" would send CORS preflights to the JWT authorizer \(401\)\. Fix: list the methods instead \(e\.g\. "GET \/pets"\), or add a public "OPTIONS \/pets" route/],
        ["an authorized $default route under CORS", (r) => { r["$default"] = { function: fn, anyValidToken: true }; },
            /routes\["\$default"\] "\$default" would send CORS preflights .* or add a public "OPTIONS \/\{proxy\+\}" route/],
    ];
    bad.forEach(([what, mutate, message]) => {
        it(`GIVEN ${what} THEN it throws naming the route, the value and the fix`, () => {
            const routes = colors();
            mutate(routes);
            assert.throws(() => planHttpRoutes(routes, declared, true), message);
        });
    });

    it("GIVEN no routes THEN it asks for at least one", () => {
        assert.throws(() => planHttpRoutes({}, declared, false), /routes \{\} is empty\. Fix: declare at least one route/);
        assert.throws(() => planHttpRoutes([] as any, declared, false), /routes \[\] is not a map of route keys to routes/);
    });
});

describe("validateIntegrationUrl", () => {
    it("GIVEN an https URL with path parameters THEN it is kept as written", () => {
        assert.equal(validateIntegrationUrl("u", "https://backend.example.com/items/{id}"), "https://backend.example.com/items/{id}");
    });

    it("GIVEN credentials in the URL THEN it refuses without echoing them", () => {
        assert.throws(() => validateIntegrationUrl("u", "https://user:hunter2@backend.example.com"), (err: Error) =>
            /u "\(redacted\)" contains credentials/.test(err.message) && !err.message.includes("hunter2"));
    });

    it("GIVEN a relative URL THEN it asks for the scheme", () => {
        assert.throws(() => validateIntegrationUrl("u", "backend.example.com"), /u "backend\.example\.com" is not an absolute URL/);
    });
});
