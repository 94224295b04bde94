import { strict as assert } from "assert";
import { AlbJwtValidation } from "../../components/alb/AlbJwtValidation";
import { AlbOidcLogin } from "../../components/alb/AlbOidcLogin";
import { HttpApi } from "../../components/apigateway/HttpApi";
import { RestApi } from "../../components/apigateway/RestApi";
import { RestApiLambdaAuthorizer } from "../../components/apigateway/RestApiLambdaAuthorizer";
import type { ScopeString } from "../../components/core/scopeString";
import { newLoadBalancer, newLogsApi, TARGET_GROUP, tenant } from "../alb/fixtures";
import { recorded, setupMocks } from "../support/mocks";

// Compile-time tests: `npm test` type-checks this file before mocha runs it, and each
// `@ts-expect-error` fails the type-check if the line after it ever compiles. Every place a
// scope is written has one here; roles, grants and connection scopes are in
// test/auth0/compileTime.test.ts. At run time each typo also fails at construction (for values
// the compiler cannot see) and registers nothing.
describe("scope typos do not compile where routes and ALB rules name scopes", () => {
    before(() => setupMocks());

    it("an HttpApi route requiring an undeclared scope", async () => {
        const api = newLogsApi("api-typo-http");
        assert.throws(() => new HttpApi("typo-http", {
            api,
            // @ts-expect-error "read:log" is not a permission of the API
            routes: { "GET /logs": { url: "https://logs.internal.example.com", scopes: ["read:log"] } },
        }), /routes\["GET \/logs"\]\.scopes "read:log" is not a permission of the API/);
        assert.deepEqual(await recorded("typo-http"), []);
    });

    it("an AlbJwtValidation route (jwt-validation rule) requiring an undeclared scope", async () => {
        const api = newLogsApi("api-typo-jwt");
        const loadBalancer = newLoadBalancer("lb-typo-jwt");
        assert.throws(() => new AlbJwtValidation("typo-jwt", {
            loadBalancer, api, targetGroupArn: TARGET_GROUP, priority: 10,
            // @ts-expect-error "write:log" is not a permission of the API
            routes: [{ name: "ingest", pathPatterns: ["/ingest/*"], scopes: ["write:log"] }],
        }), /"write:log" is not a permission of the API/);
        assert.deepEqual(await recorded("typo-jwt"), []);
    });

    it("an AlbJwtValidation machine client granted an undeclared scope", async () => {
        const api = newLogsApi("api-typo-jwtc");
        const loadBalancer = newLoadBalancer("lb-typo-jwtc");
        assert.throws(() => new AlbJwtValidation("typo-jwtc", {
            loadBalancer, api, targetGroupArn: TARGET_GROUP, priority: 10,
            routes: [{ name: "ingest", pathPatterns: ["/ingest/*"], scopes: ["write:logs"] }],
            // @ts-expect-error "write:lgos" is not a permission of the API
            clients: { shipper: { scopes: ["write:lgos"] } },
        }), /clients\["shipper"\]\.scopes "write:lgos" is not a permission of the API/);
        assert.deepEqual(await recorded("typo-jwtc"), []);
    });

    it("a REST route requiring an undeclared scope", async () => {
        const api = newLogsApi("api-typo-rest");
        assert.throws(() => new RestApiLambdaAuthorizer("typo-rest", {
            api,
            // @ts-expect-error "read:Logs" is not a permission of the API (scopes are case-sensitive)
            routes: { "GET /logs": { scopes: ["read:Logs"] } },
        }), /"read:Logs" is not a permission of the API/);
        assert.deepEqual(await recorded("typo-rest"), []);
    });

    it("a RestApi route requiring an undeclared scope", async () => {
        const api = newLogsApi("api-typo-restapi");
        assert.throws(() => new RestApi("typo-restapi", {
            api,
            // @ts-expect-error "raed:logs" is not a permission of the API
            routes: { "GET /logs": { scopes: ["raed:logs"] } },
        }), /"raed:logs" is not a permission of the API/);
        assert.deepEqual(await recorded("typo-restapi"), []);
    });

    it("an AlbOidcLogin scope string naming an undeclared scope", async () => {
        const api = newLogsApi("api-typo-oidc");
        const loadBalancer = newLoadBalancer("lb-typo-oidc");
        const args = { loadBalancer, tenant, api, hostnames: ["kibana.example.com"], routes: [{ name: "all", pathPatterns: ["/*"] }], targetGroupArn: TARGET_GROUP, priority: 100 };
        // @ts-expect-error "read:log" is neither a standard OIDC scope nor a permission of the API
        assert.throws(() => new AlbOidcLogin("typo-oidc", { ...args, scope: "openid profile read:log" }), /scope "read:log" is not a permission of the API/);
        assert.deepEqual(await recorded("typo-oidc"), []);
        // The same string with the declared permission compiles and constructs.
        new AlbOidcLogin("typo-oidc-ok", { ...args, scope: "openid profile read:logs" });
    });

    it("ScopeString accepts standard OIDC scopes and declared permissions, names the unknown words, and leaves runtime strings to construction", () => {
        const ok: ScopeString<"openid email read:logs", "read:logs"> = "openid email read:logs";
        const named: ScopeString<"openid raed:logs", "read:logs"> = "unknown scope raed:logs";
        const dynamic: ScopeString<string, "read:logs"> = ["openid", "anything"].join(" ");
        // @ts-expect-error a typo in the second word
        const typo: ScopeString<"openid raed:logs", "read:logs"> = "openid raed:logs";
        assert.deepEqual([ok, named, dynamic, typo].length, 4);
    });
});
