import * as pulumi from "@pulumi/pulumi";
import type { Client } from "@pulumi/auth0/client";
import type { ClientCredentials } from "@pulumi/auth0/clientCredentials";
import { ConfidentialAuthMethod } from "./common";
import { ApplicationReference } from "./references";

export interface WebApplicationArgs {
    displayName?: string;
    callbackUrls: string[];
    logoutUrls?: string[];
    tokenEndpointAuthMethod?: ConfidentialAuthMethod;
    refreshTokens?: boolean;
    allowLocalhost?: boolean;
    allowWildcards?: boolean;
}

/** Schema declaration of `WebApplication`; construction runs the TypeScript component itself. */
export declare class WebApplication extends pulumi.ComponentResource {
    readonly clientId: pulumi.Output<string>;
    readonly clientSecret: pulumi.Output<string>;
    readonly callbackUrls: string[];
    readonly logoutUrls: string[];
    /** The Auth0 client. */
    readonly client: Client;
    /** The client's credentials resource (token endpoint authentication and secret). */
    readonly credentials: ClientCredentials;
    /** This application as a reference, for the `application` argument of AlbOidcLogin. */
    readonly reference: ApplicationReference;
    constructor(name: string, args: WebApplicationArgs, opts?: pulumi.ComponentResourceOptions);
}
