import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { reject, validateArgs } from "../core/errors";
import { ApiReference, apiReference, requireApiScopes } from "../core/references";
import { RestApiLambdaAuthorizer } from "./RestApiLambdaAuthorizer";
import { RestRouteArgs, parseRouteKey, resourceTemplate, validateRoutes } from "./restRoutes";

/** One route of a `RestApi`: the scopes that may call it and the function that serves it. */
export interface RestApiRouteArgs<P extends string = string> extends RestRouteArgs<P> {
    /**
     * The Lambda function that serves this route (proxy integration).
     * @default - the component's `handler`
     */
    handler?: aws.lambda.Function;
}

export interface RestApiArgs<P extends string = string> {
    /**
     * The API whose access tokens the authorizer accepts (RS256): an `Auth0Api`, or an API
     * reference (e.g. from the identity stack).
     */
    api: ApiReference<P>;
    /**
     * Every method of the API, keyed `"<METHOD> <path>"`, with the scopes that may call it (any
     * one of them suffices). Resources, methods (each with the authorizer), integrations and the
     * authorizer's own route table all come from here, so they cannot drift apart.
     * @example { "GET /movies": { scopes: ["read:Movies"] }, "GET /movies/{id}": { scopes: ["read:Movies"] } }
     */
    routes: Record<string, RestApiRouteArgs<NoInfer<P>>>;
    /**
     * The Lambda function serving every route without its own `handler`.
     * @default - none: every route then needs its own handler
     */
    handler?: aws.lambda.Function;
    /**
     * Stage name: letters, digits, '-' and '_'. Renaming it creates the new stage and deletes
     * the old one (its URL changes).
     * @default "v1"
     */
    stageName?: string;
    /**
     * How long API Gateway caches a decision per token, method, path and host, 0 to 3600
     * seconds. A cached Allow is served without a new check for that long: removed scopes and
     * even the token's `exp` bite only when it expires (see `RestApiLambdaAuthorizer`); lower
     * it where tightening must apply at once.
     * @default 300
     */
    resultTtlInSeconds?: number;
    /**
     * Retention of the authorizer's log group, in days.
     * @default 30
     */
    logRetentionInDays?: number;
    /**
     * Authorizer function memory in MB, 128 to 10240.
     * @default 256
     */
    memorySize?: number;
}

/** A resource of the path tree: `/movies/{id}` under `/movies`. */
interface PlannedResource {
    path: string;
    parent: string;
    pathPart: string;
}

/**
 * An API Gateway REST API that owns its methods: from one `routes` declaration it creates the
 * REST API, the path resources, one method per route with the edge-auth Lambda authorizer
 * attached, a Lambda proxy integration and invoke permission per route, a deployment that is
 * replaced whenever any resource, method, integration or the authorizer changes, and the stage.
 *
 * Children are named by route and path (`<name>-method-GET /movies/{id}`), never by position:
 * reordering routes changes nothing, removing one deletes exactly its method.
 */
export class RestApi<P extends string = string> extends pulumi.ComponentResource {
    /** `https://<api>.execute-api.<region>.amazonaws.com/<stage>`. */
    readonly url: pulumi.Output<string>;
    readonly restApiId: pulumi.Output<string>;
    readonly executionArn: pulumi.Output<string>;
    /** The redeployment trigger: a hash over every resource, method, integration and the authorizer. */
    readonly deploymentHash: pulumi.Output<string>;

    /** The raw resources, for escape hatches. */
    readonly restApi: aws.apigateway.RestApi;
    readonly authorizer: RestApiLambdaAuthorizer<P>;
    readonly resources: Record<string, aws.apigateway.Resource>;
    readonly methods: Record<string, aws.apigateway.Method>;
    readonly integrations: Record<string, aws.apigateway.Integration>;
    readonly deployment: aws.apigateway.Deployment;
    readonly stage: aws.apigateway.Stage;

    constructor(name: string, args: RestApiArgs<P>, opts?: pulumi.ComponentResourceOptions) {
        const plan = validateArgs("RestApi", name, () => validate(args));
        super("edge-auth:index:RestApi", name, {}, opts);

        this.restApi = new aws.apigateway.RestApi(`${name}-api`, {
            name,
            endpointConfiguration: { types: "REGIONAL" },
            securityPolicy: "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
            endpointAccessMode: "BASIC",
        }, { parent: this });

        this.authorizer = new RestApiLambdaAuthorizer<P>(`${name}-auth`, {
            api: args.api,
            routes: args.routes,
            restApi: this.restApi,
            resultTtlInSeconds: args.resultTtlInSeconds,
            logRetentionInDays: args.logRetentionInDays,
            memorySize: args.memorySize,
        }, { parent: this });

        this.resources = {};
        const resourceId = (path: string): pulumi.Output<string> => (path === "/" ? this.restApi.rootResourceId : this.resources[path].id);
        for (const r of plan.resources) {
            this.resources[r.path] = new aws.apigateway.Resource(`${name}-resource-${r.path}`, {
                restApi: this.restApi.id,
                parentId: resourceId(r.parent),
                pathPart: r.pathPart,
            }, { parent: this });
        }

        this.methods = {};
        this.integrations = {};
        for (const route of plan.routes) {
            const method = new aws.apigateway.Method(`${name}-method-${route.key}`, {
                restApi: this.restApi.id,
                resourceId: resourceId(route.path),
                httpMethod: route.verb,
                authorization: "CUSTOM",
                authorizerId: this.authorizer.authorizerId,
            }, { parent: this });
            this.methods[route.key] = method;
            this.integrations[route.key] = new aws.apigateway.Integration(`${name}-integration-${route.key}`, {
                restApi: this.restApi.id,
                resourceId: method.resourceId,
                httpMethod: method.httpMethod,
                type: "AWS_PROXY",
                integrationHttpMethod: "POST",
                uri: route.handler.invokeArn,
            }, { parent: this });
            // Only this API, this method and path may invoke the function, from any stage.
            new aws.lambda.Permission(`${name}-invoke-${route.key}`, {
                function: route.handler.arn,
                action: "lambda:InvokeFunction",
                principal: "apigateway.amazonaws.com",
                sourceArn: pulumi.interpolate`${this.restApi.executionArn}/*/${route.verb === "ANY" ? "*" : route.verb}${route.arnPath}`,
            }, { parent: this });
        }

        // A stage serves a snapshot: any change of the tree, a method, an integration or the
        // authorizer must make a new deployment, else the stage keeps serving the old one.
        this.deploymentHash = deploymentHash(this.resources, this.methods, this.integrations, this.authorizer.authorizer);
        this.deployment = new aws.apigateway.Deployment(`${name}-deployment`, {
            restApi: this.restApi.id,
            description: pulumi.interpolate`edge-auth ${this.deploymentHash}`,
            triggers: { redeployment: this.deploymentHash },
        }, { parent: this, dependsOn: [...Object.values(this.methods), ...Object.values(this.integrations)] });

        this.stage = new aws.apigateway.Stage(`${name}-stage`, {
            restApi: this.restApi.id,
            deployment: this.deployment.id,
            stageName: plan.stageName,
        }, { parent: this });

        this.url = this.stage.invokeUrl;
        this.restApiId = this.restApi.id;
        this.executionArn = this.restApi.executionArn;
        this.registerOutputs({ url: this.url, restApiId: this.restApiId, executionArn: this.executionArn, deploymentHash: this.deploymentHash });
    }
}

/** SHA-256 over the deployed shape: every resource, method, integration and the authorizer. */
function deploymentHash(
    resources: Record<string, aws.apigateway.Resource>,
    methods: Record<string, aws.apigateway.Method>,
    integrations: Record<string, aws.apigateway.Integration>,
    authorizer: aws.apigateway.Authorizer,
): pulumi.Output<string> {
    const sorted = <T>(record: Record<string, T>) => Object.keys(record).sort().map((k) => [k, record[k]] as const);
    return pulumi.output({
        resources: sorted(resources).map(([k, r]) => ({ k, id: r.id, parentId: r.parentId, pathPart: r.pathPart })),
        methods: sorted(methods).map(([k, m]) => ({ k, id: m.id, authorization: m.authorization, authorizerId: m.authorizerId, httpMethod: m.httpMethod })),
        integrations: sorted(integrations).map(([k, i]) => ({ k, id: i.id, type: i.type, uri: i.uri })),
        authorizer: { id: authorizer.id, type: authorizer.type, identitySource: authorizer.identitySource, ttl: authorizer.authorizerResultTtlInSeconds, uri: authorizer.authorizerUri },
    }).apply((shape) => createHash("sha256").update(JSON.stringify(shape)).digest("hex"));
}

function validate<P extends string>(args: RestApiArgs<P>) {
    const api = apiReference<P>("api", args?.api);
    const methodScopes = validateRoutes(args.routes, (argument, scopes) => requireApiScopes(argument, scopes, api));
    const stageName = args.stageName ?? "v1";
    if (typeof stageName !== "string" || !/^[A-Za-z0-9_-]{1,128}$/.test(stageName)) {
        reject("stageName", stageName, "is not a stage name", "use letters, digits, '-' and '_', e.g. \"v1\"");
    }
    const routes = Object.entries(args.routes).map(([key, declaration]) => {
        const route = parseRouteKey(`routes[${JSON.stringify(key)}]`, key);
        const handler = declaration.handler ?? args.handler;
        if (handler === undefined || handler === null || typeof handler !== "object" || !("invokeArn" in handler)) {
            reject(`routes[${JSON.stringify(key)}].handler`, undefined, "is missing", "give the route a handler (an aws.lambda.Function) or set the component's handler");
        }
        // Path parameters become '*' in the invoke permission (any value of that segment).
        const arnPath = route.path === "/" ? "/" : route.path.replace(/\{[^/]+\+\}/g, "*").replace(/\{[^/]+\}/g, "*");
        return { key: route.key, verb: route.verb, path: route.path, handler: handler!, arnPath };
    });
    const resources = new Map<string, PlannedResource>();
    const byTemplate = new Map<string, string>();
    for (const route of routes) {
        const segments = route.path === "/" ? [] : route.path.slice(1).split("/");
        segments.forEach((pathPart, i) => {
            const path = `/${segments.slice(0, i + 1).join("/")}`;
            const parent = i === 0 ? "/" : `/${segments.slice(0, i).join("/")}`;
            // API Gateway refuses two parameter names at one position under one parent.
            const template = resourceTemplate(path);
            const other = byTemplate.get(template);
            if (other !== undefined && other !== path) {
                reject(`routes[${JSON.stringify(route.key)}]`, route.key, `names the resource ${path} while another route names it ${other}`, `use the same parameter name in both, e.g. ${other}`);
            }
            byTemplate.set(template, path);
            resources.set(path, { path, parent, pathPart });
        });
    }
    // Parents before children (shorter paths first), stable for the same routes in any order.
    const ordered = [...resources.values()].sort((a, b) => a.path.split("/").length - b.path.split("/").length || a.path.localeCompare(b.path));
    return { methodScopes, stageName, routes, resources: ordered };
}
