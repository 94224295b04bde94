/**
 * APIs defined by an OpenAPI `body` (REST: aws.apigateway.RestApi, HTTP: aws.apigatewayv2.Api),
 * judged by the real pack over its gRPC analyzer with the rules that judge Method and Route
 * resources: per path and method, authorization, scopes, issuers and TLS settings of the body.
 */
import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { UNKNOWN_STRING } from "../../policies/lib/plain";
import { CapturedResource, evaluate, loadPolicyConfig, PolicyPackConfig, Violation, violationsOf, withoutRouteAllowlists } from "../support/policyHarness";
import { captureProgram, compliantStack, ISSUER, mutate, withAllowedHosts } from "./fixture";

const prod = withAllowedHosts(withoutRouteAllowlists(loadPolicyConfig("prod")));
const staging = withAllowedHosts(withoutRouteAllowlists(loadPolicyConfig("staging")));
const METHOD = "aws-apigateway-method-require-authorizer";
const ROUTE_AUTH = "aws-apigatewayv2-route-require-authorization";
const ROUTE_SCOPES = "aws-apigatewayv2-route-require-scopes";

let counter = 0;

/** The compliant fixture plus the resources `program` registers (each run under a fresh name). */
async function withProgram(program: (name: string) => void): Promise<{ stack: CapturedResource[]; name: string }> {
    const base = await compliantStack();
    const name = `oa-${++counter}`;
    const extra = await captureProgram(() => program(name));
    const urns = new Set(base.map((r) => r.urn));
    return { stack: [...base, ...extra.filter((r) => !urns.has(r.urn))], name };
}

/** A REST API from a body, with a TLS 1.2+ policy of its own so only authorization is judged. */
const restApi = (body: string) => (name: string) => {
    new aws.apigateway.RestApi(name, { body, endpointConfiguration: { types: "REGIONAL" }, securityPolicy: "TLS_1_2" });
};
const httpApi = (body: string) => (name: string) => {
    new aws.apigatewayv2.Api(name, { protocolType: "HTTP", body });
};

const messages = (violations: Violation[], policy: string, level: Violation["enforcementLevel"] = "mandatory") => violationsOf(violations, policy, level).map((v) => v.finding).sort();

/** Swagger 2, JSON, as raw programs and awsx classic write it: a Lambda proxy with no security at all. */
const OPEN_SWAGGER = JSON.stringify({
    swagger: "2.0",
    info: { title: "shop", version: "1" },
    paths: {
        "/{proxy+}": { "x-amazon-apigateway-any-method": { "x-amazon-apigateway-integration": { type: "aws_proxy", httpMethod: "POST", uri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:shop/invocations" } } },
        "/admin/users": {
            delete: { "x-amazon-apigateway-integration": { type: "aws_proxy", httpMethod: "POST", uri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:admin/invocations" } },
            options: { "x-amazon-apigateway-integration": { type: "mock" } },
        },
    },
});

/** OpenAPI 3, YAML: a Lambda TOKEN authorizer as the default, a health check made public, an API-key-only method, a $ref'd scheme. */
const YAML_REST = `
openapi: "3.0.1"
info: { title: movies, version: "1" }
security:
  - movies-auth: []
paths:
  /movies:
    get:
      x-amazon-apigateway-integration: { type: mock }
  /movies/{id}:
    delete:
      security:
        - cognito: [movies/admin]
      x-amazon-apigateway-integration: { type: mock }
  /health:
    get:
      security: []
      x-amazon-apigateway-integration: { type: mock }
  /partners:
    post:
      security:
        - api_key: []
      x-amazon-apigateway-integration: { type: mock }
components:
  securitySchemes:
    movies-auth:
      $ref: "#/components/x-schemes/token"
    cognito:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: cognito_user_pools
      x-amazon-apigateway-authorizer:
        type: cognito_user_pools
        providerARNs: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc"]
    api_key:
      type: apiKey
      name: x-api-key
      in: header
  x-schemes:
    token:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: custom
      x-amazon-apigateway-authorizer:
        type: token
        authorizerUri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations"
`;

/** An HTTP API body with a JWT authorizer, as `aws.apigatewayv2.Api({ body })` imports it. */
function httpBody(opts: { issuer?: string; routes: Record<string, Record<string, unknown>> }): string {
    return JSON.stringify({
        openapi: "3.0.1",
        info: { title: "colors", version: "1" },
        paths: opts.routes,
        components: {
            securitySchemes: {
                auth0: {
                    type: "oauth2",
                    flows: {},
                    "x-amazon-apigateway-authorizer": {
                        type: "jwt",
                        identitySource: "$request.header.Authorization",
                        jwtConfiguration: { issuer: opts.issuer ?? ISSUER, audience: ["urn:colors-api"] },
                    },
                },
            },
        },
    });
}
const op = (security?: unknown[]) => ({ ...(security ? { security } : {}), "x-amazon-apigateway-integration": { type: "HTTP_PROXY", httpMethod: "ANY", uri: "https://colors.example.com", payloadFormatVersion: "1.0" } });

describe("OpenAPI bodies (real PolicyPack over gRPC)", function () {
    it("fails an unauthenticated ANY /{proxy+} and DELETE /admin/users of a Swagger 2 JSON body, naming path and method; OPTIONS passes", async () => {
        const { stack, name } = await withProgram(restApi(OPEN_SWAGGER));
        const found = messages(await evaluate(stack, prod), METHOD);
        assert.deepEqual(found, [
            `OpenAPI body of "${name}": ANY /{proxy+} has no authorization; anyone can call it`,
            `OpenAPI body of "${name}": DELETE /admin/users has no authorization; anyone can call it`,
        ]);
    });

    it("reads a YAML OpenAPI 3 body: default Lambda authorizer ($ref scheme) and Cognito pass; security: [] and an API key alone fail", async () => {
        const { stack, name } = await withProgram(restApi(YAML_REST));
        const found = messages(await evaluate(stack, prod), METHOD);
        assert.deepEqual(found, [
            `OpenAPI body of "${name}": GET /health has no authorization (security: [] makes it public); anyone can call it`,
            `OpenAPI body of "${name}": POST /partners requires only an API key (api_key): a key identifies a client and is no authorization; anyone holding it can call the method`,
        ]);
    });

    it("accepts an operation declared public in publicMethods, by route key or by API name and route key", async () => {
        const { stack, name } = await withProgram(restApi(YAML_REST));
        const config = { ...prod, [METHOD]: { ...(prod[METHOD] as object), publicMethods: ["GET /health", `${name} POST /partners`] } } as PolicyPackConfig;
        assert.deepEqual(messages(await evaluate(stack, config), METHOD), []);
    });

    it("fails a method whose security requirement names a scheme the body does not define, or a custom authtype without an authorizer", async () => {
        const body = JSON.stringify({
            swagger: "2.0",
            info: { title: "x", version: "1" },
            securityDefinitions: { half: { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "custom" } },
            paths: { "/a": { get: { security: [{ missing: [] }] } }, "/b": { post: { security: [{ half: [] }] } } },
        });
        const { stack, name } = await withProgram(restApi(body));
        assert.deepEqual(messages(await evaluate(stack, prod), METHOD), [
            `OpenAPI body of "${name}": GET /a names security scheme "missing", which the body does not define`,
            `OpenAPI body of "${name}": POST /b uses security scheme "half" (x-amazon-apigateway-authtype custom) without an x-amazon-apigateway-authorizer, so no authorizer is created`,
        ]);
    });

    it("judges HTTP API body routes: authorizer and scopes per route, public routes, ANY and $default", async () => {
        const body = httpBody({
            routes: {
                "/colors": { get: op([{ auth0: ["read:colors"] }]), options: op() },
                "/colors/{id}": { delete: op([{ auth0: [] }]) },
                "/{proxy+}": { "x-amazon-apigateway-any-method": op() },
                "$default": { "x-amazon-apigateway-any-method": op([]) },
            },
        });
        const { stack, name } = await withProgram(httpApi(body));
        const violations = await evaluate(stack, prod);
        assert.deepEqual(messages(violations, ROUTE_AUTH), [
            `OpenAPI body of "${name}": $default has no authorizer (security: [] makes it public); anyone can call it`,
            `OpenAPI body of "${name}": ANY /{proxy+} has no authorizer; anyone can call it`,
        ]);
        assert.deepEqual(messages(violations, ROUTE_SCOPES), [
            `OpenAPI body of "${name}": DELETE /colors/{id} accepts any token of the audience, ID tokens included: its security requirement "auth0" lists no scopes`,
        ]);
        const allowed = {
            ...prod,
            [ROUTE_AUTH]: { ...(prod[ROUTE_AUTH] as object), publicRoutes: ["$default", `${name} ANY /{proxy+}`] },
            [ROUTE_SCOPES]: { ...(prod[ROUTE_SCOPES] as object), anyValidTokenRoutes: ["DELETE /colors/{id}"] },
        } as PolicyPackConfig;
        const after = await evaluate(stack, allowed);
        assert.deepEqual([...messages(after, ROUTE_AUTH), ...messages(after, ROUTE_SCOPES)], []);
    });

    it("compares a body's JWT issuer with the tenant and its route scopes with the Auth0 API", async () => {
        const body = httpBody({ issuer: "https://acme.us.auth0.com", routes: { "/colors": { get: op([{ auth0: ["read:colours"] }]) } } });
        const { stack, name } = await withProgram(httpApi(body));
        const violations = await evaluate(stack, prod);
        assert.deepEqual(messages(violations, "edge-auth-issuer-matches-tenant"), [
            `JWT authorizer "auth0" of the OpenAPI body of HTTP API "${name}" has issuer "https://acme.us.auth0.com" without the trailing slash; Auth0 writes iss as "https://acme.us.auth0.com/" and the check is an exact string match`,
        ]);
        assert.match(messages(violations, "edge-auth-scopes-exist-on-api")[0], /OpenAPI body of "oa-\d+": GET \/colors uses scope\(s\) read:colours that the Auth0 API \["urn:colors-api"\] does not declare/);
    });

    it("fails an http issuer of a body's JWT authorizer", async () => {
        const { stack } = await withProgram(httpApi(httpBody({ issuer: "http://acme.us.auth0.com/", routes: { "/colors": { get: op([{ auth0: ["read:colors"] }]) } } })));
        assert.deepEqual(messages(await evaluate(stack, prod), "edge-auth-require-https-token-urls"), [
            "the OpenAPI body's security scheme \"auth0\" jwtConfiguration.issuer \"http://acme.us.auth0.com/\" uses http://; use https://acme.us.auth0.com/",
        ]);
    });

    it("passes a fully authorized HTTP API body", async () => {
        const { stack } = await withProgram(httpApi(httpBody({ routes: { "/colors": { get: op([{ auth0: ["read:colors"] }]) } } })));
        assert.deepEqual(violationsOf(await evaluate(stack, prod)), []);
    });

    it("says a body unknown during preview cannot be decided: advisory in staging, mandatory in prod", async () => {
        const { stack, name } = await withProgram(restApi(OPEN_SWAGGER));
        const unknown = mutate(stack, name, (p) => { p.body = UNKNOWN_STRING; });
        const expected = [`cannot be decided: the OpenAPI body of REST API "${name}" is unknown during preview, so the authorization of its methods is not known`];
        assert.deepEqual(messages(await evaluate(unknown, staging), METHOD, "advisory"), expected);
        assert.deepEqual(messages(await evaluate(unknown, prod), METHOD), expected);
    });

    it("reads the REST TLS settings of the body: x-amazon-apigateway-security-policy and disableExecuteApiEndpoint", async () => {
        const tls = (extensions: Record<string, unknown>) => (name: string) => {
            new aws.apigateway.RestApi(name, { endpointConfiguration: { types: "REGIONAL" }, body: JSON.stringify({ ...JSON.parse(OPEN_SWAGGER), paths: {}, ...extensions }) });
        };
        const weak = await withProgram(tls({ "x-amazon-apigateway-security-policy": "TLS_1_0" }));
        assert.deepEqual(messages(await evaluate(weak.stack, prod), "aws-apigateway-rest-api-require-tls12"), [
            "the OpenAPI body's x-amazon-apigateway-security-policy \"TLS_1_0\" accepts TLS 1.0, older than TLS 1.2; use \"SecurityPolicy_TLS13_1_2_PQ_2025_09\"",
        ]);
        const strong = await withProgram(tls({ "x-amazon-apigateway-security-policy": "SecurityPolicy_TLS13_1_3_2025_09", "x-amazon-apigateway-endpoint-access-mode": "STRICT" }));
        assert.deepEqual(messages(await evaluate(strong.stack, prod), "aws-apigateway-rest-api-require-tls12"), []);
        const disabled = await withProgram(tls({ "x-amazon-apigateway-endpoint-configuration": { disableExecuteApiEndpoint: true } }));
        assert.deepEqual(messages(await evaluate(disabled.stack, prod), "aws-apigateway-rest-api-require-tls12"), []);
        const neither = await withProgram(tls({}));
        assert.match(messages(await evaluate(neither.stack, prod), "aws-apigateway-rest-api-require-tls12")[0], /securityPolicy is not set/);
    });

    it("says an unreadable body cannot be decided", async () => {
        const { stack, name } = await withProgram(restApi("openapi: [unclosed"));
        assert.match(messages(await evaluate(stack, prod), METHOD)[0], new RegExp(`cannot be decided: the OpenAPI body of REST API "${name}" cannot be read: it is neither JSON nor YAML`));
    });
});
