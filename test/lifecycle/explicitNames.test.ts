/**
 * Every name (or other identity fixed at creation) a component sets explicitly is known to the
 * replace-on-change table: either replace-on-change or updated in place, with the provider
 * source. The names are derived: every component runs under the mocks, and each custom resource
 * input it sends is checked against the provider's typings (test/support/providerTypings.ts).
 * A component that starts naming something new fails here until the table says what a change
 * of that name does.
 */
import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlbOidcLogin } from "../../components/alb/AlbOidcLogin";
import { HttpsLoadBalancer } from "../../components/alb/HttpsLoadBalancer";
import { HttpApi } from "../../components/apigateway/HttpApi";
import { RestApi } from "../../components/apigateway/RestApi";
import { RestApiLambdaAuthorizer } from "../../components/apigateway/RestApiLambdaAuthorizer";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { SpaApplication } from "../../components/auth0/SpaApplication";
import { WebApplication } from "../../components/auth0/WebApplication";
import { linePreset } from "../../components/core/presets";
import { setupMocks } from "../support/mocks";
import { inputProperties, isNameLike } from "../support/providerTypings";
import { REPLACE_ON_CHANGE } from "../support/replaceOnChange";
import { SimResource, runProgram } from "../support/updateSimulator";
import { colorsParts, opsProgram } from "./fixtures";

const TENANT = { domain: "edge-auth.eu.auth0.com" };

/** The components' other shapes: REST (own and given API), HTTP API with a custom domain, adopted listener with LINE. */
function otherShapes(): void {
    const fn = new aws.lambda.Function("movies-fn", { role: "arn:aws:iam::123456789012:role/x", runtime: "nodejs22.x", handler: "index.handler", code: new pulumi.asset.AssetArchive({}) });
    const movies = new Auth0Api("movies-api", { tenant: TENANT, identifier: "https://movies.example.com/", permissions: [{ name: "read:Movies" }] });
    new RestApi("movies", { api: movies, handler: fn, routes: { "GET /movies": { scopes: ["read:Movies"] }, "GET /movies/{id}": { scopes: ["read:Movies"] } } });
    new RestApiLambdaAuthorizer("standalone", { api: movies, routes: { "GET /movies": { scopes: ["read:Movies"] } } });
    new WebApplication("portal", { callbackUrls: ["https://app.example.com/callback"] });
    const paint = new Auth0Api("paint-api", { tenant: TENANT, identifier: "urn:paint", permissions: [{ name: "read:paint" }], allowOfflineAccess: true });
    const spa = new SpaApplication("paint-app", { origins: ["https://paint.example.com"] });
    new HttpApi("paint-http", {
        api: paint, spa,
        routes: { "GET /paint": { function: { arn: "arn:aws:lambda:eu-west-1:123456789012:function:paint" }, scopes: ["read:paint"] } },
        domain: { name: "api.paint.example.com", certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/p" },
    });
    const listener = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/idp/50dc6c495c0c9188/f2f7dc8efc522ab2";
    const alb = new HttpsLoadBalancer("idp", { existingListener: { arn: listener, loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/idp/50dc6c495c0c9188", protocol: "HTTPS" } });
    new AlbOidcLogin("line-login", {
        loadBalancer: alb, tenant: { ...linePreset(), discovery: { check: "off" } }, clientId: "1657000000", clientSecret: pulumi.secret("s"),
        hostnames: ["demo.example.com"], routes: [{ name: "pages", pathPatterns: ["/*"] }],
        targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/idp/73e2d6bc24d8a067", priority: 300, scope: "profile openid",
    });
}

describe("Life of a stack: explicit names and the replace-on-change table", function () {
    this.timeout(60_000);
    let resources: SimResource[];

    before(async () => {
        setupMocks({ "aws:region": "eu-west-1" });
        resources = [];
        for (const program of [opsProgram({ reporter: "reporter" }), () => colorsParts(), otherShapes]) {
            resources.push(...(await runProgram(program)).snapshot.resources);
        }
    });

    it("GIVEN every component run under the mocks THEN each of them was constructed (the derivation below covers them all)", () => {
        const components = new Set(resources.filter((r) => r.type.startsWith("edge-auth:")).map((r) => r.type));
        assert.deepEqual([...components].sort(), [
            "edge-auth:index:AlbJwtValidation", "edge-auth:index:AlbOidcLogin", "edge-auth:index:Auth0Api", "edge-auth:index:HttpApi",
            "edge-auth:index:HttpsLoadBalancer", "edge-auth:index:MachineApplication", "edge-auth:index:PostLoginFlow", "edge-auth:index:RestApi",
            "edge-auth:index:RestApiLambdaAuthorizer", "edge-auth:index:SpaApplication", "edge-auth:index:WebApplication",
        ]);
    });

    it("GIVEN the names the components set explicitly (derived from the providers' typings) THEN each is in the table, as replace-on-change or updated in place (finding 3)", () => {
        const named = new Map<string, Set<string>>();
        for (const r of resources.filter((x) => x.custom && /^(aws|auth0):/.test(x.type) && !x.type.startsWith("pulumi:providers:"))) {
            for (const key of Object.keys(r.inputs).filter((k) => !k.startsWith("__") && isNameLike(r.type, k))) {
                named.set(r.type, (named.get(r.type) ?? new Set()).add(key));
            }
        }
        // The derivation finds what the issue named: the REST authorizer's log group name, the API identifier, the stage names.
        assert.ok(named.get("aws:cloudwatch/logGroup:LogGroup")?.has("name"));
        assert.ok(named.get("auth0:index/resourceServer:ResourceServer")?.has("identifier"));
        assert.ok(named.get("aws:apigateway/stage:Stage")?.has("stageName"));
        const missing: string[] = [];
        for (const [type, keys] of named) {
            const rule = REPLACE_ON_CHANGE[type];
            for (const key of keys) {
                if (!rule || (!rule.replaceOnChange.includes(key) && !(rule.updatesInPlace ?? []).includes(key))) {
                    missing.push(`${type} ${key}`);
                }
            }
        }
        assert.deepEqual(missing, [], "add each to replaceOnChange or updatesInPlace in test/support/replaceOnChange.ts, with the provider source");
    });

    it("GIVEN the table THEN every property it names is an input of that type in the installed SDK, and every entry cites a source at the installed provider versions", () => {
        const wrong: string[] = [];
        for (const [type, rule] of Object.entries(REPLACE_ON_CHANGE)) {
            const props = inputProperties(type);
            if (props) {
                for (const key of [...rule.replaceOnChange, ...(rule.updatesInPlace ?? [])]) {
                    if (!props.has(key)) {
                        wrong.push(`${type} ${key}`);
                    }
                }
            }
            if (type.startsWith("auth0:")) {
                assert.match(rule.source, /terraform-provider-auth0@v1\.53\.0/, type);
            } else if (type.startsWith("aws:")) {
                assert.match(rule.source, /terraform-provider-aws/, type);
            }
        }
        assert.deepEqual(wrong, []);
    });
});
