import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { ApiReference, apiReference, fromSource, requireApiScopes } from "../core/references";
import { reject, validateArgs } from "../core/errors";
import { checkedIssuer } from "../core/discovery";
import { JwtVerifier, requireVerifiableAccessTokens } from "../core/identityProvider";
import { requireIntegerInRange } from "../core/values";
import { MethodScopes, RestRouteArgs, validateRoutes } from "./restRoutes";
import { LAMBDA_ENVIRONMENT_LIMIT, authorizerEnvironment, environmentSize } from "./runtime/restAuthorizerEnv";

/** An existing REST API; an `aws.apigateway.RestApi` fits as is. */
export interface RestApiRef {
    /** The REST API id. */
    id: pulumi.Input<string>;
    /** `arn:aws:execute-api:<region>:<account>:<apiId>`, the base of the invoke permission. */
    executionArn: pulumi.Input<string>;
}

export interface RestApiLambdaAuthorizerArgs<P extends string = string> {
    /**
     * The Auth0 API whose access tokens the authorizer accepts. Issuer, audience and JWKS URI
     * come from it; it must sign with RS256.
     */
    api: ApiReference<P>;
    /**
     * Every method the authorizer guards and the scopes that may call it. A token needs any one
     * of a route's scopes (as API Gateway's own JWT authorizers). Path parameters are written
     * `{name}`, a greedy last segment `{name+}`; `ANY` covers methods without their own route.
     * @example { "GET /movies": { scopes: ["read:Movies"] }, "GET /movies/{id}": { scopes: ["read:Movies"] } }
     */
    routes: Record<string, RestRouteArgs<NoInfer<P>>>;
    /**
     * An existing REST API to attach the authorizer to.
     * @default - a new regional REST API with a TLS 1.3/1.2 security policy
     */
    restApi?: RestApiRef;
    /**
     * How long API Gateway caches a decision, in seconds, 0 (off) to 3600. The cache key is the
     * token, the method, the host and the request path (see `IDENTITY_SOURCE`), and each
     * decision allows or denies exactly that method and path, so a cached answer is only reused
     * for the very request it was made for.
     *
     * Trade-off: a cached Allow is served without calling the function for up to this long.
     * Scopes taken from a route, permissions taken from a user (their new tokens lack them, the
     * old token keeps its `scope`) and even the token's own `exp` are not looked at again for
     * that token, method, path and host until the entry expires. Lower it (or 0) where
     * tightening must bite at once; each miss costs one Lambda invocation (the handler's
     * verified-token cache keeps that cheap).
     * @default 300
     */
    resultTtlInSeconds?: number;
    /**
     * Retention of the function's log group, in days (a CloudWatch value such as 7, 30, 365).
     * @default 30
     */
    logRetentionInDays?: number;
    /**
     * Function memory in MB, 128 to 10240. CPU grows with memory, and RS256 checks are CPU.
     * @default 256
     */
    memorySize?: number;
}

const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
/**
 * The REQUEST authorizer's identity sources, which are also its cache key: the token, the
 * request's method, its path as sent, the stage and the host. The host is needed because
 * `context.path` is the path as the client sent it: on the execute-api host `/prod/x` is
 * stage prod's `/x`, on a custom domain mapped at its root it is `/prod/x` itself, and two
 * base-path mappings can likewise give one sent path two meanings. Without the host, one
 * cached decision (an exact method ARN) would answer the other request: a false 403.
 * API Gateway answers 401 without calling the function when one is missing or empty.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/configure-api-gateway-lambda-authorization-with-console.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html ($context.domainName, usable in authorizers)
 */
export const IDENTITY_SOURCE = "method.request.header.Authorization, context.httpMethod, context.path, context.stage, context.domainName";
const BUNDLE = path.join("dist", "bundles", "rest-authorizer", "index.js");

/**
 * An API Gateway REST API Lambda authorizer (REQUEST type) that verifies Auth0 access tokens
 * (RS256) and decides each request on its own: the route declared for the resource and method
 * API Gateway matched gives the scopes, and the policy allows or denies exactly that request's
 * method ARN. Methods attached to the authorizer but missing from `routes` are denied.
 *
 * Creates a Lambda function (the bundled handler, `nodejs22.x`, arm64) with a role that may
 * only write its logs, a log group with retention, the `Authorizer`, and the permission for
 * this authorizer of this API to invoke the function.
 *
 * Prefer `RestApi`, which creates the methods from the same `routes`. Used alone on an existing
 * API, you must keep in step by hand: every method you attach (`authorization: "CUSTOM"`,
 * `authorizerId`) is declared in `routes` with the same method and path (else it answers 403),
 * and a new deployment of the stage follows every change of methods or of this authorizer.
 */
export class RestApiLambdaAuthorizer<P extends string = string> extends pulumi.ComponentResource {
    /** The method-to-scopes map the handler enforces, plain. */
    readonly methodScopes: MethodScopes;
    /** The authorizer id, for `aws.apigateway.Method.authorizerId`. */
    readonly authorizerId: pulumi.Output<string>;
    readonly restApiId: pulumi.Output<string>;
    readonly executionArn: pulumi.Output<string>;
    readonly functionArn: pulumi.Output<string>;

    /** The raw resources, for escape hatches. */
    readonly restApi?: aws.apigateway.RestApi;
    readonly authorizer: aws.apigateway.Authorizer;
    readonly function: aws.lambda.Function;
    readonly role: aws.iam.Role;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly permission: aws.lambda.Permission;

    constructor(name: string, args: RestApiLambdaAuthorizerArgs<P>, opts?: pulumi.ComponentResourceOptions) {
        const plan = validateArgs("RestApiLambdaAuthorizer", name, () => validate(args));
        const bundle = bundlePath();
        super("edge-auth:index:RestApiLambdaAuthorizer", name, {}, opts);
        this.methodScopes = plan.methodScopes;

        const restApi = args.restApi ?? this.createRestApi(name);
        this.restApi = args.restApi ? undefined : (restApi as aws.apigateway.RestApi);

        this.logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
            // Project and stack in the name: two stacks in one account must not share a group.
            name: `/edge-auth/${pulumi.getProject()}-${pulumi.getStack()}/${name}-authorizer`,
            retentionInDays: plan.retention,
        }, { parent: this });

        this.role = new aws.iam.Role(`${name}-role`, {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
        }, { parent: this });

        // Logging only: the handler fetches the public JWKS over the internet and calls no AWS API.
        const logging = new aws.iam.RolePolicy(`${name}-logging`, {
            role: this.role.id,
            policy: this.logGroup.arn.apply((arn) => JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${arn}:*` }],
            })),
        }, { parent: this });

        this.function = new aws.lambda.Function(`${name}-function`, {
            runtime: "nodejs22.x",
            architectures: ["arm64"],
            handler: "index.handler",
            code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.FileAsset(bundle) }),
            role: this.role.arn,
            memorySize: plan.memorySize,
            // Room for one JWKS download on a cold start (aws-jwt-verify times out at 3 s).
            timeout: 10,
            // Registered once the discovery check passed (a no-op for Auth0 unless turned on).
            environment: { variables: checkedIssuer(args.api.identityProvider).apply(() => plan.environment) },
            loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
        }, { parent: this, dependsOn: [logging] });

        this.authorizer = new aws.apigateway.Authorizer(`${name}-authorizer`, {
            name,
            restApi: restApi.id,
            type: "REQUEST",
            authorizerUri: this.function.invokeArn,
            identitySource: IDENTITY_SOURCE,
            authorizerResultTtlInSeconds: plan.ttl,
        }, { parent: this });

        // Only this authorizer of this API may invoke the function.
        this.permission = new aws.lambda.Permission(`${name}-invoke`, {
            action: "lambda:InvokeFunction",
            function: this.function.arn,
            principal: "apigateway.amazonaws.com",
            sourceArn: pulumi.interpolate`${restApi.executionArn}/authorizers/${this.authorizer.id}`,
        }, { parent: this });

        this.authorizerId = this.authorizer.id;
        this.restApiId = pulumi.output(restApi.id);
        this.executionArn = pulumi.output(restApi.executionArn);
        this.functionArn = this.function.arn;

        this.registerOutputs({
            authorizerId: this.authorizerId,
            restApiId: this.restApiId,
            executionArn: this.executionArn,
            functionArn: this.functionArn,
            methodScopes: this.methodScopes,
        });
    }

    private createRestApi(name: string): aws.apigateway.RestApi {
        return new aws.apigateway.RestApi(`${name}-api`, {
            name,
            endpointConfiguration: { types: "REGIONAL" },
            securityPolicy: "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
            endpointAccessMode: "BASIC",
        }, { parent: this });
    }
}

function validate<P extends string>(args: RestApiLambdaAuthorizerArgs<P>) {
    const api = apiReference<P>("api", args?.api);
    if (api.signingAlg !== "RS256") {
        reject("api.signingAlg", api.signingAlg, `cannot be verified by the authorizer${fromSource(api)}`, "create the Auth0Api with signingAlg: \"RS256\" (the default)");
    }
    requireVerifiableAccessTokens("api", api.identityProvider, JwtVerifier.RestLambdaAuthorizer);
    const methodScopes = validateRoutes(args.routes, (argument, scopes) => requireApiScopes(argument, scopes, api));
    const type = (args as { type?: unknown }).type;
    if (type !== undefined && type !== "REQUEST") {
        // A TOKEN authorizer's cache key is the token alone: one answer reused for every method.
        reject("type", type, "is no longer supported", "remove it: the authorizer is a REQUEST authorizer keyed by token, method and path, so one cached answer never serves another method");
    }
    const ttl = requireIntegerInRange("resultTtlInSeconds", args.resultTtlInSeconds ?? 300, 0, 3600, "seconds");
    const retention = args.logRetentionInDays ?? 30;
    if (!RETENTION_DAYS.includes(retention)) {
        reject("logRetentionInDays", retention, "is not a CloudWatch retention period", `use one of ${RETENTION_DAYS.join(", ")}`);
    }
    const memorySize = requireIntegerInRange("memorySize", args.memorySize ?? 256, 128, 10240, "MB");
    if (args.restApi !== undefined && (args.restApi?.id === undefined || args.restApi?.executionArn === undefined)) {
        reject("restApi", args.restApi, "lacks id or executionArn", "pass an aws.apigateway.RestApi, or { id, executionArn } of an existing one");
    }
    const environment = authorizerEnvironment({
        issuer: api.identityProvider.issuer,
        audience: api.identifier,
        jwksUri: api.identityProvider.jwksUri,
        routes: methodScopes,
    });
    const size = environmentSize(environment);
    if (size > LAMBDA_ENVIRONMENT_LIMIT) {
        reject("routes", Object.keys(methodScopes), `need ${size} bytes of environment, over Lambda's ${LAMBDA_ENVIRONMENT_LIMIT}`, "use fewer routes (an ANY or {proxy+} route covers many) or split the API");
    }
    return { methodScopes, ttl, retention, memorySize, environment };
}

/**
 * The bundled handler, found from both the TypeScript sources and the compiled `dist/`
 * by walking up to the package root.
 */
export function bundlePath(): string {
    let dir = __dirname;
    for (;;) {
        if (fs.existsSync(path.join(dir, "package.json"))) {
            const file = path.join(dir, BUNDLE);
            if (!fs.existsSync(file)) {
                throw new Error(`RestApiLambdaAuthorizer: the handler bundle ${file} is missing. Fix: run "npm run bundle" (or "npm run build")`);
            }
            return file;
        }
        const parent = path.dirname(dir);
        if (parent === dir) {
            throw new Error(`RestApiLambdaAuthorizer: no package root above ${__dirname}`);
        }
        dir = parent;
    }
}
