/**
 * The identity stack's contracts (docs/multi-stack.md), given in the pack config so that the sync
 * checks (scope declared, issuer equal, host registered) can judge an application stack that
 * holds no Auth0 resource. The pack is self-contained, so it reads the contract shapes itself;
 * test/policies/contracts.test.ts keeps them equal to the package's.
 */
import { StackApi, StackIndex } from "./stackIndex";

/** Contract versions the pack reads (the package writes version 1). */
export const READABLE_CONTRACT_VERSIONS: readonly number[] = [1];
const API = "edge-auth:api";
const APPLICATION = "edge-auth:application";

/** What the identity stack declares, as the sync checks need it. */
export interface IdentityContracts {
    /** Declared scopes by API identifier (audience). */
    apis: Map<string, Set<string>>;
    /** Issuers of the identity providers behind the contracts, exactly as in `iss`. */
    issuers: Set<string>;
    /** Those of them that are Auth0 tenants (the Auth0-only checks apply to them). */
    auth0Issuers: Set<string>;
    /** Registered callback URLs by client id. */
    callbacks: Map<string, Set<string>>;
    /** Contracts the pack cannot read (unknown kind or version, wrong shape): each a violation. */
    problems: string[];
}

const strings = (value: unknown): string[] | undefined =>
    Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined;

/**
 * Reads the `identityContracts` config: a list of the identity stack's outputs as it exports
 * them (`pulumi stack output --json`, values of other kinds are ignored; client secrets are
 * neither needed nor wanted here).
 */
export function readIdentityContracts(value: unknown): IdentityContracts {
    const result: IdentityContracts = { apis: new Map(), issuers: new Set(), auth0Issuers: new Set(), callbacks: new Map(), problems: [] };
    const list = Array.isArray(value) ? value : [];
    list.forEach((contract, i) => {
        const c = contract as Record<string, unknown> | null;
        if (c === null || typeof c !== "object" || (c.kind !== API && c.kind !== APPLICATION)) {
            return;
        }
        const where = `identityContracts[${i}] (${String(c.kind)})`;
        if (typeof c.version !== "number" || !READABLE_CONTRACT_VERSIONS.includes(c.version)) {
            result.problems.push(`${where} has contract version ${JSON.stringify(c.version)}, which this pack does not know (it reads ${READABLE_CONTRACT_VERSIONS.join(", ")}): update the pack to the edge-auth version of the identity stack`);
            return;
        }
        const idp = c.identityProvider as { issuer?: unknown; kind?: unknown } | undefined;
        const issuer = idp?.issuer;
        if (typeof issuer !== "string") {
            result.problems.push(`${where} has no identityProvider.issuer: give the contract exactly as the identity stack exports it`);
            return;
        }
        result.issuers.add(issuer);
        if (idp?.kind === "auth0") {
            result.auth0Issuers.add(issuer);
        }
        if (c.kind === API) {
            const scopes = strings(c.permissionNames);
            if (typeof c.identifier !== "string" || scopes === undefined) {
                result.problems.push(`${where} lacks identifier or permissionNames: give the contract exactly as the identity stack exports it`);
                return;
            }
            result.apis.set(c.identifier, new Set([...(result.apis.get(c.identifier) ?? []), ...scopes]));
        } else {
            const callbacks = strings(c.callbackUrls);
            if (typeof c.clientId !== "string" || callbacks === undefined) {
                result.problems.push(`${where} lacks clientId or callbackUrls: give the contract exactly as the identity stack exports it`);
                return;
            }
            result.callbacks.set(c.clientId, new Set(callbacks));
        }
    });
    return result;
}

/** The config property each sync policy takes (one JSON-schema shape for all three). */
export const IDENTITY_CONTRACTS_CONFIG = {
    type: "array" as const,
    items: { type: "object" as const, properties: {} },
    default: [] as unknown[],
    description: "The identity stack's exported contracts (edge-auth apiContract / applicationContract outputs, without client secrets), "
        + "so an application stack holding no Auth0 resource is judged against what the identity stack declares and registered.",
};

/** The policies whose checks span the identity stack and an application stack. */
export const SYNC_POLICIES: readonly string[] = ["edge-auth-scopes-exist-on-api", "edge-auth-issuer-matches-tenant", "auth0-client-register-alb-callbacks"];

/**
 * A pack config with the identity stack's outputs given to every sync policy, as a CI job builds
 * it from `pulumi stack output --json` of the identity stack. Client secrets are dropped: the
 * pack needs none. Settings already in the config win.
 */
export function withIdentityContracts(config: Record<string, any>, identityOutputs: Record<string, unknown>): Record<string, any> {
    const contracts = Object.values(identityOutputs)
        .filter((v): v is Record<string, unknown> => v !== null && typeof v === "object" && (v as any).kind !== undefined)
        .map(({ clientSecret: _secret, ...rest }) => rest);
    const result: Record<string, any> = { ...config };
    for (const name of SYNC_POLICIES) {
        const current = typeof result[name] === "object" && result[name] !== null ? result[name] : { enforcementLevel: result[name] ?? "mandatory" };
        result[name] = { identityContracts: contracts, ...current };
    }
    return result;
}

/** Auth0 APIs of the stack, plus the identity stack's (by the contracts) that the stack lacks. */
export function apisWithContracts(stack: StackIndex, identity: IdentityContracts): Map<string, StackApi> {
    const apis = new Map(stack.apis());
    for (const [identifier, scopes] of identity.apis) {
        if (!apis.has(identifier)) {
            apis.set(identifier, { scopes: new Set(scopes), scopesUnknown: false });
        }
    }
    return apis;
}
