// A Pulumi program of a team that adopts edge-auth: it lives outside the package, imports only
// the published entry points ("edge-auth", "edge-auth/targets") and gets @pulumi/* from its own
// dependencies. test/consumer/consumer.test.ts installs the packed tarball next to it, compiles
// it with the lowest TypeScript edge-auth supports, runs it under mocks and through the pack.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import {
    AlbJwtValidation, AlbOidcLogin, Auth0Api, HttpApi, HttpsLoadBalancer, PostLoginFlow, RestApiLambdaAuthorizer, SpaApplication,
} from "edge-auth";
import type { OidcDataVerifierConfig } from "edge-auth/targets";

const tenant = { domain: "acme.us.auth0.com" };

const orders = new Auth0Api("consumer-orders", {
    tenant,
    identifier: "urn:orders-api",
    permissions: [{ name: "read:orders" }, { name: "write:orders" }],
    roles: [{ name: "clerk", permissions: ["read:orders"] }, { name: "manager", permissions: ["read:orders", "write:orders"] }],
    allowOfflineAccess: true,   // the SPA keeps users signed in with rotating refresh tokens
});

// Browser clients call an HTTP API; every route requires a scope.
const spa = new SpaApplication("consumer-spa", { origins: ["https://orders.example.com"] });
const role = new aws.iam.Role("consumer-fn-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});
const handler = new aws.lambda.Function("consumer-fn", {
    role: role.arn,
    runtime: "nodejs22.x",
    handler: "index.handler",
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200, body: \"[]\" });") }),
});
const http = new HttpApi("consumer-http", {
    api: orders,
    spa,
    routes: {
        "GET /orders": { function: handler, scopes: ["read:orders"] },
        "POST /orders": { function: handler, scopes: ["write:orders"] },
    },
});

// An internal tool behind an ALB: people log in, machines send tokens.
const loadBalancer = new HttpsLoadBalancer("consumer-alb", {
    vpcId: "vpc-0abc",
    subnetIds: ["subnet-a", "subnet-b"],
    certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/orders",
    targetPorts: [8080],
    targetCidrIpv4: "10.0.0.0/16",
});
const tool = new aws.lb.TargetGroup("consumer-tool", { port: 8080, protocol: "HTTP", targetType: "ip", vpcId: "vpc-0abc" });
const login = new AlbOidcLogin("consumer-login", {
    loadBalancer,
    tenant,
    hostnames: ["orders-admin.example.com"],
    routes: [{ name: "xhr", pathPatterns: ["/api/*"], onUnauthenticatedRequest: "deny" }, { name: "app", pathPatterns: ["/*"] }],
    targetGroupArn: tool.arn,
    priority: 100,
    roleGate: { roles: ["manager"] },
});
const machines = new AlbJwtValidation("consumer-machines", {
    loadBalancer,
    api: orders,
    routes: [{ name: "export", pathPatterns: ["/export/*"], scopes: ["read:orders"] }],
    targetGroupArn: tool.arn,
    priority: 10,
    clients: { exporter: { scopes: ["read:orders"] } },
});

// A REST API guarded by the bundled Lambda authorizer shipped in the package.
const rest = new RestApiLambdaAuthorizer("consumer-rest", {
    api: orders,
    routes: { "GET /orders": { scopes: ["read:orders"] }, "DELETE /orders/{id}": { scopes: ["write:orders"] } },
});

new PostLoginFlow("consumer-post-login", { roleGates: { admin: login.roleGate! } });

// What the tool's containers need to verify x-amzn-oidc-data (typed by the Pulumi-free entry).
export const oidcData: pulumi.Output<OidcDataVerifierConfig> = login.oidcData;
export const httpEndpoint = http.endpoint;
export const exporterClientId = machines.clients.exporter.clientId;
export const authorizerId = rest.authorizerId;
