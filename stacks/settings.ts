/**
 * The reference program's configuration, read once from the stack's config and checked before
 * anything is created. Values that describe Auth0 come from the Auth0 provider's own config
 * (`auth0:domain`), so the tenant is typed in exactly one place.
 */
import * as pulumi from "@pulumi/pulumi";
import type { OidcAlbSettings } from "./systems/oidcAlb";

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
    /** `auth0:domain`; absent in stacks without Auth0 (line-demo). */
    auth0Domain?: string;
    /** Seed 001: a login at another OpenID provider in front of an ALB. */
    oidcAlb?: OidcAlbSettings;
    alb?: AlbSettings;
    httpApi?: HttpApiSettings;
    restApi?: RestApiSettings;
}

/** Reads the settings; a system is on when its config key is present. */
export function loadSettings(): StackSettings {
    const auth0 = new pulumi.Config("auth0");
    const config = new pulumi.Config("edge-auth");
    return {
        auth0Domain: auth0.get("domain"),
        oidcAlb: config.getObject<OidcAlbSettings>("oidcAlb"),
        alb: config.getObject<AlbSettings>("alb"),
        httpApi: config.getObject<HttpApiSettings>("httpApi"),
        restApi: config.getObject<RestApiSettings>("restApi"),
    };
}

/** The Auth0 domain, for the systems that need one; fails saying which config key is missing. */
export function requireAuth0Domain(settings: StackSettings, system: string): string {
    if (settings.auth0Domain === undefined) {
        throw new Error(`edge-auth:${system} needs an Auth0 tenant: set auth0:domain in the stack config`);
    }
    return settings.auth0Domain;
}
