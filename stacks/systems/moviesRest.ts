/**
 * Seed 004 in the reference stack: movies and devices on an API Gateway REST API, guarded by
 * the edge-auth Lambda authorizer. Which scopes a user gets depends on how they logged in
 * (google-oauth2 gets read:Devices, amazon gets read:Movies), added by the tenant's post-login
 * flow from `connectionScopes`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { RestApiLambdaAuthorizer } from "../../components/apigateway/RestApiLambdaAuthorizer";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { ConnectionScopesArgs } from "../../components/auth0/PostLoginFlow";
import { RestApiSettings } from "../settings";
import { lambdaRole } from "./lambdaRole";

type MoviesScope = "read:Movies" | "read:Devices";

/** The data handler; the authorizer has already checked token and scopes. */
const HANDLER = `
const data = { "/movies": ["Alien", "Heat", "Ran"], "/devices": ["tv-livingroom", "tablet"] };
exports.handler = async (event) => ({
  statusCode: data[event.resource] ? 200 : 404,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ caller: event.requestContext.authorizer.principalId, items: data[event.resource] || [] }),
});
`;

export interface MoviesRest {
    url: pulumi.Output<string>;
    audience: pulumi.Output<string>;
    connectionScopes: ConnectionScopesArgs<MoviesScope>;
}

export function moviesRest(auth0Domain: string, settings: RestApiSettings): MoviesRest {
    const api = new Auth0Api("movies-api", {
        tenant: { domain: auth0Domain },
        identifier: "urn:movies-api",
        permissions: [{ name: "read:Movies", description: "List movies" }, { name: "read:Devices", description: "List devices" }],
    });

    // Routes declared once: the authorizer's policy and the methods below both come from here.
    const routes: Record<string, { scopes: MoviesScope[] }> = {
        "GET /movies": { scopes: ["read:Movies"] },
        "GET /devices": { scopes: ["read:Devices"] },
    };
    const authorizer = new RestApiLambdaAuthorizer("movies", { api, routes });
    const restApi = authorizer.restApi!;

    const fn = new aws.lambda.Function("movies-data", {
        runtime: "nodejs22.x",
        architectures: ["arm64"],
        handler: "index.handler",
        role: lambdaRole("movies-data").arn,
        code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(HANDLER) }),
    });

    const integrations: aws.apigateway.Integration[] = [];
    for (const key of Object.keys(routes)) {
        const [verb, path] = key.split(" ");
        const segment = path.slice(1);
        const resource = new aws.apigateway.Resource(`movies-${segment}`, { restApi: restApi.id, parentId: restApi.rootResourceId, pathPart: segment });
        const method = new aws.apigateway.Method(`movies-${segment}-${verb.toLowerCase()}`, {
            restApi: restApi.id,
            resourceId: resource.id,
            httpMethod: verb,
            authorization: "CUSTOM",
            authorizerId: authorizer.authorizerId,
        });
        integrations.push(new aws.apigateway.Integration(`movies-${segment}-${verb.toLowerCase()}`, {
            restApi: restApi.id,
            resourceId: resource.id,
            httpMethod: method.httpMethod,
            type: "AWS_PROXY",
            integrationHttpMethod: "POST",
            uri: fn.invokeArn,
        }));
        new aws.lambda.Permission(`movies-${segment}-${verb.toLowerCase()}`, {
            function: fn.name,
            action: "lambda:InvokeFunction",
            principal: "apigateway.amazonaws.com",
            sourceArn: pulumi.interpolate`${restApi.executionArn}/*/${verb}${path}`,
        });
    }

    const deployment = new aws.apigateway.Deployment("movies", {
        restApi: restApi.id,
        triggers: { routes: JSON.stringify(authorizer.methodScopes) },
    }, { dependsOn: integrations });
    const stage = new aws.apigateway.Stage("movies", { restApi: restApi.id, deployment: deployment.id, stageName: "v1" });

    return {
        url: stage.invokeUrl,
        audience: api.audience,
        connectionScopes: { api, scopes: settings.connectionScopes },
    };
}
