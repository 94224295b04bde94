/**
 * The one identity-provider (IdP) model of the package: an Auth0 tenant, derived from its domain
 * as before, or any OpenID Connect provider given by its issuer and endpoints. Every component
 * that needs an issuer, endpoints or a JWKS resolves its `tenant` argument with
 * {@link resolveIdentityProvider} and works on the plain {@link IdentityProvider} it returns.
 *
 * The args are schema-friendly (no unions, no generics: one interface whose fields say which
 * kind is meant) so that other languages get the same shape.
 */
import * as pulumi from "@pulumi/pulumi";
import { reject } from "./errors";
import { TenantEndpoints, normalizeDomain, tenantEndpoints } from "./tenant";

/** The two kinds of identity provider. */
export const IdentityProviderKind = {
    /** An Auth0 tenant: endpoints derived from its (custom) domain. */
    Auth0: "auth0",
    /** Any other OpenID Connect provider: issuer and endpoints given. */
    Oidc: "oidc",
} as const;
export type IdentityProviderKind = (typeof IdentityProviderKind)[keyof typeof IdentityProviderKind];

/**
 * JWS algorithms an IdP may sign tokens with (RFC 7518 section 3.1, plus EdDSA).
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.1
 */
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
    /**
     * Fetch `<issuer>/.well-known/openid-configuration` during `pulumi preview`/`up` (and read
     * the committed snapshot in the offline plan) and fail before deploy on any difference.
     */
    Fetch: "fetch",
    /** Do not check (a private IdP the deploying machine cannot reach). Visible opt-out. */
    Off: "off",
} as const;
export type DiscoveryCheck = (typeof DiscoveryCheck)[keyof typeof DiscoveryCheck];

/** How the discovery document is checked. */
export interface DiscoveryArgs {
    /**
     * `fetch` or `off`. Auth0 tenants are derived by Auth0's documented layout (nothing is
     * typed by hand but the domain), so their check is opt-in.
     * @default "fetch" for OIDC providers, "off" for Auth0 tenants
     */
    check?: DiscoveryCheck;
    /**
     * How long the fetch may take, in seconds (1 to 60), before preview fails saying the
     * document was unreachable.
     * @default 10
     */
    timeoutSeconds?: number;
    /**
     * PEM certificates of the CA that signed the IdP's TLS certificate, for an IdP behind a
     * private CA. They are trusted for this fetch only, never process-wide.
     * @default - the platform's trusted CAs
     */
    caCertificates?: string;
    /**
     * Let the fetch reach loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local
     * (169.254.169.254, the cloud metadata service), CGNAT and other non-public addresses. Off,
     * a discovery URL (or anything its name resolves to, checked on the address connected to)
     * that is not public fails the preview, so a hostile issuer cannot make the deploying
     * machine probe its own network. Turn it on for an IdP on a private network.
     * @default false
     */
    allowPrivateAddresses?: boolean;
}

/**
 * Where users log in and who issues tokens. Give `domain` (an Auth0 tenant), or `issuer` plus
 * endpoints (any OIDC provider, see the presets), or nothing: the Auth0 tenant of the stack's
 * `auth0:domain` provider config.
 *
 * @example { domain: "acme.us.auth0.com" }
 * @example { issuer: "https://access.line.me", authorizationEndpoint: "...", tokenEndpoint: "...", jwksUri: "..." }
 */
export interface IdentityProviderArgs {
    /**
     * Auth0 only: the tenant's Auth0 domain, e.g. `acme.us.auth0.com` (a leading `https://`
     * and a trailing `/` are dropped).
     * @default - the `auth0:domain` config of the stack (the Auth0 provider's own setting)
     *   when neither `domain` nor `issuer` is given
     */
    domain?: string;
    /**
     * Auth0 only: a custom domain configured on the tenant, e.g. `login.acme.com`. When set it
     * wins for every URL, because Auth0 writes the requested domain into `iss`.
     * @default - the Auth0 domain is used
     */
    customDomain?: string;
    /**
     * Name shown in errors, plan output and docs ("LINE", "Okta").
     * @default "Auth0" for a tenant, the issuer's host otherwise
     */
    displayName?: string;
    /**
     * OIDC only: the issuer exactly as the provider's discovery document writes it, trailing
     * slash or not (the ALB answers 561 after login on any difference).
     * @example "https://access.line.me"
     */
    issuer?: string;
    /** OIDC only: `authorization_endpoint` of the discovery document. Required with `issuer`. */
    authorizationEndpoint?: string;
    /** OIDC only: `token_endpoint` of the discovery document. Required with `issuer`. */
    tokenEndpoint?: string;
    /**
     * OIDC only: `userinfo_endpoint` of the discovery document; the ALB login needs it.
     * @default - none (ALB login refuses a provider without one)
     */
    userInfoEndpoint?: string;
    /** OIDC only: `jwks_uri` of the discovery document. Required with `issuer`. */
    jwksUri?: string;
    /**
     * OIDC only: `end_session_endpoint` (RP-initiated logout), when the provider has one.
     * @default - none: logout only expires the ALB session
     */
    endSessionEndpoint?: string;
    /**
     * OIDC only: whether the provider's access tokens are JWTs that AWS can verify. Without
     * them, ALB `jwt-validation`, the HTTP API JWT authorizer and the REST authorizer are
     * refused at construction.
     * @default false for OIDC providers (say so explicitly once checked); Auth0: true
     */
    jwtAccessTokens?: boolean;
    /**
     * OIDC only: algorithms the provider signs its tokens with (`id_token_signing_alg_values_supported`).
     * AWS verifiers take RS256 only.
     * @default ["RS256"]
     */
    signingAlgorithms?: JwsAlgorithm[];
    /**
     * OIDC only: scopes the provider wants in a fixed order (LINE: `profile openid`). Scope
     * arguments that name these in another order are refused with the right order as the fix.
     * @default - any order
     */
    scopeOrder?: string[];
    /**
     * OIDC only: authorization request parameters the provider requires, added to every login
     * (ALB `authenticationRequestExtraParams`).
     * @default - none
     */
    authorizationParams?: Record<string, string>;
    /**
     * Checking issuer and endpoints against the discovery document.
     * @default - fetched for OIDC providers (bounded by a 10 s timeout); off for Auth0 tenants
     */
    discovery?: DiscoveryArgs;
}

/** What a provider can do, as far as AWS verifiers and the ALB care. */
export interface IdentityProviderCapabilities {
    /** Access tokens are JWTs (signed, with `iss`, `exp`, `aud`/`client_id`), not opaque strings. */
    readonly jwtAccessTokens: boolean;
    /** Algorithms tokens are signed with, most used first. */
    readonly signingAlgorithms: JwsAlgorithm[];
    /** Scopes that must appear in this relative order; empty when order does not matter. */
    readonly scopeOrder: string[];
    /** Authorization request parameters added to every login. */
    readonly authorizationParams: Record<string, string>;
}

/** The resolved discovery check. */
export interface DiscoverySettings {
    readonly check: DiscoveryCheck;
    readonly timeoutSeconds: number;
    readonly caCertificates?: string;
    /** Present (true) only when non-public addresses may be fetched. */
    readonly allowPrivateAddresses?: boolean;
}

/**
 * A resolved identity provider: plain and serialisable (it can be exported from one stack and
 * read in another). Every URL is final; components copy them into resources as they are.
 */
export interface IdentityProvider {
    readonly kind: IdentityProviderKind;
    /** Name for errors, plan output and docs. */
    readonly displayName: string;
    /** The issuer exactly as tokens carry it in `iss`. */
    readonly issuer: string;
    readonly authorizationEndpoint: string;
    readonly tokenEndpoint: string;
    /** Empty string when the provider has none. */
    readonly userInfoEndpoint: string;
    readonly jwksUri: string;
    /** `<issuer without trailing slash>/.well-known/openid-configuration` (OIDC Discovery 1.0 section 4). */
    readonly discoveryUrl: string;
    /** RP-initiated logout endpoint; empty string when the provider has none. */
    readonly endSessionEndpoint: string;
    readonly capabilities: IdentityProviderCapabilities;
    readonly discovery: DiscoverySettings;
    /** Auth0 tenants only: the tenant's URLs (domain, `/v2/logout`...). */
    readonly auth0?: TenantEndpoints;
}

/** Discovery fetch timeout default and bounds, in seconds. */
export const DISCOVERY_TIMEOUT_DEFAULT = 10;
const DISCOVERY_TIMEOUT_MAX = 60;

const AUTH0_ONLY: Array<keyof IdentityProviderArgs> = ["domain", "customDomain"];
const OIDC_ONLY: Array<keyof IdentityProviderArgs> = [
    "issuer", "authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint", "jwksUri", "endSessionEndpoint",
    "jwtAccessTokens", "signingAlgorithms", "scopeOrder", "authorizationParams",
];

/**
 * The OIDC Discovery URL of an issuer: any terminating `/` is removed before appending
 * `/.well-known/openid-configuration`.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationRequest
 */
export function discoveryUrlOf(issuer: string): string {
    return `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
}

/**
 * Resolves `tenant`-style arguments to the IdP model. `argument` names the argument in errors.
 * Without `domain` and `issuer`, the stack's `auth0:domain` config gives the Auth0 tenant.
 */
export function resolveIdentityProvider(args: IdentityProviderArgs | undefined, argument = "tenant"): IdentityProvider {
    if (args !== undefined && (args === null || typeof args !== "object" || Array.isArray(args))) {
        return reject(argument, args, "is not an identity provider", "pass { domain: \"acme.us.auth0.com\" } for Auth0 or { issuer, authorizationEndpoint, tokenEndpoint, jwksUri } for another OIDC provider");
    }
    const given = args ?? {};
    const hasAuth0 = AUTH0_ONLY.some((k) => given[k] !== undefined);
    const hasOidc = OIDC_ONLY.some((k) => given[k] !== undefined);
    if (hasAuth0 && hasOidc) {
        const auth0Field = AUTH0_ONLY.find((k) => given[k] !== undefined)!;
        const oidcField = OIDC_ONLY.find((k) => given[k] !== undefined)!;
        return reject(`${argument}.${oidcField}`, given[oidcField], `is given together with ${argument}.${auth0Field}`,
            "an Auth0 tenant derives its issuer and endpoints from its domain: give either domain (Auth0) or issuer and endpoints (another OIDC provider)");
    }
    const discovery = resolveDiscovery(`${argument}.discovery`, given.discovery, hasOidc ? DiscoveryCheck.Fetch : DiscoveryCheck.Off);
    return hasOidc ? resolveOidc(argument, given, discovery) : resolveAuth0(argument, given, discovery);
}

function resolveAuth0(argument: string, args: IdentityProviderArgs, discovery: DiscoverySettings): IdentityProvider {
    let domain = args.domain;
    if (domain === undefined) {
        if (args.customDomain !== undefined) {
            return reject(`${argument}.domain`, undefined, "is missing while customDomain is set", "give the tenant's Auth0 domain too, e.g. \"acme.us.auth0.com\"");
        }
        domain = auth0DomainFromConfig();
        if (domain === undefined) {
            return reject(`${argument}.domain`, undefined, "is missing and the stack has no auth0:domain config",
                "set it once per stack with `pulumi config set auth0:domain acme.us.auth0.com`, or pass { domain }, or give issuer and endpoints of another OIDC provider");
        }
        normalizeDomain("auth0:domain", domain);
    }
    const tenant = tenantEndpoints({ domain, customDomain: args.customDomain });
    return {
        kind: IdentityProviderKind.Auth0,
        displayName: validateDisplayName(`${argument}.displayName`, args.displayName) ?? "Auth0",
        issuer: tenant.issuer,
        authorizationEndpoint: tenant.authorizationEndpoint,
        tokenEndpoint: tenant.tokenEndpoint,
        userInfoEndpoint: tenant.userInfoEndpoint,
        jwksUri: tenant.jwksUri,
        discoveryUrl: tenant.discoveryUrl,
        endSessionEndpoint: tenant.oidcLogoutEndpoint,
        // Auth0 access tokens for an API (an audience) are RS256 JWTs; the API's own signing
        // algorithm is the Auth0Api's `signingAlg`.
        capabilities: { jwtAccessTokens: true, signingAlgorithms: [JwsAlgorithm.RS256], scopeOrder: [], authorizationParams: {} },
        discovery,
        auth0: tenant,
    };
}

/** The Auth0 provider's own domain setting: `auth0:domain` config, then `AUTH0_DOMAIN`. */
function auth0DomainFromConfig(): string | undefined {
    // The Auth0 provider reads the same two places, in this order (pulumi-auth0 provider config).
    return new pulumi.Config("auth0").get("domain") ?? (process.env.AUTH0_DOMAIN || undefined);
}

function resolveOidc(argument: string, args: IdentityProviderArgs, discovery: DiscoverySettings): IdentityProvider {
    const issuer = validateIssuer(`${argument}.issuer`, args.issuer);
    const endpoint = (field: "authorizationEndpoint" | "tokenEndpoint" | "jwksUri", discoveryName: string) => {
        if (args[field] === undefined) {
            return reject(`${argument}.${field}`, undefined, "is missing", `copy "${discoveryName}" from ${discoveryUrlOf(issuer)}, or use a preset`);
        }
        return validateEndpoint(`${argument}.${field}`, args[field]);
    };
    const authorizationEndpoint = endpoint("authorizationEndpoint", "authorization_endpoint");
    const tokenEndpoint = endpoint("tokenEndpoint", "token_endpoint");
    const jwksUri = endpoint("jwksUri", "jwks_uri");
    const userInfoEndpoint = args.userInfoEndpoint === undefined ? "" : validateEndpoint(`${argument}.userInfoEndpoint`, args.userInfoEndpoint);
    const endSessionEndpoint = args.endSessionEndpoint === undefined ? "" : validateEndpoint(`${argument}.endSessionEndpoint`, args.endSessionEndpoint);

    if (args.jwtAccessTokens !== undefined && typeof args.jwtAccessTokens !== "boolean") {
        reject(`${argument}.jwtAccessTokens`, args.jwtAccessTokens, "is not a boolean", "write true when the provider's access tokens are JWTs, false otherwise");
    }
    return {
        kind: IdentityProviderKind.Oidc,
        displayName: validateDisplayName(`${argument}.displayName`, args.displayName) ?? new URL(issuer).host,
        issuer,
        authorizationEndpoint,
        tokenEndpoint,
        userInfoEndpoint,
        jwksUri,
        discoveryUrl: discoveryUrlOf(issuer),
        endSessionEndpoint,
        capabilities: {
            jwtAccessTokens: args.jwtAccessTokens ?? false,
            signingAlgorithms: validateAlgorithms(`${argument}.signingAlgorithms`, args.signingAlgorithms),
            scopeOrder: validateScopeOrder(`${argument}.scopeOrder`, args.scopeOrder),
            authorizationParams: validateParams(`${argument}.authorizationParams`, args.authorizationParams),
        },
        discovery,
    };
}

/**
 * An issuer: an https URL with host, optional port and path, no query or fragment (OIDC Core
 * 1.0 section 2, `iss`). Kept exactly as written: a trailing slash is significant.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 */
export function validateIssuer(argument: string, value: unknown): string {
    const url = parseHttps(argument, value, "the issuer");
    if (url.search || url.hash || (value as string).includes("?") || (value as string).includes("#")) {
        return reject(argument, value, "has a query or fragment", `an issuer has none: write the discovery document's "issuer", e.g. "${url.origin}${url.pathname}"`);
    }
    return value as string;
}

function validateEndpoint(argument: string, value: unknown): string {
    const url = parseHttps(argument, value, "the endpoint");
    if (url.hash) {
        return reject(argument, value, "has a fragment", "remove the part after '#'");
    }
    return value as string;
}

function parseHttps(argument: string, value: unknown, what: string): URL {
    if (typeof value !== "string" || value.trim() === "") {
        return reject(argument, value, "is empty", `give ${what} as a full https URL, as in the provider's discovery document`);
    }
    if (/\s/.test(value)) {
        return reject(argument, value, "contains whitespace", "remove the spaces");
    }
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return reject(argument, value, "is not an absolute URL", `write ${what} with its scheme, e.g. "https://${value.replace(/^\/+/, "")}"`);
    }
    if (url.protocol !== "https:") {
        return reject(argument, value, `uses ${url.protocol.replace(":", "")}`, `OIDC requires https: write "https://${url.host}${url.pathname === "/" ? "" : url.pathname}"`);
    }
    if (url.username || url.password) {
        return reject(argument, value, "contains credentials", "remove the user:password@ part");
    }
    return url;
}

function validateDisplayName(argument: string, value: unknown): string | undefined {
    if (value === undefined) {
        return undefined;
    }
    if (typeof value !== "string" || value.trim() === "" || value.length > 64) {
        return reject(argument, value, "is not a short name", "give a name of 1 to 64 characters, e.g. \"LINE\"");
    }
    return value.trim();
}

function validateAlgorithms(argument: string, value: unknown): JwsAlgorithm[] {
    if (value === undefined) {
        return [JwsAlgorithm.RS256];
    }
    const known = Object.values(JwsAlgorithm) as string[];
    if (!Array.isArray(value) || value.length === 0) {
        return reject(argument, value, "is not a non-empty list", "list the provider's id_token_signing_alg_values_supported, e.g. [\"RS256\"]");
    }
    value.forEach((alg, i) => {
        if (!known.includes(alg)) {
            reject(`${argument}[${i}]`, alg, "is not a JWS algorithm", `use one of ${known.join(", ")}`);
        }
    });
    if (new Set(value).size !== value.length) {
        reject(argument, value, "lists an algorithm twice", "list each algorithm once");
    }
    return [...value] as JwsAlgorithm[];
}

function validateScopeOrder(argument: string, value: unknown): string[] {
    if (value === undefined) {
        return [];
    }
    if (!Array.isArray(value)) {
        return reject(argument, value, "is not a list", "list the scopes in the order the provider wants, e.g. [\"profile\", \"openid\"]");
    }
    value.forEach((scope, i) => {
        if (typeof scope !== "string" || scope === "" || /\s/.test(scope)) {
            reject(`${argument}[${i}]`, scope, "is not a single scope", "write one scope per entry");
        }
    });
    if (new Set(value).size !== value.length) {
        reject(argument, value, "lists a scope twice", "list each scope once");
    }
    return [...value];
}

function validateParams(argument: string, value: unknown): Record<string, string> {
    if (value === undefined) {
        return {};
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return reject(argument, value, "is not a map", "pass { name: \"value\" }");
    }
    for (const [key, v] of Object.entries(value)) {
        if (typeof v !== "string" || key === "") {
            reject(`${argument}.${key}`, v, "is not a string", "give each parameter a string value");
        }
    }
    return { ...(value as Record<string, string>) };
}

function resolveDiscovery(argument: string, value: DiscoveryArgs | undefined, defaultCheck: DiscoveryCheck): DiscoverySettings {
    if (value === undefined) {
        return { check: defaultCheck, timeoutSeconds: DISCOVERY_TIMEOUT_DEFAULT };
    }
    if (value === null || typeof value !== "object") {
        return reject(argument, value, "is not an object", "pass { check: \"fetch\" } or { check: \"off\" }");
    }
    const checks = Object.values(DiscoveryCheck) as string[];
    if (value.check !== undefined && !checks.includes(value.check)) {
        reject(`${argument}.check`, value.check, "is not a discovery check", `use one of ${checks.map((c) => `"${c}"`).join(", ")}`);
    }
    const timeout = value.timeoutSeconds ?? DISCOVERY_TIMEOUT_DEFAULT;
    if (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout < 1 || timeout > DISCOVERY_TIMEOUT_MAX) {
        reject(`${argument}.timeoutSeconds`, timeout, "is out of range", `use a number of seconds from 1 to ${DISCOVERY_TIMEOUT_MAX}`);
    }
    if (value.caCertificates !== undefined && (typeof value.caCertificates !== "string" || !value.caCertificates.includes("-----BEGIN CERTIFICATE-----"))) {
        reject(`${argument}.caCertificates`, "(not shown)", "is not a PEM certificate bundle", "pass the CA certificates as PEM text (-----BEGIN CERTIFICATE-----...)");
    }
    if (value.allowPrivateAddresses !== undefined && typeof value.allowPrivateAddresses !== "boolean") {
        reject(`${argument}.allowPrivateAddresses`, value.allowPrivateAddresses, "is not a boolean", "write true for an IdP on a private network, or leave it out");
    }
    // Optional members only when set: resolved models (and their serialised forms) stay as they were.
    return {
        check: value.check ?? defaultCheck,
        timeoutSeconds: timeout,
        ...(value.caCertificates === undefined ? {} : { caCertificates: value.caCertificates }),
        ...(value.allowPrivateAddresses === true ? { allowPrivateAddresses: true } : {}),
    };
}

/** Names the AWS verifiers that need JWT access tokens, for capability errors. */
export const JwtVerifier = {
    AlbJwtValidation: "ALB jwt-validation",
    HttpApiJwtAuthorizer: "the HTTP API JWT authorizer",
    RestLambdaAuthorizer: "the REST API Lambda authorizer",
} as const;
export type JwtVerifier = (typeof JwtVerifier)[keyof typeof JwtVerifier];

/**
 * Refuses an IdP whose access tokens AWS cannot verify: opaque access tokens, or tokens signed
 * with something other than RS256 (ALB `jwt-validation` and the HTTP API JWT authorizer take
 * RSA only; aws-jwt-verify has no PS256; see DOMAIN.md).
 */
export function requireVerifiableAccessTokens(argument: string, idp: IdentityProvider, verifier: JwtVerifier): void {
    if (!idp.capabilities.jwtAccessTokens) {
        reject(argument, idp.issuer, `is ${idp.displayName}, whose access tokens are not JWTs, so ${verifier} cannot verify them`,
            `verify its users with an ALB login (AlbOidcLogin) instead, or use an IdP that issues JWT access tokens (set jwtAccessTokens: true only if its tokens are JWTs)`);
    }
    if (!idp.capabilities.signingAlgorithms.includes(JwsAlgorithm.RS256)) {
        reject(argument, idp.issuer, `is ${idp.displayName}, which signs with ${idp.capabilities.signingAlgorithms.join(", ")}, and ${verifier} accepts RS256 only`,
            "configure the provider to sign access tokens with RS256");
    }
}

/**
 * Checks that scopes the provider wants in a fixed order keep that order, and returns the
 * scope list unchanged. The fix shows the list in the provider's order.
 */
export function requireScopeOrder(argument: string, idp: IdentityProvider, scopes: readonly string[]): string[] {
    const order = idp.capabilities.scopeOrder;
    const ordered = scopes.filter((s) => order.includes(s));
    const expected = [...ordered].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    if (ordered.some((s, i) => s !== expected[i])) {
        const fixed = [...scopes];
        let next = 0;
        fixed.forEach((s, i) => {
            if (order.includes(s)) {
                fixed[i] = expected[next++];
            }
        });
        reject(argument, scopes.join(" "), `names ${ordered.join(", ")} in another order than ${idp.displayName} requires`,
            `write "${fixed.join(" ")}" (${idp.displayName} answers INVALID_SCOPE otherwise)`);
    }
    return [...scopes];
}

/**
 * Where a browser goes to log out at the IdP and come back to `returnTo`: Auth0's `/v2/logout`
 * (`client_id`, `returnTo`), an OIDC provider's `end_session_endpoint` (RP-initiated logout:
 * `client_id`, `post_logout_redirect_uri`), or `returnTo` itself when the provider has no logout
 * endpoint (LINE, Google): only the ALB session ends then.
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
 */
export function identityProviderLogoutUrl(idp: IdentityProvider, clientId: string, returnTo: string): string {
    if (idp.auth0) {
        return `${idp.auth0.logoutEndpoint}?${new URLSearchParams({ client_id: clientId, returnTo }).toString()}`;
    }
    if (idp.endSessionEndpoint === "") {
        return returnTo;
    }
    const url = new URL(idp.endSessionEndpoint);
    url.searchParams.set("client_id", clientId);
    url.searchParams.set("post_logout_redirect_uri", returnTo);
    return url.toString();
}

/** Refuses a non-Auth0 provider where only an Auth0 tenant works (Auth0 resources, Actions). */
export function requireAuth0(argument: string, idp: IdentityProvider, why: string): TenantEndpoints {
    if (!idp.auth0) {
        return reject(argument, idp.issuer, `is ${idp.displayName}, not an Auth0 tenant, and ${why}`, "give an Auth0 tenant ({ domain }), or leave this argument out");
    }
    return idp.auth0;
}
