/**
 * How each schema component is constructed: by the TypeScript component itself, with the
 * arguments as the schema names them. One implementation, so a component created from Python or
 * Go has the same type token, children, names and inputs as one created in TypeScript.
 */
import * as pulumi from "@pulumi/pulumi";
import { AlbJwtValidation, AlbJwtValidationArgs } from "../alb/AlbJwtValidation";
import { AlbOidcLogin, AlbOidcLoginArgs } from "../alb/AlbOidcLogin";
import { HttpsLoadBalancer, HttpsLoadBalancerArgs } from "../alb/HttpsLoadBalancer";
import { HttpApi, HttpApiArgs } from "../apigateway/HttpApi";
import { HttpRouteArgs } from "../apigateway/httpRoutes";
import { RestApi, RestApiArgs } from "../apigateway/RestApi";
import { RestApiLambdaAuthorizer, RestApiLambdaAuthorizerArgs } from "../apigateway/RestApiLambdaAuthorizer";
import { Auth0Api, Auth0ApiArgs } from "../auth0/Auth0Api";
import { MachineApplication, MachineApplicationArgs } from "../auth0/MachineApplication";
import { PostLoginFlow, PostLoginFlowArgs } from "../auth0/PostLoginFlow";
import { SpaApplication, SpaApplicationArgs } from "../auth0/SpaApplication";
import { WebApplication, WebApplicationArgs } from "../auth0/WebApplication";
import { apiReference, applicationReference, listenerReference, spaReference } from "../core/references";

/** Arguments after decoding: plain values plain, Inputs as they came, schema names. */
export type WireArgs = Record<string, any>;

export interface ComponentBuilder {
    /** The TypeScript class (its name is the schema's `edge-auth:index:<name>`). */
    readonly component: new (name: string, args: any, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource;
    /** Builds the component from the schema's arguments. */
    build(name: string, args: WireArgs, opts: pulumi.ComponentResourceOptions): Promise<pulumi.ComponentResource>;
    /** The `reference` output: the component as the plain reference other components take. */
    reference?(instance: pulumi.ComponentResource): unknown;
}

export const BUILDERS: readonly ComponentBuilder[] = [
    {
        component: Auth0Api,
        build: async (name, args, opts) => new Auth0Api(name, args as Auth0ApiArgs, opts),
        reference: (instance) => apiReference("reference", instance as Auth0Api),
    },
    {
        component: WebApplication,
        build: async (name, args, opts) => new WebApplication(name, args as WebApplicationArgs, opts),
        reference: (instance) => applicationReference("reference", instance as WebApplication),
    },
    {
        component: SpaApplication,
        build: async (name, args, opts) => new SpaApplication(name, args as SpaApplicationArgs, opts),
        reference: (instance) => spaReference("reference", instance as SpaApplication),
    },
    { component: MachineApplication, build: async (name, args, opts) => new MachineApplication(name, args as MachineApplicationArgs, opts) },
    { component: PostLoginFlow, build: async (name, args, opts) => new PostLoginFlow(name, args as PostLoginFlowArgs, opts) },
    {
        component: HttpsLoadBalancer,
        build: async (name, args, opts) => new HttpsLoadBalancer(name, args as HttpsLoadBalancerArgs, opts),
        reference: (instance) => listenerReference("reference", instance as HttpsLoadBalancer),
    },
    { component: AlbOidcLogin, build: async (name, args, opts) => new AlbOidcLogin(name, args as AlbOidcLoginArgs, opts) },
    { component: AlbJwtValidation, build: async (name, args, opts) => new AlbJwtValidation(name, args as AlbJwtValidationArgs, opts) },
    { component: HttpApi, build: async (name, args, opts) => new HttpApi(name, httpApiArgs(args), opts) },
    { component: RestApiLambdaAuthorizer, build: async (name, args, opts) => new RestApiLambdaAuthorizer(name, args as RestApiLambdaAuthorizerArgs, opts) },
    { component: RestApi, build: async (name, args, opts) => new RestApi(name, args as RestApiArgs, opts) },
];

/** Routes with their TypeScript names: `lambdaFunction` is `function`, `isPublic` is `public`. */
function httpApiArgs(args: WireArgs): HttpApiArgs {
    const routes: Record<string, HttpRouteArgs> = {};
    for (const [key, route] of Object.entries<WireArgs>(args.routes ?? {})) {
        if (route === null || typeof route !== "object") {
            routes[key] = route;
            continue;
        }
        const { lambdaFunction, isPublic, ...rest } = route;
        routes[key] = {
            ...rest,
            ...(lambdaFunction === undefined ? {} : { function: lambdaFunction }),
            ...(isPublic === undefined ? {} : { public: isPublic }),
        };
    }
    return { ...args, routes } as HttpApiArgs;
}
