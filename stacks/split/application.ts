/**
 * An application stack: owns the AWS side (ALB with browser login and machine rules, the colors
 * HTTP API, the movies REST API) and no Auth0 credentials. It exports the hosts and origins the identity stack must
 * register, and reads the identity stack's APIs and applications, checked before anything is
 * built: a scope, host or contract version the identity stack does not have fails the preview.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import { AlbJwtValidation } from "../../components/alb/AlbJwtValidation";
import { AlbOidcLogin } from "../../components/alb/AlbOidcLogin";
import { HttpsLoadBalancer } from "../../components/alb/HttpsLoadBalancer";
import { HttpApi } from "../../components/apigateway/HttpApi";
import { RestApi } from "../../components/apigateway/RestApi";
import { clientUrlsContract } from "../../components/crossstack/contracts";
import { IdentityStackReference } from "../../components/crossstack/stackReferences";
import { lambdaRole } from "../systems/lambdaRole";
import { albEchoTarget } from "../systems/albEchoTarget";
import { ApplicationSettings } from "./settings";

const COLORS_HANDLER = `
exports.handler = async (event) => ({
  statusCode: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(event.routeKey === "GET /colors" ? ["red", "green", "blue"] : { owner: event.requestContext.authorizer.jwt.claims.sub, colors: ["teal"] }),
});
`;
const MOVIES_HANDLER = `
const data = { "/movies": ["Alien", "Heat", "Ran"], "/devices": ["tv-livingroom", "tablet"] };
exports.handler = async (event) => ({
  statusCode: data[event.resource] ? 200 : 404,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ caller: event.requestContext.authorizer.principalId, items: data[event.resource] || [] }),
});
`;

export async function applicationProgram(settings: ApplicationSettings): Promise<Record<string, unknown>> {
    // application -> identity: derived from this stack's config the way the components derive them.
    const contracts = {
        opsClientUrls: clientUrlsContract({ albHostnames: [...settings.alb.hostnames, ...(settings.alb.pendingHostnames ?? [])] }),
        colorsClientUrls: clientUrlsContract({ spaOrigins: settings.httpApi.appOrigins, allowLocalhost: settings.httpApi.allowLocalhost }),
    };
    if (settings.identityStack === undefined) {
        pulumi.log.warn("edge-auth: no identityStack configured: this deployment only exports the URLs to register (first deployment). "
            + "Deploy the identity stack, then set edge-auth:application.identityStack and deploy this one again.");
        return contracts;
    }

    // identity -> application: read and checked before anything below is created.
    const identity = new IdentityStackReference("identity", { stack: settings.identityStack });
    const [opsApi, opsLogin, colorsApi, colorsSpa, moviesApi] = await Promise.all([
        identity.api("opsApi", { permissions: ["read:status", "write:events"] }),
        identity.application("opsLogin"),
        identity.api("colorsApi", { permissions: ["read:colors"] }),
        identity.spa("colorsSpa"),
        identity.api("moviesApi", { permissions: ["read:Movies", "read:Devices"] }),
    ]);

    const vpc = new awsx.ec2.Vpc("ops", { numberOfAvailabilityZones: 2 });
    const alb = new HttpsLoadBalancer("ops", {
        vpcId: vpc.vpcId,
        subnetIds: vpc.publicSubnetIds,
        certificateArn: settings.alb.certificateArn,
        targetPorts: [],
    });
    const targets = new aws.lb.TargetGroup("ops-echo", { targetType: "lambda", lambdaMultiValueHeadersEnabled: true });
    const login = new AlbOidcLogin("ops", {
        loadBalancer: alb,
        // The provider users log in with is the one the identity stack registered the client on.
        tenant: { domain: opsLogin.identityProvider.auth0?.domain ?? new URL(opsLogin.identityProvider.issuer).host },
        hostnames: settings.alb.hostnames,
        application: opsLogin,
        api: opsApi,
        routes: [
            { name: "xhr", pathPatterns: ["/api/*"], onUnauthenticatedRequest: "deny" },
            { name: "pages", pathPatterns: ["/*"] },
        ],
        targetGroupArn: targets.arn,
        priority: 200,
        scope: "openid email profile",
        sessionTimeout: settings.alb.sessionTimeout,
    });
    new AlbJwtValidation("ops-machine", {
        loadBalancer: alb,
        api: opsApi,
        hostnames: settings.alb.hostnames,
        routes: [
            { name: "status", pathPatterns: ["/machine/status"], scopes: ["read:status"] },
            { name: "events", pathPatterns: ["/machine/events"], scopes: ["write:events"] },
        ],
        targetGroupArn: targets.arn,
        priority: 100,
    });
    albEchoTarget("ops-echo", login, targets.arn);

    const colorsFn = new aws.lambda.Function("colors-fn", {
        runtime: "nodejs22.x",
        handler: "index.handler",
        role: lambdaRole("colors-fn").arn,
        code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(COLORS_HANDLER) }),
    });
    const http = new HttpApi("colors-http", {
        api: colorsApi,
        spa: colorsSpa,
        routes: {
            "GET /colors": { function: colorsFn, public: true },
            "GET /my/colors": { function: colorsFn, scopes: ["read:colors"] },
        },
    });

    // Seed 004: which of these scopes a user gets is the identity stack's post-login flow's business.
    const movies = new RestApi("movies", {
        api: moviesApi,
        handler: new aws.lambda.Function("movies-data", {
            runtime: "nodejs22.x",
            architectures: ["arm64"],
            handler: "index.handler",
            role: lambdaRole("movies-data").arn,
            code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(MOVIES_HANDLER) }),
        }),
        routes: {
            "GET /movies": { scopes: ["read:Movies"] },
            "GET /devices": { scopes: ["read:Devices"] },
        },
    });

    return {
        ...contracts,
        opsUrl: `https://${settings.alb.hostnames[0]}/`,
        colorsApiUrl: http.url,
        colorsSpaClientId: colorsSpa.clientId,
        moviesApiUrl: movies.url,
    };
}
