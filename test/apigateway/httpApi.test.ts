import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { SpaApplication } from "../../components/auth0/SpaApplication";
import { HttpApi, HttpApiArgs } from "../../components/apigateway/HttpApi";
import { ACCOUNT, REGION, recorded, recordedOfType, recordedOne, resolve, setupMocks } from "../support/mocks";

type Scope = "read:colors" | "write:colors";

const T = {
    api: "aws:apigatewayv2/api:Api",
    authorizer: "aws:apigatewayv2/authorizer:Authorizer",
    route: "aws:apigatewayv2/route:Route",
    integration: "aws:apigatewayv2/integration:Integration",
    stage: "aws:apigatewayv2/stage:Stage",
    domain: "aws:apigatewayv2/domainName:DomainName",
    mapping: "aws:apigatewayv2/apiMapping:ApiMapping",
    permission: "aws:lambda/permission:Permission",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    client: "auth0:index/client:Client",
};

const fnArn = (fn: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fn}`;
const executeApi = (name: string) => `arn:aws:execute-api:${REGION}:${ACCOUNT}:${name}-api-id`;

describe("HttpApi", () => {
    let auth0Api: Auth0Api<Scope>;
    let spa: SpaApplication;

    before(() => {
        setupMocks();
        auth0Api = new Auth0Api<Scope>("httpfix", {
            tenant: { domain: "acme.us.auth0.com" },
            identifier: "urn:colors-api",
            permissions: [{ name: "read:colors" }, { name: "write:colors" }],
            roles: [{ name: "color reader", permissions: ["read:colors"] }],
            allowOfflineAccess: true,
        });
        spa = new SpaApplication("httpfix-spa", {
            origins: ["https://colors.example.com", "http://localhost:3000"],
            allowLocalhost: true,
        });
    });

    /** Seed 003's routes plus a URL-proxied write route: the compliant fixture every bad case mutates. */
    function colorsArgs(): HttpApiArgs<Scope> {
        return {
            api: auth0Api,
            spa,
            routes: {
                "GET /colors": { function: { arn: fnArn("colors") }, public: true },
                "GET /my/profile": { function: { arn: fnArn("profile") }, anyValidToken: true },
                "GET /my/colors": { function: { arn: fnArn("my-colors") }, scopes: ["read:colors"] },
                "PUT /my/colors/{id}": { url: "https://backend.example.com/colors/{id}", scopes: ["write:colors"] },
            },
        };
    }

    it("GIVEN an SPA WHEN the API is created THEN its CORS origins are exactly the SPA client's origins and authorization is an allowed header", async () => {
        new HttpApi("h-cors", colorsArgs());
        const api = await recordedOne(T.api, "h-cors-api");
        const client = await recordedOne(T.client, "httpfix-spa-client");
        assert.equal(api.inputs.protocolType, "HTTP");
        assert.equal(api.inputs.name, "h-cors");
        assert.deepEqual(api.inputs.corsConfiguration, {
            allowOrigins: ["https://colors.example.com", "http://localhost:3000"],
            allowHeaders: ["authorization", "content-type"],
            allowMethods: ["GET", "PUT"],
            maxAge: 3600,
            allowCredentials: false,
        });
        assert.deepEqual(api.inputs.corsConfiguration.allowOrigins, client.inputs.webOrigins);
        assert.deepEqual(api.inputs.corsConfiguration.allowOrigins, client.inputs.allowedOrigins);
    });

    it("GIVEN no SPA WHEN the API is created THEN it has no CORS configuration", async () => {
        const { spa: _ignored, ...args } = colorsArgs();
        new HttpApi("h-nocors", args);
        const api = await recordedOne(T.api, "h-nocors-api");
        assert.equal(api.inputs.corsConfiguration, undefined);
    });

    it("WHEN created THEN one JWT authorizer takes the tenant issuer (trailing slash) and the API identifier as audience", async () => {
        const http = new HttpApi("h-auth", colorsArgs());
        const authorizers = await recordedOfType("h-auth", T.authorizer);
        assert.equal(authorizers.length, 1);
        assert.deepEqual(authorizers[0].inputs, {
            apiId: "h-auth-api-id",
            name: "h-auth-auth0",
            authorizerType: "JWT",
            identitySources: ["$request.header.Authorization"],
            jwtConfiguration: { issuer: "https://acme.us.auth0.com/", audiences: ["urn:colors-api"] },
        });
        assert.equal(http.issuer, "https://acme.us.auth0.com/");
        assert.equal(http.audience, "urn:colors-api");
        assert.equal(await resolve(http.authorizerId), "h-auth-authorizer-id");
    });

    it("GIVEN a tenant with a custom domain THEN the issuer is the custom domain", async () => {
        const custom = new Auth0Api<Scope>("httpfix-custom", {
            tenant: { domain: "acme.us.auth0.com", customDomain: "login.acme.com" },
            identifier: "urn:colors-api",
            permissions: [{ name: "read:colors" }],
        });
        new HttpApi("h-custom", { api: custom, routes: { "GET /my/colors": { function: { arn: fnArn("c") }, scopes: ["read:colors"] } } });
        const authorizer = await recordedOne(T.authorizer, "h-custom-authorizer");
        assert.equal(authorizer.inputs.jwtConfiguration.issuer, "https://login.acme.com/");
    });

    it("WHEN created THEN scoped routes are JWT with their scopes, any-token routes JWT without scopes, public routes NONE", async () => {
        new HttpApi("h-routes", colorsArgs());
        const route = async (slug: string) => (await recordedOne(T.route, `h-routes-${slug}-route`)).inputs;
        assert.deepEqual(await route("get-colors"), {
            apiId: "h-routes-api-id", routeKey: "GET /colors", target: "integrations/h-routes-get-colors-integration-id",
            authorizationType: "NONE",
        });
        assert.deepEqual(await route("get-my-profile"), {
            apiId: "h-routes-api-id", routeKey: "GET /my/profile", target: "integrations/h-routes-get-my-profile-integration-id",
            authorizationType: "JWT", authorizerId: "h-routes-authorizer-id",
        });
        assert.deepEqual(await route("get-my-colors"), {
            apiId: "h-routes-api-id", routeKey: "GET /my/colors", target: "integrations/h-routes-get-my-colors-integration-id",
            authorizationType: "JWT", authorizerId: "h-routes-authorizer-id", authorizationScopes: ["read:colors"],
        });
        assert.deepEqual(await route("put-my-colors-id"), {
            apiId: "h-routes-api-id", routeKey: "PUT /my/colors/{id}", target: "integrations/h-routes-put-my-colors-id-integration-id",
            authorizationType: "JWT", authorizerId: "h-routes-authorizer-id", authorizationScopes: ["write:colors"],
        });
        assert.equal((await recordedOfType("h-routes", T.route)).length, 4);
    });

    it("WHEN created THEN Lambda routes use AWS_PROXY payload 2.0 and URL routes HTTP_PROXY 1.0 with the route's method", async () => {
        new HttpApi("h-integ", colorsArgs());
        assert.deepEqual((await recordedOne(T.integration, "h-integ-get-my-colors-integration")).inputs, {
            apiId: "h-integ-api-id", integrationType: "AWS_PROXY", integrationUri: fnArn("my-colors"),
            integrationMethod: "POST", payloadFormatVersion: "2.0",
        });
        assert.deepEqual((await recordedOne(T.integration, "h-integ-put-my-colors-id-integration")).inputs, {
            apiId: "h-integ-api-id", integrationType: "HTTP_PROXY", integrationUri: "https://backend.example.com/colors/{id}",
            integrationMethod: "PUT", payloadFormatVersion: "1.0",
        });
    });

    it("WHEN created THEN each Lambda route grants API Gateway invoke on its own method and path of this API only", async () => {
        new HttpApi("h-perm", colorsArgs());
        const permissions = await recordedOfType("h-perm", T.permission);
        assert.deepEqual(permissions.map((p) => p.inputs).sort((a, b) => a.sourceArn.localeCompare(b.sourceArn)), [
            { action: "lambda:InvokeFunction", function: fnArn("colors"), principal: "apigateway.amazonaws.com", sourceArn: `${executeApi("h-perm")}/*/GET/colors` },
            { action: "lambda:InvokeFunction", function: fnArn("my-colors"), principal: "apigateway.amazonaws.com", sourceArn: `${executeApi("h-perm")}/*/GET/my/colors` },
            { action: "lambda:InvokeFunction", function: fnArn("profile"), principal: "apigateway.amazonaws.com", sourceArn: `${executeApi("h-perm")}/*/GET/my/profile` },
        ]);
    });

    it("GIVEN an aws.lambda.Function WHEN used as integration THEN its ARN output is wired into integration and permission", async () => {
        const role = new aws.iam.Role("h-fn-role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) });
        const fn = new aws.lambda.Function("h-fn-fn", { role: role.arn, runtime: "nodejs22.x", handler: "index.handler", name: "h-fn-fn" });
        new HttpApi("h-fn", { api: auth0Api, routes: { "POST /items/{id}": { function: fn, scopes: ["write:colors"] } } });
        assert.equal((await recordedOne(T.integration, "h-fn-post-items-id-integration")).inputs.integrationUri, fnArn("h-fn-fn"));
        assert.deepEqual((await recordedOne(T.permission, "h-fn-post-items-id-invoke")).inputs.sourceArn, `${executeApi("h-fn")}/*/POST/items/*`);
    });

    it("WHEN created THEN a $default stage auto-deploys, throttles and logs JSON without tokens to a log group that expires", async () => {
        new HttpApi("h-stage", colorsArgs());
        const stage = await recordedOne(T.stage, "h-stage-stage");
        const logs = await recordedOne(T.logGroup, "h-stage-access-logs");
        assert.deepEqual(logs.inputs, { retentionInDays: 30 });
        assert.equal(stage.inputs.name, "$default");
        assert.equal(stage.inputs.autoDeploy, true);
        assert.equal(stage.inputs.apiId, "h-stage-api-id");
        assert.deepEqual(stage.inputs.defaultRouteSettings, { throttlingRateLimit: 100, throttlingBurstLimit: 200 });
        assert.equal(stage.inputs.accessLogSettings.destinationArn, logs.state.arn);
        const format = JSON.parse(stage.inputs.accessLogSettings.format);
        assert.equal(format.routeKey, "$context.routeKey");
        assert.equal(format.authorizerError, "$context.authorizer.error");
        assert.ok(!/authorization|header|token/i.test(stage.inputs.accessLogSettings.format), "access logs must not carry tokens");
    });

    it("GIVEN throttling and retention THEN the stage and log group use them", async () => {
        new HttpApi("h-tune", { ...colorsArgs(), throttling: { rateLimit: 5, burstLimit: 10 }, accessLogRetentionDays: 7, cors: { extraHeaders: ["X-Trace"], maxAge: 60 } });
        assert.deepEqual((await recordedOne(T.stage, "h-tune-stage")).inputs.defaultRouteSettings, { throttlingRateLimit: 5, throttlingBurstLimit: 10 });
        assert.equal((await recordedOne(T.logGroup, "h-tune-access-logs")).inputs.retentionInDays, 7);
        const cors = (await recordedOne(T.api, "h-tune-api")).inputs.corsConfiguration;
        assert.deepEqual([cors.allowHeaders, cors.maxAge], [["authorization", "content-type", "x-trace"], 60]);
    });

    it("GIVEN a custom domain THEN it is regional with TLS 1.2 and mapped to the $default stage", async () => {
        const http = new HttpApi("h-dom", { ...colorsArgs(), domain: { name: "api.colors.example.com", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc", basePath: "v1" } });
        assert.deepEqual((await recordedOne(T.domain, "h-dom-domain")).inputs, {
            domainName: "api.colors.example.com",
            domainNameConfiguration: { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc", endpointType: "REGIONAL", securityPolicy: "TLS_1_2" },
        });
        assert.deepEqual((await recordedOne(T.mapping, "h-dom-mapping")).inputs, {
            apiId: "h-dom-api-id", domainName: "h-dom-domain-id", stage: "h-dom-stage-id", apiMappingKey: "v1",
        });
        assert.equal(await resolve(http.url), "https://api.colors.example.com/v1");
        assert.equal(await resolve(http.domainTarget), `d-h-dom-domain.execute-api.${REGION}.amazonaws.com`);
        assert.equal(await resolve(http.domainHostedZoneId), "Z1UJRXOUMOOFQ8");
    });

    it("WHEN created without a domain THEN outputs give the execute-api endpoint, and the resource count is per route", async () => {
        const http = new HttpApi("h-out", colorsArgs());
        assert.equal(await resolve(http.apiId), "h-out-api-id");
        assert.equal(await resolve(http.endpoint), `https://h-out-api-id.execute-api.${REGION}.amazonaws.com`);
        assert.equal(await resolve(http.url), await resolve(http.endpoint));
        assert.equal(await resolve(http.domainTarget), undefined);
        assert.deepEqual(http.scopesUsed, ["read:colors", "write:colors"]);
        assert.deepEqual(http.routeInfo["GET /my/profile"], { routeKey: "GET /my/profile", authorizationType: "JWT", scopes: [] });
        assert.deepEqual(http.routeInfo["GET /colors"], { routeKey: "GET /colors", authorizationType: "NONE", scopes: [] });
        const types = (await recorded("h-out")).map((r) => r.type);
        const count = (t: string) => types.filter((x) => x === t).length;
        assert.deepEqual([count(T.api), count(T.authorizer), count(T.integration), count(T.route), count(T.permission), count(T.stage), count(T.logGroup), count(T.domain)],
            [1, 1, 4, 4, 3, 1, 1, 0]);
    });

    it("GIVEN an existing HTTP API WHEN attaching THEN authorizer, integrations, routes and permissions go on it, and no API, stage or log group is created", async () => {
        const existing = { id: "shared-id", executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:shared-id`, apiEndpoint: "https://shared-id.execute-api.us-east-1.amazonaws.com" };
        const http = new HttpApi("h-attach", {
            api: auth0Api,
            existingApi: existing,
            routes: { "GET /my/colors": { function: { arn: fnArn("my-colors") }, scopes: ["read:colors"] } },
        });
        const types = (await recorded("h-attach")).map((r) => r.type).sort();
        assert.deepEqual(types, ["edge-auth:index:HttpApi", T.authorizer, T.integration, T.permission, T.route].sort());
        assert.equal((await recordedOne(T.authorizer, "h-attach-authorizer")).inputs.apiId, "shared-id");
        const route = (await recordedOne(T.route, "h-attach-get-my-colors-route")).inputs;
        assert.deepEqual([route.apiId, route.authorizerId, route.authorizationScopes], ["shared-id", "h-attach-authorizer-id", ["read:colors"]]);
        assert.equal((await recordedOne(T.integration, "h-attach-get-my-colors-integration")).inputs.apiId, "shared-id");
        assert.equal((await recordedOne(T.permission, "h-attach-get-my-colors-invoke")).inputs.sourceArn, `${existing.executionArn}/*/GET/my/colors`);
        assert.equal(await resolve(http.url), existing.apiEndpoint);
        assert.equal(await resolve(http.apiId), "shared-id");
        assert.equal(http.api, undefined);
        assert.equal(http.stage, undefined);
    });

    describe("rejects bad arguments at construction, creating nothing", () => {
        const cases: Array<[string, (a: HttpApiArgs<any>) => void, RegExp]> = [
            ["an undeclared scope", (a) => { a.routes["GET /my/colors"].scopes = ["read:colours"]; },
                /HttpApi "bad-http-\d+": routes\["GET \/my\/colors"\]\.scopes "read:colours" is not a permission of the API\. Fix: declare it in the API's permissions or use one of: read:colors, write:colors/],
            ["a private route with neither scopes nor the explicit opt-in", (a) => { a.routes["GET /my/profile"] = { function: { arn: fnArn("p") } }; },
                /HttpApi "bad-http-\d+": routes\["GET \/my\/profile"\] \["function"\] has no access rule\. Fix: set scopes/],
            ["duplicate route keys (same route, other parameter name)", (a) => { a.routes["PUT /my/colors/{colorId}"] = { url: "https://b.example.com", scopes: ["write:colors"] }; },
                /HttpApi "bad-http-\d+": routes\["PUT \/my\/colors\/\{colorId\}"\] "PUT \/my\/colors\/\{colorId\}" is the same route as "PUT \/my\/colors\/\{id\}"/],
            ["route keys naming the same child resource", (a) => { a.routes["GET /my-colors"] = { function: { arn: fnArn("x") }, public: true }; },
                /HttpApi "bad-http-\d+": routes "GET \/my-colors" names the same resource as "GET \/my\/colors"/],
            ["more than ten scopes", (a) => { a.routes["GET /my/colors"].scopes = Array(11).fill("read:colors"); },
                /HttpApi "bad-http-\d+": routes\["GET \/my\/colors"\]\.scopes 11 lists more than 10 scopes/],
            ["a malformed route key", (a) => { a.routes["GET /colors/{proxy+}/x"] = { function: { arn: fnArn("x") }, public: true }; },
                /HttpApi "bad-http-\d+": routes\["GET \/colors\/\{proxy\+\}\/x"\] .* has the greedy parameter "\{proxy\+\}" before the end/],
            ["an authorized ANY route while CORS is on", (a) => { a.routes["ANY /admin"] = { function: { arn: fnArn("x") }, scopes: ["write:colors"] }; },
                /HttpApi "bad-http-\d+": routes\["ANY \/admin"\] "ANY \/admin" would send CORS preflights to the JWT authorizer \(401\)/],
            ["an OPTIONS route requiring a token", (a) => { a.routes["OPTIONS /my/colors"] = { function: { arn: fnArn("x") }, scopes: ["read:colors"] }; },
                /HttpApi "bad-http-\d+": routes\["OPTIONS \/my\/colors"\] .* requires a token on OPTIONS/],
            ["an http integration URL", (a) => { a.routes["PUT /my/colors/{id}"].url = "http://backend.example.com"; },
                /HttpApi "bad-http-\d+": routes\["PUT \/my\/colors\/\{id\}"\]\.url "http:\/\/backend\.example\.com" is not https/],
            ["an API reference without its identity provider", (a) => { a.api = { identifier: "urn:x", permissionNames: [] } as any; },
                /HttpApi "bad-http-\d+": api\.identityProvider \(missing\) is missing\. Fix: pass a resolved identity provider: resolveIdentityProvider/],
            ["cors settings without an SPA", (a) => { delete a.spa; a.cors = { maxAge: 10 }; },
                /HttpApi "bad-http-\d+": cors \{"maxAge":10\} is set without spa\. Fix: CORS origins come from the SPA/],
            ["separate CORS origins next to the SPA", (a) => { (a as any).corsOrigins = ["https://other.example.com"]; },
                /HttpApi "bad-http-\d+": corsOrigins \["https:\/\/other\.example\.com"\] is not an argument\. Fix: CORS origins are the SPA's origins/],
            ["an SPA reference whose origins are not a list", (a) => { a.spa = { origins: "https://x.example.com" } as any; },
                /HttpApi "bad-http-\d+": spa\.origins "https:\/\/x\.example\.com" is not a list of strings/],
            ["an access log retention CloudWatch does not offer", (a) => { a.accessLogRetentionDays = 10; },
                /HttpApi "bad-http-\d+": accessLogRetentionDays 10 is not a CloudWatch retention period/],
            ["a custom domain with a path", (a) => { a.domain = { name: "api.example.com/v1", certificateArn: "arn:aws:acm:us-east-1:1:certificate/x" }; },
                /HttpApi "bad-http-\d+": domain\.name "api\.example\.com\/v1" includes a path/],
            ["no routes", (a) => { a.routes = {}; }, /HttpApi "bad-http-\d+": routes \{\} is empty/],
            ["an SPA together with an existing API (CORS lives on the API's owner)", (a) => { a.existingApi = { id: "shared-id", executionArn: "arn:aws:execute-api:us-east-1:1:shared-id", apiEndpoint: "https://shared-id.example.com" }; },
                /HttpApi "bad-http-\d+": spa "SpaApplication" cannot be applied to an existingApi\. Fix: set corsConfiguration where the API is created, from spa\.origins/],
            ["a custom domain together with an existing API", (a) => { delete a.spa; a.existingApi = { id: "shared-id", executionArn: "arn:aws:execute-api:us-east-1:1:shared-id", apiEndpoint: "https://shared-id.example.com" }; a.domain = { name: "api.example.com", certificateArn: "arn:aws:acm:us-east-1:1:certificate/x" }; },
                /HttpApi "bad-http-\d+": domain .* cannot be applied to an existingApi\. Fix: configure it where the API is created/],
            ["an existing API without its execution ARN", (a) => { delete a.spa; a.existingApi = { id: "x", apiEndpoint: "https://x.example.com" } as any; },
                /HttpApi "bad-http-\d+": existingApi "object" is not an HTTP API\. Fix: pass an aws\.apigatewayv2\.Api/],
        ];
        cases.forEach(([what, mutate, message], i) => {
            it(`GIVEN ${what} THEN construction throws and registers nothing`, async () => {
                const args = colorsArgs();
                mutate(args);
                assert.throws(() => new HttpApi(`bad-http-${i}`, args), message);
                assert.deepEqual(await recorded(`bad-http-${i}`), []);
            });
        });

        it("GIVEN an SPA with refresh tokens and an API without offline access THEN construction throws: Auth0 would issue no refresh token (finding 8)", async () => {
            const online = new Auth0Api<Scope>("httpfix-online", { tenant: { domain: "acme.us.auth0.com" }, identifier: "urn:online", permissions: [{ name: "read:colors" }, { name: "write:colors" }] });
            assert.throws(() => new HttpApi("bad-http-offline", { ...colorsArgs(), api: online }),
                /HttpApi "bad-http-offline": api\.allowOfflineAccess false is off while spa uses refresh tokens, so Auth0 would issue the SPA no refresh token for urn:online\. Fix: set allowOfflineAccess: true on the Auth0Api, or refreshTokens: false on the SpaApplication/);
            assert.deepEqual(await recorded("bad-http-offline"), []);
            const noRefresh = new SpaApplication("httpfix-norefresh", { origins: ["https://colors.example.com"], refreshTokens: false });
            assert.doesNotThrow(() => new HttpApi("ok-http-offline", { ...colorsArgs(), api: online, spa: noRefresh }));
        });

        it("GIVEN an SPA with a wildcard origin THEN construction throws naming the origin", async () => {
            const wild = new SpaApplication("httpfix-wild", { origins: ["https://*.colors.example.com"], allowWildcards: true });
            assert.throws(() => new HttpApi("bad-http-wild", { ...colorsArgs(), spa: wild }),
                /HttpApi "bad-http-wild": spa\.origins\[0\] "https:\/\/\*\.colors\.example\.com" is a wildcard origin/);
            assert.deepEqual(await recorded("bad-http-wild"), []);
        });

        it("GIVEN an Auth0 API signing with HS256 THEN construction throws: the JWT authorizer verifies RSA only", async () => {
            const hs = new Auth0Api<Scope>("httpfix-hs", { tenant: { domain: "acme.us.auth0.com" }, identifier: "urn:hs", permissions: [{ name: "read:colors" }], signingAlg: "HS256" });
            assert.throws(() => new HttpApi("bad-http-hs", { ...colorsArgs(), api: hs }),
                /HttpApi "bad-http-hs": api\.signingAlg "HS256" cannot be verified by the HTTP API JWT authorizer\. Fix: sign the Auth0 API with RS256/);
            assert.deepEqual(await recorded("bad-http-hs"), []);
        });
    });
});
