import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { RestApi, RestApiArgs } from "../../components/apigateway/RestApi";
import { ACCOUNT, REGION, recorded, recordedOfType, recordedOne, resolve, setupMocks } from "../support/mocks";

type Scope = "read:Movies" | "read:Reviews" | "write:Movies";

let count = 0;
const api = () => new Auth0Api<Scope>(`rest-api-${++count}`, {
    tenant: { domain: "acme.us.auth0.com" },
    identifier: "https://StreamingResourceServer",
    permissions: [{ name: "read:Movies" }, { name: "read:Reviews" }, { name: "write:Movies" }],
});
const fn = (name: string) => new aws.lambda.Function(name, { runtime: "nodejs22.x", handler: "index.handler", role: "arn:aws:iam::123456789012:role/x", code: new (require("@pulumi/pulumi").asset.AssetArchive)({}) });

function args(handler = fn(`data-${++count}`)): RestApiArgs<Scope> {
    return {
        api: api(),
        handler,
        routes: {
            "GET /movies": { scopes: ["read:Movies"] },
            "GET /movies/{id}": { scopes: ["read:Movies"] },
            "GET /movies/{id}/reviews": { scopes: ["read:Reviews"] },
            "POST /movies": { scopes: ["write:Movies"] },
        },
    };
}

describe("RestApi (owns its methods)", () => {
    before(() => setupMocks());

    it("GIVEN routes WHEN created THEN exactly one method per route, each behind the authorizer, on a resource tree keyed by path", async () => {
        const rest = new RestApi("m1", args());
        const resources = await recordedOfType("m1", "aws:apigateway/resource:Resource");
        assert.deepEqual(resources.map((r) => [r.name, r.inputs.pathPart, r.inputs.parentId]).sort(), [
            ["m1-resource-/movies", "movies", "m1-api-root"],
            ["m1-resource-/movies/{id}", "{id}", "m1-resource-/movies-id"],
            ["m1-resource-/movies/{id}/reviews", "reviews", "m1-resource-/movies/{id}-id"],
        ]);
        const methods = await recordedOfType("m1", "aws:apigateway/method:Method");
        assert.deepEqual(methods.map((m) => m.name).sort(), ["m1-method-GET /movies", "m1-method-GET /movies/{id}", "m1-method-GET /movies/{id}/reviews", "m1-method-POST /movies"]);
        for (const m of methods) {
            assert.equal(m.inputs.authorization, "CUSTOM");
            assert.equal(m.inputs.authorizerId, "m1-auth-authorizer-id");
        }
        const authorizer = await recordedOne("aws:apigateway/authorizer:Authorizer", "m1-auth-authorizer");
        assert.equal(authorizer.inputs.type, "REQUEST");
        assert.equal(authorizer.inputs.restApi, "m1-api-id");
        const env = (await recordedOne("aws:lambda/function:Function", "m1-auth-function")).inputs.environment.variables;
        assert.deepEqual(Object.keys(JSON.parse(env.EDGE_AUTH_ROUTES)).sort(), methods.map((m) => m.name.replace("m1-method-", "")).sort(), "the authorizer judges exactly the deployed methods");
        assert.equal(await resolve(rest.url), `https://m1-api-id.execute-api.${REGION}.amazonaws.com/v1`);
    });

    it("integrates each route with its function and lets only this API's method invoke it", async () => {
        const own = fn("reviews-fn");
        const a = args();
        a.routes["GET /movies/{id}/reviews"] = { scopes: ["read:Reviews"], handler: own };
        new RestApi("m2", a);
        const integration = await recordedOne("aws:apigateway/integration:Integration", "m2-integration-GET /movies/{id}/reviews");
        assert.equal(integration.inputs.type, "AWS_PROXY");
        assert.equal(integration.inputs.integrationHttpMethod, "POST");
        assert.equal(integration.inputs.uri, `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${ACCOUNT}:function:reviews-fn/invocations`);
        const permission = await recordedOne("aws:lambda/permission:Permission", "m2-invoke-GET /movies/{id}/reviews");
        assert.equal(permission.inputs.sourceArn, `arn:aws:execute-api:${REGION}:${ACCOUNT}:m2-api-id/*/GET/movies/*/reviews`);
        assert.equal(permission.inputs.function, `arn:aws:lambda:${REGION}:${ACCOUNT}:function:reviews-fn`);
    });

    it("creates a deployment whose trigger hashes every resource, method, integration and the authorizer, and a stage on it", async () => {
        const rest = new RestApi("m3", args());
        const deployment = await recordedOne("aws:apigateway/deployment:Deployment", "m3-deployment");
        const hash = await resolve(rest.deploymentHash);
        assert.match(hash, /^[0-9a-f]{64}$/);
        assert.deepEqual(deployment.inputs.triggers, { redeployment: hash });
        const stage = await recordedOne("aws:apigateway/stage:Stage", "m3-stage");
        assert.equal(stage.inputs.deployment, "m3-deployment-id");
        assert.equal(stage.inputs.stageName, "v1");
    });

    describe("second deploy", () => {
        // The same component name in each program, as the second `pulumi up` of one stack: the
        // mock ids are then the ids the first deploy would have, and only the args differ.
        let handler: aws.lambda.Function;
        let other: aws.lambda.Function;
        before(() => {
            handler = fn("shared-data");
            other = fn("other-data");
        });
        async function deploy(mutate: (a: RestApiArgs<Scope>) => void): Promise<{ hash: string; names: string[] }> {
            const a = args(handler);
            mutate(a);
            const before = new Set((await recorded("twin")).map((r) => r));
            const rest = new RestApi("twin", a);
            const hash = await resolve(rest.deploymentHash);
            const names = (await recorded("twin")).filter((r) => !before.has(r) && r.type.startsWith("aws:apigateway/")).map((r) => r.name).sort();
            return { hash, names };
        }
        const reorder = (a: RestApiArgs<Scope>) => { a.routes = Object.fromEntries(Object.entries(a.routes).reverse()); };

        it("reordering routes keeps every child and the deployment (nothing replaced)", async () => {
            const first = await deploy(() => undefined);
            const second = await deploy(reorder);
            assert.deepEqual(second.names, first.names);
            assert.equal(second.hash, first.hash);
        });

        it("adding a route, changing a route's function or making it ANY gives a new deployment; the same args do not", async () => {
            const base = await deploy(() => undefined);
            assert.equal((await deploy(() => undefined)).hash, base.hash);
            const changed = {
                "a route added": await deploy((a) => { a.routes["GET /movies/{id}/cast"] = { scopes: ["read:Movies"] }; }),
                "a route removed": await deploy((a) => { delete a.routes["POST /movies"]; }),
                "another function": await deploy((a) => { a.routes["POST /movies"] = { scopes: ["write:Movies"], handler: other }; }),
                "a verb changed": await deploy((a) => { delete a.routes["POST /movies"]; a.routes["PUT /movies"] = { scopes: ["write:Movies"] }; }),
            };
            for (const [what, result] of Object.entries(changed)) {
                assert.notEqual(result.hash, base.hash, what);
            }
            // Removing a route removes exactly its method, integration and nothing else.
            const removed = base.names.filter((n) => !changed["a route removed"].names.includes(n));
            assert.deepEqual(removed, ["twin-integration-POST /movies", "twin-method-POST /movies"]);
        });
    });

    describe("rejects bad arguments at construction, creating nothing", () => {
        const cases: Array<[string, (a: RestApiArgs<any>) => void, RegExp]> = [
            ["a route without a handler", (a) => { a.handler = undefined; }, /RestApi "bad-restapi-\d+": routes\["GET \/movies"\]\.handler \(missing\) is missing\. Fix: give the route a handler/],
            ["two parameter names at one position", (a) => { a.routes["GET /movies/{movieId}/cast"] = { scopes: ["read:Movies"] }; }, /names the resource \/movies\/\{movieId\} while another route names it \/movies\/\{id\}\. Fix: use the same parameter name/],
            ["a bad stage name", (a) => { a.stageName = "v 1"; }, /stageName "v 1" is not a stage name/],
            ["a scope the API does not declare", (a) => { a.routes = { "GET /x": { scopes: ["read:Moovies"] } }; }, /routes\["GET \/x"\]\.scopes "read:Moovies" is not a permission of the API/],
            ["no API", (a) => { a.api = undefined as any; }, /RestApi "bad-restapi-\d+": api \(missing\) is missing\. Fix: pass an Auth0Api/],
        ];
        cases.forEach(([what, mutate, message], i) => {
            it(what, async () => {
                const name = `bad-restapi-${i}`;
                const a = args() as RestApiArgs<any>;
                mutate(a);
                assert.throws(() => new RestApi(name, a), message);
                assert.deepEqual(await recorded(name), []);
            });
        });
    });
});
