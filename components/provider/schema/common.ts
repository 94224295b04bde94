/**
 * Schema declarations shared by several components. Types here are what other languages see;
 * descriptions are filled in from the TypeScript components' JSDoc (see ../docs.ts), so only
 * wire-only members carry their own.
 */

/** Where an Auth0 (or Auth0-compatible OIDC) tenant lives. */
export interface Auth0Tenant {
    domain: string;
    customDomain?: string;
}

/** How a confidential client authenticates at the token endpoint. */
export const ConfidentialAuthMethod = {
    /** Client id and secret in the POST body (Auth0's default for regular web apps). */
    ClientSecretPost: "client_secret_post",
    /** HTTP Basic authentication. */
    ClientSecretBasic: "client_secret_basic",
} as const;
export type ConfidentialAuthMethod = (typeof ConfidentialAuthMethod)[keyof typeof ConfidentialAuthMethod];

/** Every URL of a tenant that a client or verifier needs, derived from one domain. */
export interface TenantEndpoints {
    domain: string;
    issuer: string;
    /** `https://<domain>/authorize`. */
    authorizationEndpoint: string;
    /** `https://<domain>/oauth/token`. */
    tokenEndpoint: string;
    /** `https://<domain>/userinfo`. */
    userInfoEndpoint: string;
    /** `https://<domain>/.well-known/jwks.json`: the keys verifiers check signatures with. */
    jwksUri: string;
    /** `https://<domain>/.well-known/openid-configuration`. */
    discoveryUrl: string;
    logoutEndpoint: string;
    oidcLogoutEndpoint: string;
}
