import * as pulumi from "@pulumi/pulumi";
import type { Authorizer } from "@pulumi/aws/apigateway/authorizer";
import type { RestApi } from "@pulumi/aws/apigateway/restApi";
import type { LogGroup } from "@pulumi/aws/cloudwatch/logGroup";
import type { Role } from "@pulumi/aws/iam/role";
import type { Function } from "@pulumi/aws/lambda/function";
import type { Permission } from "@pulumi/aws/lambda/permission";
import { ApiReference } from "./references";

/** Scopes a route requires; a token needs at least one of them. */
export interface RestRoute {
    scopes: string[];
}

export interface RestApiLambdaAuthorizerArgs {
    api: pulumi.Input<ApiReference>;
    routes: Record<string, RestRoute>;
    /**
     * An existing REST API to attach the authorizer to (any `aws.apigateway.RestApi`).
     *
     * Default: a new regional REST API with a TLS 1.3/1.2 security policy.
     */
    restApi?: RestApi;
    resultTtlInSeconds?: number;
    logRetentionInDays?: number;
    memorySize?: number;
}

/** Schema declaration of `RestApiLambdaAuthorizer`; construction runs the TypeScript component itself. */
export declare class RestApiLambdaAuthorizer extends pulumi.ComponentResource {
    readonly methodScopes: Record<string, string[]>;
    readonly authorizerId: pulumi.Output<string>;
    /** The REST API's id. */
    readonly restApiId: pulumi.Output<string>;
    /** The REST API's execution ARN. */
    readonly executionArn: pulumi.Output<string>;
    /** The authorizer function's ARN. */
    readonly functionArn: pulumi.Output<string>;
    /** The REST API, when created here. */
    readonly restApi?: RestApi;
    /** The API Gateway authorizer. */
    readonly authorizer: Authorizer;
    /** The authorizer's Lambda function. */
    readonly lambdaFunction: Function;
    /** The function's execution role. */
    readonly role: Role;
    /** The function's log group. */
    readonly logGroup: LogGroup;
    /** The permission that lets only this authorizer invoke the function. */
    readonly permission: Permission;
    constructor(name: string, args: RestApiLambdaAuthorizerArgs, opts?: pulumi.ComponentResourceOptions);
}
