/**
 * The values that travel between an identity stack (owns the Auth0 tenant: APIs, permissions,
 * clients) and application stacks (own the AWS side), as versioned stack outputs: one output
 * object per API, per application and per set of client URLs. The shapes are documented in
 * docs/multi-stack.md; a reader refuses a version it does not know, so a newer writer can never
 * be misread silently.
 *
 * Pure: building and parsing contracts touches no Pulumi engine; `stackReferences.ts` reads them.
 */
import * as pulumi from "@pulumi/pulumi";
import { reject } from "../core/errors";
import { IdentityProvider } from "../core/identityProvider";
import { ApiReference, ApplicationReference, SpaReference, apiReference } from "../core/references";
import { ClientUrlKind, UrlRules, httpsUrls, validateClientUrls } from "../core/urls";
import { IDP_RESPONSE_PATH, idpResponseUrls, validateHostnames } from "../alb/rules";
import { AllowedHosts, canonicalHost, deriveUrl, isHostAllowed } from "./allowedHosts";

/** The contract version this package writes. */
export const CONTRACT_VERSION = 1;
/** Versions this package reads. A writer's newer version fails the reader's preview. */
export const READABLE_CONTRACT_VERSIONS: readonly number[] = [1];

/** What a contract describes; stored in its `kind` field. */
export const ContractKind = {
    /** identity -> application: an API (audience, issuer, permissions). */
    Api: "edge-auth:api",
    /** identity -> application: an Auth0 client the identity stack owns (id, secret, registered URLs). */
    Application: "edge-auth:application",
    /** application -> identity: the URLs an application stack needs registered on one client. */
    ClientUrls: "edge-auth:client-urls",
} as const;
export type ContractKind = (typeof ContractKind)[keyof typeof ContractKind];

/** Fields every contract carries. */
export interface ContractHeader {
    /** One of {@link ContractKind}. */
    kind: ContractKind;
    /** The contract version, {@link CONTRACT_VERSION} when written by this package. */
    version: number;
}

/** identity -> application: an API whose tokens the application stack's verifiers accept. */
export interface ApiContract extends ContractHeader {
    /** The API identifier (`aud`). */
    identifier: string;
    /** The resolved identity provider (issuer, JWKS URI, endpoints, capabilities). */
    identityProvider: IdentityProvider;
    /** The declared permission names; the application stack may use no others. */
    permissionNames: string[];
    /** Signing algorithm of the API's access tokens. */
    signingAlg: string;
    /** Whether RBAC is on. */
    rbacEnabled: boolean;
    /** Whether clients may obtain refresh tokens for the API; absent when not known. */
    offlineAccess?: boolean;
}

/** identity -> application: an Auth0 client owned by the identity stack. */
export interface ApplicationContract extends ContractHeader {
    /** The identity provider users log in with. */
    identityProvider: IdentityProvider;
    /** The client id. */
    clientId: string;
    /** The client secret (confidential clients only); it makes the whole output secret. */
    clientSecret?: string;
    /** Callback URLs registered on the client. */
    callbackUrls: string[];
    /** Logout URLs registered on the client. */
    logoutUrls: string[];
    /** Web origins registered on the client (single-page apps). */
    webOrigins: string[];
    /** Whether a single-page app uses refresh tokens; absent when not known. */
    refreshTokens?: boolean;
}

/** application -> identity: what one client must register for the application stack. */
export interface ClientUrlsContract extends ContractHeader {
    /** Host names users reach (ALB login); each has a callback `https://<host>/oauth2/idpresponse`. */
    hostnames: string[];
    /** Callback URLs to register. */
    callbackUrls: string[];
    /** Logout (`returnTo`) URLs to register. */
    logoutUrls: string[];
    /** Origins to register as web and allowed origins (single-page apps). */
    webOrigins: string[];
}

/** The API contract to export from the identity stack: `export const colorsApi = apiContract(api)`. */
export function apiContract(api: ApiReference<string>): ApiContract {
    const checked = apiReference("api", api);
    return {
        kind: ContractKind.Api,
        version: CONTRACT_VERSION,
        identifier: checked.identifier,
        identityProvider: checked.identityProvider,
        permissionNames: [...checked.permissionNames],
        signingAlg: checked.signingAlg,
        rbacEnabled: checked.rbacEnabled,
        ...(checked.offlineAccess === undefined ? {} : { offlineAccess: checked.offlineAccess }),
    };
}

/** What {@link applicationContract} reads from a `WebApplication` or `SpaApplication`. */
export interface ExportedApplication {
    /** The client id. */
    clientId: pulumi.Input<string>;
    /**
     * The client secret; it makes the exported output a secret.
     * @default - none (a public client such as a SPA)
     */
    clientSecret?: pulumi.Input<string>;
    /** The callback URLs registered on the client. */
    callbackUrls: readonly string[];
    /**
     * The logout URLs registered on the client.
     * @default - the origins (what SpaApplication registers), else none
     */
    logoutUrls?: readonly string[];
    /**
     * A single-page app's origins (its web origins).
     * @default - none
     */
    origins?: readonly string[];
    /**
     * Whether a single-page app uses refresh tokens.
     * @default - not exported
     */
    refreshTokens?: boolean;
}

/**
 * The application contract to export from the identity stack. With a secret, Pulumi stores
 * the whole output encrypted; readers re-mark the secret as secret.
 */
export function applicationContract(application: ExportedApplication, identityProvider: IdentityProvider): pulumi.Output<ApplicationContract> {
    const origins = application.origins ?? [];
    return pulumi.all([application.clientId, application.clientSecret]).apply(([clientId, clientSecret]) => {
        const contract: ApplicationContract = {
            kind: ContractKind.Application,
            version: CONTRACT_VERSION,
            identityProvider,
            clientId,
            callbackUrls: [...application.callbackUrls],
            // A SPA's logout URLs are its origins (SpaApplication registers them so).
            logoutUrls: [...(application.logoutUrls ?? origins)],
            webOrigins: [...origins],
            ...(application.refreshTokens === undefined ? {} : { refreshTokens: application.refreshTokens }),
        };
        return clientSecret === undefined ? contract : { ...contract, clientSecret };
    });
}

/** What an application stack declares for one client. */
export interface ClientUrlsArgs extends UrlRules {
    /**
     * Host names users reach through an ALB login: each gets `https://<host>/oauth2/idpresponse`
     * and a logout URL `https://<host><logoutReturnPath>`.
     * @default - none
     */
    albHostnames?: string[];
    /**
     * Path users land on after logout, on each ALB host (AlbOidcLogin's `logoutReturnPath`).
     * @default "/"
     */
    logoutReturnPath?: string;
    /**
     * Origins a single-page app is served from: web origins, logout URLs and callbacks.
     * @default - none
     */
    spaOrigins?: string[];
}

/**
 * The client-URL contract to export from an application stack, derived exactly as the
 * components derive them, so the identity stack registers what the ALB and browsers send.
 */
export function clientUrlsContract(args: ClientUrlsArgs): ClientUrlsContract {
    const rules = { allowLocalhost: args.allowLocalhost, allowWildcards: args.allowWildcards };
    const hostnames = validateHostnames("albHostnames", args.albHostnames, false);
    const returnPath = args.logoutReturnPath ?? "/";
    if (typeof returnPath !== "string" || !returnPath.startsWith("/") || /[\s?#]/.test(returnPath)) {
        reject("logoutReturnPath", returnPath, "is not an absolute path", "write a path such as \"/\" or \"/signed-out\"");
    }
    const origins = validateClientUrls("spaOrigins", args.spaOrigins, "origin", rules);
    if (hostnames.length === 0 && origins.length === 0) {
        reject("albHostnames", args.albHostnames, "and spaOrigins are both empty", "declare the hosts of an ALB login or the origins of a single-page app");
    }
    return {
        kind: ContractKind.ClientUrls,
        version: CONTRACT_VERSION,
        hostnames,
        callbackUrls: [...idpResponseUrls(hostnames), ...origins],
        logoutUrls: [...httpsUrls(hostnames, returnPath), ...origins],
        webOrigins: origins,
    };
}

/** Checks kind and version; `where` is the output's name, used as the argument in errors. */
function requireHeader(where: string, value: unknown, kind: ContractKind, producer: string): Record<string, unknown> {
    if (value === undefined || value === null) {
        return reject(where, value, "is not exported", `deploy the ${producer} stack first (it exports ${where}), or check the stack and output names`);
    }
    if (typeof value !== "object" || Array.isArray(value)) {
        return reject(where, typeof value, "is not an edge-auth contract", `export it with ${kind === ContractKind.Api ? "apiContract" : kind === ContractKind.Application ? "applicationContract" : "clientUrlsContract"}(...)`);
    }
    const contract = value as Record<string, unknown>;
    if (contract.kind !== kind) {
        reject(`${where}.kind`, contract.kind, `is not "${kind}"`, "read this output with the reader method for its kind, or export the right value");
    }
    if (typeof contract.version !== "number" || !READABLE_CONTRACT_VERSIONS.includes(contract.version)) {
        reject(`${where}.version`, contract.version, `is a contract version this reader does not know (it reads ${READABLE_CONTRACT_VERSIONS.join(", ")})`,
            `use the same edge-auth version in both stacks, or upgrade edge-auth in this one`);
    }
    return contract;
}

function stringList(argument: string, value: unknown): string[] {
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
        return reject(argument, value, "is not a list of strings", "export the contract with this package's contract functions");
    }
    return [...value];
}

/**
 * Reads an API contract. `expected` are permissions this stack relies on: each must be declared
 * by the identity stack. `source` is stamped on the reference so component errors name it.
 */
export function parseApiContract<P extends string>(where: string, value: unknown, source: string, expected: readonly P[] = []): ApiReference<P> {
    const contract = requireHeader(where, value, ContractKind.Api, "identity");
    const api = apiReference<P>(where, contract as unknown as ApiReference<P>);
    const declared = new Set<string>(api.permissionNames);
    for (const scope of expected) {
        if (!declared.has(scope)) {
            reject(`${where}.permissionNames`, scope, `is not declared by the API ${api.identifier}`,
                `declare it in the identity stack's Auth0Api permissions and deploy that stack first, or use one of: ${api.permissionNames.join(", ")}`);
        }
    }
    return { ...api, source };
}

/** An application read from the identity stack: a reference plus the provider users log in with. */
export interface ImportedApplication extends ApplicationReference {
    /** The identity provider users log in with. */
    identityProvider: IdentityProvider;
    /** Registered web origins. */
    webOrigins: string[];
}

/** The fields of an application contract both readers share. */
function parseClient(where: string, value: unknown, source: string) {
    const contract = requireHeader(where, value, ContractKind.Application, "identity");
    if (typeof contract.clientId !== "string" || contract.clientId === "") {
        reject(`${where}.clientId`, contract.clientId, "is missing", "export the application with applicationContract(app, identityProvider)");
    }
    const idp = contract.identityProvider as IdentityProvider;
    if (idp === null || typeof idp !== "object" || typeof idp.issuer !== "string") {
        reject(`${where}.identityProvider`, idp, "is not an identity provider", "export the application with applicationContract(app, identityProvider)");
    }
    return {
        contract,
        clientId: contract.clientId as string,
        callbackUrls: stringList(`${where}.callbackUrls`, contract.callbackUrls),
        logoutUrls: stringList(`${where}.logoutUrls`, contract.logoutUrls),
        webOrigins: stringList(`${where}.webOrigins`, contract.webOrigins),
        identityProvider: idp,
        source,
    };
}

/** Reads a confidential application's contract; its secret is marked secret again. */
export function parseApplicationContract(where: string, value: unknown, source: string): ImportedApplication {
    const { contract, ...client } = parseClient(where, value, source);
    if (typeof contract.clientSecret !== "string" || contract.clientSecret === "") {
        reject(`${where}.clientSecret`, undefined, "is missing",
            "export a confidential (regular web) application with its clientSecret; a single-page app has none: read it with spa()");
    }
    return { ...client, clientSecret: pulumi.secret(contract.clientSecret as string) };
}

/** A single-page app read from the identity stack: its registered origins and client id. */
export interface ImportedSpa extends SpaReference {
    /** The SPA's client id, for the browser's configuration. */
    clientId: string;
    /** The identity provider users log in with. */
    identityProvider: IdentityProvider;
}

/** Reads a SPA's client id and registered origins from an application contract. */
export function parseSpaContract(where: string, value: unknown, source: string): ImportedSpa {
    const client = parseClient(where, value, source);
    if (client.webOrigins.length === 0) {
        reject(`${where}.webOrigins`, client.webOrigins, "is empty", "export a SpaApplication (with its origins) from the identity stack");
    }
    const refreshTokens = client.contract.refreshTokens;
    return {
        origins: client.webOrigins,
        refreshTokens: typeof refreshTokens === "boolean" ? refreshTokens : undefined,
        clientId: client.clientId,
        identityProvider: client.identityProvider,
        source,
    };
}

/**
 * Reads an application stack's client URLs against the identity stack's allow-list and returns
 * what the identity stack registers, derived rather than passed through:
 * - every ALB host and every origin's host must be allowed by `allowed` (exact or `*.<domain>`);
 * - callbacks are `https://<host>/oauth2/idpresponse` for each ALB host plus the origins (what
 *   AlbOidcLogin and SpaApplication send); a published callback outside that set is refused;
 * - logout URLs are rebuilt from scheme, allowed host and path (no query, user info or
 *   non-canonical text);
 * - the https, localhost and wildcard rules of the identity stack's client (`rules`) still apply.
 * Errors name the output, the field and the host; the reader adds the application stack.
 */
export function parseClientUrlsContract(where: string, value: unknown, allowed: AllowedHosts, rules: UrlRules = {}): ClientUrlsContract {
    const contract = requireHeader(where, value, ContractKind.ClientUrls, "application");
    const notAllowed = (argument: string, url: string, host: string): never => reject(argument, url,
        `names host "${host}", which allowedHosts (${allowed.entries.join(", ")}) does not list`,
        `if this application stack may serve "${host}", add it (or a pattern such as "*.${host.split(".").slice(1).join(".") || host}") to allowedHosts of its ApplicationStackReference in the identity stack; otherwise remove it from the application stack's clientUrlsContract`);
    const hostnames = stringList(`${where}.hostnames`, contract.hostnames).map((host, i) => {
        const argument = `${where}.hostnames[${i}]`;
        validateHostnames(argument, [host], true);
        const canonical = canonicalHost(host);
        if (canonical !== host) {
            reject(argument, host, "is not a host name in canonical form (lower case, punycode, no trailing dot)", `publish it as "${canonical ?? host.toLowerCase().replace(/\.+$/, "")}"`);
        }
        return isHostAllowed(allowed, host) ? host : notAllowed(argument, host, host);
    });
    /** Each URL checked by the client's rules, taken apart, its host allowed. */
    const derived = (field: string, kind: ClientUrlKind) => {
        const urls = validateClientUrls(`${where}.${field}`, stringList(`${where}.${field}`, contract[field]), kind, rules);
        return urls.map((url, i) => {
            const argument = `${where}.${field}[${i}]`;
            const parts = deriveUrl(argument, url, kind === "origin" ? "origin" : "url");
            return isHostAllowed(allowed, parts.host) ? parts : notAllowed(argument, url, parts.host);
        });
    };
    const webOrigins = derived("webOrigins", "origin").map((o) => o.url);
    const callbackUrls = [...idpResponseUrls(hostnames), ...webOrigins];
    derived("callbackUrls", "callback").forEach((published, i) => {
        if (!callbackUrls.includes(published.url)) {
            reject(`${where}.callbackUrls[${i}]`, published.url, `is not a callback the identity stack derives from this contract (${callbackUrls.join(", ") || "none"})`,
                `publish ALB hosts in hostnames (their callback is https://<host>${IDP_RESPONSE_PATH}) and single-page app origins in webOrigins, with clientUrlsContract`);
        }
    });
    const logoutUrls = derived("logoutUrls", "logout").map((l) => l.url);
    return {
        kind: ContractKind.ClientUrls,
        version: contract.version as number,
        hostnames,
        callbackUrls,
        logoutUrls,
        webOrigins,
    };
}

/** Merges several client-URL contracts (one client serving several application stacks). */
export function mergeClientUrls(contracts: readonly ClientUrlsContract[]): { callbackUrls: string[]; logoutUrls: string[]; webOrigins: string[] } {
    const unique = (lists: string[][]) => [...new Set(lists.flat())];
    return {
        callbackUrls: unique(contracts.map((c) => c.callbackUrls)),
        logoutUrls: unique(contracts.map((c) => c.logoutUrls)),
        webOrigins: unique(contracts.map((c) => c.webOrigins)),
    };
}
