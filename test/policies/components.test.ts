/**
 * The edge-auth components, used as their docs show, pass the pack under the prod config with
 * zero mandatory violations. Adding a component usage is one entry in `usages`.
 */
import { strict as assert } from "assert";
import * as auth0 from "@pulumi/auth0";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { WebApplication } from "../../components/auth0/WebApplication";
import { SpaApplication } from "../../components/auth0/SpaApplication";
import { MachineApplication } from "../../components/auth0/MachineApplication";
import { HttpsLoadBalancer } from "../../components/alb/HttpsLoadBalancer";
import { AlbOidcLogin } from "../../components/alb/AlbOidcLogin";
import { AlbJwtValidation } from "../../components/alb/AlbJwtValidation";
import { RestApiLambdaAuthorizer } from "../../components/apigateway/RestApiLambdaAuthorizer";
import { colorsApi } from "../../stacks/examples/colorsApi";
import { registerRequests, settle, setupMocks } from "../support/mocks";
import { captureProgram, withAllowedHosts } from "./fixture";
import { evaluate, loadPolicyConfig, PolicyPackConfig, violationsOf, withoutRouteAllowlists } from "../support/policyHarness";

const tenant = { domain: "acme.us.auth0.com" };
const certificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/1111";
const targetGroupArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/kibana/73e2d6bc24d8a067";

interface Usage {
    /** What the program is, as the component docs describe it. */
    what: string;
    program(): void;
    /**
     * The stack's own allowlist entries merged into the prod config (routes the program makes
     * public on purpose), exactly as a team would add them to its config file.
     */
    allow?: PolicyPackConfig;
}

function logsApi(name: string) {
    return new Auth0Api(name, {
        tenant,
        identifier: "urn:logs-api",
        permissions: [{ name: "read:logs" }, { name: "write:logs" }],
        roles: [{ name: "IT Operations", permissions: ["read:logs", "write:logs"] }],
    });
}

const usages: Usage[] = [
    { what: "an Auth0Api with roles (RBAC, RS256)", program: () => logsApi("cz-logs") },
    { what: "a WebApplication for an ALB", program: () => new WebApplication("cz-web", { callbackUrls: ["https://kibana.example.com/oauth2/idpresponse"], logoutUrls: ["https://kibana.example.com/"] }) },
    { what: "a SpaApplication", program: () => new SpaApplication("cz-spa", { origins: ["https://app.example.com"] }) },
    { what: "a MachineApplication with a grant", program: () => new MachineApplication("cz-m2m", { api: logsApi("cz-m2m-api"), scopes: ["read:logs"] }) },
    {
        what: "seed 000: Kibana behind an HTTPS ALB with OIDC login",
        program: () => {
            const loadBalancer = new HttpsLoadBalancer("cz-kibana-alb", { vpcId: "vpc-0abc", subnetIds: ["subnet-a", "subnet-b"], certificateArn, targetPorts: [5601], targetCidrIpv4: "10.0.0.0/16" });
            new AlbOidcLogin("cz-kibana-login", {
                loadBalancer,
                tenant,
                hostnames: ["kibana.example.com"],
                routes: [{ name: "all", pathPatterns: ["/*"] }],
                targetGroupArn,
                priority: 100,
            });
        },
    },
    {
        what: "seed 001: machine routes on an ALB with jwt-validation",
        program: () => {
            const loadBalancer = new HttpsLoadBalancer("cz-m2m-alb", { vpcId: "vpc-0abc", subnetIds: ["subnet-a", "subnet-b"], certificateArn, targetPorts: [8080], targetCidrIpv4: "10.0.0.0/16" });
            new AlbJwtValidation("cz-m2m-rules", {
                loadBalancer,
                api: logsApi("cz-m2m-rules-api"),
                routes: [{ name: "logs", pathPatterns: ["/logs/*"], scopes: ["read:logs"] }],
                targetGroupArn,
                priority: 200,
                clients: { shipper: { scopes: ["read:logs"] } },
            });
        },
    },
    {
        what: "seed 003: the colors HTTP API example (stacks/examples/colorsApi.ts)",
        program: () => colorsApi({ auth0Domain: tenant.domain, appOrigins: ["https://colors.example.com"] }),
        allow: {
            "aws-apigatewayv2-route-require-authorization": { publicRoutes: ["GET /colors"] },
            "aws-apigatewayv2-route-require-scopes": { anyValidTokenRoutes: ["GET /my/profile"] },
        },
    },
    {
        what: "seed 004: the movies/devices REST API behind the Lambda authorizer",
        program: () => new RestApiLambdaAuthorizer("cz-movies", {
            api: new Auth0Api("cz-streaming", {
                tenant,
                identifier: "https://StreamingResourceServer",
                permissions: [{ name: "read:Movies" }, { name: "read:Devices" }],
            }),
            routes: { "GET /movies": { scopes: ["read:Movies"] }, "GET /devices": { scopes: ["read:Devices"] } },
        }),
    },
];

function withAllowlist(base: PolicyPackConfig, allow: PolicyPackConfig = {}): PolicyPackConfig {
    const merged: PolicyPackConfig = { ...base };
    for (const [policy, props] of Object.entries(allow)) {
        merged[policy] = { ...(base[policy] as object), ...(props as object) };
    }
    return merged;
}

describe("edge-auth components under the prod policy config", () => {
    // The usages register hosts under example.com only.
    const prod = withAllowedHosts(loadPolicyConfig("prod"), ["*.example.com"]);

    for (const usage of usages) {
        it(`${usage.what} has zero mandatory violations`, async () => {
            setupMocks({ "auth0:domain": tenant.domain });
            const stack = await captureProgram(usage.program);
            assert.ok(stack.some((r) => r.custom && !r.type.startsWith("pulumi:providers:")), "the program registered no resources");
            const violations = await evaluate(stack, withAllowlist(prod, usage.allow));
            assert.deepEqual(violationsOf(violations), []);
        });
    }

    it("evaluates raw RegisterResourceRequests as well as captures", async () => {
        setupMocks({ "auth0:domain": tenant.domain });
        const start = registerRequests.length;
        // The components refuse http; a raw resource is what the pack must still catch.
        new auth0.Client("cz-raw-spa-client", { appType: "spa", callbacks: ["http://app.example.com"] });
        await settle();
        const violations = violationsOf(await evaluate(registerRequests.slice(start), prod), "auth0-client-require-https-urls");
        assert.ok(violations.length >= 1);
        assert.match(violations[0].urn, /auth0:index\/client:Client::cz-raw-spa-client$/);
    });

    it("the colors example's public and any-token routes are exactly what prod rejects without the stack's allowlist", async () => {
        setupMocks({ "auth0:domain": tenant.domain });
        const stack = await captureProgram(() => colorsApi({ auth0Domain: tenant.domain, appOrigins: ["https://colors.example.com"] }));
        const violations = violationsOf(await evaluate(stack, withoutRouteAllowlists(prod)));
        assert.deepEqual(violations.map((v) => [v.policyName, /route "([^"]+)"/.exec(v.message)?.[1]]).sort(), [
            ["aws-apigatewayv2-route-require-authorization", "GET /colors"],
            ["aws-apigatewayv2-route-require-scopes", "GET /my/profile"],
        ]);
    });
});
