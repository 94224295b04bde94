/**
 * The reference program's configuration, read once from the stack's config and checked before
 * anything is created. Values that describe Auth0 come from the Auth0 provider's own config
 * (`auth0:domain`), so the tenant is typed in exactly one place.
 */
import * as pulumi from "@pulumi/pulumi";

export interface AlbSettings {
    /** Host names users type; each becomes an https://<host>/oauth2/idpresponse callback. */
    hostnames: string[];
    /** ACM certificate covering the host names. */
    certificateArn: string;
    /** Roles allowed through the ALB login (seed 000's "IT Operations"). */
    allowedRoles: string[];
    /** Session lifetime at the ALB, in seconds. */
    sessionTimeout?: number;
    /**
     * Identifier (audience) of the machine API; pin it, since changing it replaces the API and
     * every client grant. Default: `https://<first host in sorted order>/machine`.
     */
    machineApiIdentifier?: string;
}

export interface HttpApiSettings {
    /** Origins the single-page app is served from (CORS and Auth0 origins). */
    appOrigins: string[];
    /** Accept http://localhost origins: development stacks only. */
    allowLocalhost?: boolean;
}

export interface RestApiSettings {
    /** Scopes added at login per Auth0 connection (seed 004). */
    connectionScopes: Record<string, Array<"read:Movies" | "read:Devices">>;
}

export interface StackSettings {
    auth0Domain: string;
    alb?: AlbSettings;
    httpApi?: HttpApiSettings;
    restApi?: RestApiSettings;
}

/** Reads the settings; a system is on when its config key is present. */
export function loadSettings(): StackSettings {
    const auth0 = new pulumi.Config("auth0");
    const config = new pulumi.Config("edge-auth");
    return {
        auth0Domain: auth0.require("domain"),
        alb: config.getObject<AlbSettings>("alb"),
        httpApi: config.getObject<HttpApiSettings>("httpApi"),
        restApi: config.getObject<RestApiSettings>("restApi"),
    };
}
