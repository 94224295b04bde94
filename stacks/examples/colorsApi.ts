// Seed 003 as code: a colors API on API Gateway HTTP API, guarded by Auth0.
// Public GET /colors, GET /my/profile for any signed-in user, GET /my/colors for holders of
// read:colors (granted by the "color reader" role), called from a single-page app.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { SpaApplication } from "../../components/auth0/SpaApplication";
import { ClaimsArgs, PostLoginFlow } from "../../components/auth0/PostLoginFlow";
import { HttpApi } from "../../components/apigateway/HttpApi";

export interface ColorsApiSettings {
    /** The Auth0 tenant, e.g. "acme.us.auth0.com". */
    auth0Domain: string;
    /** Where the single-page app is served, e.g. ["https://colors.example.com"]. */
    appOrigins: string[];
    /** Accept http://localhost origins (development stacks only). */
    allowLocalhost?: boolean;
    /** Create the tenant's post-login flow here (false when another program owns it). Default true. */
    ownsPostLoginFlow?: boolean;
}

const CLAIMS_NAMESPACE = "https://colors.example.com/";

/** One handler for the three routes; API Gateway has already checked token and scopes. */
const HANDLER = `
const NS = ${JSON.stringify(CLAIMS_NAMESPACE)};
const json = (statusCode, body) => ({ statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
exports.handler = async (event) => {
  const claims = (event.requestContext.authorizer && event.requestContext.authorizer.jwt.claims) || {};
  switch (event.routeKey) {
    case "GET /colors": return json(200, ["red", "green", "blue"]);
    case "GET /my/profile": return json(200, { id: claims.sub, roles: claims[NS + "roles"], email: claims[NS + "email"] });
    case "GET /my/colors": return json(200, { owner: claims.sub, colors: ["teal", "amber"] });
    default: return json(404, { message: "not found" });
  }
};
`;

export function colorsApi(settings: ColorsApiSettings) {
    // 1. The API in Auth0: its identifier is the audience, read:colors a permission, RBAC on.
    const api = new Auth0Api("colors-api", {
        tenant: { domain: settings.auth0Domain },
        identifier: "urn:colors-api",
        permissions: [{ name: "read:colors", description: "Read my colors" }],
        roles: [{ name: "color reader", permissions: ["read:colors"] }],
        // The SPA keeps users signed in with rotating refresh tokens, which need offline access.
        allowOfflineAccess: true,
    });

    // 2. The browser client. Its origins are also the API's CORS origins.
    const spa = new SpaApplication("colors-app", {
        origins: settings.appOrigins,
        allowLocalhost: settings.allowLocalhost,
    });

    // 3. Namespaced claims in the access token (replaces the seed's Rule; Rules are end of life).
    // A tenant has one post-login flow: when another program owns it, add `claims` there instead.
    const claims: ClaimsArgs = { api, namespace: CLAIMS_NAMESPACE, include: ["roles", "email", "email_verified"], tokens: ["access"] };
    const flow = settings.ownsPostLoginFlow === false ? undefined : new PostLoginFlow("colors-login", { claims });

    // 4. The function behind the routes.
    const role = new aws.iam.Role("colors-fn-role", {
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
    });
    new aws.iam.RolePolicyAttachment("colors-fn-logs", {
        role: role.name,
        policyArn: aws.iam.ManagedPolicy.AWSLambdaBasicExecutionRole,
    });
    const fn = new aws.lambda.Function("colors-fn", {
        role: role.arn,
        runtime: "nodejs22.x",
        handler: "index.handler",
        code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(HANDLER) }),
    });

    // 5. The HTTP API: every route says who may call it.
    const http = new HttpApi("colors-http", {
        api,
        spa,
        routes: {
            "GET /colors": { function: fn, public: true },
            // Any valid token of this audience; an ID token with this aud would pass too.
            "GET /my/profile": { function: fn, anyValidToken: true },
            "GET /my/colors": { function: fn, scopes: ["read:colors"] },
        },
    });

    return { api, spa, flow, claims, fn, http };
}

// What the browser needs (auth0-spa-js): domain, clientId, and authorizationParams
// { audience: "urn:colors-api", scope: "openid profile email read:colors" }.
export function clientSettings(parts: ReturnType<typeof colorsApi>) {
    return {
        domain: parts.api.tenant.domain,
        clientId: parts.spa.clientId,
        audience: parts.http.audience,
        scope: ["openid", "profile", "email", ...parts.http.scopesUsed].join(" "),
        apiUrl: parts.http.url,
    };
}
