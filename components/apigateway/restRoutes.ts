/**
 * Route declarations of a REST API guarded by a Lambda authorizer, and the IAM policy the
 * authorizer returns for a token. Pure: the component validates with it at construction and the
 * bundled handler builds policies with it at run time, so both read the routes the same way.
 */
import { reject } from "../core/errors";

/** Methods a REST API route can declare. `ANY` matches every method without its own route. */
export const REST_VERBS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "ANY"] as const;
export type RestVerb = (typeof REST_VERBS)[number];

/** Verbs a method ARN of an `ANY` method can carry (the request's method; `ANY` kept in case). */
const ANY_METHOD_VERBS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"];

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
     * The route's identity as `<VERB>/<path>` with path parameters as `*`: `GET/movies/*`.
     * Two keys with the same identity are the same API Gateway method.
     */
    readonly resource: string;
    /**
     * The route's resource patterns in an `execute-api` ARN after `<apiId>/<stage>/`. `ANY` is
     * listed verb by verb: in IAM a `*` in the verb position would also span '/' and match
     * paths of other routes (`*\/b` matches `POST/a/b`).
     */
    readonly resources: readonly string[];
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
    const resourcePath = segments.map((s) => (s.startsWith("{") ? "*" : s)).join("/");
    return {
        key: `${verb} ${path}`,
        verb: verb as RestVerb,
        path,
        resource: `${verb}/${resourcePath}`,
        resources: (verb === "ANY" ? ANY_METHOD_VERBS : [verb]).map((v) => `${v}/${resourcePath}`),
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
     * For each route A, the routes B that A's IAM patterns could let through: in IAM a `*`
     * spans '/', so `GET/a/*` also matches `GET/a/b/c`, a request API Gateway may route to
     * `GET /{proxy+}`. When A is allowed and B is not, the policy denies B explicitly.
     */
    readonly covers: readonly (readonly number[])[];
}

/** Compiles a method-to-scopes map (already validated at deployment). */
export function compileRoutes(methodScopes: MethodScopes): CompiledRoutes {
    const parsed = Object.keys(methodScopes).map((key) => parseRouteKey("routes", key));
    // An ANY method serves only the verbs its path has no explicit method for.
    const routes = parsed.map((route, i) => {
        const claimed = new Set(parsed.filter((other) => other.path === route.path && other.verb !== "ANY").map((other) => `${other.verb}/`));
        const resources = route.verb === "ANY" ? route.resources.filter((r) => ![...claimed].some((c) => r.startsWith(c))) : route.resources;
        return { ...route, resources, scopes: new Set(methodScopes[Object.keys(methodScopes)[i]]) };
    });
    const covers = routes.map((a, i) => routes.flatMap((b, j) => (i !== j && mayReach(a, b) ? [j] : [])));
    return { routes, covers };
}

/**
 * Whether a request API Gateway routes to `b` can match one of `a`'s IAM patterns.
 * Conservative: it may say yes when API Gateway would route every such request elsewhere
 * (that only costs a 403), except for one exact case: a pattern without wildcards is a single
 * request, which goes to `a`'s own all-literal resource, so it reaches `b` only when `b` is an
 * explicit method on the same path and `a` is `ANY`.
 */
function mayReach(a: RestRoute, b: RestRoute): boolean {
    return a.resources.some((pattern) => requestPatterns(b).some((requests) => {
        if (!pattern.includes("*")) {
            return a.path === b.path && a.verb === "ANY" && b.verb !== "ANY" && patternsIntersect(pattern, requests);
        }
        return patternsIntersect(pattern, requests);
    }));
}

// Pattern alphabet: literal characters, plus
const STAR = "*"; //       any run, '/' included (IAM's '*')
const SEGMENT = "\u0001"; // one or more characters without '/' (a {param})
const GREEDY = "\u0002"; //  one or more characters (a {param+})

/** The requests a route can receive, one pattern per verb: `GET/movies/<segment>`. */
function requestPatterns(route: RestRoute): string[] {
    const segments = route.path === "/" ? [] : route.path.slice(1).split("/");
    const path = segments.map((s) => (s.endsWith("+}") ? GREEDY : s.startsWith("{") ? SEGMENT : s)).join("/");
    return route.resources.map((r) => `${r.slice(0, r.indexOf("/"))}/${path}`);
}

/** Whether some string matches both patterns (in the alphabet above). */
export function patternsIntersect(a: string, b: string): boolean {
    // A one-or-more wildcard is one mandatory character then zero or more: expand to tokens.
    const tokens = (p: string) => [...p].flatMap((c) => c === SEGMENT ? ["seg1", "seg*"] : c === GREEDY ? ["any1", "any*"] : c === STAR ? ["any*"] : [c]);
    const x = tokens(a);
    const y = tokens(b);
    const isStar = (t: string) => t === "any*" || t === "seg*";
    // Can one character be produced by token t (a literal, or a class) and by token u?
    const agree = (t: string, u: string): boolean => {
        const one = (v: string) => (v.length === 1 ? v : undefined);
        const slashFree = (v: string) => v === "seg1" || v === "seg*";
        if (one(t) !== undefined && one(u) !== undefined) {
            return t === u;
        }
        if (one(t) !== undefined) {
            return !(t === "/" && slashFree(u));
        }
        if (one(u) !== undefined) {
            return !(u === "/" && slashFree(t));
        }
        return true; // two classes always share a character that is not '/'
    };
    const seen = new Map<number, boolean>();
    const step = (i: number, j: number): boolean => {
        const key = i * (y.length + 1) + j;
        const known = seen.get(key);
        if (known !== undefined) {
            return known;
        }
        let result: boolean;
        if (i === x.length && j === y.length) {
            result = true;
        } else if (i < x.length && isStar(x[i])) {
            // x's star stops here, or produces y's next character (y's star: both produce one).
            result = step(i + 1, j) || (j < y.length && agree(x[i], y[j]) && step(i, j + 1));
        } else if (j < y.length && isStar(y[j])) {
            result = step(i, j + 1) || (i < x.length && agree(x[i], y[j]) && step(i + 1, j));
        } else {
            result = i < x.length && j < y.length && agree(x[i], y[j]) && step(i + 1, j + 1);
        }
        seen.set(key, result);
        return result;
    };
    return step(0, 0);
}


/**
 * Pairs of routes an IAM policy cannot tell apart for some tokens: when `route` is allowed and
 * `deniedWith` is not, the Deny that keeps `deniedWith` closed also matches requests of
 * `route`, which then get 403. Safe, but surprising: the component warns about each pair.
 */
export function shadowedRoutes(compiled: CompiledRoutes): Array<{ route: string; deniedWith: string }> {
    const found: Array<{ route: string; deniedWith: string }> = [];
    // `b` is denied whenever any allowed route covers it, not only when `a` does: its Deny can
    // then hit `a`'s requests even though `a`'s own patterns never reach `b`.
    const deniable = new Set(compiled.covers.flat());
    compiled.routes.forEach((a, i) => {
        for (const j of deniable) {
            if (j === i) {
                continue;
            }
            const b = compiled.routes[j];
            const someTokenSplits = [...a.scopes].some((scope) => !b.scopes.has(scope));
            if (someTokenSplits && b.resources.some((deny) => requestPatterns(a).some((requests) => patternsIntersect(deny, requests) && !requestsOnlyOf(deny, b, a)))) {
                found.push({ route: a.key, deniedWith: b.key });
            }
        }
    });
    return found;
}

// A wildcard-free Deny pattern is one request; it hits `a` only if API Gateway routes it to `a`,
// which it does not when `b` is an all-literal route for that very request.
function requestsOnlyOf(deny: string, b: RestRoute, a: RestRoute): boolean {
    return !deny.includes("*") && !(a.path === b.path && a.verb !== "ANY" && b.verb === "ANY");
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
            allow.push(...route.resources.map((r) => `${prefix}/${r}`));
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
        statements.push({ Action: "execute-api:Invoke", Effect: "Deny", Resource: [...deny].sort((a, b) => a - b).flatMap((j) => compiled.routes[j].resources.map((r) => `${prefix}/${r}`)) });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** IAM evaluation of an API Gateway policy for one method ARN: explicit Deny wins, then Allow. */
export function policyAllows(policy: PolicyDocument, methodArn: string): boolean {
    const matches = (effect: "Allow" | "Deny") => policy.Statement.some((s) => s.Effect === effect && s.Resource.some((r) => globMatches(r, methodArn)));
    return !matches("Deny") && matches("Allow");
}
