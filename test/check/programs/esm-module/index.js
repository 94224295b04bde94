import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

export default async () => {
    const tenant = new pulumi.Config("auth0").require("domain");
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
