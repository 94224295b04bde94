/**
 * How each schema component is constructed: by the TypeScript component itself, with the
 * arguments as the schema names them. One implementation, so a component created from Python or
 * Go has the same type token, children, names and inputs as one created in TypeScript.
 */
import * as pulumi from "@pulumi/pulumi";
import { Auth0Api, Auth0ApiArgs } from "../auth0/Auth0Api";
import { SpaApplication, SpaApplicationArgs } from "../auth0/SpaApplication";
import { WebApplication, WebApplicationArgs } from "../auth0/WebApplication";
import { HttpsLoadBalancer, HttpsLoadBalancerArgs } from "../alb/HttpsLoadBalancer";

/** Arguments as they arrive: plain values checked against the schema, Inputs as they came. */
export type WireArgs = Record<string, any>;

export interface ComponentBuilder {
    /** The TypeScript class (its name is the schema's `edge-auth:index:<name>`). */
    readonly component: new (name: string, args: any, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource;
    /** Builds the component from the schema's arguments. */
    build(name: string, args: WireArgs, opts: pulumi.ComponentResourceOptions): Promise<pulumi.ComponentResource>;
}

export const BUILDERS: readonly ComponentBuilder[] = [
    { component: Auth0Api, build: async (name, args, opts) => new Auth0Api(name, args as Auth0ApiArgs, opts) },
    { component: WebApplication, build: async (name, args, opts) => new WebApplication(name, args as WebApplicationArgs, opts) },
    { component: SpaApplication, build: async (name, args, opts) => new SpaApplication(name, args as SpaApplicationArgs, opts) },
    { component: HttpsLoadBalancer, build: async (name, args, opts) => new HttpsLoadBalancer(name, args as HttpsLoadBalancerArgs, opts) },
];
