import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { reject, validateArgs } from "../core/errors";
import { checkedIssuer } from "../core/discovery";
import { JwtVerifier, requireVerifiableAccessTokens } from "../core/identityProvider";
import { uniqueSlugs } from "../core/values";
import { ApiReference, SpaReference, apiReference, fromSource, spaReference } from "../core/references";
import { HttpCorsPlan, deriveCors } from "./httpCors";
import { HttpRouteArgs, PlannedRoute, executeApiSourcePath, planHttpRoutes, scopesUsed } from "./httpRoutes";
import {
    ACCESS_LOG_FORMAT, HttpCustomDomainArgs, HttpThrottlingArgs, validateCustomDomain, validateLogRetention, validateThrottling,
} from "./httpSettings";

/** CORS settings beyond the origins, which always come from `spa`. */
export interface HttpCorsArgs {
    /**
     * Request headers browsers may send besides `authorization` and `content-type`.
     * @default []
     */
    extraHeaders?: string[];
    /**
     * Seconds browsers may cache a preflight answer, 0 to 86400.
     * @default 3600
     */
    maxAge?: number;
}

/** An HTTP API created elsewhere, e.g. `aws.apigatewayv2.Api.get(...)` or another stack's API. */
export interface HttpExistingApi {
    /** The API id. */
    id: pulumi.Input<string>;
    /** Its execution ARN, `arn:aws:execute-api:<region>:<account>:<id>`, for Lambda permissions. */
    executionArn: pulumi.Input<string>;
    /** Its endpoint, `https://<id>.execute-api.<region>.amazonaws.com`. */
    apiEndpoint: pulumi.Input<string>;
}

export interface HttpApiArgs<P extends string = string> {
    /**
     * The Auth0 API whose access tokens this HTTP API accepts: its tenant gives the
     * authorizer's issuer (`https://<domain>/`), its identifier the audience, and its
     * permissions are the only scopes routes may require. Must sign with RS256, the only
     * algorithm the JWT authorizer verifies.
     */
    api: ApiReference<P>;
    /**
     * Routes keyed by `METHOD /path` (or `$default`), each with one integration and one
     * access rule: `scopes`, `anyValidToken: true` or `public: true`.
     * @example
     * {
     *   "GET /colors": { function: colors, public: true },
     *   "GET /my/colors": { function: myColors, scopes: ["read:colors"] },
     * }
     */
    routes: Record<string, HttpRouteArgs<NoInfer<P>>>;
    /**
     * The single-page application that calls this API from the browser. Its origins become
     * the API's CORS origins, so the two cannot drift apart.
     * @default - no CORS configuration: browsers on other origins cannot call the API
     */
    spa?: SpaReference;
    /**
     * CORS headers and preflight cache; only with `spa`.
     * @default - `authorization` and `content-type`, max age 3600 s
     */
    cors?: HttpCorsArgs;
    /**
     * Stage-wide throttling.
     * @default { rateLimit: 100, burstLimit: 200 }
     */
    throttling?: HttpThrottlingArgs;
    /**
     * Days CloudWatch keeps the access logs (a value CloudWatch accepts; never-expire is not offered).
     * @default 30
     */
    accessLogRetentionDays?: number;
    /**
     * A custom domain (TLS 1.2, regional endpoint) mapped to the `$default` stage.
     * @default - only the execute-api endpoint
     */
    domain?: HttpCustomDomainArgs;
    /**
     * Attach the authorizer and routes to an HTTP API that already exists instead of creating
     * one. Its owner keeps the API-level settings, so `spa`, `cors`, `throttling`,
     * `accessLogRetentionDays`, `domain` and `description` are refused here; its stage must
     * auto-deploy (or be deployed) for the routes to go live.
     * @default - a new HTTP API with a `$default` stage is created
     */
    existingApi?: HttpExistingApi;
    /**
     * Description of the API in the console.
     * @default - "<name> (edge-auth, Auth0 JWT authorizer)"
     */
    description?: string;
}

/** What one route ended up as, for outputs and documentation. */
export interface HttpRouteInfo {
    /** The route key, e.g. `GET /my/colors`. */
    routeKey: string;
    /** `JWT` or `NONE`. */
    authorizationType: "JWT" | "NONE";
    /** Scopes of which the token needs one; empty for public and any-valid-token routes. */
    scopes: string[];
}

/**
 * An API Gateway HTTP API guarded by Auth0: one shared JWT authorizer (issuer and audience
 * from the `Auth0Api`), routes declared once with their scopes, Lambda integrations with
 * per-route invoke permissions, CORS origins taken from the SPA application, a `$default`
 * stage with access logs and throttling, and an optional custom domain.
 *
 * Browsers must request the API's identifier as `audience` (without it Auth0 issues an opaque
 * token the authorizer rejects) and the scopes in `scopesUsed`; with RBAC on, Auth0 drops the
 * scopes the user's roles do not grant, and the routes needing them answer 403.
 */
export class HttpApi<P extends string = string> extends pulumi.ComponentResource {
    /** Issuer the authorizer accepts, plain: `https://<domain>/`. */
    readonly issuer: string;
    /** Audience the authorizer accepts, plain: the Auth0 API identifier. */
    readonly audience: string;
    /** The scopes routes require, plain: what a client should request (plus `openid profile email`). */
    readonly scopesUsed: readonly P[];
    /** The CORS configuration, plain; undefined without `spa`. */
    readonly cors: HttpCorsPlan | undefined;
    /** Each route's authorization, plain, keyed by route key. */
    readonly routeInfo: Readonly<Record<string, HttpRouteInfo>>;

    /** The API id. */
    readonly apiId: pulumi.Output<string>;
    /** The execution ARN that Lambda permissions are scoped to. */
    readonly executionArn: pulumi.Output<string>;
    /** The execute-api endpoint, e.g. `https://abc123.execute-api.us-east-1.amazonaws.com`. */
    readonly endpoint: pulumi.Output<string>;
    /** The URL clients should call: the custom domain (with base path) when set, else `endpoint`. */
    readonly url: pulumi.Output<string>;
    /** The shared JWT authorizer's id. */
    readonly authorizerId: pulumi.Output<string>;
    /** With `domain`: the name to point a DNS alias (CNAME or Route 53 alias) at. */
    readonly domainTarget: pulumi.Output<string | undefined>;
    /** With `domain`: the hosted zone id for a Route 53 alias record. */
    readonly domainHostedZoneId: pulumi.Output<string | undefined>;

    /** The raw resources, for escape hatches; `api`, `stage` and `accessLogs` are absent with `existingApi`. */
    readonly api?: aws.apigatewayv2.Api;
    readonly authorizer: aws.apigatewayv2.Authorizer;
    readonly stage?: aws.apigatewayv2.Stage;
    readonly accessLogs?: aws.cloudwatch.LogGroup;
    /** Routes, integrations and Lambda permissions keyed by route key. */
    readonly routes: Record<string, aws.apigatewayv2.Route>;
    readonly integrations: Record<string, aws.apigatewayv2.Integration>;
    readonly permissions: Record<string, aws.lambda.Permission>;
    readonly domainName?: aws.apigatewayv2.DomainName;
    readonly apiMapping?: aws.apigatewayv2.ApiMapping;

    constructor(name: string, args: HttpApiArgs<P>, opts?: pulumi.ComponentResourceOptions) {
        const plan = validateArgs("HttpApi", name, () => validateHttpApi(args));
        super("edge-auth:index:HttpApi", name, {}, opts);

        this.issuer = plan.issuer;
        this.audience = plan.audience;
        this.scopesUsed = scopesUsed(plan.routes);
        this.cors = plan.cors;
        this.routeInfo = Object.fromEntries(plan.routes.map((r) => [r.key, routeInfo(r)]));

        let target: HttpExistingApi;
        if (args.existingApi) {
            target = args.existingApi;
        } else {
            this.api = this.createApi(name, args, plan.cors);
            target = this.api;
        }
        this.apiId = pulumi.output(target.id);
        this.executionArn = pulumi.output(target.executionArn);
        this.endpoint = pulumi.output(target.apiEndpoint);
        // The authorizer takes its issuer from the discovery check (a no-op for Auth0 unless turned on).
        this.authorizer = this.createAuthorizer(name, checkedIssuer(args.api.identityProvider), plan.audience);
        this.integrations = {};
        this.routes = {};
        this.permissions = {};
        for (const route of plan.routes) {
            this.createRoute(`${name}-${plan.routeSlugs.get(route.key)}`, route);
        }
        if (!args.existingApi) {
            this.accessLogs = new aws.cloudwatch.LogGroup(`${name}-access-logs`, {
                retentionInDays: plan.retentionDays,
            }, { parent: this });
            this.stage = this.createStage(name, this.accessLogs, plan.throttling);
        }
        if (plan.domain && this.stage) {
            [this.domainName, this.apiMapping] = this.createDomain(name, plan.domain, this.stage);
        }

        this.authorizerId = this.authorizer.id;
        this.url = plan.domain
            ? pulumi.output(`https://${plan.domain.name}${plan.domain.basePath ? `/${plan.domain.basePath}` : ""}`)
            : this.endpoint;
        this.domainTarget = this.domainName ? this.domainName.domainNameConfiguration.targetDomainName : pulumi.output(undefined);
        this.domainHostedZoneId = this.domainName ? this.domainName.domainNameConfiguration.hostedZoneId : pulumi.output(undefined);

        this.registerOutputs({
            apiId: this.apiId,
            executionArn: this.executionArn,
            endpoint: this.endpoint,
            url: this.url,
            issuer: this.issuer,
            audience: this.audience,
            authorizerId: this.authorizerId,
            routeInfo: this.routeInfo,
            scopesUsed: this.scopesUsed,
        });
    }

    private createApi(name: string, args: HttpApiArgs<P>, cors: HttpCorsPlan | undefined): aws.apigatewayv2.Api {
        return new aws.apigatewayv2.Api(`${name}-api`, {
            name,
            protocolType: "HTTP",
            description: args.description ?? `${name} (edge-auth, Auth0 JWT authorizer)`,
            // API Gateway answers preflights itself from this configuration, before any authorizer.
            corsConfiguration: cors,
        }, { parent: this });
    }

    private createAuthorizer(name: string, issuer: pulumi.Input<string>, audience: string): aws.apigatewayv2.Authorizer {
        return new aws.apigatewayv2.Authorizer(`${name}-authorizer`, {
            apiId: this.apiId,
            name: `${name}-auth0`,
            authorizerType: "JWT",
            identitySources: ["$request.header.Authorization"],
            jwtConfiguration: { issuer, audiences: [audience] },
        }, { parent: this });
    }

    /**
     * One integration per route rather than per function: children are then named after route
     * keys, so adding or reordering routes never renames (replaces) another route's integration.
     */
    private createRoute(key: string, route: PlannedRoute<P>): void {
        const integration = route.integration.kind === "lambda"
            ? new aws.apigatewayv2.Integration(`${key}-integration`, {
                apiId: this.apiId,
                integrationType: "AWS_PROXY",
                integrationUri: route.integration.target.arn,
                integrationMethod: "POST",
                payloadFormatVersion: "2.0",
            }, { parent: this })
            : new aws.apigatewayv2.Integration(`${key}-integration`, {
                apiId: this.apiId,
                integrationType: "HTTP_PROXY",
                integrationUri: route.integration.url,
                integrationMethod: route.method,
                payloadFormatVersion: "1.0",
            }, { parent: this });
        this.integrations[route.key] = integration;

        if (route.integration.kind === "lambda") {
            // Scoped to this API, this method and this path: no other API or route may invoke it.
            const sourcePath = executeApiSourcePath(route);
            this.permissions[route.key] = new aws.lambda.Permission(`${key}-invoke`, {
                action: "lambda:InvokeFunction",
                function: route.integration.target.arn,
                principal: "apigateway.amazonaws.com",
                sourceArn: pulumi.interpolate`${this.executionArn}/${sourcePath}`,
            }, { parent: this });
        }

        const guarded = route.access.kind !== "public";
        this.routes[route.key] = new aws.apigatewayv2.Route(`${key}-route`, {
            apiId: this.apiId,
            routeKey: route.key,
            target: pulumi.interpolate`integrations/${integration.id}`,
            authorizationType: guarded ? "JWT" : "NONE",
            authorizerId: guarded ? this.authorizer.id : undefined,
            authorizationScopes: route.access.kind === "scopes" ? route.access.scopes : undefined,
        }, { parent: this });
    }

    private createDomain(name: string, domain: { name: string; certificateArn: pulumi.Input<string>; basePath?: string }, stage: aws.apigatewayv2.Stage): [aws.apigatewayv2.DomainName, aws.apigatewayv2.ApiMapping] {
        const domainName = new aws.apigatewayv2.DomainName(`${name}-domain`, {
            domainName: domain.name,
            domainNameConfiguration: {
                certificateArn: domain.certificateArn,
                endpointType: "REGIONAL",
                securityPolicy: "TLS_1_2",
            },
        }, { parent: this });
        const mapping = new aws.apigatewayv2.ApiMapping(`${name}-mapping`, {
            apiId: this.apiId,
            domainName: domainName.id,
            stage: stage.id,
            apiMappingKey: domain.basePath,
        }, { parent: this });
        return [domainName, mapping];
    }

    private createStage(name: string, logs: aws.cloudwatch.LogGroup, throttling: { rateLimit: number; burstLimit: number }): aws.apigatewayv2.Stage {
        return new aws.apigatewayv2.Stage(`${name}-stage`, {
            apiId: this.apiId,
            name: "$default",
            autoDeploy: true,
            accessLogSettings: {
                destinationArn: logs.arn,
                format: ACCESS_LOG_FORMAT,
            },
            defaultRouteSettings: {
                throttlingRateLimit: throttling.rateLimit,
                throttlingBurstLimit: throttling.burstLimit,
            },
        }, { parent: this, dependsOn: Object.values(this.routes) });
    }
}

function routeInfo(route: PlannedRoute<string>): HttpRouteInfo {
    return {
        routeKey: route.key,
        authorizationType: route.access.kind === "public" ? "NONE" : "JWT",
        scopes: route.access.kind === "scopes" ? [...route.access.scopes] : [],
    };
}

/** Validates the args; pure apart from reading the plain fields of the Auth0 components. */
function validateHttpApi<P extends string>(args: HttpApiArgs<P>) {
    const api = apiReference<P>("api", args.api);
    if (api.signingAlg !== "RS256") {
        reject("api.signingAlg", api.signingAlg, `cannot be verified by the HTTP API JWT authorizer${fromSource(api)}`, "sign the Auth0 API with RS256 (its default)");
    }
    requireVerifiableAccessTokens("api", api.identityProvider, JwtVerifier.HttpApiJwtAuthorizer);
    const spa = args.spa === undefined ? undefined : spaReference("spa", args.spa);
    // The SPA asks for refresh tokens; without offline access on the API Auth0 issues none and
    // users are sent back to the login page whenever the access token expires.
    if (spa?.refreshTokens && api.offlineAccess === false) {
        reject("api.allowOfflineAccess", false, `is off while spa uses refresh tokens, so Auth0 would issue the SPA no refresh token for ${api.identifier}${fromSource(api)}`,
            "set allowOfflineAccess: true on the Auth0Api, or refreshTokens: false on the SpaApplication");
    }
    if (args.cors !== undefined && args.spa === undefined) {
        reject("cors", args.cors, "is set without spa", "CORS origins come from the SPA: pass spa, or drop cors");
    }
    if ((args as { corsOrigins?: unknown }).corsOrigins !== undefined) {
        reject("corsOrigins", (args as { corsOrigins?: unknown }).corsOrigins, "is not an argument",
            "CORS origins are the SPA's origins: pass spa (list the origin in SpaApplication.origins)");
    }
    if (args.existingApi !== undefined) {
        validateExistingApi(args);
    }
    const routes = planHttpRoutes(args.routes, api, spa !== undefined);
    return {
        issuer: api.identityProvider.issuer,
        audience: api.identifier,
        routes,
        routeSlugs: uniqueSlugs("routes", routes.map((r) => r.key)),
        cors: spa ? deriveCors(spa.origins, routes.map((r) => r.method), args.cors) : undefined,
        throttling: validateThrottling(args.throttling),
        retentionDays: validateLogRetention(args.accessLogRetentionDays),
        domain: validateCustomDomain(args.domain),
    };
}

/** An attached API keeps its owner's API-level settings; setting them here would silently do nothing. */
function validateExistingApi(args: HttpApiArgs<string>): void {
    const api = args.existingApi!;
    if (api === null || typeof api !== "object" || api.id === undefined || api.executionArn === undefined || api.apiEndpoint === undefined) {
        reject("existingApi", api === null ? null : typeof api, "is not an HTTP API", "pass an aws.apigatewayv2.Api (e.g. from Api.get) or { id, executionArn, apiEndpoint }");
    }
    const ownerSettings = ["spa", "cors", "throttling", "accessLogRetentionDays", "domain", "description"] as const;
    for (const field of ownerSettings) {
        if (args[field] !== undefined) {
            reject(field, field === "spa" ? "SpaApplication" : args[field], "cannot be applied to an existingApi",
                field === "spa" || field === "cors"
                    ? "set corsConfiguration where the API is created, from spa.origins, or let HttpApi create the API"
                    : "configure it where the API is created, or let HttpApi create the API");
        }
    }
}
