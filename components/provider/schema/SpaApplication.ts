import * as pulumi from "@pulumi/pulumi";
import type { Client } from "@pulumi/auth0/client";
import { SpaReference } from "./references";

/** An API the app calls, as far as refresh tokens are concerned (an Auth0Api's fields). */
export interface SpaApi {
    /** The API identifier (audience). */
    identifier: string;
    /** Whether the API allows offline access (refresh tokens). */
    offlineAccess: boolean;
}

export interface SpaApplicationArgs {
    displayName?: string;
    origins: string[];
    callbackPath?: string;
    refreshTokens?: boolean;
    apis?: SpaApi[];
    refreshTokenLifetime?: number;
    refreshTokenIdleLifetime?: number;
    allowLocalhost?: boolean;
    allowWildcards?: boolean;
}

/** Schema declaration of `SpaApplication`; construction runs the TypeScript component itself. */
export declare class SpaApplication extends pulumi.ComponentResource {
    readonly clientId: pulumi.Output<string>;
    readonly origins: string[];
    readonly callbackUrls: string[];
    readonly refreshTokens: boolean;
    /** The Auth0 client. */
    readonly client: Client;
    /** This app as a reference, for the `spa` argument of HttpApi. */
    readonly reference: SpaReference;
    constructor(name: string, args: SpaApplicationArgs, opts?: pulumi.ComponentResourceOptions);
}
