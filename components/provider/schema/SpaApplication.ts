import * as pulumi from "@pulumi/pulumi";
import type { Client } from "@pulumi/auth0/client";

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
    constructor(name: string, args: SpaApplicationArgs, opts?: pulumi.ComponentResourceOptions);
}
