import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as auth0 from "@pulumi/auth0";

const config = new pulumi.Config();
const audience = config.require("audience");
const tenant = new pulumi.Config("auth0").require("domain");

const api = new auth0.ResourceServer("orders", {
    identifier: audience,
    signingAlg: "RS256",
    enforcePolicies: true,
    tokenDialect: "access_token_authz",
});
new auth0.ResourceServerScopes("orders-scopes", {
    resourceServerIdentifier: api.identifier,
    scopes: [{ name: "read:orders", description: "Read orders" }],
});

const role = new aws.iam.Role("handler", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});
const handler = new aws.lambda.Function("orders", {
    runtime: "nodejs20.x",
    handler: "index.handler",
    role: role.arn,
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200, body: '[]' });") }),
});

const httpApi = new aws.apigatewayv2.Api("orders", { protocolType: "HTTP" });
const authorizer = new aws.apigatewayv2.Authorizer("auth0", {
    apiId: httpApi.id,
    authorizerType: "JWT",
    identitySources: ["$request.header.Authorization"],
    jwtConfiguration: { issuer: `https://${tenant}/`, audiences: [audience] },
});
const integration = new aws.apigatewayv2.Integration("orders", {
    apiId: httpApi.id,
    integrationType: "AWS_PROXY",
    integrationUri: handler.invokeArn,
    payloadFormatVersion: "2.0",
});
new aws.apigatewayv2.Route("list-orders", {
    apiId: httpApi.id,
    routeKey: "GET /orders",
    target: pulumi.interpolate`integrations/${integration.id}`,
    authorizationType: "JWT",
    authorizerId: authorizer.id,
    authorizationScopes: ["read:orders"],
});
// A resource as an input: the engine hands the pack the function's id, not a reference object.
new aws.lambda.Permission("invoke-orders", {
    action: "lambda:InvokeFunction",
    function: handler,
    principal: "apigateway.amazonaws.com",
    sourceArn: pulumi.interpolate`${httpApi.executionArn}/*/*`,
});
new aws.apigatewayv2.Stage("default", { apiId: httpApi.id, name: "$default", autoDeploy: true });

export const endpoint = httpApi.apiEndpoint;
