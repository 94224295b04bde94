/**
 * Seed 004 in the reference stack: movies and devices on an API Gateway REST API, guarded by
 * the edge-auth Lambda authorizer. Which scopes a user gets depends on how they logged in
 * (google-oauth2 gets read:Devices, amazon gets read:Movies), added by the tenant's post-login
 * flow from `connectionScopes`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { RestApi } from "../../components/apigateway/RestApi";
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

    const fn = new aws.lambda.Function("movies-data", {
        runtime: "nodejs22.x",
        architectures: ["arm64"],
        handler: "index.handler",
        role: lambdaRole("movies-data").arn,
        code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(HANDLER) }),
    });

    // Routes declared once: resources, methods, integrations, the authorizer's decisions and the
    // redeployment trigger all come from here.
    const movies = new RestApi<MoviesScope>("movies", {
        api,
        handler: fn,
        stageName: "v1",
        routes: {
            "GET /movies": { scopes: ["read:Movies"] },
            "GET /devices": { scopes: ["read:Devices"] },
        },
    });

    return {
        url: movies.url,
        audience: api.audience,
        connectionScopes: { api, scopes: settings.connectionScopes },
    };
}
