import * as pulumi from "@pulumi/pulumi";
import * as auth0 from "@pulumi/auth0";
import { reject, validateArgs } from "../core/errors";
import { requireToken, requireUnique, uniqueSlugs } from "../core/values";
import { ApiReference, apiReference, requireApiScopes } from "../core/references";
import { claimPostLoginFlow, claimRoleGate, enforceClaimedGates, ungatedLoginRules } from "./flowOwnership";
import {
    ClaimSource, ClaimToken, claimsActionCode, connectionScopesActionCode, normalizeNamespace,
    roleGateActionCode, validateClaimSources,
} from "./actionCode";

/** Namespaced claims to add at login. */
export interface ClaimsArgs {
    /**
     * URL prefix of the claim names; a `/` is appended when missing.
     * @example "https://colors.example.com/"
     */
    namespace: string;
    /** What to add: `roles`, `email`, `email_verified`, `name`. */
    include: ClaimSource[];
    /**
     * Which tokens receive the claims.
     * @default ["access", "id"]
     */
    tokens?: ClaimToken[];
    /**
     * Only access tokens for this API's audience receive the claims (ID tokens always do): an
     * `Auth0Api` or an API reference.
     * @default - access tokens of every audience
     */
    api?: ApiReference<string>;
}

/** Scopes added to one API's access tokens according to the login connection. */
export interface ConnectionScopesArgs<P extends string = string> {
    /**
     * The API whose access tokens receive the scopes (an `Auth0Api` or an API reference); the
     * scopes must be its permissions.
     */
    api: ApiReference<P>;
    /**
     * Scopes per login connection name, e.g. `{ "google-oauth2": ["read:Devices"] }`.
     * With RBAC on, Auth0 keeps scopes added by an Action even if no role grants them.
     */
    scopes: Record<string, NoInfer<P>[]>;
}

/** Deny login to one application unless the user holds one of the roles. */
export interface RoleGateArgs {
    /** The gated application's client id, e.g. `webApp.clientId`. */
    clientId: pulumi.Input<string>;
    /** Roles that let a user in (any one suffices). */
    roles: string[];
    /**
     * Message shown to denied users.
     * @default "You are not allowed to use this application."
     */
    message?: string;
}

/** An action created outside edge-auth that must stay in the flow. */
export interface ExistingActionArgs {
    /** The action's id. */
    id: pulumi.Input<string>;
    /** Its display name in the flow. */
    displayName: string;
}

export interface PostLoginFlowArgs<P extends string = string> {
    /**
     * Namespaced claims (roles, email, ...).
     * @default - no claims action
     */
    claims?: ClaimsArgs;
    /**
     * Role gates keyed by a name of your choice (it names the gate in code and logs).
     * @default - no gate
     */
    roleGates?: Record<string, RoleGateArgs>;
    /**
     * Scopes added to an API's access tokens according to the login connection (seed 004).
     * @default - no connection scopes
     */
    connectionScopes?: ConnectionScopesArgs<P>;
    /**
     * Actions managed elsewhere that must stay bound, run after edge-auth's actions. This
     * component owns the whole post-login flow, so anything not listed here is unbound.
     * @default []
     */
    existingActions?: ExistingActionArgs[];
}

const DEFAULT_DENY = "You are not allowed to use this application.";

/** Prefix of the flow's child names: fixed, so the flow's own name is free to change. */
export const FLOW_CHILD_PREFIX = "edge-auth";

/**
 * The tenant's post-login flow: edge-auth's Actions (role gate, then connection scopes, then
 * claims) bound in that order by one authoritative `TriggerActions`.
 *
 * Why `TriggerActions` and not `TriggerAction`s: the order matters (deny before anything is
 * added) and only the plural resource fixes it; and it makes this component the one owner of
 * the flow, so a stray binding made in the dashboard is removed on the next `pulumi up`
 * instead of silently changing who can log in.
 *
 * Exactly one PostLoginFlow per tenant (per Auth0 provider) in a program: a second one fails at
 * construction naming both. Its children are named independently of the component's name, so
 * renaming the flow or moving it to another place in the program changes no resource.
 */
export class PostLoginFlow<P extends string = string> extends pulumi.ComponentResource {
    /** The created actions by role: `roleGate`, `connectionScopes`, `claims`. */
    readonly actions: Record<string, auth0.Action>;
    /** The bound action ids, in execution order. */
    readonly actionIds: pulumi.Output<string[]>;
    readonly binding: auth0.TriggerActions;

    constructor(name: string, args: PostLoginFlowArgs<P>, opts?: pulumi.ComponentResourceOptions) {
        const plan = validateArgs("PostLoginFlow", name, () => {
            const validated = validateFlow(args);
            // Last, so that a flow with bad arguments does not take ownership.
            claimPostLoginFlow(`PostLoginFlow "${name}"`, auth0Provider(opts));
            return validated;
        });
        super("edge-auth:index:PostLoginFlow", name, {}, opts);
        for (const gate of Object.values(args.roleGates ?? {})) {
            claimRoleGate(gate, `PostLoginFlow "${name}"`);
        }

        const sources: Array<[string, string, pulumi.Input<string>]> = [];
        if (plan.gates.length > 0) {
            const gates = pulumi.all(plan.gates.map((g) => pulumi.output(g.clientId)));
            sources.push(["role-gate", "edge-auth role gate", gates.apply((ids) =>
                roleGateActionCode(plan.gates.map((g, i) => ({ clientId: ids[i], roles: g.roles, message: g.message }))))]);
        }
        if (plan.connectionScopes) {
            sources.push(["connection-scopes", "edge-auth connection scopes", connectionScopesActionCode(plan.connectionScopes)]);
        }
        if (plan.claims) {
            sources.push(["claims", "edge-auth claims", claimsActionCode(plan.claims)]);
        }
        // Children are named after their role, never after the component: a child's URN holds
        // its parent's type but not its name, so renaming or moving the flow keeps every URN
        // and Pulumi neither creates a second binding nor deletes (empties) the first. The
        // aliases adopt stacks created when children were named `<component>-<role>`.
        this.actions = {};
        for (const [role, displayName, code] of sources) {
            this.actions[role] = new auth0.Action(`${FLOW_CHILD_PREFIX}-${role}`, {
                name: `${FLOW_CHILD_PREFIX}-${role}`,
                code,
                runtime: "node22",
                supportedTriggers: { id: "post-login", version: "v3" },
                deploy: true,
            }, { parent: this, aliases: [{ name: `${name}-${role}` }] });
        }
        const bound = [
            ...sources.map(([role, displayName]) => ({ id: this.actions[role].id, displayName })),
            ...plan.existing.map((a) => ({ id: a.id, displayName: a.displayName })),
        ];
        // dependsOn the Actions: Pulumi then writes the new binding list before it deletes an
        // Action that left the flow (Auth0 refuses to delete a bound Action). And on every
        // ungated ALB login rule: a binding that drops a gate waits until the rule no longer
        // sends users to Auth0 (see flowOwnership.ts).
        const actions = Object.values(this.actions);
        const waitFor: Promise<pulumi.Resource[]> = ungatedLoginRules().then((rules) => [...actions, ...rules]);
        this.binding = new auth0.TriggerActions(`${FLOW_CHILD_PREFIX}-post-login`, {
            trigger: "post-login",
            actions: bound,
        }, { parent: this, dependsOn: waitFor as pulumi.Input<pulumi.Input<pulumi.Resource>[]>, aliases: [{ name: `${name}-post-login` }] });
        // The gated login rules are created now, depending on the binding: the gate is live first.
        enforceClaimedGates(`PostLoginFlow "${name}"`, this.binding);
        this.actionIds = pulumi.all(bound.map((b) => pulumi.output(b.id)));
        this.registerOutputs({ actionIds: this.actionIds });
    }
}

/** The Auth0 provider the flow's children use: it names the tenant (undefined = the default). */
function auth0Provider(opts: pulumi.ComponentResourceOptions | undefined): unknown {
    if (opts?.provider) {
        return opts.provider;
    }
    const providers = opts?.providers;
    if (Array.isArray(providers)) {
        return providers.find((p) => (p as { getPackage?: () => string }).getPackage?.() === "auth0");
    }
    return (providers as Record<string, unknown> | undefined)?.auth0;
}

/** Validates the flow's args; pure apart from reading the API's plain fields. */
function validateFlow<P extends string>(args: PostLoginFlowArgs<P>) {
    const gateNames = Object.keys(args.roleGates ?? {});
    uniqueSlugs("roleGates", gateNames);
    const gates = gateNames.map((gateName) => {
        const gate = args.roleGates![gateName];
        if (gate.clientId === undefined || gate.clientId === "") {
            reject(`roleGates["${gateName}"].clientId`, gate.clientId, "is missing", "pass the gated application's clientId");
        }
        if (!Array.isArray(gate.roles) || gate.roles.length === 0) {
            reject(`roleGates["${gateName}"].roles`, gate.roles, "is empty", "name at least one role that may log in");
        }
        gate.roles.forEach((role, i) => {
            if (typeof role !== "string" || role.trim() === "") {
                reject(`roleGates["${gateName}"].roles[${i}]`, role, "is empty", "give the role's name as in Auth0");
            }
        });
        requireUnique(`roleGates["${gateName}"].roles`, gate.roles, "role");
        return { clientId: gate.clientId, roles: gate.roles, message: gate.message ?? DEFAULT_DENY };
    });

    let connectionScopes: { audience: string; scopes: Record<string, string[]> } | undefined;
    if (args.connectionScopes !== undefined) {
        const api = apiReference("connectionScopes.api", args.connectionScopes.api);
        const byConnection = args.connectionScopes.scopes;
        const scopes: Record<string, string[]> = {};
        for (const [connection, list] of Object.entries(byConnection ?? {})) {
            const argument = `connectionScopes.scopes["${connection}"]`;
            requireToken(argument, connection, "connection name");
            if (!Array.isArray(list) || list.length === 0) {
                reject(argument, list, "is empty", "list the scopes this connection adds, or remove the entry");
            }
            scopes[connection] = requireApiScopes(argument, list, api);
        }
        if (Object.keys(scopes).length === 0) {
            reject("connectionScopes.scopes", byConnection, "is empty", "map at least one connection to scopes, or leave it out");
        }
        connectionScopes = { audience: api.identifier, scopes };
    }

    let claims: { namespace: string; include: ClaimSource[]; tokens: ClaimToken[]; audience?: string } | undefined;
    if (args.claims !== undefined) {
        const tokens = args.claims.tokens ?? ["access", "id"];
        if (!Array.isArray(tokens) || tokens.length === 0 || tokens.some((t) => t !== "access" && t !== "id")) {
            reject("claims.tokens", tokens, "is not a list of \"access\" and \"id\"", "use [\"access\"], [\"id\"] or both");
        }
        const api = args.claims.api === undefined ? undefined : apiReference("claims.api", args.claims.api);
        claims = {
            namespace: normalizeNamespace("claims.namespace", args.claims.namespace),
            include: validateClaimSources("claims.include", args.claims.include),
            tokens,
            audience: api?.identifier,
        };
    }

    const existing = args.existingActions ?? [];
    if (gates.length === 0 && !connectionScopes && !claims && existing.length === 0) {
        reject("args", {}, "declare nothing", "set claims, roleGates, connectionScopes or existingActions");
    }
    return { gates, connectionScopes, claims, existing };
}
