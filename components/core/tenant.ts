// Auth0's URL layout, derived from one domain. Components take the identity provider model
// (identityProvider.ts), whose Auth0 kind is built from these functions.
import { reject } from "./errors";

/** Where an Auth0 (or Auth0-compatible OIDC) tenant lives. */
export interface Auth0TenantArgs {
    /**
     * The tenant's Auth0 domain, e.g. `acme.us.auth0.com`.
     *
     * A leading `https://` and a single trailing `/` are accepted and dropped; anything else
     * (a path, a port, `http://`) is rejected.
     */
    domain: string;
    /**
     * A custom domain configured on the tenant, e.g. `login.acme.com`. When set it wins
     * everywhere: issuer, endpoints and logout, because Auth0 puts the domain the token was
     * requested from into `iss`, and one deployment must use one domain.
     * @default - the Auth0 domain is used
     */
    customDomain?: string;
}

/** Every URL of a tenant that a client or verifier needs, derived from one domain. */
export interface TenantEndpoints {
    /** The domain used for all URLs below (the custom domain when one is set). */
    readonly domain: string;
    /** `https://<domain>/`, trailing slash included, exactly as Auth0 writes `iss`. */
    readonly issuer: string;
    readonly authorizationEndpoint: string;
    readonly tokenEndpoint: string;
    readonly userInfoEndpoint: string;
    readonly jwksUri: string;
    readonly discoveryUrl: string;
    /** Auth0's `/v2/logout` endpoint (takes `client_id` and `returnTo`). */
    readonly logoutEndpoint: string;
    /** The OIDC RP-initiated logout endpoint (`/oidc/logout`). */
    readonly oidcLogoutEndpoint: string;
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * Normalises a domain argument to a bare lower-case host name.
 *
 * Accepted and normalised: `Acme.Auth0.com`, `https://acme.auth0.com`, `https://acme.auth0.com/`.
 * Rejected with the value to write instead: `http://…`, a path, a port, a query, a bare label.
 */
export function normalizeDomain(argument: string, value: unknown): string {
    if (typeof value !== "string" || value.trim() === "") {
        return reject(argument, value, "is empty", "give the tenant's domain, e.g. \"acme.us.auth0.com\"");
    }
    let host = value.trim().toLowerCase();
    if (host.startsWith("http://")) {
        return reject(argument, value, "uses http", `Auth0 is served over https only: write "${stripScheme(host)}"`);
    }
    if (host.startsWith("https://")) {
        host = host.slice("https://".length);
    } else if (host.includes("://")) {
        return reject(argument, value, "has an unsupported scheme", `write the bare host name, e.g. "${stripScheme(host)}"`);
    }
    if (host.endsWith("/")) {
        host = host.slice(0, -1);
    }
    if (/[/?#]/.test(host)) {
        const bare = host.split(/[/?#]/)[0];
        return reject(argument, value, "contains a path or query", `write only the host name, e.g. "${bare}"`);
    }
    if (host.includes(":")) {
        return reject(argument, value, "contains a port", `Auth0 domains are served on 443: write "${host.split(":")[0]}"`);
    }
    if (!HOSTNAME.test(host)) {
        return reject(argument, value, "is not a valid host name", "write a fully qualified host name, e.g. \"acme.us.auth0.com\"");
    }
    return host;
}

function stripScheme(value: string): string {
    return value.replace(/^[a-z]+:\/\//, "").split(/[/?#]/)[0];
}

/** Derives every tenant URL from the domain (or the custom domain, which wins). */
export function tenantEndpoints(args: Auth0TenantArgs): TenantEndpoints {
    if (args === undefined || args === null || typeof args !== "object") {
        return reject("tenant", args, "is missing", "pass { domain: \"acme.us.auth0.com\" }");
    }
    const auth0Domain = normalizeDomain("tenant.domain", args.domain);
    const domain = args.customDomain === undefined ? auth0Domain : normalizeDomain("tenant.customDomain", args.customDomain);
    const base = `https://${domain}`;
    return {
        domain,
        issuer: `${base}/`,
        authorizationEndpoint: `${base}/authorize`,
        tokenEndpoint: `${base}/oauth/token`,
        userInfoEndpoint: `${base}/userinfo`,
        jwksUri: `${base}/.well-known/jwks.json`,
        discoveryUrl: `${base}/.well-known/openid-configuration`,
        logoutEndpoint: `${base}/v2/logout`,
        oidcLogoutEndpoint: `${base}/oidc/logout`,
    };
}

/** The Auth0 logout URL that ends the IdP session and sends the browser to `returnTo`. */
export function logoutUrl(tenant: TenantEndpoints, clientId: string, returnTo: string): string {
    const query = new URLSearchParams({ client_id: clientId, returnTo });
    return `${tenant.logoutEndpoint}?${query.toString()}`;
}
