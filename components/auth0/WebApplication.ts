import * as pulumi from "@pulumi/pulumi";
import * as auth0 from "@pulumi/auth0";
import { reject, validateArgs } from "../core/errors";
import { ApplicationReference } from "../core/references";
import { UrlRules, validateClientUrls } from "../core/urls";
import { ConfidentialAuthMethod, createClient, validateConfidentialAuthMethod } from "./client";

export interface WebApplicationArgs extends UrlRules {
    /**
     * Name shown in the Auth0 dashboard and on the login page.
     * @default - the component name
     */
    displayName?: string;
    /**
     * Every URL Auth0 may redirect to after login. Auth0 compares them exactly: a host users
     * reach that is missing here fails with "400 invalid redirect_uri" (seed 001).
     * @example ["https://kibana.example.com/oauth2/idpresponse"]
     */
    callbackUrls: string[];
    /**
     * URLs Auth0 may send the browser to after logout (`returnTo`).
     * @default []
     */
    logoutUrls?: string[];
    /**
     * How the client authenticates at the token endpoint. The ALB's method is not documented;
     * public write-ups use Auth0's default for regular web apps.
     * @default "client_secret_post"
     */
    tokenEndpointAuthMethod?: ConfidentialAuthMethod;
    /**
     * Also allow the `refresh_token` grant (the client must request `offline_access`).
     * @default false
     */
    refreshTokens?: boolean;
}

/**
 * An Auth0 regular web application: a confidential client using the authorization code flow,
 * as an ALB's `authenticate-oidc` action or a server-rendered app needs.
 */
export class WebApplication extends pulumi.ComponentResource implements ApplicationReference {
    /** The client id. */
    readonly clientId: pulumi.Output<string>;
    /** The client secret, always secret. */
    readonly clientSecret: pulumi.Output<string>;
    /** The registered callback URLs, plain, for derived configuration and checks. */
    readonly callbackUrls: string[];
    /** The registered logout URLs, plain. */
    readonly logoutUrls: string[];
    readonly client: auth0.Client;
    readonly credentials: auth0.ClientCredentials;

    constructor(name: string, args: WebApplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        const plan = validateArgs("WebApplication", name, () => {
            const rules = { allowLocalhost: args.allowLocalhost, allowWildcards: args.allowWildcards };
            const callbackUrls = validateClientUrls("callbackUrls", args.callbackUrls, "callback", rules);
            if (callbackUrls.length === 0) {
                reject("callbackUrls", args.callbackUrls, "is empty", "list every URL users return to after login");
            }
            const method = validateConfidentialAuthMethod(args.tokenEndpointAuthMethod);
            return { callbackUrls, logoutUrls: validateClientUrls("logoutUrls", args.logoutUrls, "logout", rules), method };
        });
        super("edge-auth:index:WebApplication", name, {}, opts);

        const created = createClient(this, name, {
            name: args.displayName ?? name,
            appType: "regular_web",
            grantTypes: args.refreshTokens ? ["authorization_code", "refresh_token"] : ["authorization_code"],
            callbacks: plan.callbackUrls,
            allowedLogoutUrls: plan.logoutUrls,
        }, plan.method);

        this.client = created.client;
        this.credentials = created.credentials;
        this.clientId = created.clientId;
        this.clientSecret = created.clientSecret;
        this.callbackUrls = plan.callbackUrls;
        this.logoutUrls = plan.logoutUrls;
        this.registerOutputs({ clientId: this.clientId, clientSecret: this.clientSecret, callbackUrls: this.callbackUrls });
    }
}
