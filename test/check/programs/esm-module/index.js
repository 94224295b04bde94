import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as auth0 from "@pulumi/auth0";

export default async () => {
    const tenant = new pulumi.Config("auth0").require("domain");
    // The Auth0 API the authorizer trusts, in this stack: its scopes and the tenant are decidable.
    const colors = new auth0.ResourceServer("colors", {
        identifier: "https://colors.example.com",
        signingAlg: "RS256",
        enforcePolicies: true,
        tokenDialect: "access_token_authz",
    });
    new auth0.ResourceServerScopes("colors-scopes", {
        resourceServerIdentifier: colors.identifier,
        scopes: [{ name: "read:colors", description: "Read colors" }],
    });
    const api = new aws.apigatewayv2.Api("colors", { protocolType: "HTTP" });
    const authorizer = new aws.apigatewayv2.Authorizer("jwt", {
        apiId: api.id,
        authorizerType: "JWT",
        identitySources: ["$request.header.Authorization"],
        jwtConfiguration: { issuer: `https://${tenant}/`, audiences: ["https://colors.example.com"] },
    });
    new aws.apigatewayv2.Route("get-colors", {
        apiId: api.id,
        routeKey: "GET /colors",
        authorizationType: "JWT",
        authorizerId: authorizer.id,
        authorizationScopes: ["read:colors"],
    });
    // Forgotten: the admin route has no authorizer.
    new aws.apigatewayv2.Route("delete-color", { apiId: api.id, routeKey: "DELETE /colors/{id}" });
    return { endpoint: api.apiEndpoint };
};
