import * as pulumi from "@pulumi/pulumi";
import type { ListenerRule } from "@pulumi/aws/lb/listenerRule";
import { ConfidentialAuthMethod } from "./common";
import { ApiReference, ListenerReference } from "./references";

/** One listener rule for machine clients: paths and the scopes a token needs on them. */
export interface AlbJwtRoute {
    name: string;
    pathPatterns: string[];
    priority?: number;
    scopes: string[];
    anyValidToken?: boolean;
    userTokens?: boolean;
    targetGroupArn?: pulumi.Input<string>;
}

/** A machine-to-machine client created for the API. */
export interface AlbMachineClient {
    scopes: string[];
    displayName?: string;
    tokenEndpointAuthMethod?: ConfidentialAuthMethod;
}

export interface AlbJwtValidationArgs {
    loadBalancer: pulumi.Input<ListenerReference>;
    api: pulumi.Input<ApiReference>;
    routes: pulumi.Input<pulumi.Input<AlbJwtRoute>[]>;
    targetGroupArn: pulumi.Input<string>;
    priority?: number;
    hostnames?: string[];
    clients?: Record<string, AlbMachineClient>;
}

/** Schema declaration of `AlbJwtValidation`; construction runs the TypeScript component itself. */
export declare class AlbJwtValidation extends pulumi.ComponentResource {
    readonly issuer: pulumi.Output<string>;
    readonly audience: pulumi.Output<string>;
    readonly clientIds: pulumi.Output<Record<string, string>>;
    readonly priorities: Record<string, number>;
    readonly rules: Record<string, ListenerRule>;
    constructor(name: string, args: AlbJwtValidationArgs, opts?: pulumi.ComponentResourceOptions);
}
