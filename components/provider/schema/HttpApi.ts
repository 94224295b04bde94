import * as pulumi from "@pulumi/pulumi";
import type { Api } from "@pulumi/aws/apigatewayv2/api";
import type { ApiMapping } from "@pulumi/aws/apigatewayv2/apiMapping";
import type { Authorizer } from "@pulumi/aws/apigatewayv2/authorizer";
import type { DomainName } from "@pulumi/aws/apigatewayv2/domainName";
import type { Integration } from "@pulumi/aws/apigatewayv2/integration";
import type { Route } from "@pulumi/aws/apigatewayv2/route";
import type { Stage } from "@pulumi/aws/apigatewayv2/stage";
import type { LogGroup } from "@pulumi/aws/cloudwatch/logGroup";
import type { Function } from "@pulumi/aws/lambda/function";
import type { Permission } from "@pulumi/aws/lambda/permission";
import { ApiReference, SpaReference } from "./references";

/**
 * One route of an HTTP API: exactly one integration (`lambdaFunction` or `url`) and exactly one
 * access rule (`scopes`, `isPublic` or `anyValidToken`).
 */
export interface HttpRoute {
    /**
     * Lambda function that serves the route, called with payload format 2.0 (claims at
     * `event.requestContext.authorizer.jwt.claims`).
     *
     * Default: none; set `lambdaFunction` or `url`.
     */
    lambdaFunction?: Function;
    url?: string;
    scopes?: string[];
    /**
     * Serve the route without a token. Must be written out (`true`): a route without an access
     * rule is rejected, and `false` is refused as it is in TypeScript.
     */
    isPublic?: boolean;
    anyValidToken?: boolean;
}

/** CORS settings beyond the origins, which always come from `spa`. */
export interface HttpCors {
    extraHeaders?: string[];
    maxAge?: number;
}

/** Stage-wide throttling applied to every route. */
export interface HttpThrottling {
    rateLimit?: number;
    burstLimit?: number;
}

/** A custom domain for the API. */
export interface HttpCustomDomain {
    name: string;
    certificateArn: pulumi.Input<string>;
    basePath?: string;
}

/** An HTTP API created elsewhere. */
export interface HttpExistingApi {
    id: pulumi.Input<string>;
    executionArn: pulumi.Input<string>;
    apiEndpoint: pulumi.Input<string>;
}

/** The `corsConfiguration` of an HTTP API, derived from the browser client and the routes. */
export interface HttpCorsPlan {
    /** The SPA's origins. */
    allowOrigins: string[];
    /** `authorization`, `content-type` and the extra headers. */
    allowHeaders: string[];
    /** The methods the routes serve (`*` when one is `ANY`). */
    allowMethods: string[];
    /** Seconds browsers may cache a preflight. */
    maxAge: number;
    allowCredentials: boolean;
}

/** What one route ended up as. */
export interface HttpRouteInfo {
    routeKey: string;
    /** `JWT` or `NONE`. */
    authorizationType: string;
    scopes: string[];
}

export interface HttpApiArgs {
    api: pulumi.Input<ApiReference>;
    routes: Record<string, HttpRoute>;
    spa?: pulumi.Input<SpaReference>;
    cors?: HttpCors;
    throttling?: HttpThrottling;
    accessLogRetentionDays?: number;
    domain?: pulumi.Input<HttpCustomDomain>;
    existingApi?: pulumi.Input<HttpExistingApi>;
    description?: string;
}

/** Schema declaration of `HttpApi`; construction runs the TypeScript component itself. */
export declare class HttpApi extends pulumi.ComponentResource {
    readonly issuer: string;
    readonly audience: string;
    readonly scopesUsed: string[];
    readonly cors?: HttpCorsPlan;
    readonly routeInfo: Record<string, HttpRouteInfo>;
    readonly apiId: pulumi.Output<string>;
    readonly executionArn: pulumi.Output<string>;
    readonly endpoint: pulumi.Output<string>;
    readonly url: pulumi.Output<string>;
    readonly authorizerId: pulumi.Output<string>;
    readonly domainTarget?: pulumi.Output<string>;
    readonly domainHostedZoneId?: pulumi.Output<string>;
    /** The HTTP API, when created here. */
    readonly api?: Api;
    /** The shared JWT authorizer. */
    readonly authorizer: Authorizer;
    /** The `$default` stage, when the API is created here. */
    readonly stage?: Stage;
    /** The access log group, when the API is created here. */
    readonly accessLogs?: LogGroup;
    readonly routes: Record<string, Route>;
    /** Integrations keyed by route key. */
    readonly integrations: Record<string, Integration>;
    /** Lambda invoke permissions keyed by route key. */
    readonly permissions: Record<string, Permission>;
    /** The custom domain, with `domain`. */
    readonly domainName?: DomainName;
    /** The custom domain's mapping to the stage, with `domain`. */
    readonly apiMapping?: ApiMapping;
    constructor(name: string, args: HttpApiArgs, opts?: pulumi.ComponentResourceOptions);
}
