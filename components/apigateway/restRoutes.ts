/**
 * Route declarations of a REST API guarded by a Lambda authorizer, and the IAM policy the
 * authorizer returns for a token. Pure: the component validates with it at construction and the
 * bundled handler builds policies with it at run time, so both read the routes the same way.
 */
import { reject } from "../core/errors";

/** Methods a REST API route can declare. `ANY` matches every method without its own route. */
export const REST_VERBS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "ANY"] as const;
export type RestVerb = (typeof REST_VERBS)[number];

/** Scopes a route requires; a token needs at least one of them (any-of, as API Gateway's JWT authorizers). */
export interface RestRouteArgs<P extends string = string> {
    /** Permissions of the Auth0 API; any one of them lets a token call the route. */
    scopes: P[];
}

/** One parsed route key such as `GET /movies/{id}`. */
export interface RestRoute {
    /** The normalised key, `<VERB> <path>`. */
    readonly key: string;
    readonly verb: RestVerb;
    readonly path: string;
    /**
     * The route's part of an `execute-api` resource ARN after `<apiId>/<stage>/`:
     * `GET/movies/*`. Path parameters and `ANY` become `*`.
     */
    readonly resource: string;
}

/** Method-to-scopes map as the handler receives it in its environment: `{ "GET /movies": ["read:Movies"] }`. */
export type MethodScopes = Record<string, string[]>;

const PARAM = /^\{[A-Za-z_][A-Za-z0-9_]*\}$/;
const GREEDY = /^\{[A-Za-z_][A-Za-z0-9_]*\+\}$/;
// API Gateway path parts: letters, digits and . _ - : (no '*', which would be an IAM wildcard).
const LITERAL = /^[A-Za-z0-9._:-]+$/;

/** Parses and validates one route key. `argument` names it in errors, e.g. `routes["GET /x"]`. */
export function parseRouteKey(argument: string, key: unknown): RestRoute {
    if (typeof key !== "string" || key.trim() === "") {
        return reject(argument, key, "is empty", "write a route key such as \"GET /movies/{id}\"");
    }
    const parts = key.trim().split(/\s+/);
    if (parts.length !== 2) {
        return reject(argument, key, "is not \"<METHOD> <path>\"", "write a route key such as \"GET /movies/{id}\"");
    }
    const verb = parts[0].toUpperCase();
    const path = parts[1];
    if (verb === "OPTIONS") {
        return reject(argument, key, "puts CORS preflight behind the authorizer", "browsers send no token with OPTIONS: leave OPTIONS methods with authorization NONE and do not declare them here");
    }
    if (!(REST_VERBS as readonly string[]).includes(verb)) {
        return reject(argument, key, `has an unknown method "${parts[0]}"`, `use one of ${REST_VERBS.join(", ")}`);
    }
    if (!path.startsWith("/")) {
        return reject(argument, key, "has a path without a leading '/'", `write "${verb} /${path}"`);
    }
    if (path.length > 1 && path.endsWith("/")) {
        return reject(argument, key, "has a trailing '/'", `write "${verb} ${path.replace(/\/+$/, "")}"`);
    }
    const segments = path === "/" ? [] : path.slice(1).split("/");
    const names = new Set<string>();
    segments.forEach((segment, i) => {
        if (segment === "") {
            reject(argument, key, "has an empty path segment", "remove the doubled '/'");
        }
        if (GREEDY.test(segment)) {
            if (i !== segments.length - 1) {
                reject(argument, key, `has the greedy parameter ${segment} before the end`, "a {name+} parameter must be the last segment");
            }
        } else if (PARAM.test(segment)) {
            // checked below for duplicates
        } else if (!LITERAL.test(segment)) {
            reject(argument, key, `has an invalid path segment "${segment}"`, "use letters, digits, '.', '_', '-', ':' or a {parameter}");
        }
        if (segment.startsWith("{")) {
            const name = segment.replace(/[{}+]/g, "");
            if (names.has(name)) {
                reject(argument, key, `names the parameter {${name}} twice`, "give each path parameter its own name");
            }
            names.add(name);
        }
    });
    const resourcePath = segments.map((s) => (s.startsWith("{") ? "*" : s)).join("/");
    return {
        key: `${verb} ${path}`,
        verb: verb as RestVerb,
        path,
        resource: `${verb === "ANY" ? "*" : verb}/${resourcePath}`,
    };
}

/**
 * Validates every route declaration and returns the method-to-scopes map the handler receives.
 * `requireScopes` checks scope names against the API (`Auth0Api.requirePermissions`).
 */
export function validateRoutes(
    routes: Record<string, RestRouteArgs> | undefined,
    requireScopes: (argument: string, scopes: readonly string[]) => string[],
): MethodScopes {
    if (routes === undefined || routes === null || typeof routes !== "object" || Array.isArray(routes) || Object.keys(routes).length === 0) {
        return reject("routes", routes, "is empty", "declare at least one route, e.g. { \"GET /movies\": { scopes: [\"read:Movies\"] } }");
    }
    const result: MethodScopes = {};
    const byResource = new Map<string, string>();
    for (const [key, declaration] of Object.entries(routes)) {
        const argument = `routes[${JSON.stringify(key)}]`;
        const route = parseRouteKey(argument, key);
        const other = byResource.get(route.resource);
        if (other !== undefined) {
            reject(argument, key, `is the same route as ${JSON.stringify(other)}`, "declare each method and path once (parameter names do not make routes different)");
        }
        byResource.set(route.resource, key);
        const scopes = declaration?.scopes;
        if (!Array.isArray(scopes) || scopes.length === 0) {
            reject(`${argument}.scopes`, scopes, "is empty", "list the permissions that may call this route; routes anyone may call should not use the authorizer");
        }
        if (new Set(scopes).size !== scopes.length) {
            reject(`${argument}.scopes`, scopes, "repeats a scope", "list each scope once");
        }
        result[route.key] = requireScopes(`${argument}.scopes`, scopes);
    }
    return result;
}

/** Routes compiled once per handler (module scope) so each invocation only matches scopes. */
export interface CompiledRoutes {
    readonly routes: readonly (RestRoute & { readonly scopes: ReadonlySet<string> })[];
    /**
     * For each route, the other routes its resource pattern also matches in IAM (where `*`
     * spans '/'): `GET/movies/*` matches `GET/movies/*\/reviews`. When the first is allowed and
     * the second is not, the policy must deny the second explicitly.
     */
    readonly covers: readonly (readonly number[])[];
}

/** Compiles a method-to-scopes map (already validated at deployment). */
export function compileRoutes(methodScopes: MethodScopes): CompiledRoutes {
    const routes = Object.entries(methodScopes).map(([key, scopes]) => ({ ...parseRouteKey("routes", key), scopes: new Set(scopes) }));
    const covers = routes.map((a, i) => routes.flatMap((b, j) => (i !== j && globMatches(a.resource, b.resource) ? [j] : [])));
    return { routes, covers };
}

/** IAM-style match: `*` matches any run of characters, '/' included. */
export function globMatches(pattern: string, text: string): boolean {
    let p = 0;
    let t = 0;
    let star = -1;
    let mark = 0;
    while (t < text.length) {
        if (p < pattern.length && pattern[p] !== "*" && pattern[p] === text[t]) {
            p++;
            t++;
        } else if (p < pattern.length && pattern[p] === "*") {
            star = p++;
            mark = t;
        } else if (star >= 0) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.length && pattern[p] === "*") {
        p++;
    }
    return p === pattern.length;
}

/** The `arn:…:<apiId>/<stage>` part of a method ARN, or undefined when it is not one. */
export function methodArnPrefix(methodArn: unknown): string | undefined {
    if (typeof methodArn !== "string") {
        return undefined;
    }
    // arn:<partition>:execute-api:<region>:<account>:<apiId>/<stage>/<VERB>/<path…>
    const match = /^(arn:aws[a-z-]*:execute-api:[a-z0-9-]+:\d{12}:[A-Za-z0-9]+\/[^/]+)\/[A-Z]+\/.*$/.exec(methodArn);
    return match ? match[1] : undefined;
}

/** Splits a token's scopes: Auth0 writes `scope` space-separated; some issuers write `scp` as an array. */
export function tokenScopes(payload: { scope?: unknown; scp?: unknown }): string[] {
    const found: string[] = [];
    for (const claim of [payload.scope, payload.scp]) {
        if (typeof claim === "string") {
            found.push(...claim.split(" ").filter((s) => s.length > 0));
        } else if (Array.isArray(claim)) {
            found.push(...claim.filter((s): s is string => typeof s === "string" && s.length > 0));
        }
    }
    return [...new Set(found)];
}

export interface PolicyStatement {
    Action: "execute-api:Invoke";
    Effect: "Allow" | "Deny";
    Resource: string[];
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

/** The routes a set of scopes may call, by key. */
export function allowedRoutes(compiled: CompiledRoutes, scopes: readonly string[]): string[] {
    return compiled.routes.filter((r) => scopes.some((s) => r.scopes.has(s))).map((r) => r.key);
}

/**
 * The policy for a token with `scopes`, valid for every method of the API and stage in
 * `prefix`: API Gateway caches it per token and reuses it for other methods. Allowed routes
 * are allowed; declared routes the token may not call but an allowed pattern would match are
 * denied explicitly. A token that may call nothing gets a single Deny (403).
 */
export function buildPolicy(compiled: CompiledRoutes, prefix: string, scopes: readonly string[]): PolicyDocument {
    const allowed = compiled.routes.map((r) => scopes.some((s) => r.scopes.has(s)));
    const allow: string[] = [];
    const deny = new Set<number>();
    compiled.routes.forEach((route, i) => {
        if (allowed[i]) {
            allow.push(`${prefix}/${route.resource}`);
            for (const j of compiled.covers[i]) {
                if (!allowed[j]) {
                    deny.add(j);
                }
            }
        }
    });
    if (allow.length === 0) {
        return { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: "Deny", Resource: [`${prefix}/*`] }] };
    }
    const statements: PolicyStatement[] = [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: allow }];
    if (deny.size > 0) {
        statements.push({ Action: "execute-api:Invoke", Effect: "Deny", Resource: [...deny].sort((a, b) => a - b).map((j) => `${prefix}/${compiled.routes[j].resource}`) });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** IAM evaluation of an API Gateway policy for one method ARN: explicit Deny wins, then Allow. */
export function policyAllows(policy: PolicyDocument, methodArn: string): boolean {
    const matches = (effect: "Allow" | "Deny") => policy.Statement.some((s) => s.Effect === effect && s.Resource.some((r) => globMatches(r, methodArn)));
    return !matches("Deny") && matches("Allow");
}
