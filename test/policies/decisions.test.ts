/**
 * Issue 20 through the real PolicyPack over gRPC: "cannot be decided" blocks prod unless an
 * exception names it; resource types no rule judges are reported (the set derived from the rules);
 * no false blocks on programs that are fine (RBAC without anything to escalate to, logins on
 * other identity providers); an Auth0 issuer without its trailing slash is caught on every verifier.
 */
import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as auth0 from "@pulumi/auth0";
import { UNKNOWN_STRING } from "../../policies/lib/plain";
import { ResourceRule } from "../../policies/lib/policy";
import { judgedTypes, unjudgedEdgeType } from "../../policies/lib/registry";
import { rules } from "../../policies/pack";
import { CapturedResource, evaluate, loadPolicyConfig, PolicyPackConfig, Violation, violationsOf, withoutRouteAllowlists } from "../support/policyHarness";
import { captureProgram, compliantStack, mutate, withAllowedHosts } from "./fixture";

const prod = withAllowedHosts(withoutRouteAllowlists(loadPolicyConfig("prod")));
const dev = withAllowedHosts(withoutRouteAllowlists(loadPolicyConfig("dev")));
const findings = (violations: Violation[], policy?: string, level: Violation["enforcementLevel"] = "mandatory") => violationsOf(violations, policy, level).map((v) => v.finding).sort();
const withPolicy = (config: PolicyPackConfig, policy: string, props: Record<string, unknown>): PolicyPackConfig => ({ ...config, [policy]: { ...(config[policy] as object), ...props } });

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;

/** Only the resources `program` registers (no Auth0 tenant unless it makes one), captured as the engine sees them. */
async function own(program: (name: string) => void): Promise<{ stack: CapturedResource[]; name: string }> {
    await compliantStack(); // installs the mocks
    const name = unique("dc");
    return { stack: await captureProgram(() => program(name)), name };
}

/** An ALB stack whose login, machine rule, HTTP API authorizer and REST Lambda authorizer all trust `issuer`. */
function verifiers(issuer: string, endpoints = issuer.replace(/\/$/, "")) {
    return (name: string) => {
        const alb = new aws.lb.LoadBalancer(`${name}-alb`, { loadBalancerType: "application", subnets: ["subnet-a", "subnet-b"] });
        const https = new aws.lb.Listener(`${name}-https`, {
            loadBalancerArn: alb.arn, port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/x",
            defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }],
        });
        const target = new aws.lb.TargetGroup(`${name}-tg`, { port: 80, protocol: "HTTP", vpcId: "vpc-1" });
        new aws.lb.ListenerRule(`${name}-login`, {
            listenerArn: https.arn, priority: 10, conditions: [{ hostHeader: { values: ["app.example.com"] } }],
            actions: [
                { type: "authenticate-oidc", order: 1, authenticateOidc: { issuer, authorizationEndpoint: `${endpoints}/authorize`, tokenEndpoint: `${endpoints}/oauth/token`, userInfoEndpoint: `${endpoints}/userinfo`, clientId: "registered-at-the-idp", clientSecret: "s", scope: "openid profile" } },
                { type: "forward", order: 2, targetGroupArn: target.arn },
            ],
        });
        new aws.lb.ListenerRule(`${name}-machine`, {
            listenerArn: https.arn, priority: 20, conditions: [{ pathPattern: { values: ["/m/*"] } }],
            actions: [
                { type: "jwt-validation", order: 1, jwtValidation: { issuer, jwksEndpoint: `${endpoints}/.well-known/jwks.json`, additionalClaims: [{ name: "aud", format: "single-string", values: ["urn:api"] }, { name: "scope", format: "space-separated-values", values: ["read:m"] }, { name: "gty", format: "single-string", values: ["client-credentials"] }] } },
                { type: "forward", order: 2, targetGroupArn: target.arn },
            ],
        });
        const api = new aws.apigatewayv2.Api(`${name}-http`, { protocolType: "HTTP" });
        const authorizer = new aws.apigatewayv2.Authorizer(`${name}-jwt`, { apiId: api.id, authorizerType: "JWT", identitySources: ["$request.header.Authorization"], jwtConfiguration: { issuer, audiences: ["urn:api"] } });
        new aws.apigatewayv2.Route(`${name}-route`, { apiId: api.id, routeKey: "GET /x", authorizationType: "JWT", authorizerId: authorizer.id, authorizationScopes: ["read:x"] });
        new aws.apigatewayv2.Api(`${name}-body`, {
            protocolType: "HTTP",
            body: JSON.stringify({
                openapi: "3.0.1", info: { title: "b", version: "1" },
                paths: { "/y": { get: { security: [{ jwt: ["read:y"] }], "x-amazon-apigateway-integration": { type: "HTTP_PROXY", httpMethod: "GET", uri: "https://y.example.com", payloadFormatVersion: "1.0" } } } },
                components: { securitySchemes: { jwt: { type: "oauth2", flows: {}, "x-amazon-apigateway-authorizer": { type: "jwt", identitySource: "$request.header.Authorization", jwtConfiguration: { issuer, audience: ["urn:api"] } } } } },
            }),
        });
        new aws.lambda.Function(`${name}-rest-authorizer`, {
            runtime: "nodejs22.x", handler: "index.handler", role: "arn:aws:iam::123456789012:role/r", code: new (require("@pulumi/pulumi").asset.AssetArchive)({}),
            environment: { variables: { EDGE_AUTH_ISSUER: issuer, EDGE_AUTH_AUDIENCE: "urn:api", EDGE_AUTH_JWKS_URI: `${endpoints}/.well-known/jwks.json`, EDGE_AUTH_ROUTES: "{}" } },
        });
    };
}

const SHAPES = [/-login" actions\[0\]\.authenticateOidc/, /-machine" actions\[0\]\.jwtValidation/, /JWT authorizer "dc-\d+-jwt"/, /JWT authorizer "jwt" of the OpenAPI body of HTTP API "dc-\d+-body"/, /Lambda authorizer "dc-\d+-rest-authorizer" \(EDGE_AUTH_ISSUER\)/];

describe("issue 20: decisions of the pack on programs written elsewhere (real PolicyPack over gRPC)", function () {
    describe("an Auth0 issuer without its trailing slash", () => {
        for (const issuer of ["https://x.us.auth0.com", "https://x.eu.auth0.com"]) {
            it(`fails every verifier shape trusting ${issuer} in a stack that manages no tenant (was: cannot be decided)`, async () => {
                const { stack } = await own(verifiers(issuer));
                const found = findings(await evaluate(stack, prod), "edge-auth-issuer-matches-tenant");
                assert.equal(found.length, SHAPES.length, found.join("\n"));
                for (const shape of SHAPES) {
                    assert.ok(found.some((f) => shape.test(f) && f.includes(`issuer "${issuer}" without the trailing slash`)), `${shape}: ${found.join("\n")}`);
                }
            });
        }

        it("fails it even where the policy config lists the issuer without the slash", async () => {
            const { stack } = await own(verifiers("https://x.us.auth0.com"));
            const config = withPolicy(prod, "edge-auth-issuer-matches-tenant", { issuers: ["https://x.us.auth0.com"] });
            assert.equal(findings(await evaluate(stack, config), "edge-auth-issuer-matches-tenant").length, SHAPES.length);
        });

        it("fails a custom-domain issuer without its slash on the REST Lambda authorizer, and passes the tenant's exact issuer", async () => {
            const base = await compliantStack();
            const { stack: custom } = await own(verifiers("https://login.example.com"));
            const found = findings(await evaluate([...base, ...custom.filter((r) => !base.some((b) => b.urn === r.urn))], prod), "edge-auth-issuer-matches-tenant");
            assert.ok(found.some((f) => /Lambda authorizer "dc-\d+-rest-authorizer" \(EDGE_AUTH_ISSUER\) has issuer "https:\/\/login\.example\.com" without the trailing slash/.test(f)), found.join("\n"));
            const { stack: exact } = await own(verifiers("https://x.us.auth0.com/"));
            const config = withPolicy(prod, "edge-auth-issuer-matches-tenant", { issuers: ["https://x.us.auth0.com/"] });
            assert.deepEqual(findings(await evaluate(exact, config), "edge-auth-issuer-matches-tenant"), []);
        });
    });

    describe("no false blocks", () => {
        for (const [provider, issuer] of [
            ["Entra ID", "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0"],
            ["Okta", "https://acme.okta.com/oauth2/default"],
            ["Cognito", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123"],
        ]) {
            it(`reports nothing, at any level, on a correct ${provider} login, machine rule and JWT authorizers in a stack without Auth0`, async () => {
                const { stack } = await own(verifiers(issuer));
                const all = await evaluate(stack, prod);
                const own_ = all.filter((v) => ["edge-auth-issuer-matches-tenant", "auth0-client-register-alb-callbacks", "edge-auth-scopes-exist-on-api"].includes(v.policyName));
                assert.deepEqual(own_.map((v) => `${v.enforcementLevel} ${v.policyName}: ${v.finding}`), []);
                assert.deepEqual(findings(all), []);
            });
        }

        it("reports nothing on an Entra ID login added to a stack that also manages an Auth0 tenant", async () => {
            const base = await compliantStack();
            const { stack } = await own(verifiers("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0"));
            const all = await evaluate([...base, ...stack.filter((r) => !base.some((b) => b.urn === r.urn))], prod);
            assert.deepEqual(all.map((v) => `${v.enforcementLevel} ${v.policyName}: ${v.finding}`), []);
        });

        it("does not require RBAC on an Auth0 API with no scopes, permissions or grants; requires it once a role is given a permission on it", async () => {
            const { stack, name } = await own((n) => {
                new auth0.ResourceServer(`${n}-api`, { identifier: `urn:${n}`, signingAlg: "RS256", enforcePolicies: false });
            });
            assert.deepEqual(findings(await evaluate(stack, prod), "auth0-resource-server-require-rs256-rbac"), []);
            const { stack: withRole } = await own((n) => {
                new auth0.ResourceServer(`${n}-api`, { identifier: `urn:${name}-roles`, signingAlg: "RS256", enforcePolicies: false });
                new auth0.RolePermissions(`${n}-perms`, { roleId: "rol_1", permissions: [{ name: "read:x", resourceServerIdentifier: `urn:${name}-roles` }] });
            });
            assert.match(findings(await evaluate(withRole, prod), "auth0-resource-server-require-rs256-rbac")[0], /has RBAC off .* while it has scopes, role or user permissions, or client grants/);
        });
    });

    describe("\"cannot be decided\" in prod", () => {
        const unknownIssuer = async () => mutate(await compliantStack(), "pf-colors-jwt", (p) => { p.jwtConfiguration.issuer = UNKNOWN_STRING; });

        it("is mandatory under the prod baseline and advisory under dev", async () => {
            const stack = await unknownIssuer();
            const inProd = await evaluate(stack, prod);
            assert.deepEqual(findings(inProd, "edge-auth-issuer-matches-tenant"), ["cannot be decided: the issuer of JWT authorizer \"pf-colors-jwt\" is unknown during preview"]);
            assert.equal(findings(inProd, "edge-auth-require-https-token-urls").length, 1);
            const inDev = await evaluate(stack, dev);
            assert.deepEqual(findings(inDev), []);
            assert.equal(findings(inDev, "edge-auth-issuer-matches-tenant", "advisory").length, 1);
        });

        it("stays advisory in prod for a resource an exception names with its reason; an exception without a reason blocks", async () => {
            const stack = await unknownIssuer();
            const excepted = withPolicy(prod, "edge-auth-issuer-matches-tenant", { undecidedExceptions: [{ resource: "pf-colors-jwt", reason: "issuer comes from the identity stack's output at deploy time" }] });
            const violations = await evaluate(stack, excepted);
            assert.deepEqual(findings(violations, "edge-auth-issuer-matches-tenant"), []);
            assert.equal(findings(violations, "edge-auth-issuer-matches-tenant", "advisory").length, 1);
            assert.equal(findings(violations, "edge-auth-require-https-token-urls").length, 1, "the exception names one policy only");
            const noReason = withPolicy(prod, "edge-auth-issuer-matches-tenant", { undecidedExceptions: [{ resource: "pf-colors-jwt", reason: "" }] });
            assert.match(findings(await evaluate(stack, noReason), "edge-auth-issuer-matches-tenant")[0], /undecidedExceptions names this resource without a reason/);
        });

        it("the prod baseline enforces undecidable findings on every policy, dev and staging do not", () => {
            for (const rule of rules) {
                assert.equal((loadPolicyConfig("prod")[rule.name] as any).undecided, "enforce", rule.name);
                assert.notEqual((loadPolicyConfig("staging")[rule.name] as any).undecided, "enforce", rule.name);
                assert.notEqual((loadPolicyConfig("dev")[rule.name] as any).undecided, "enforce", rule.name);
            }
        });
    });

    describe("resource types no rule judges", () => {
        it("reports aws-native, classic and Auth0 types by type and name: mandatory in prod, advisory in dev; harmless kinds and judged types are not reported", async () => {
            const stack = await compliantStack();
            const add = (name: string, type: string): CapturedResource => ({ ...stack.find((r) => r.name === "pf-nlb-tls")!, name, type, urn: `urn:pulumi:test::edge-auth::${type}::${name}` });
            const extra = [
                add("native-method", "aws-native:apigateway:Method"),
                add("native-route", "aws-native:apigatewayv2:Route"),
                add("cdn", "aws:cloudfront/distribution:Distribution"),
                add("native-cdn", "aws-native:cloudfront:Distribution"),
                add("put", "aws:apigateway/restApiPut:RestApiPut"),
                add("cimd", "auth0:index/clientCimd:ClientCimd"),
                add("classic", "aws:elb/loadBalancer:LoadBalancer"),
                add("native-tg", "aws-native:elasticloadbalancingv2:TargetGroup"),
                add("cache", "aws:cloudfront/cachePolicy:CachePolicy"),
                add("role", "auth0:index/role:Role"),
            ];
            const inProd = findings(await evaluate([...stack, ...extra], prod), "edge-auth-report-unjudged-types");
            assert.deepEqual(inProd, [
                "cannot be decided: no policy of the pack judges auth0:index/clientCimd:ClientCimd \"cimd\": its edge settings (protocol, TLS, authorization, login) are not checked",
                "cannot be decided: no policy of the pack judges aws-native:cloudfront:Distribution \"native-cdn\": its edge settings (protocol, TLS, authorization, login) are not checked",
                "cannot be decided: no policy of the pack judges aws:apigateway/restApiPut:RestApiPut \"put\": its edge settings (protocol, TLS, authorization, login) are not checked",
                "cannot be decided: no policy of the pack judges aws:cloudfront/distribution:Distribution \"cdn\": its edge settings (protocol, TLS, authorization, login) are not checked",
                "cannot be decided: no policy of the pack judges aws:elb/loadBalancer:LoadBalancer \"classic\": its edge settings (protocol, TLS, authorization, login) are not checked",
            ].filter((f) => !judgedTypes().has(/judges (\S+)/.exec(f)![1])));
            const inDev = await evaluate([...stack, ...extra], dev);
            assert.deepEqual(findings(inDev, "edge-auth-report-unjudged-types"), []);
            assert.equal(findings(inDev, "edge-auth-report-unjudged-types", "advisory").length, inProd.length);
        });

        it("derives the judged types from the rules: a rule that declares a type takes it out of the report", () => {
            const judged = judgedTypes(rules);
            for (const type of ["aws:lb/listener:Listener", "aws:alb/listenerRule:ListenerRule", "aws:apigatewayv2/route:Route", "aws:apigateway/restApi:RestApi", "auth0:index/client:Client", "auth0:index/resourceServerScopes:ResourceServerScopes", "auth0:index/rolePermissions:RolePermissions"]) {
                assert.equal(unjudgedEdgeType(type, judged), undefined, type);
            }
            for (const type of ["aws-native:elasticloadbalancingv2:Listener", "aws-native:apigateway:Method", "aws-native:apigatewayv2:Route"]) {
                assert.equal(unjudgedEdgeType(type, judged), undefined, `${type} is judged as its classic twin`);
            }
            const native = "aws-native:cloudfront:Distribution";
            assert.equal(unjudgedEdgeType(native, judged), "cloudfront");
            const nativeRule: ResourceRule = { name: "x-native-distribution", description: "d", severity: "high", remediation: "r", types: new Set([native]), check: () => [] };
            assert.equal(unjudgedEdgeType(native, judgedTypes([...rules, nativeRule])), undefined);
            assert.equal(unjudgedEdgeType("aws:s3/bucket:Bucket", judged), undefined, "other families are not this policy's");
        });
    });
});
