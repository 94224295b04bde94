import * as pulumi from "@pulumi/pulumi";
import type { ListenerRule } from "@pulumi/aws/lb/listenerRule";
import { ConfidentialAuthMethod, TenantEndpoints } from "./common";
import { IdentityProvider, IdentityProviderSettings } from "./identityProvider";
import { RoleGate } from "./PostLoginFlow";
import { ApiReference, ApplicationReference, ListenerReference } from "./references";

/** What visitors without a session get. */
export const UnauthenticatedRequestAction = {
    /** 302 to the identity provider's login page (pages). */
    Authenticate: "authenticate",
    /** 401 (paths called by fetch/XHR, which cannot follow a redirect to the login page). */
    Deny: "deny",
    /** Pass through; claims are sent when a session exists. */
    Allow: "allow",
} as const;
export type UnauthenticatedRequestAction = (typeof UnauthenticatedRequestAction)[keyof typeof UnauthenticatedRequestAction];

/** One listener rule: a set of paths with the same behaviour for visitors without a session. */
export interface AlbLoginRoute {
    name: string;
    pathPatterns: string[];
    priority?: number;
    onUnauthenticatedRequest?: UnauthenticatedRequestAction;
    targetGroupArn?: pulumi.Input<string>;
}

/** Only users holding one of these roles may log in to this application. */
export interface AlbRoleGate {
    roles: string[];
    message?: string;
}

/** What a target needs to verify `x-amzn-oidc-data`. */
export interface OidcDataVerifierConfig {
    albArn: string;
    region?: string;
    issuer: string;
    clientId: string;
}

export interface AlbOidcLoginArgs {
    loadBalancer: pulumi.Input<ListenerReference>;
    tenant?: IdentityProviderSettings;
    clientId?: pulumi.Input<string>;
    clientSecret?: pulumi.Input<string>;
    registeredRedirectUris?: string[];
    hostnames: string[];
    routes: pulumi.Input<pulumi.Input<AlbLoginRoute>[]>;
    targetGroupArn: pulumi.Input<string>;
    priority?: number;
    application?: pulumi.Input<ApplicationReference>;
    displayName?: string;
    tokenEndpointAuthMethod?: ConfidentialAuthMethod;
    logoutReturnPath?: string;
    scope?: string;
    sessionTimeout?: number;
    sessionCookieName?: string;
    api?: pulumi.Input<ApiReference>;
    authenticationRequestExtraParams?: Record<string, string>;
    roleGate?: AlbRoleGate;
}

/** Schema declaration of `AlbOidcLogin`; construction runs the TypeScript component itself. */
export declare class AlbOidcLogin extends pulumi.ComponentResource {
    readonly application?: ApplicationReference;
    /** The client id of the application the ALB logs users in with. */
    readonly clientId: pulumi.Output<string>;
    readonly tenant?: TenantEndpoints;
    readonly identityProvider: IdentityProvider;
    readonly issuer: pulumi.Output<string>;
    readonly callbackUrls: string[];
    readonly redirectUris: string[];
    readonly priorities: Record<string, number>;
    readonly logoutUrl: pulumi.Output<string>;
    readonly logoutUrls: pulumi.Output<Record<string, string>>;
    readonly region: pulumi.Output<string>;
    /** The load balancer's ARN: the `signer` targets check in `x-amzn-oidc-data`. */
    readonly loadBalancerArn: pulumi.Output<string>;
    readonly oidcData: pulumi.Output<OidcDataVerifierConfig>;
    readonly roleGate?: RoleGate;
    readonly rules: Record<string, ListenerRule>;
    constructor(name: string, args: AlbOidcLoginArgs, opts?: pulumi.ComponentResourceOptions);
}
