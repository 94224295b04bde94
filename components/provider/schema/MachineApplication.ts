import * as pulumi from "@pulumi/pulumi";
import type { Client } from "@pulumi/auth0/client";
import type { ClientGrant } from "@pulumi/auth0/clientGrant";
import { ConfidentialAuthMethod } from "./common";
import { ApiReference } from "./references";

export interface MachineApplicationArgs {
    api: pulumi.Input<ApiReference>;
    scopes: string[];
    displayName?: string;
    tokenEndpointAuthMethod?: ConfidentialAuthMethod;
}

/** Schema declaration of `MachineApplication`; construction runs the TypeScript component itself. */
export declare class MachineApplication extends pulumi.ComponentResource {
    /** The client id. */
    readonly clientId: pulumi.Output<string>;
    readonly clientSecret: pulumi.Output<string>;
    readonly scopes: string[];
    /** The Auth0 client. */
    readonly client: Client;
    /** The client grant on the API. */
    readonly grant: ClientGrant;
    constructor(name: string, args: MachineApplicationArgs, opts?: pulumi.ComponentResourceOptions);
}
