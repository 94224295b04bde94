/**
 * The resolved identity provider model of components/core/identityProvider.ts as schema types:
 * what an API reference says about the issuer of its tokens.
 */
import { TenantEndpoints } from "./common";

/** The two kinds of identity provider. */
export const IdentityProviderKind = {
    /** An Auth0 tenant: endpoints derived from its (custom) domain. */
    Auth0: "auth0",
    /** Any other OpenID Connect provider: issuer and endpoints given. */
    Oidc: "oidc",
} as const;
export type IdentityProviderKind = (typeof IdentityProviderKind)[keyof typeof IdentityProviderKind];

/** JWS algorithms an IdP may sign tokens with (RFC 7518 section 3.1, plus EdDSA). */
export const JwsAlgorithm = {
    RS256: "RS256",
    RS384: "RS384",
    RS512: "RS512",
    PS256: "PS256",
    PS384: "PS384",
    PS512: "PS512",
    ES256: "ES256",
    ES384: "ES384",
    ES512: "ES512",
    HS256: "HS256",
    HS384: "HS384",
    HS512: "HS512",
    EdDSA: "EdDSA",
} as const;
export type JwsAlgorithm = (typeof JwsAlgorithm)[keyof typeof JwsAlgorithm];

/** Whether the issuer and endpoints are checked against the provider's discovery document. */
export const DiscoveryCheck = {
    /** Fetch `<issuer>/.well-known/openid-configuration` and fail before deploy on any difference. */
    Fetch: "fetch",
    /** Do not check (a private IdP the deploying machine cannot reach). */
    Off: "off",
} as const;
export type DiscoveryCheck = (typeof DiscoveryCheck)[keyof typeof DiscoveryCheck];

/** What a provider can do, as far as AWS verifiers and the ALB care. */
export interface IdentityProviderCapabilities {
    jwtAccessTokens: boolean;
    signingAlgorithms: JwsAlgorithm[];
    scopeOrder: string[];
    authorizationParams: Record<string, string>;
}

/** The resolved discovery check. */
export interface DiscoverySettings {
    /** `fetch` or `off`. */
    check: DiscoveryCheck;
    /** Seconds the discovery fetch may take. */
    timeoutSeconds: number;
    /** PEM CA certificates trusted for the discovery fetch (a private IdP). */
    caCertificates?: string;
    /** True when the discovery fetch may reach loopback and private addresses. */
    allowPrivateAddresses?: boolean;
}

/** A resolved identity provider: plain and serialisable. */
export interface IdentityProvider {
    /** `auth0` or `oidc`. */
    kind: IdentityProviderKind;
    displayName: string;
    issuer: string;
    /** The authorization endpoint. */
    authorizationEndpoint: string;
    /** The token endpoint. */
    tokenEndpoint: string;
    userInfoEndpoint: string;
    /** The URL of the provider's signing keys. */
    jwksUri: string;
    discoveryUrl: string;
    endSessionEndpoint: string;
    /** What the provider can do (JWT access tokens, signing algorithms...). */
    capabilities: IdentityProviderCapabilities;
    /** How the discovery document is checked. */
    discovery: DiscoverySettings;
    auth0?: TenantEndpoints;
}

/** How the discovery document is checked (`DiscoveryArgs` in TypeScript). */
export interface Discovery {
    check?: DiscoveryCheck;
    timeoutSeconds?: number;
    caCertificates?: string;
    allowPrivateAddresses?: boolean;
}

/**
 * Where users log in and who issues tokens (`IdentityProviderArgs` in TypeScript): an Auth0
 * tenant (`domain`), or any OIDC provider (`issuer` plus endpoints).
 */
export interface IdentityProviderSettings {
    domain?: string;
    customDomain?: string;
    displayName?: string;
    issuer?: string;
    authorizationEndpoint?: string;
    tokenEndpoint?: string;
    userInfoEndpoint?: string;
    jwksUri?: string;
    endSessionEndpoint?: string;
    jwtAccessTokens?: boolean;
    signingAlgorithms?: JwsAlgorithm[];
    scopeOrder?: string[];
    authorizationParams?: Record<string, string>;
    discovery?: Discovery;
}
