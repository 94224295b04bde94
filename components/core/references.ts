/**
 * Plain references: what one component needs to know about another (an API, a listener, an
 * application, a single-page app), as serialisable values. A component instance satisfies its
 * reference structurally, so `api: colorsApi` keeps working; a reference can also be written by
 * hand, come from another stack (see `contracts.ts`) or arrive from another language.
 *
 * Shapes stay schema-friendly (interfaces, `as const` value sets, no unions in the wire shape):
 * the `*Data` interfaces are the wire shapes, and `ApiReference<P>` adds TypeScript's typing of
 * permission names on top without changing what is sent.
 */
import * as pulumi from "@pulumi/pulumi";
import { reject } from "./errors";
import { IdentityProvider } from "./identityProvider";

/** Signing algorithms an API may use. Only RS256 is verifiable by every AWS verifier. */
export const SigningAlgorithms = {
    RS256: "RS256",
    PS256: "PS256",
    HS256: "HS256",
} as const;
/** One of {@link SigningAlgorithms}. */
export type SigningAlgorithm = (typeof SigningAlgorithms)[keyof typeof SigningAlgorithms];


/** An API whose access tokens a verifier accepts: the wire shape (no generics). */
export interface ApiReferenceData {
    /** The API identifier: the `aud` of its access tokens, e.g. `urn:colors-api`. */
    identifier: string;
    /**
     * The identity provider that issues the tokens, resolved (`resolveIdentityProvider`): issuer
     * exactly as in `iss`, JWKS URI, endpoints and capabilities.
     */
    identityProvider: IdentityProvider;
    /** The API's declared permissions (OAuth scopes); routes and grants may only use these. */
    permissionNames: string[];
    /** The algorithm tokens are signed with; AWS verifiers take RS256 only. */
    signingAlg: SigningAlgorithm;
    /** Whether RBAC is on (only granted scopes reach `scope`; tokens carry `permissions`). */
    rbacEnabled: boolean;
    /**
     * Whether clients may obtain refresh tokens for the API (`allowOfflineAccess`).
     * @default - not known: checks that need it are skipped
     */
    offlineAccess?: boolean;
    /**
     * Where the reference came from, e.g. `stack "acme/identity/prod" output "colorsApi"`; named
     * in errors so that a mismatch says which stack to change.
     * @default - the reference was written in this program
     */
    source?: string;
}

/**
 * An API reference typed by its permission names, so scope typos do not compile. An `Auth0Api`
 * instance is one; so is `identity.api("colorsApi", { permissions: ["read:colors"] })`.
 */
export interface ApiReference<P extends string = string> extends ApiReferenceData {
    permissionNames: P[];
}

/** An HTTPS listener rules are added to. An `HttpsLoadBalancer` instance is one. */
export interface ListenerReference {
    /** The HTTPS listener's ARN. */
    listenerArn: pulumi.Input<string>;
    /** ARN of the listener's load balancer: the `signer` targets check in `x-amzn-oidc-data`. */
    loadBalancerArn: pulumi.Input<string>;
    /**
     * The load balancer's region; it selects the key endpoint targets use.
     * @default - read from loadBalancerArn
     */
    region?: pulumi.Input<string>;
    /**
     * Keys the listener-rule priority registry: components given the same key share one set of
     * priorities and clash at construction. Required when `listenerArn` is an Output.
     * @default - listenerArn, when it is a plain string
     */
    listenerKey?: string;
}

/** A confidential Auth0 application (regular web app). A `WebApplication` instance is one. */
export interface ApplicationReference {
    /** The client id. */
    clientId: pulumi.Input<string>;
    /** The client secret; keep it secret (`pulumi.secret`, or a secret stack output). */
    clientSecret: pulumi.Input<string>;
    /**
     * The callback URLs registered on the client. When given, components check that their own
     * callbacks are among them (Auth0 answers 400 invalid redirect_uri otherwise).
     * @default - not checked
     */
    callbackUrls?: string[];
    /**
     * The logout URLs registered on the client; checked like `callbackUrls` when given.
     * @default - not checked
     */
    logoutUrls?: string[];
    /**
     * Where the reference came from; named in errors.
     * @default - the reference was written in this program
     */
    source?: string;
}

/** A single-page app calling an API from the browser. A `SpaApplication` instance is one. */
export interface SpaReference {
    /** The origins the app is served from, e.g. `https://app.example.com`: the API's CORS origins. */
    origins: string[];
    /**
     * Whether the app uses refresh tokens (then the APIs it calls must allow offline access).
     * @default - not known: checks that need it are skipped
     */
    refreshTokens?: boolean;
    /**
     * Where the reference came from; named in errors.
     * @default - the reference was written in this program
     */
    source?: string;
}

const REFERENCE_FIX = {
    api: "pass an Auth0Api, or { identifier, identityProvider, permissionNames, signingAlg, rbacEnabled } (IdentityStackReference.api gives one from another stack)",
    listener: "pass an HttpsLoadBalancer, or { listenerArn, loadBalancerArn }",
    application: "pass a WebApplication, or { clientId, clientSecret } (IdentityStackReference.application gives one from another stack)",
    spa: "pass a SpaApplication, or { origins } (IdentityStackReference.spa gives one from another stack)",
} as const;

/** ` (from stack "x" output "y")` for errors about a value that came from elsewhere; empty for local values. */
export function fromSource(reference: { source?: string } | undefined): string {
    return reference?.source ? ` (from ${reference.source})` : "";
}

function requireObject(argument: string, value: unknown, what: string, fix: string): Record<string, unknown> {
    if (pulumi.Output.isInstance(value) || typeof (value as { then?: unknown } | undefined)?.then === "function") {
        return reject(argument, "an Output", `is not ${what} yet: checks on an Output would run after resources are registered`,
            "read values of other stacks with IdentityStackReference / ApplicationStackReference (awaited), which check them first");
    }
    if (value === undefined || value === null) {
        return reject(argument, value, "is missing", fix);
    }
    if (typeof value !== "object" || Array.isArray(value)) {
        return reject(argument, typeof value, `is not ${what}`, fix);
    }
    return value as Record<string, unknown>;
}

function requireString(argument: string, value: unknown, fix: string): string {
    if (typeof value !== "string" || value.length === 0) {
        return reject(argument, value, "is missing", fix);
    }
    return value;
}

function requireInput(argument: string, value: unknown, fix: string): void {
    if (value === undefined || value === null || value === "") {
        reject(argument, value, "is missing", fix);
    }
}

function optionalBoolean(argument: string, value: unknown): boolean | undefined {
    if (value !== undefined && typeof value !== "boolean") {
        return reject(argument, value, "is not a boolean", "write true or false, or leave it out");
    }
    return value;
}

function optionalStrings(argument: string, value: unknown): string[] | undefined {
    if (value === undefined) {
        return undefined;
    }
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
        return reject(argument, value, "is not a list of strings", "pass the URLs as an array of strings");
    }
    return [...value];
}

/**
 * Checks an API reference by its shape (instance or plain object) and returns it as plain data.
 * Throws naming `argument` when a field is missing or of the wrong kind.
 */
export function apiReference<P extends string>(argument: string, value: ApiReference<P> | undefined): ApiReference<P> {
    const fix = REFERENCE_FIX.api;
    const api = requireObject(argument, value, "an API reference", fix);
    const identifier = requireString(`${argument}.identifier`, api.identifier, fix);
    const idpFix = "pass a resolved identity provider: resolveIdentityProvider({ domain }) or a preset";
    const idp = requireObject(`${argument}.identityProvider`, api.identityProvider, "an identity provider", idpFix);
    requireString(`${argument}.identityProvider.issuer`, idp.issuer, "give the issuer exactly as tokens carry it in iss");
    requireString(`${argument}.identityProvider.jwksUri`, idp.jwksUri, "give the URL of the provider's signing keys");
    const capabilities = requireObject(`${argument}.identityProvider.capabilities`, idp.capabilities, "a capability set", idpFix);
    if (typeof capabilities.jwtAccessTokens !== "boolean" || !Array.isArray(capabilities.signingAlgorithms)) {
        reject(`${argument}.identityProvider.capabilities`, capabilities, "lacks jwtAccessTokens or signingAlgorithms", idpFix);
    }
    const names = api.permissionNames;
    if (!Array.isArray(names) || names.some((n) => typeof n !== "string" || n.length === 0 || /\s/.test(n))) {
        reject(`${argument}.permissionNames`, names, "is not a list of permission names", fix);
    }
    const algs = Object.values(SigningAlgorithms) as string[];
    if (!algs.includes(api.signingAlg as string)) {
        reject(`${argument}.signingAlg`, api.signingAlg, "is not a signing algorithm", `use one of ${algs.join(", ")}`);
    }
    if (typeof api.rbacEnabled !== "boolean") {
        reject(`${argument}.rbacEnabled`, api.rbacEnabled, "is not a boolean", "say whether the API enforces RBAC");
    }
    return {
        identifier,
        identityProvider: idp as unknown as IdentityProvider,
        permissionNames: [...(names as P[])],
        signingAlg: api.signingAlg as SigningAlgorithm,
        rbacEnabled: api.rbacEnabled as boolean,
        offlineAccess: optionalBoolean(`${argument}.offlineAccess`, api.offlineAccess),
        source: typeof api.source === "string" ? api.source : undefined,
    };
}

/** Checks a listener reference by its shape and returns it as plain data. */
export function listenerReference(argument: string, value: ListenerReference | undefined): ListenerReference & { listenerKey: string } {
    const fix = REFERENCE_FIX.listener;
    const listener = requireObject(argument, value, "a listener reference", fix);
    requireInput(`${argument}.listenerArn`, listener.listenerArn, fix);
    requireInput(`${argument}.loadBalancerArn`, listener.loadBalancerArn, fix);
    // A plain ARN is the natural key: adoptions and references of one listener then share it.
    const listenerKey = requireString(`${argument}.listenerKey`, listener.listenerKey ?? (typeof listener.listenerArn === "string" ? listener.listenerArn : undefined),
        "give listenerKey (a plain string, e.g. the listener ARN) when listenerArn is an Output");
    return {
        listenerArn: listener.listenerArn as pulumi.Input<string>,
        loadBalancerArn: listener.loadBalancerArn as pulumi.Input<string>,
        region: listener.region as pulumi.Input<string> | undefined,
        listenerKey,
    };
}

/** Checks an application reference by its shape and returns it as plain data. */
export function applicationReference(argument: string, value: ApplicationReference | undefined): ApplicationReference {
    const fix = REFERENCE_FIX.application;
    const app = requireObject(argument, value, "an application reference", fix);
    requireInput(`${argument}.clientId`, app.clientId, fix);
    requireInput(`${argument}.clientSecret`, app.clientSecret, fix);
    return {
        clientId: app.clientId as pulumi.Input<string>,
        clientSecret: app.clientSecret as pulumi.Input<string>,
        callbackUrls: optionalStrings(`${argument}.callbackUrls`, app.callbackUrls),
        logoutUrls: optionalStrings(`${argument}.logoutUrls`, app.logoutUrls),
        source: typeof app.source === "string" ? app.source : undefined,
    };
}

/** Checks a SPA reference by its shape and returns it as plain data. */
export function spaReference(argument: string, value: SpaReference | undefined): SpaReference {
    const spa = requireObject(argument, value, "a SPA reference", REFERENCE_FIX.spa);
    const origins = optionalStrings(`${argument}.origins`, spa.origins);
    if (origins === undefined) {
        return reject(`${argument}.origins`, undefined, "is missing", REFERENCE_FIX.spa);
    }
    return { origins, refreshTokens: optionalBoolean(`${argument}.refreshTokens`, spa.refreshTokens), source: typeof spa.source === "string" ? spa.source : undefined };
}

/**
 * Throws unless every scope is a permission of the API; returns them typed. The error names the
 * stack the API came from, since that is where a missing permission must be declared.
 */
export function requireApiScopes<P extends string>(argument: string, scopes: readonly string[], api: ApiReferenceData): P[] {
    const known = new Set<string>(api.permissionNames);
    for (const scope of scopes) {
        if (!known.has(scope)) {
            if (api.source) {
                reject(argument, scope, `is not a permission of the API ${api.identifier}${fromSource(api)}`,
                    `declare it in that stack's Auth0Api permissions and deploy it first, or use one of: ${api.permissionNames.join(", ")}`);
            }
            reject(argument, scope, "is not a permission of the API", `declare it in the API's permissions or use one of: ${api.permissionNames.join(", ")}`);
        }
    }
    return scopes as P[];
}

/** Whether a reference is a Pulumi resource (a component instance), found by Pulumi's own brand. */
export function isResource(value: unknown): value is pulumi.Resource {
    return pulumi.Resource.isInstance(value);
}
