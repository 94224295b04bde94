import * as pulumi from "@pulumi/pulumi";
import * as auth0 from "@pulumi/auth0";
import { reject, validateArgs } from "../core/errors";
import { SpaReference } from "../core/references";
import { UrlRules, validateClientUrls } from "../core/urls";
import { requireIntegerInRange } from "../core/values";
import type { Auth0Api } from "./Auth0Api";
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
     * Issue rotating refresh tokens (the `refresh_token` grant). The APIs the app calls must
     * set `allowOfflineAccess: true`, or Auth0 issues none (checked against `apis`, and by
     * HttpApi for its `spa`).
     * @default true
     */
    refreshTokens?: boolean;
    /**
     * The APIs the app requests access tokens for. With `refreshTokens`, each must allow
     * offline access; construction fails otherwise, since Auth0 would silently issue none.
     * @default [] - checked where an API and this app meet (HttpApi)
     */
    apis?: Array<Pick<Auth0Api<string>, "identifier" | "offlineAccess">>;
    /**
     * Absolute refresh token lifetime in seconds: after it, the user logs in again however
     * active they are. Set explicitly rather than left to Auth0's tenant default.
     * @default 2592000 (30 days)
     */
    refreshTokenLifetime?: number;
    /**
     * Idle refresh token lifetime in seconds: a token unused this long expires. At most
     * `refreshTokenLifetime`.
     * @default 1296000 (15 days), or refreshTokenLifetime when lower
     */
    refreshTokenIdleLifetime?: number;
}

/** Auth0's bound for refresh token lifetimes, in seconds (1 year). */
export const REFRESH_TOKEN_LIFETIME_MAX = 31_557_600;
export const REFRESH_TOKEN_LIFETIME_DEFAULT = 2_592_000;
export const REFRESH_TOKEN_IDLE_LIFETIME_DEFAULT = 1_296_000;

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
    /** Whether the app obtains refresh tokens, plain (the APIs it calls need offline access). */
    readonly refreshTokens: boolean;
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
            const refreshTokens = args.refreshTokens ?? true;
            if (typeof refreshTokens !== "boolean") {
                reject("refreshTokens", refreshTokens, "is not a boolean", "write true or false");
            }
            const absolute = requireIntegerInRange("refreshTokenLifetime", args.refreshTokenLifetime ?? REFRESH_TOKEN_LIFETIME_DEFAULT, 1, REFRESH_TOKEN_LIFETIME_MAX, "seconds");
            const idle = requireIntegerInRange("refreshTokenIdleLifetime", args.refreshTokenIdleLifetime ?? Math.min(REFRESH_TOKEN_IDLE_LIFETIME_DEFAULT, absolute), 1, REFRESH_TOKEN_LIFETIME_MAX, "seconds");
            if (idle > absolute) {
                reject("refreshTokenIdleLifetime", idle, `exceeds refreshTokenLifetime (${absolute})`, "make the idle lifetime at most the absolute lifetime");
            }
            (args.apis ?? []).forEach((api, i) => {
                if (refreshTokens && api.offlineAccess !== true) {
                    reject(`apis[${i}]`, api.identifier, "does not allow offline access, so Auth0 would issue this app no refresh token for it",
                        "set allowOfflineAccess: true on that Auth0Api, or refreshTokens: false here");
                }
            });
            return { origins, callbackUrls, refreshTokens, absolute, idle };
        });
        super("edge-auth:index:SpaApplication", name, {}, opts);

        const created = createClient(this, name, {
            name: args.displayName ?? name,
            appType: "spa",
            grantTypes: plan.refreshTokens ? ["authorization_code", "refresh_token"] : ["authorization_code"],
            callbacks: plan.callbackUrls,
            allowedLogoutUrls: plan.origins,
            webOrigins: plan.origins,
            allowedOrigins: plan.origins,
            // Both lifetimes explicit, never infinite: Auth0's tenant defaults differ by tenant age.
            refreshToken: {
                rotationType: "rotating",
                expirationType: "expiring",
                tokenLifetime: plan.absolute,
                infiniteTokenLifetime: false,
                idleTokenLifetime: plan.idle,
                infiniteIdleTokenLifetime: false,
                leeway: 0,
            },
        }, "none");

        this.client = created.client;
        this.clientId = created.clientId;
        this.origins = plan.origins;
        this.callbackUrls = plan.callbackUrls;
        this.refreshTokens = plan.refreshTokens;
        this.registerOutputs({ clientId: this.clientId, origins: this.origins, callbackUrls: this.callbackUrls });
    }
}
