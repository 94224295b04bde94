import * as pulumi from "@pulumi/pulumi";
import type { Deployment } from "@pulumi/aws/apigateway/deployment";
import type { Integration } from "@pulumi/aws/apigateway/integration";
import type { Method } from "@pulumi/aws/apigateway/method";
import type { Resource } from "@pulumi/aws/apigateway/resource";
import type { RestApi as AwsRestApi } from "@pulumi/aws/apigateway/restApi";
import type { Stage } from "@pulumi/aws/apigateway/stage";
import type { Function } from "@pulumi/aws/lambda/function";
import { ApiReference } from "./references";

/** One route of a `RestApi`: the scopes that may call it and the function that serves it. */
export interface RestApiRoute {
    scopes: string[];
    handler?: Function;
}

export interface RestApiArgs {
    api: pulumi.Input<ApiReference>;
    routes: Record<string, RestApiRoute>;
    handler?: Function;
    stageName?: string;
    resultTtlInSeconds?: number;
    logRetentionInDays?: number;
    memorySize?: number;
}

/** Schema declaration of `RestApi`; construction runs the TypeScript component itself. */
export declare class RestApi extends pulumi.ComponentResource {
    readonly url: pulumi.Output<string>;
    /** The REST API's id. */
    readonly restApiId: pulumi.Output<string>;
    /** The REST API's execution ARN. */
    readonly executionArn: pulumi.Output<string>;
    readonly deploymentHash: pulumi.Output<string>;
    /**
     * The `aws.apigateway.RestApi` (`restApi` in TypeScript: a C# member may not share its
     * class's name, CS0542).
     */
    readonly awsRestApi: AwsRestApi;
    /** Path resources keyed by path. */
    readonly resources: Record<string, Resource>;
    /** Methods keyed by route key. */
    readonly methods: Record<string, Method>;
    /** Lambda proxy integrations keyed by route key. */
    readonly integrations: Record<string, Integration>;
    /** The deployment, replaced when any method, integration or the authorizer changes. */
    readonly deployment: Deployment;
    /** The stage. */
    readonly stage: Stage;
    constructor(name: string, args: RestApiArgs, opts?: pulumi.ComponentResourceOptions);
}
