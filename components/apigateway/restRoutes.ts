/**
 * Route declarations of a REST API guarded by a Lambda authorizer, and the per-request decision
 * the authorizer returns. Pure: the components validate with it at construction and the bundled
 * handler decides with it at run time, so both read the routes the same way.
 *
 * The decision is per request: API Gateway says which resource and method it matched
 * (`event.resource`, `event.httpMethod` of a REQUEST authorizer), the route declared for them
 * gives the scopes, and the policy allows or denies exactly `event.methodArn`. No IAM pattern
 * is ever built from a route, so an IAM `*` (which spans '/' and matches the empty string)
 * cannot widen a grant. See docs/rest-authorizer.md.
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
     * The resource path with parameter names erased (`/movies/{}`, `/files/{+}`): two paths with
     * the same template are the same API Gateway resource.
     */
    readonly template: string;
    /** `<VERB> <template>`: two keys with the same identity are the same API Gateway method. */
    readonly resource: string;
}

/** Method-to-scopes map as the handler receives it in its environment: `{ "GET /movies": ["read:Movies"] }`. */
export type MethodScopes = Record<string, string[]>;

const PARAM_SEGMENT = /^\{[A-Za-z_][A-Za-z0-9_]*\}$/;
const GREEDY_SEGMENT = /^\{[A-Za-z_][A-Za-z0-9_]*\+\}$/;
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
        if (GREEDY_SEGMENT.test(segment)) {
            if (i !== segments.length - 1) {
                reject(argument, key, `has the greedy parameter ${segment} before the end`, "a {name+} parameter must be the last segment");
            }
        } else if (PARAM_SEGMENT.test(segment)) {
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
    const template = resourceTemplate(path);
    return { key: `${verb} ${path}`, verb: verb as RestVerb, path, template, resource: `${verb} ${template}` };
}

/**
 * Validates every route declaration and returns the method-to-scopes map the handler receives.
 * `requireScopes` checks scope names against the API (`requireApiScopes` on its reference).
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


/**
 * A resource path with its parameter names erased: `/movies/{id}` -> `/movies/{}`,
 * `/files/{path+}` -> `/files/{+}`. API Gateway sends the deployed resource path as
 * `event.resource`; its parameter names may differ from the declared ones.
 */
export function resourceTemplate(path: string): string {
    return path.replace(/\{[^/{}]+\+\}/g, "{+}").replace(/\{[^/{}+]+\}/g, "{}");
}

/** Routes compiled once per handler (module scope): scopes by resource template, then by verb. */
export type RouteTable = ReadonlyMap<string, ReadonlyMap<string, { key: string; scopes: ReadonlySet<string> }>>;

/** Compiles a method-to-scopes map (already validated at deployment). */
export function compileRoutes(methodScopes: MethodScopes): RouteTable {
    const table = new Map<string, Map<string, { key: string; scopes: ReadonlySet<string> }>>();
    for (const [key, scopes] of Object.entries(methodScopes)) {
        const route = parseRouteKey("routes", key);
        const verbs = table.get(route.template) ?? new Map();
        verbs.set(route.verb, { key: route.key, scopes: new Set(scopes) });
        table.set(route.template, verbs);
        // The declared spelling too, so the usual lookup needs no rewriting of `event.resource`.
        table.set(route.path, verbs);
    }
    return table;
}

/** HTTP methods API Gateway can put in a method ARN, as the standard spells them. */
const REQUEST_VERBS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

/** The parts of a method ARN: `arn:…:<apiId>/<stage>/<VERB>/<path as sent>`. */
export interface MethodArnParts {
    /** `arn:…:<apiId>/<stage>`. */
    prefix: string;
    verb: string;
    /** The request path as API Gateway wrote it, without the leading '/'. */
    path: string;
}

const METHOD_ARN = /^(arn:aws[a-z-]*:execute-api:[a-z0-9-]+:\d{12}:[A-Za-z0-9]+\/[^/*?]+)\/([A-Za-z]+)\/(.*)$/s;

export function parseMethodArn(methodArn: unknown): MethodArnParts | undefined {
    if (typeof methodArn !== "string") {
        return undefined;
    }
    const match = METHOD_ARN.exec(methodArn);
    return match ? { prefix: match[1], verb: match[2], path: match[3] } : undefined;
}

/** What API Gateway tells a REQUEST authorizer about the method it matched. */
export interface MatchedRequest {
    methodArn?: unknown;
    /** The deployed resource path API Gateway matched, e.g. `/movies/{id}`. */
    resource?: unknown;
    /** The request's method. */
    httpMethod?: unknown;
}

export type Decision =
    | { effect: "Allow"; route: string; methodArn: string }
    | { effect: "Deny"; route?: string; methodArn: string; reason: string }
    | { effect: "Unauthorized"; reason: string };

/**
 * The route API Gateway routed a request to, from the resource and method it matched: the
 * route declared for that very verb, else the resource's `ANY` route. Undeclared methods get
 * nothing (a Deny), so a method attached to the authorizer but missing from `routes` is closed.
 */
export function matchRoute(table: RouteTable, request: MatchedRequest): { decision: Decision } | { route: string; scopes: ReadonlySet<string>; methodArn: string } {
    const arn = parseMethodArn(request.methodArn);
    if (arn === undefined) {
        return { decision: { effect: "Unauthorized", reason: "no method ARN" } };
    }
    const methodArn = request.methodArn as string;
    const deny = (reason: string, route?: string): { decision: Decision } => ({ decision: { effect: "Deny", route, methodArn, reason } });
    if (typeof request.resource !== "string" || typeof request.httpMethod !== "string") {
        return deny("not a REQUEST event of a REST API (no resource or httpMethod)");
    }
    // A method ARN is an IAM resource: '*' or '?' in it would make the Allow a pattern.
    if (/[*?]/.test(arn.path)) {
        return deny("IAM wildcard character in the request path");
    }
    // Methods are case-sensitive: `get` is not GET, whatever API Gateway does with it.
    if (!REQUEST_VERBS.has(request.httpMethod) || (arn.verb !== request.httpMethod && arn.verb !== "ANY")) {
        return deny("method not one of the standard verbs, or not the method ARN's");
    }
    const verbs = table.get(request.resource) ?? table.get(resourceTemplate(request.resource));
    const route = verbs?.get(request.httpMethod) ?? verbs?.get("ANY");
    if (route === undefined) {
        return deny("no route declared for this method");
    }
    return { route: route.key, scopes: route.scopes, methodArn };
}

/** The decision for a token with `scopes` (any one of the route's scopes suffices). */
export function decide(table: RouteTable, request: MatchedRequest, scopes: readonly string[]): Decision {
    const matched = matchRoute(table, request);
    if ("decision" in matched) {
        return matched.decision;
    }
    return scopes.some((s) => matched.scopes.has(s))
        ? { effect: "Allow", route: matched.route, methodArn: matched.methodArn }
        : { effect: "Deny", route: matched.route, methodArn: matched.methodArn, reason: "scopes do not cover the route" };
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

/**
 * The policy for one decision: exactly the method ARN of this request. A cached copy can only
 * ever allow this one method and path, whatever key API Gateway caches it under.
 */
export function policyFor(effect: "Allow" | "Deny", methodArn: string): PolicyDocument {
    return { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: [methodArn] }] };
}

/** IAM evaluation of an API Gateway policy for one method ARN: explicit Deny wins, then Allow. */
export function policyAllows(policy: PolicyDocument, methodArn: string): boolean {
    const matches = (effect: "Allow" | "Deny") => policy.Statement.some((s) => s.Effect === effect && s.Resource.some((r) => globMatches(r, methodArn)));
    return !matches("Deny") && matches("Allow");
}
