import * as pulumi from "@pulumi/pulumi";
import * as auth0 from "@pulumi/auth0";
import { validateArgs } from "../core/errors";
import { ApiReference, requireApiScopes } from "../core/references";
import { IdentityProvider, IdentityProviderArgs, requireAuth0, resolveIdentityProvider } from "../core/identityProvider";
import { TenantEndpoints } from "../core/tenant";
import { slug, uniqueSlugs } from "../core/values";
import { SigningAlgorithm, validateIdentifier, validateSigningAlg, validateTokenLifetimes } from "./apiSettings";
import { PermissionArgs, RoleArgs, validatePermissions, validateRoles } from "./permissions";

export interface Auth0ApiArgs<P extends string = string> {
    /**
     * The Auth0 tenant that issues tokens for this API (an Auth0 tenant only: the API is an
     * Auth0 resource server).
     * @default - the tenant of the stack's `auth0:domain` config
     */
    tenant?: IdentityProviderArgs;
    /**
     * The API identifier: the `aud` of its access tokens and the audience every AWS verifier
     * checks. It cannot be changed after creation.
     * @example "urn:colors-api"
     */
    identifier: string;
    /**
     * Name shown in the Auth0 dashboard.
     * @default - the component name
     */
    displayName?: string;
    /**
     * The API's permissions (OAuth scopes), declared once. Roles, grants, routes, ALB rules and
     * Actions can only reference these names.
     */
    permissions: PermissionArgs<P>[];
    /**
     * Roles and the permissions each grants. With RBAC on, users get only the scopes their
     * roles grant, whatever a client requests.
     * @default - no roles
     */
    roles?: RoleArgs<NoInfer<P>>[];
    /**
     * Token signing algorithm. AWS verifiers (HTTP API JWT authorizer, ALB jwt-validation,
     * aws-jwt-verify) take RS256 only.
     * @default "RS256"
     */
    signingAlg?: SigningAlgorithm;
    /**
     * Turn RBAC on: only scopes granted through roles or grants end up in `scope`, and tokens
     * carry a `permissions` claim. Turning it off lets any user obtain any requested scope.
     * @default true
     */
    enforcePolicies?: boolean;
    /**
     * Access token lifetime in seconds, 1 to 2592000.
     * @default 86400
     */
    tokenLifetime?: number;
    /**
     * Lifetime of tokens issued through the implicit or browser flows, in seconds; at most
     * `tokenLifetime`.
     * @default 7200 (or tokenLifetime when lower)
     */
    tokenLifetimeForWeb?: number;
    /**
     * Let clients obtain refresh tokens (`offline_access`) for this API. A SpaApplication with
     * refresh tokens needs it: HttpApi refuses an SPA with refresh tokens on an API without it,
     * since Auth0 would silently issue none.
     * @default false
     */
    allowOfflineAccess?: boolean;
    /**
     * Skip the consent screen for first-party clients on verifiable (non-localhost) callbacks.
     * @default true
     */
    skipConsentForVerifiableFirstPartyClients?: boolean;
}

/**
 * An Auth0 API (resource server) with RBAC, its permissions and its roles.
 *
 * Creates one `ResourceServer`, one authoritative `ResourceServerScopes`, and a `Role` plus an
 * authoritative `RolePermissions` per role: the resource count does not grow with the number
 * of permissions, which keeps Management API calls (rate limited per tenant) low. Roles are
 * named by their key only (`role-<key>`), so a new identifier keeps them and their members:
 * role keys are unique per program (tenant-wide, like Auth0's role names).
 */
export class Auth0Api<P extends string = string> extends pulumi.ComponentResource implements ApiReference<P> {
    /** Tenant URLs, plain, for components that derive their own configuration from this API. */
    readonly tenant: TenantEndpoints;
    /** The identity provider of its tokens (this Auth0 tenant, signing with `signingAlg`), resolved and plain: the API reference's field. */
    readonly identityProvider: IdentityProvider;
    /** The identifier, plain. */
    readonly identifier: string;
    /** Declared permission names, plain. */
    readonly permissionNames: P[];
    /** The signing algorithm, plain, so verifiers can refuse what they cannot check. */
    readonly signingAlg: SigningAlgorithm;
    /** Whether RBAC is on. */
    readonly rbacEnabled: boolean;
    /** Whether clients may obtain refresh tokens for this API (`allowOfflineAccess`), plain. */
    readonly offlineAccess: boolean;

    /** The audience of this API's access tokens. */
    readonly audience: pulumi.Output<string>;
    /** The issuer of its tokens, `https://<domain>/`. */
    readonly issuer: pulumi.Output<string>;
    /** The declared permission names. */
    readonly permissions: pulumi.Output<P[]>;
    /** Role ids by role name. */
    readonly roleIds: pulumi.Output<Record<string, string>>;

    /** The raw resources, for escape hatches. */
    readonly resourceServer: auth0.ResourceServer;
    readonly scopes: auth0.ResourceServerScopes;
    readonly roles: Record<string, auth0.Role>;

    constructor(name: string, args: Auth0ApiArgs<P>, opts?: pulumi.ComponentResourceOptions) {
        const plan = validateArgs("Auth0Api", name, () => {
            const idp = resolveIdentityProvider(args.tenant);
            const tenant = requireAuth0("tenant", idp, "an Auth0Api is an Auth0 resource server");
            const identifier = validateIdentifier(args.identifier, tenant);
            const permissionNames = validatePermissions(args.permissions);
            const roles = validateRoles(args.roles, permissionNames);
            const signingAlg = validateSigningAlg(args.signingAlg);
            return {
                tenant,
                // Tokens of this API are signed with its own algorithm, whatever the tenant's default.
                identityProvider: { ...idp, capabilities: { ...idp.capabilities, signingAlgorithms: [signingAlg] } },
                identifier,
                permissionNames,
                roles,
                roleKeys: uniqueSlugs("roles", roles.map((r) => r.key ?? r.name)),
                signingAlg,
                lifetimes: validateTokenLifetimes(args.tokenLifetime, args.tokenLifetimeForWeb),
            };
        });
        super("edge-auth:index:Auth0Api", name, {}, opts);

        this.tenant = plan.tenant;
        this.identityProvider = plan.identityProvider;
        this.identifier = plan.identifier;
        this.permissionNames = plan.permissionNames;
        this.signingAlg = plan.signingAlg;
        this.rbacEnabled = args.enforcePolicies ?? true;
        this.offlineAccess = args.allowOfflineAccess ?? false;

        // The API and its scopes are named after the identifier, never after the component: a child's URN
        // holds its parent's type but not its name, so renaming the component keeps every URN.
        // Auth0 refuses a second ResourceServer with the same identifier (409), so a rename that
        // created the new one before deleting the old would fail half-way. The identifier is
        // unique per tenant, hence so are these names. The aliases adopt stacks created when
        // children were named `<component>-...`.
        const base = `api-${slug(plan.identifier)}`;
        this.resourceServer = new auth0.ResourceServer(base, {
            name: args.displayName ?? name,
            identifier: plan.identifier,
            signingAlg: plan.signingAlg,
            enforcePolicies: this.rbacEnabled,
            // With RBAC on, adds the `permissions` claim so targets can read what RBAC granted;
            // without RBAC there is nothing to report, and Auth0 pairs the dialect with RBAC.
            tokenDialect: this.rbacEnabled ? "access_token_authz" : "access_token",
            tokenLifetime: plan.lifetimes.tokenLifetime,
            tokenLifetimeForWeb: plan.lifetimes.tokenLifetimeForWeb,
            allowOfflineAccess: this.offlineAccess,
            skipConsentForVerifiableFirstPartyClients: args.skipConsentForVerifiableFirstPartyClients ?? true,
        }, { parent: this, aliases: [{ name: `${name}-api` }] });

        this.scopes = new auth0.ResourceServerScopes(`${base}-permissions`, {
            resourceServerIdentifier: this.resourceServer.identifier,
            scopes: args.permissions.map((p) => ({ name: p.name, description: p.description ?? p.name })),
        }, { parent: this, aliases: [{ name: `${name}-permissions` }] });

        this.roles = {};
        const roleIds: Record<string, pulumi.Output<string>> = {};
        for (const role of plan.roles) {
            // Named by the role's key alone (default: its name), neither by the identifier nor by
            // the component: a role is a tenant-wide Auth0 object carrying only name and
            // description, its link to this API lives in RolePermissions (updated in place). So
            // changing the identifier or renaming the component keeps the role, its id and its
            // user assignments, and a new display name with the same key updates it in place.
            // Two APIs of one program cannot share a key (Pulumi refuses the duplicate URN at
            // preview; Auth0 role names are tenant-wide anyway). The aliases adopt the names of
            // earlier releases: `api-<identifier>-role-<key>` and `<component>-role-<name>`.
            const roleKey = plan.roleKeys.get(role.key ?? role.name)!;
            const key = `role-${roleKey}`;
            const previous = [`${base}-role-${roleKey}`, `${name}-role-${slug(role.name)}`];
            const created = new auth0.Role(key, {
                name: role.name,
                description: role.description ?? `${role.name} (managed by edge-auth)`,
            }, { parent: this, aliases: previous.map((old) => ({ name: old })) });
            new auth0.RolePermissions(`${key}-permissions`, {
                roleId: created.id,
                permissions: role.permissions.map((permission) => ({
                    name: permission,
                    resourceServerIdentifier: this.resourceServer.identifier,
                })),
            }, { parent: this, dependsOn: [this.scopes], aliases: previous.map((old) => ({ name: `${old}-permissions` })) });
            this.roles[role.name] = created;
            roleIds[role.name] = created.id;
        }

        this.audience = this.resourceServer.identifier;
        this.issuer = pulumi.output(plan.tenant.issuer);
        this.permissions = pulumi.output([...plan.permissionNames] as string[]) as pulumi.Output<P[]>;
        this.roleIds = pulumi.output(roleIds);

        this.registerOutputs({
            audience: this.audience,
            issuer: this.issuer,
            permissions: this.permissions,
            roleIds: this.roleIds,
        });
    }

    /**
     * Throws unless every scope is a permission of this API; returns them typed. Components
     * that take scopes call this at construction.
     */
    requirePermissions(argument: string, scopes: readonly string[]): P[] {
        return requireApiScopes<P>(argument, scopes, this);
    }
}
