import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { RestApiLambdaAuthorizer, RestApiLambdaAuthorizerArgs } from "../../components/apigateway/RestApiLambdaAuthorizer";
import { ACCOUNT, REGION, recorded, recordedOfType, recordedOne, resolve, setupMocks } from "../support/mocks";
import { BUNDLE } from "./restBundle";

type Scope = "read:Movies" | "read:Devices" | "write:Movies";

let apiCount = 0;
function streamingApi(signingAlg?: "RS256" | "HS256"): Auth0Api<Scope> {
    return new Auth0Api<Scope>(`streaming-${++apiCount}`, {
        tenant: { domain: "acme.us.auth0.com" },
        identifier: "https://StreamingResourceServer",
        permissions: [{ name: "read:Movies" }, { name: "read:Devices" }, { name: "write:Movies" }],
        signingAlg,
    });
}

function args(api = streamingApi()): RestApiLambdaAuthorizerArgs<Scope> {
    return {
        api,
        routes: {
            "GET /movies": { scopes: ["read:Movies"] },
            "GET /movies/{id}": { scopes: ["read:Movies"] },
            "GET /devices": { scopes: ["read:Devices"] },
        },
    };
}

describe("RestApiLambdaAuthorizer", () => {
    before(() => setupMocks());

    it("deploys the bundled handler on nodejs22.x with the configuration derived from the API and routes", async () => {
        const authorizer = new RestApiLambdaAuthorizer("movies", args());
        const fn = await recordedOne("aws:lambda/function:Function", "movies-function");
        assert.equal(fn.inputs.runtime, "nodejs22.x");
        assert.deepEqual(fn.inputs.architectures, ["arm64"]);
        assert.equal(fn.inputs.handler, "index.handler");
        assert.equal(fn.inputs.timeout, 10);
        assert.equal(fn.inputs.memorySize, 256);
        assert.deepEqual(fn.inputs.environment.variables, {
            EDGE_AUTH_ISSUER: "https://acme.us.auth0.com/",
            EDGE_AUTH_AUDIENCE: "https://StreamingResourceServer",
            EDGE_AUTH_JWKS_URI: "https://acme.us.auth0.com/.well-known/jwks.json",
            EDGE_AUTH_ROUTES: JSON.stringify({ "GET /movies": ["read:Movies"], "GET /movies/{id}": ["read:Movies"], "GET /devices": ["read:Devices"] }),
        });
        // The archive holds the very file the handler tests load.
        const code = await resolve(fn.inputs.code as any);
        assert.deepEqual(Object.keys((code as any).assets), ["index.js"]);
        assert.equal((code as any).assets["index.js"].path, BUNDLE);
        assert.deepEqual(authorizer.methodScopes, { "GET /movies": ["read:Movies"], "GET /movies/{id}": ["read:Movies"], "GET /devices": ["read:Devices"] });
        assert.equal(await resolve(authorizer.functionArn), `arn:aws:lambda:${REGION}:${ACCOUNT}:function:movies-function`);
    });

    it("creates a REQUEST authorizer cached per token, method, path and stage (300 s)", async () => {
        const authorizer = new RestApiLambdaAuthorizer("movies2", args());
        const created = await recordedOne("aws:apigateway/authorizer:Authorizer", "movies2-authorizer");
        assert.deepEqual(created.inputs, {
            name: "movies2",
            restApi: "movies2-api-id",
            type: "REQUEST",
            authorizerUri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${ACCOUNT}:function:movies2-function/invocations`,
            identitySource: "method.request.header.Authorization, context.httpMethod, context.path, context.stage, context.domainName",
            authorizerResultTtlInSeconds: 300,
        });
        assert.equal(await resolve(authorizer.authorizerId), "movies2-authorizer-id");
    });

    it("creates a regional REST API with a TLS 1.3/1.2 policy when none is given", async () => {
        const authorizer = new RestApiLambdaAuthorizer("movies3", args());
        const api = await recordedOne("aws:apigateway/restApi:RestApi", "movies3-api");
        assert.deepEqual(api.inputs, {
            name: "movies3",
            endpointConfiguration: { types: "REGIONAL" },
            securityPolicy: "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
            endpointAccessMode: "BASIC",
        });
        assert.ok(authorizer.restApi instanceof aws.apigateway.RestApi);
        assert.equal(await resolve(authorizer.executionArn), `arn:aws:execute-api:${REGION}:${ACCOUNT}:movies3-api-id`);
    });

    it("lets only this authorizer of this API invoke the function", async () => {
        new RestApiLambdaAuthorizer("movies4", args());
        const permission = await recordedOne("aws:lambda/permission:Permission", "movies4-invoke");
        assert.deepEqual(permission.inputs, {
            action: "lambda:InvokeFunction",
            function: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:movies4-function`,
            principal: "apigateway.amazonaws.com",
            sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:movies4-api-id/authorizers/movies4-authorizer-id`,
        });
    });

    it("gives the function a role that may only write its own logs, to a log group with retention", async () => {
        new RestApiLambdaAuthorizer("movies5", args());
        const role = await recordedOne("aws:iam/role:Role", "movies5-role");
        assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy), {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
        const policy = await recordedOne("aws:iam/rolePolicy:RolePolicy", "movies5-logging");
        assert.equal(policy.inputs.role, "movies5-role-id");
        assert.deepEqual(JSON.parse(policy.inputs.policy), {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/edge-auth/edge-auth-test/movies5-authorizer:*` }],
        });
        const logs = await recordedOne("aws:cloudwatch/logGroup:LogGroup", "movies5-logs");
        assert.deepEqual(logs.inputs, { name: "/edge-auth/edge-auth-test/movies5-authorizer", retentionInDays: 30 });
        const fn = await recordedOne("aws:lambda/function:Function", "movies5-function");
        assert.equal(fn.inputs.role, `arn:aws:iam::${ACCOUNT}:role/movies5-role`);
        assert.deepEqual(fn.inputs.loggingConfig, { logFormat: "JSON", logGroup: "/edge-auth/edge-auth-test/movies5-authorizer" });
        // No managed policies and no other role policies.
        assert.equal(role.inputs.managedPolicyArns, undefined);
        assert.equal((await recordedOfType("movies5", "aws:iam/rolePolicy:RolePolicy")).length, 1);
        assert.equal((await recordedOfType("movies5", "aws:iam/rolePolicyAttachment:RolePolicyAttachment")).length, 0);
    });

    it("attaches to an existing REST API without creating one", async () => {
        const existing = new aws.apigateway.RestApi("existing-streaming", { name: "existing" });
        const authorizer = new RestApiLambdaAuthorizer("movies6", { ...args(), restApi: existing, resultTtlInSeconds: 0, logRetentionInDays: 365, memorySize: 512 });
        const created = await recordedOne("aws:apigateway/authorizer:Authorizer", "movies6-authorizer");
        assert.equal(created.inputs.restApi, "existing-streaming-id");
        assert.equal(created.inputs.type, "REQUEST");
        assert.equal(created.inputs.identityValidationExpression, undefined);
        assert.equal(created.inputs.authorizerResultTtlInSeconds, 0);
        assert.equal((await recordedOne("aws:cloudwatch/logGroup:LogGroup", "movies6-logs")).inputs.retentionInDays, 365);
        assert.equal((await recordedOne("aws:lambda/function:Function", "movies6-function")).inputs.memorySize, 512);
        assert.equal((await recordedOfType("movies6", "aws:apigateway/restApi:RestApi")).length, 0);
        assert.equal(authorizer.restApi, undefined);
        const permission = await recordedOne("aws:lambda/permission:Permission", "movies6-invoke");
        assert.equal(permission.inputs.sourceArn, `arn:aws:execute-api:${REGION}:${ACCOUNT}:existing-streaming-id/authorizers/movies6-authorizer-id`);
    });

    it("accepts an imported API as { id, executionArn }", async () => {
        new RestApiLambdaAuthorizer("movies7", { ...args(), restApi: { id: "a1b2c3d4e5", executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:a1b2c3d4e5` } });
        const permission = await recordedOne("aws:lambda/permission:Permission", "movies7-invoke");
        assert.equal(permission.inputs.sourceArn, `arn:aws:execute-api:${REGION}:${ACCOUNT}:a1b2c3d4e5/authorizers/movies7-authorizer-id`);
    });

    it("creates exactly its children, all parented to the component", async () => {
        new RestApiLambdaAuthorizer("movies8", args());
        const types = (await recorded("movies8")).map((r) => r.type).sort();
        assert.deepEqual(types, [
            "aws:apigateway/authorizer:Authorizer",
            "aws:apigateway/restApi:RestApi",
            "aws:cloudwatch/logGroup:LogGroup",
            "aws:iam/role:Role",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:lambda/function:Function",
            "aws:lambda/permission:Permission",
            "edge-auth:index:RestApiLambdaAuthorizer",
        ]);
    });

    // `npm test` type-checks this file: the @ts-expect-error fails the type-check if the line compiles.
    it("does not compile, and throws, with a scope the API does not declare", async () => {
        const api = streamingApi();
        assert.throws(
            // @ts-expect-error "read:Moovies" is not a permission of the API
            () => new RestApiLambdaAuthorizer("typed-rest", { api, routes: { "GET /movies": { scopes: ["read:Moovies"] } } }),
            /routes\["GET \/movies"\]\.scopes "read:Moovies" is not a permission of the API/);
        assert.deepEqual(await recorded("typed-rest"), []);
    });

    describe("rejects bad arguments at construction, creating nothing", () => {
        const cases: Array<[string, (a: RestApiLambdaAuthorizerArgs<any>) => void, RegExp]> = [
            ["no API", (a) => { a.api = undefined as any; }, /RestApiLambdaAuthorizer "bad-rest-\d+": api \(missing\) is missing\. Fix: pass an Auth0Api/],
            ["an HS256 API", (a) => { a.api = streamingApi("HS256"); }, /api\.signingAlg "HS256" cannot be verified by the authorizer\. Fix: create the Auth0Api with signingAlg: "RS256"/],
            ["no routes", (a) => { a.routes = {}; }, /routes \{\} is empty\. Fix: declare at least one route/],
            ["a scope the API does not declare", (a) => { a.routes = { "GET /movies": { scopes: ["read:Moovies"] } }; }, /routes\["GET \/movies"\]\.scopes "read:Moovies" is not a permission of the API\. Fix: declare it in the API's permissions or use one of: read:Movies, read:Devices, write:Movies/],
            ["a route without scopes", (a) => { a.routes = { "GET /movies": { scopes: [] } }; }, /routes\["GET \/movies"\]\.scopes \[\] is empty/],
            ["a malformed route key", (a) => { a.routes = { "/movies": { scopes: ["read:Movies"] } }; }, /routes\["\/movies"\] "\/movies" is not "<METHOD> <path>"/],
            ["an OPTIONS route", (a) => { a.routes = { "OPTIONS /movies": { scopes: ["read:Movies"] } }; }, /puts CORS preflight behind the authorizer/],
            ["the same route twice", (a) => { a.routes = { "GET /movies/{id}": { scopes: ["read:Movies"] }, "GET /movies/{movieId}": { scopes: ["read:Movies"] } }; }, /is the same route as "GET \/movies\/\{id\}"/],
            ["a TOKEN authorizer (cache key = token alone)", (a) => { (a as any).type = "TOKEN"; }, /type "TOKEN" is no longer supported\. Fix: remove it: the authorizer is a REQUEST authorizer keyed by token, method and path/],
            ["a cache TTL above 3600", (a) => { a.resultTtlInSeconds = 3601; }, /resultTtlInSeconds 3601 is out of range\. Fix: use a whole number of seconds from 0 to 3600/],
            ["a negative cache TTL", (a) => { a.resultTtlInSeconds = -1; }, /resultTtlInSeconds -1 is out of range/],
            ["a retention CloudWatch does not offer", (a) => { a.logRetentionInDays = 10; }, /logRetentionInDays 10 is not a CloudWatch retention period\. Fix: use one of 1, 3, 5, 7, 14, 30/],
            ["too little memory", (a) => { a.memorySize = 64; }, /memorySize 64 is out of range\. Fix: use a whole number of MB from 128 to 10240/],
            ["a REST API without executionArn", (a) => { a.restApi = { id: "abc" } as any; }, /restApi \{"id":"abc"\} lacks id or executionArn/],
            ["more routes than Lambda's environment holds", (a) => {
                a.routes = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`GET /movies/genre-${i}/{id}`, { scopes: ["read:Movies", "read:Devices"] }]));
            }, /routes \["GET \/movies\/genre-0\/\{id\}".* need 7263 bytes of environment, over Lambda's 4096\. Fix: use fewer routes/],
        ];
        cases.forEach(([what, mutate, message], i) => {
            it(what, async () => {
                const name = `bad-rest-${i}`;
                const a = args() as RestApiLambdaAuthorizerArgs<any>;
                mutate(a);
                assert.throws(() => new RestApiLambdaAuthorizer(name, a), message);
                assert.deepEqual(await recorded(name), []);
            });
        });
    });
});
