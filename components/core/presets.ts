/**
 * Presets: the issuer, endpoints and capabilities of well-known OpenID providers, each a small
 * table with its sources. They return plain {@link IdentityProviderArgs}, so anything a preset
 * sets can be overridden by spreading: `{ ...linePreset(), discovery: { check: "off" } }`.
 *
 * Each table is tested against the provider's discovery document as published in its docs
 * (test/fixtures/discovery/*.json).
 */
import { reject } from "./errors";
import { DiscoveryArgs, IdentityProviderArgs, JwsAlgorithm } from "./identityProvider";

/** Presets by name, for programs that pick the provider from config. */
export const IdentityProviderPreset = {
    Line: "line",
    Google: "google",
    Okta: "okta",
    EntraId: "entra-id",
    Cognito: "cognito",
} as const;
export type IdentityProviderPreset = (typeof IdentityProviderPreset)[keyof typeof IdentityProviderPreset];

/** Settings every preset accepts. */
export interface PresetArgs {
    /**
     * How the discovery document is checked.
     * @default { check: "fetch" }
     */
    discovery?: DiscoveryArgs;
}

/**
 * LINE Login v2.1 (seed 001).
 *
 * - Issuer `https://access.line.me` without a trailing slash; token, userinfo and JWKS on
 *   `api.line.me`. Source: https://access.line.me/.well-known/openid-configuration (saved in
 *   test/fixtures/discovery/line.json).
 * - Access tokens are opaque, checked with LINE's `/oauth2/v2.1/verify` endpoint, not JWTs:
 *   https://developers.line.biz/en/docs/line-login/managing-access-tokens/
 * - ID tokens of web login are HS256 (signed with the channel secret); LIFF and native apps get
 *   ES256, the only value the discovery document lists:
 *   https://developers.line.biz/en/docs/line-login/verify-id-token/#header
 * - Scope `profile openid` in that order (seed 001: `401 INVALID_SCOPE` otherwise).
 * - No `end_session_endpoint`.
 */
export function linePreset(args: PresetArgs = {}): IdentityProviderArgs {
    return withDiscovery({
        displayName: "LINE",
        issuer: "https://access.line.me",
        authorizationEndpoint: "https://access.line.me/oauth2/v2.1/authorize",
        tokenEndpoint: "https://api.line.me/oauth2/v2.1/token",
        userInfoEndpoint: "https://api.line.me/oauth2/v2.1/userinfo",
        jwksUri: "https://api.line.me/oauth2/v2.1/certs",
        jwtAccessTokens: false,
        signingAlgorithms: [JwsAlgorithm.HS256, JwsAlgorithm.ES256],
        scopeOrder: ["profile", "openid"],
    }, args);
}

/**
 * Google.
 *
 * - Endpoints from https://accounts.google.com/.well-known/openid-configuration, documented at
 *   https://developers.google.com/identity/openid-connect/reference#discovery-document (saved in
 *   test/fixtures/discovery/google.json). Issuer `https://accounts.google.com` (Google also
 *   writes `accounts.google.com` in legacy ID tokens).
 * - Access tokens are opaque (`ya29.`…), not JWTs. ID tokens RS256.
 * - No `end_session_endpoint`.
 */
export function googlePreset(args: PresetArgs = {}): IdentityProviderArgs {
    return withDiscovery({
        displayName: "Google",
        issuer: "https://accounts.google.com",
        authorizationEndpoint: "https://accounts.google.com/o/oauth2/v2/auth",
        tokenEndpoint: "https://oauth2.googleapis.com/token",
        userInfoEndpoint: "https://openidconnect.googleapis.com/v1/userinfo",
        jwksUri: "https://www.googleapis.com/oauth2/v3/certs",
        jwtAccessTokens: false,
        signingAlgorithms: [JwsAlgorithm.RS256],
    }, args);
}

export interface OktaPresetArgs extends PresetArgs {
    /** The org URL, e.g. `https://acme.okta.com` (or the org's custom URL domain). */
    orgUrl: string;
    /**
     * A custom authorization server (`default` is the one every org has). Its access tokens
     * are JWTs your APIs can verify; the org authorization server's are for Okta's own APIs.
     * @default - the org authorization server
     */
    authorizationServerId?: string;
}

/**
 * Okta.
 *
 * - Org authorization server: issuer is the org URL, endpoints under `/oauth2/v1/`. Its access
 *   tokens "only Okta can consume or validate":
 *   https://developer.okta.com/docs/api/openapi/okta-oauth/oauth/orgas
 * - Custom authorization server: issuer `<org>/oauth2/<id>`, endpoints under `/oauth2/<id>/v1/`,
 *   JWT access tokens for your APIs, RS256.
 * - Discovery response example: okta/okta-developer-docs, docs/api/resources/oidc
 *   (`/.well-known/openid-configuration`), saved in test/fixtures/discovery/okta-*.json.
 */
export function oktaPreset(args: OktaPresetArgs): IdentityProviderArgs {
    const org = validateOrigin("orgUrl", args?.orgUrl, "the Okta org URL, e.g. \"https://acme.okta.com\"");
    const server = args.authorizationServerId;
    if (server !== undefined && (typeof server !== "string" || !/^[A-Za-z0-9_-]+$/.test(server))) {
        reject("authorizationServerId", server, "is not an authorization server id", "use \"default\" or the id shown under Security > API");
    }
    const issuer = server === undefined ? org : `${org}/oauth2/${server}`;
    const base = server === undefined ? `${org}/oauth2/v1` : `${org}/oauth2/${server}/v1`;
    return withDiscovery({
        displayName: "Okta",
        issuer,
        authorizationEndpoint: `${base}/authorize`,
        tokenEndpoint: `${base}/token`,
        userInfoEndpoint: `${base}/userinfo`,
        jwksUri: `${base}/keys`,
        endSessionEndpoint: `${base}/logout`,
        jwtAccessTokens: server !== undefined,
        signingAlgorithms: [JwsAlgorithm.RS256],
    }, args);
}

export interface EntraIdPresetArgs extends PresetArgs {
    /**
     * The directory (tenant) id, a GUID, or its `*.onmicrosoft.com` domain. Not `common`,
     * `organizations` or `consumers`: their discovery document has the template issuer
     * `https://login.microsoftonline.com/{tenantid}/v2.0`, which no token carries.
     */
    tenantId: string;
}

/**
 * Microsoft Entra ID (v2.0 endpoints).
 *
 * - `https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration`;
 *   endpoints under `/<tenant>/oauth2/v2.0/`, JWKS `/<tenant>/discovery/v2.0/keys`, userinfo on
 *   `graph.microsoft.com`: MicrosoftDocs/entra-docs, docs/identity-platform/v2-protocols-oidc.md
 *   (saved in test/fixtures/discovery/entra-id.json).
 * - Access tokens for your own API are RS256 JWTs with this issuer only when the API's app
 *   registration asks for v2 tokens (`requestedAccessTokenVersion: 2`); v1 tokens carry
 *   `https://sts.windows.net/<tenant>/`.
 */
export function entraIdPreset(args: EntraIdPresetArgs): IdentityProviderArgs {
    const tenant = args?.tenantId;
    const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    if (typeof tenant === "string" && ["common", "organizations", "consumers"].includes(tenant.toLowerCase())) {
        reject("tenantId", tenant, "is a multi-tenant authority whose issuer is a template", "give your directory (tenant) id, e.g. \"8eaef023-2b34-4da1-9baa-8bc8c9d6a490\"");
    }
    if (typeof tenant !== "string" || !(GUID.test(tenant) || /^[a-z0-9-]+\.onmicrosoft\.com$/i.test(tenant))) {
        reject("tenantId", tenant, "is not a tenant id", "give the Directory (tenant) ID from the app registration's Overview, e.g. \"8eaef023-2b34-4da1-9baa-8bc8c9d6a490\"");
    }
    const id = tenant.toLowerCase();
    const base = `https://login.microsoftonline.com/${id}`;
    return withDiscovery({
        displayName: "Microsoft Entra ID",
        issuer: `${base}/v2.0`,
        authorizationEndpoint: `${base}/oauth2/v2.0/authorize`,
        tokenEndpoint: `${base}/oauth2/v2.0/token`,
        userInfoEndpoint: "https://graph.microsoft.com/oidc/userinfo",
        jwksUri: `${base}/discovery/v2.0/keys`,
        endSessionEndpoint: `${base}/oauth2/v2.0/logout`,
        jwtAccessTokens: true,
        signingAlgorithms: [JwsAlgorithm.RS256],
    }, args);
}

export interface CognitoPresetArgs extends PresetArgs {
    /** The user pool id, e.g. `eu-west-1_AbCdEfGhI`; its region prefix gives the region. */
    userPoolId: string;
    /**
     * The user pool's domain: a prefix (`acme` for `acme.auth.<region>.amazoncognito.com`) or a
     * custom domain (`auth.example.com`). Login, token and userinfo endpoints live there.
     */
    domain: string;
}

/**
 * Amazon Cognito user pool.
 *
 * - Issuer `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`, JWKS under it at
 *   `/.well-known/jwks.json`: awsdocs/amazon-cognito-developer-guide,
 *   amazon-cognito-user-pools-using-tokens-verifying-a-jwt.md.
 * - `/oauth2/authorize`, `/oauth2/token`, `/oauth2/userInfo` on the user pool domain:
 *   authorization-endpoint.md, token-endpoint.md, userinfo-endpoint.md of the same guide.
 * - Access tokens are RS256 JWTs carrying `client_id` (no `aud`).
 */
export function cognitoPreset(args: CognitoPresetArgs): IdentityProviderArgs {
    const pool = args?.userPoolId;
    const match = typeof pool === "string" ? /^([a-z]{2}(?:-[a-z]+)+-\d)_[A-Za-z0-9]+$/.exec(pool) : null;
    if (!match) {
        reject("userPoolId", pool, "is not a user pool id", "give the id shown in the Cognito console, e.g. \"eu-west-1_AbCdEfGhI\"");
    }
    const region = match[1];
    const domain = args.domain;
    let host: string;
    if (typeof domain === "string" && /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(domain)) {
        host = `${domain}.auth.${region}.amazoncognito.com`;
    } else if (typeof domain === "string" && /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/.test(domain)) {
        host = domain;
    } else {
        return reject("domain", domain, "is not a user pool domain", "give the domain prefix (\"acme\") or the custom domain (\"auth.example.com\")");
    }
    const issuer = `https://cognito-idp.${region}.amazonaws.com/${pool}`;
    return withDiscovery({
        displayName: "Amazon Cognito",
        issuer,
        authorizationEndpoint: `https://${host}/oauth2/authorize`,
        tokenEndpoint: `https://${host}/oauth2/token`,
        userInfoEndpoint: `https://${host}/oauth2/userInfo`,
        jwksUri: `${issuer}/.well-known/jwks.json`,
        jwtAccessTokens: true,
        signingAlgorithms: [JwsAlgorithm.RS256],
    }, args);
}

/** Parameters of {@link presetIdentityProvider}; each preset reads its own. */
export interface PresetParams extends PresetArgs {
    /** Okta: the org URL. */
    orgUrl?: string;
    /** Okta: a custom authorization server id. */
    authorizationServerId?: string;
    /** Entra ID: the tenant id. */
    tenantId?: string;
    /** Cognito: the user pool id. */
    userPoolId?: string;
    /** Cognito: the user pool domain. */
    domain?: string;
}

/** A preset by name, for stack configs such as `identityProvider: { preset: line }`. */
export function presetIdentityProvider(preset: IdentityProviderPreset, params: PresetParams = {}): IdentityProviderArgs {
    switch (preset) {
        case IdentityProviderPreset.Line:
            return linePreset(params);
        case IdentityProviderPreset.Google:
            return googlePreset(params);
        case IdentityProviderPreset.Okta:
            return oktaPreset(params as OktaPresetArgs);
        case IdentityProviderPreset.EntraId:
            return entraIdPreset(params as EntraIdPresetArgs);
        case IdentityProviderPreset.Cognito:
            return cognitoPreset(params as CognitoPresetArgs);
        default:
            return reject("preset", preset, "is not a preset", `use one of ${Object.values(IdentityProviderPreset).join(", ")}, or give issuer and endpoints`);
    }
}

function withDiscovery(args: IdentityProviderArgs, preset: PresetArgs): IdentityProviderArgs {
    return preset?.discovery === undefined ? args : { ...args, discovery: preset.discovery };
}

function validateOrigin(argument: string, value: unknown, what: string): string {
    let url: URL | undefined;
    try {
        url = typeof value === "string" ? new URL(value) : undefined;
    } catch {
        url = undefined;
    }
    if (!url || url.protocol !== "https:" || (url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
        const host = typeof value === "string" ? value.replace(/^[a-z]+:\/\//i, "").split(/[/?#]/)[0] : "acme.okta.com";
        return reject(argument, value, "is not an https origin", `give ${what}: "https://${host}"`);
    }
    return url.origin;
}
