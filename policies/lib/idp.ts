/**
 * Which identity provider an issuer belongs to, as far as its host tells: an Auth0 tenant (its
 * canonical `*.auth0.com` domain, or a domain the stack or the identity contracts know is an
 * Auth0 tenant's), or a well-known other provider. Auth0-specific checks (trailing slash,
 * endpoints on the issuer's domain, the Auth0 client of a login) apply to Auth0 issuers only.
 */
import { parseUrl } from "./urls";

/** Canonical Auth0 tenant domains: `<tenant>.auth0.com`, `<tenant>.<region>.auth0.com`. */
export function isCanonicalAuth0Host(host: string): boolean {
    return /(^|\.)auth0\.com$/.test(host);
}

/** Hosts of Auth0 tenants: canonical domains, or domains known to be an Auth0 tenant's. */
export function isAuth0Host(host: string, auth0Hosts: ReadonlySet<string>): boolean {
    return auth0Hosts.has(host) || isCanonicalAuth0Host(host);
}

/**
 * Issuer hosts of other identity providers, from their discovery documents: Entra ID
 * (login.microsoftonline.com, sts.windows.net, *.ciamlogin.com, *.b2clogin.com), Okta
 * (*.okta.com, *.oktapreview.com, *.okta-emea.com), Cognito (cognito-idp.<region>.amazonaws.com),
 * Google (accounts.google.com), LINE (access.line.me), Keycloak-style hosts are not recognisable.
 */
const OTHER_PROVIDERS: [RegExp, string][] = [
    [/^(login\.microsoftonline\.com|sts\.windows\.net|login\.microsoftonline\.us)$|\.(ciamlogin|b2clogin)\.com$/, "Entra ID"],
    [/\.(okta|oktapreview|okta-emea)\.com$/, "Okta"],
    [/^cognito-idp\.[a-z0-9-]+\.amazonaws\.com$/, "Amazon Cognito"],
    [/^accounts\.google\.com$/, "Google"],
    [/^access\.line\.me$/, "LINE"],
];

/** The name of the non-Auth0 provider whose issuer this is, when its host says so. */
export function otherProvider(issuer: string): string | undefined {
    const host = parseUrl(issuer)?.host;
    return host === undefined ? undefined : OTHER_PROVIDERS.find(([pattern]) => pattern.test(host))?.[1];
}

/** Whether an issuer (a URL string) is an Auth0 tenant's. */
export function isAuth0Issuer(issuer: unknown, auth0Hosts: ReadonlySet<string>): boolean {
    const host = typeof issuer === "string" ? parseUrl(issuer)?.host : undefined;
    return host !== undefined && isAuth0Host(host, auth0Hosts);
}
