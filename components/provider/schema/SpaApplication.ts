import * as pulumi from "@pulumi/pulumi";
import type { Client } from "@pulumi/auth0/client";
import { SpaReference } from "./references";

export interface SpaApplicationArgs {
    displayName?: string;
    origins: string[];
    callbackPath?: string;
    refreshTokenLifetime?: number;
    allowLocalhost?: boolean;
    allowWildcards?: boolean;
}

/** Schema declaration of `SpaApplication`; construction runs the TypeScript component itself. */
export declare class SpaApplication extends pulumi.ComponentResource {
    readonly clientId: pulumi.Output<string>;
    readonly origins: string[];
    readonly callbackUrls: string[];
    /** The Auth0 client. */
    readonly client: Client;
    /** This app as a reference, for the `spa` argument of HttpApi. */
    readonly reference: SpaReference;
    constructor(name: string, args: SpaApplicationArgs, opts?: pulumi.ComponentResourceOptions);
}
