import * as pulumi from "@pulumi/pulumi";
import * as auth0 from "@pulumi/auth0";
import { reject, validateArgs } from "../core/errors";
import { requireUnique } from "../core/values";
import { ApiReference, apiReference, isResource, requireApiScopes } from "../core/references";
import { ConfidentialAuthMethod, createClient, validateConfidentialAuthMethod } from "./client";

export interface MachineApplicationArgs<P extends string = string> {
    /**
     * The API this client calls (an `Auth0Api` or an API reference); its audience and
     * permissions bound the grant.
     */
    api: ApiReference<P>;
    /** Scopes granted to the client; each must be a permission of `api`. */
    scopes: NoInfer<P>[];
    /**
     * Name shown in the Auth0 dashboard.
     * @default - the component name
     */
    displayName?: string;
    /**
     * How the client authenticates at the token endpoint.
     * @default "client_secret_post"
     */
    tokenEndpointAuthMethod?: ConfidentialAuthMethod;
}

/**
 * An Auth0 machine-to-machine application with a client grant on one API: the client
 * credentials flow, for services that call the API without a user.
 */
export class MachineApplication<P extends string = string> extends pulumi.ComponentResource {
    readonly clientId: pulumi.Output<string>;
    /** The client secret, always secret. */
    readonly clientSecret: pulumi.Output<string>;
    /** The granted scopes, plain. */
    readonly scopes: readonly P[];
    readonly client: auth0.Client;
    readonly grant: auth0.ClientGrant;

    constructor(name: string, args: MachineApplicationArgs<P>, opts?: pulumi.ComponentResourceOptions) {
        const plan = validateArgs("MachineApplication", name, () => {
            const api = apiReference<P>("api", args.api);
            if (!Array.isArray(args.scopes) || args.scopes.length === 0) {
                reject("scopes", args.scopes, "is empty", "grant at least one permission; a grant without scopes issues useless tokens");
            }
            const scopes = requireApiScopes<P>("scopes", args.scopes, api);
            requireUnique("scopes", scopes, "scope");
            const method = validateConfidentialAuthMethod(args.tokenEndpointAuthMethod);
            return { api, scopes, method };
        });
        super("edge-auth:index:MachineApplication", name, {}, opts);

        const created = createClient(this, name, {
            name: args.displayName ?? name,
            appType: "non_interactive",
            grantTypes: ["client_credentials"],
        }, plan.method);
        // An instance in this program: the grant waits for the API to exist. A reference names an
        // API deployed elsewhere, which exists already.
        const apiResource = isResource(args.api) ? args.api : undefined;
        this.grant = new auth0.ClientGrant(`${name}-grant`, {
            clientId: created.clientId,
            audience: plan.api.identifier,
            scopes: plan.scopes,
        }, { parent: this, dependsOn: apiResource ? [apiResource] : [] });

        this.client = created.client;
        this.clientId = created.clientId;
        this.clientSecret = created.clientSecret;
        this.scopes = plan.scopes;
        this.registerOutputs({ clientId: this.clientId, clientSecret: this.clientSecret, scopes: this.scopes });
    }
}
