import * as pulumi from "@pulumi/pulumi";
import * as auth0 from "@pulumi/auth0";
import { reject, validateArgs } from "../core/errors";
import { SpaReference } from "../core/references";
import { UrlRules, validateClientUrls } from "../core/urls";
import { createClient } from "./client";

export interface SpaApplicationArgs extends UrlRules {
    /**
     * Name shown in the Auth0 dashboard and on the login page.
     * @default - the component name
     */
    displayName?: string;
    /**
     * The origins the single-page app is served from, e.g. `https://app.example.com`. They
     * become its web origins, allowed origins, logout URLs and (with `callbackPath`) callback
     * URLs, and the CORS origins of any API that serves it: typed once.
     * @example ["https://app.example.com", "http://localhost:3000"]
     */
    origins: string[];
    /**
     * Path appended to each origin to form the callback URLs. auth0-spa-js redirects to
     * `window.location.origin` unless told otherwise, hence the bare origin by default.
     * @default - the origins themselves
     */
    callbackPath?: string;
    /**
     * Refresh token lifetime in seconds (rotating, expiring refresh tokens).
     * @default 2592000
     */
    refreshTokenLifetime?: number;
}

/**
 * An Auth0 single-page application: a public client (no secret) using the authorization code
 * flow with PKCE and rotating refresh tokens. Browsers must request the API's `audience` and
 * the scopes they need; with RBAC on, Auth0 drops requested scopes the user's roles lack.
 */
export class SpaApplication extends pulumi.ComponentResource implements SpaReference {
    /** The client id (public). */
    readonly clientId: pulumi.Output<string>;
    /** The app's origins, plain, for CORS configuration of the APIs it calls. */
    readonly origins: string[];
    /** The registered callback URLs, plain. */
    readonly callbackUrls: readonly string[];
    readonly client: auth0.Client;

    constructor(name: string, args: SpaApplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        const plan = validateArgs("SpaApplication", name, () => {
            const rules = { allowLocalhost: args.allowLocalhost, allowWildcards: args.allowWildcards };
            const origins = validateClientUrls("origins", args.origins, "origin", rules);
            if (origins.length === 0) {
                reject("origins", args.origins, "is empty", "list the origins the app is served from");
            }
            const path = args.callbackPath;
            if (path !== undefined && !/^\/[^\s?#]*$/.test(path)) {
                reject("callbackPath", path, "is not an absolute path", "write it like \"/callback\"");
            }
            const callbackUrls = validateClientUrls("callbackPath", origins.map((o) => `${o}${path ?? ""}`), "callback", rules);
            return { origins, callbackUrls };
        });
        super("edge-auth:index:SpaApplication", name, {}, opts);

        const created = createClient(this, name, {
            name: args.displayName ?? name,
            appType: "spa",
            grantTypes: ["authorization_code", "refresh_token"],
            callbacks: plan.callbackUrls,
            allowedLogoutUrls: plan.origins,
            webOrigins: plan.origins,
            allowedOrigins: plan.origins,
            refreshToken: {
                rotationType: "rotating",
                expirationType: "expiring",
                tokenLifetime: args.refreshTokenLifetime ?? 2_592_000,
                leeway: 0,
            },
        }, "none");

        this.client = created.client;
        this.clientId = created.clientId;
        this.origins = plan.origins;
        this.callbackUrls = plan.callbackUrls;
        this.registerOutputs({ clientId: this.clientId, origins: this.origins, callbackUrls: this.callbackUrls });
    }
}
