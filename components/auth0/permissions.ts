import { reject } from "../core/errors";
import { requireToken, requireUnique } from "../core/values";

/** One permission (OAuth scope) of an Auth0 API. */
export interface PermissionArgs<P extends string = string> {
    /** The scope string clients request and authorizers check, e.g. `read:colors`. No whitespace. */
    name: P;
    /**
     * Shown on the consent screen and in the Auth0 dashboard.
     * @default - the permission name
     */
    description?: string;
}

/** A role: a named set of the API's permissions that users are assigned in Auth0. */
export interface RoleArgs<P extends string = string> {
    /** The role's name as shown in Auth0 and in `event.authorization.roles`, e.g. `IT Operations`. */
    name: string;
    /**
     * Stable identity of the role's resources, apart from its display name. Changing `name`
     * with the same `key` renames the role in place (its id and user assignments stay);
     * changing the key replaces the role, and Auth0 forgets who held it. To rename a role
     * declared without a key, set `key` to its old name in the same change. Names the role's
     * resources (`role-<key>`), so it is unique among all `Auth0Api`s of one program.
     * @default - the name
     * @example "it-operations"
     */
    key?: string;
    /**
     * Describes the role in the Auth0 dashboard.
     * @default - "<name> (managed by edge-auth)"
     */
    description?: string;
    /** Permissions the role grants; each must be declared in `permissions`. */
    permissions: P[];
}

/** Validates the permission list: non-empty names, no whitespace, no duplicates, at least one. */
export function validatePermissions<P extends string>(permissions: readonly PermissionArgs<P>[] | undefined): P[] {
    if (!Array.isArray(permissions) || permissions.length === 0) {
        return reject("permissions", permissions, "is empty", "declare at least one permission, e.g. [{ name: \"read:items\" }]");
    }
    const names = permissions.map((p, i) => requireToken(`permissions[${i}].name`, p?.name, "permission name") as P);
    requireUnique("permissions", names, "permission");
    return names;
}

/** Validates roles: unique non-empty names, every permission declared, no empty role. */
export function validateRoles<P extends string>(roles: readonly RoleArgs<P>[] | undefined, declared: readonly P[]): RoleArgs<P>[] {
    if (roles === undefined) {
        return [];
    }
    const names = roles.map((role, i) => {
        if (typeof role?.name !== "string" || role.name.trim() === "") {
            return reject(`roles[${i}].name`, role?.name, "is empty", "give every role a name, e.g. \"IT Operations\"");
        }
        return role.name;
    });
    requireUnique("roles", names, "role");
    roles.forEach((role, i) => {
        if (role.key !== undefined && (typeof role.key !== "string" || role.key.trim() === "")) {
            reject(`roles[${i}].key`, role.key, "is empty", "give a stable key such as \"it-operations\", or leave it out to key the role by its name");
        }
    });
    requireUnique("roles", roles.map((role) => role.key ?? role.name), "role key");
    for (const role of roles) {
        if (!Array.isArray(role.permissions) || role.permissions.length === 0) {
            reject(`roles["${role.name}"].permissions`, role.permissions, "is empty", "list the permissions this role grants");
        }
        requireDeclared(`roles["${role.name}"].permissions`, role.permissions, declared);
        requireUnique(`roles["${role.name}"].permissions`, role.permissions, "permission");
    }
    return [...roles];
}

/**
 * Throws unless every scope is a declared permission. Used by everything that references
 * the API's permissions (roles, grants, routes, ALB claims, Actions), so a typo fails at
 * construction instead of as a missing scope in production.
 */
export function requireDeclared<P extends string>(argument: string, scopes: readonly string[], declared: readonly P[]): P[] {
    const known = new Set<string>(declared);
    for (const scope of scopes) {
        if (!known.has(scope)) {
            reject(argument, scope, "is not a permission of the API", `declare it in the API's permissions or use one of: ${declared.join(", ")}`);
        }
    }
    return scopes as P[];
}
