import type * as pulumi from "@pulumi/pulumi";
import { reject } from "../core/errors";
import { requireUnique } from "../core/values";
import { requireDeclared } from "../auth0/permissions";
import { ApiReferenceData, requireApiScopes } from "../core/references";

/** Methods an HTTP API route key may name; `ANY` matches every method. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS" | "ANY";

export const HTTP_METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"];

/** The JWT authorizer checks at most this many scopes per route (API Gateway quota). */
export const MAX_ROUTE_SCOPES = 10;

/** A Lambda function to integrate: an `aws.lambda.Function`, or anything with its ARN. */
export interface HttpLambdaTarget {
    /** The function (or alias) ARN. */
    arn: pulumi.Input<string>;
}

/**
 * One route of an HTTP API: exactly one integration (`function` or `url`) and exactly one
 * access rule (`scopes`, `public` or `anyValidToken`), so no route is unauthenticated by
 * omission.
 */
export interface HttpRouteArgs<P extends string = string> {
    /**
     * Lambda function that serves the route, called with payload format 2.0 (claims at
     * `event.requestContext.authorizer.jwt.claims`).
     * @default - none; set `function` or `url`
     */
    function?: HttpLambdaTarget;
    /**
     * HTTPS URL the route proxies to (`HTTP_PROXY`, payload format 1.0, the only one AWS
     * supports for HTTP integrations). May contain the route's path parameters, e.g.
     * `https://backend.example.com/items/{id}`.
     * @default - none; set `function` or `url`
     */
    url?: string;
    /**
     * Scopes of the Auth0 API of which the access token must carry at least one (the JWT
     * authorizer checks them any-of against `scope`). One to ten, each a declared permission.
     * @default - none; set `scopes`, `public` or `anyValidToken`
     */
    scopes?: P[];
    /**
     * Serve the route without a token. Must be written out: a route without an access rule
     * is rejected.
     * @default - none
     */
    public?: true;
    /**
     * Accept any valid token whose `aud` is the API, without scope checks. ID tokens also
     * pass when their `aud` matches, so use it only where that is acceptable (e.g. a
     * "who am I" route such as seed 003's `GET /my/profile`).
     * @default - none
     */
    anyValidToken?: true;
}

/** A route key split into its parts. */
export interface ParsedRouteKey {
    /** The key as written, e.g. `GET /my/colors` or `$default`. */
    key: string;
    /** The method; `ANY` for `$default`. */
    method: HttpMethod;
    /** The path, e.g. `/pets/{id}`; undefined for `$default`. */
    path: string | undefined;
    /** Whether this is the catch-all `$default` route. */
    isDefault: boolean;
    /** Method and path with parameter names erased: two keys with the same shape collide in API Gateway. */
    shape: string;
}

const LITERAL_SEGMENT = /^[A-Za-z0-9._~:@!$&'()*,;=-]+$/;
const PARAMETER_SEGMENT = /^\{([A-Za-z0-9_]+)(\+?)\}$/;

/**
 * Parses an HTTP API route key: `$default`, or `METHOD /path` where the path starts with `/`,
 * has no empty segments, and uses `{name}` parameters with at most one greedy `{name+}` as the
 * last segment.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */
export function parseRouteKey(argument: string, key: unknown): ParsedRouteKey {
    if (typeof key !== "string" || key.length === 0) {
        return reject(argument, key, "is not a route key", "write \"METHOD /path\", e.g. \"GET /colors\", or \"$default\"");
    }
    if (key === "$default") {
        return { key, method: "ANY", path: undefined, isDefault: true, shape: "$default" };
    }
    const parts = key.split(" ");
    if (parts.length !== 2 || parts[0] === "" || parts[1] === "") {
        return reject(argument, key, "is not of the form \"METHOD /path\"", "separate method and path by one space, e.g. \"GET /colors\"");
    }
    const [rawMethod, path] = parts;
    const method = rawMethod.toUpperCase() as HttpMethod;
    if (!HTTP_METHODS.includes(method)) {
        return reject(argument, key, `has an unknown method "${rawMethod}"`, `use one of ${HTTP_METHODS.join(", ")}`);
    }
    if (method !== rawMethod) {
        return reject(argument, key, "has a lower-case method", `write "${method} ${path}"`);
    }
    if (!path.startsWith("/")) {
        return reject(argument, key, "has a path that does not start with '/'", `write "${method} /${path}"`);
    }
    if (path === "/") {
        return { key, method, path, isDefault: false, shape: `${method} /` };
    }
    if (path.endsWith("/")) {
        return reject(argument, key, "has a trailing '/'", `write "${method} ${path.replace(/\/+$/, "")}"`);
    }
    const segments = path.slice(1).split("/");
    const params: string[] = [];
    const shape = segments.map((segment, i) => {
        if (segment === "") {
            return reject(argument, key, "has an empty path segment ('//')", "remove the doubled '/'");
        }
        const param = PARAMETER_SEGMENT.exec(segment);
        if (param) {
            if (param[2] === "+" && i !== segments.length - 1) {
                return reject(argument, key, `has the greedy parameter "${segment}" before the end`, "a {name+} parameter may only be the last segment");
            }
            params.push(param[1]);
            return param[2] === "+" ? "{+}" : "{}";
        }
        if (segment.includes("{") || segment.includes("}")) {
            return reject(argument, key, `has a malformed parameter "${segment}"`, "a parameter is a whole segment, e.g. \"/items/{id}\" or \"/files/{proxy+}\"");
        }
        if (!LITERAL_SEGMENT.test(segment)) {
            return reject(argument, key, `has invalid characters in "${segment}"`, "use letters, digits and - . _ ~ in paths; no query or fragment");
        }
        return segment;
    });
    requireUnique(argument, params, "path parameter");
    return { key, method, path, isDefault: false, shape: `${method} /${shape.join("/")}` };
}

/** Who may call a route. */
export type RouteAccess<P extends string = string> =
    | { kind: "public" }
    | { kind: "anyValidToken" }
    | { kind: "scopes"; scopes: P[] };

/** Where a route sends requests. */
export type RouteIntegration =
    | { kind: "lambda"; target: HttpLambdaTarget }
    | { kind: "url"; url: string };

/** A validated route, ready to be turned into resources. */
export interface PlannedRoute<P extends string = string> extends ParsedRouteKey {
    access: RouteAccess<P>;
    integration: RouteIntegration;
}

/**
 * Validates every route: key syntax, no two keys of the same shape, exactly one integration,
 * exactly one access rule, scopes declared on the API (one to ten, no repeats).
 *
 * With `cors` on, it also keeps preflights away from the authorizer: API Gateway answers an
 * `OPTIONS` request itself only when no route matches it, and an authorized `ANY` or
 * `$default` route would match and answer 401 (browsers send no token with a preflight).
 */
export function planHttpRoutes<P extends string>(routes: Record<string, HttpRouteArgs<P>> | undefined, declared: readonly P[] | ApiReferenceData, cors: boolean): PlannedRoute<P>[] {
    if (routes === undefined || routes === null || typeof routes !== "object" || Array.isArray(routes)) {
        return reject("routes", routes, "is not a map of route keys to routes", "pass e.g. { \"GET /colors\": { function: fn, public: true } }");
    }
    const keys = Object.keys(routes);
    if (keys.length === 0) {
        return reject("routes", routes, "is empty", "declare at least one route");
    }
    const byShape = new Map<string, string>();
    const planned = keys.map((key) => {
        const argument = `routes[${JSON.stringify(key)}]`;
        const parsed = parseRouteKey(argument, key);
        const other = byShape.get(parsed.shape);
        if (other !== undefined) {
            reject(argument, key, `is the same route as ${JSON.stringify(other)}`, "declare each method and path once (parameter names do not make routes differ)");
        }
        byShape.set(parsed.shape, key);
        const route = routes[key];
        if (route === undefined || route === null || typeof route !== "object") {
            return reject(argument, route, "is not a route", "pass { function or url, and scopes, public: true or anyValidToken: true }");
        }
        return { ...parsed, integration: planIntegration(argument, route), access: planAccess(argument, route, declared) };
    });
    if (cors) {
        checkPreflights(planned);
    }
    return planned;
}

function planIntegration(argument: string, route: HttpRouteArgs<string>): RouteIntegration {
    if (route.function !== undefined && route.url !== undefined) {
        return reject(argument, { function: "…", url: route.url }, "has both function and url", "give one integration per route");
    }
    if (route.function !== undefined) {
        if (route.function === null || typeof route.function !== "object" || route.function.arn === undefined) {
            // The value itself when it is a string or number (an id passed by mistake); an object is described.
            const given = route.function !== null && typeof route.function === "object" ? "(an object without arn)" : route.function;
            return reject(`${argument}.function`, given, "is not a Lambda function", "pass an aws.lambda.Function or { arn }");
        }
        return { kind: "lambda", target: route.function };
    }
    if (route.url !== undefined) {
        return { kind: "url", url: validateIntegrationUrl(`${argument}.url`, route.url) };
    }
    return reject(argument, Object.keys(route), "has no integration", "set function (a Lambda function) or url (an https URL)");
}

/** HTTP integrations must be https: the API would otherwise forward tokens in clear text. */
export function validateIntegrationUrl(argument: string, value: unknown): string {
    if (typeof value !== "string" || value.length === 0) {
        return reject(argument, value, "is empty", "give a full https URL such as \"https://backend.example.com/items\"");
    }
    let url: URL;
    try {
        // Path parameters such as {id} are not valid URL characters; substitute for parsing only.
        url = new URL(value.replace(/\{[^}]*\}/g, "param"));
    } catch {
        return reject(argument, value, "is not an absolute URL", "write it with its scheme, e.g. \"https://backend.example.com\"");
    }
    if (url.protocol !== "https:") {
        return reject(argument, value, "is not https", `use "https://${url.host}${url.pathname === "/" ? "" : url.pathname}"`);
    }
    if (url.username || url.password) {
        return reject(argument, "(redacted)", "contains credentials", "authenticate the backend another way; URLs end up in logs and state");
    }
    return value;
}

function planAccess<P extends string>(argument: string, route: HttpRouteArgs<P>, declared: readonly P[] | ApiReferenceData): RouteAccess<P> {
    const chosen = (["scopes", "public", "anyValidToken"] as const).filter((field) => route[field] !== undefined);
    if (chosen.length === 0) {
        return reject(argument, Object.keys(route), "has no access rule", "set scopes: [...] (recommended), anyValidToken: true, or public: true");
    }
    if (chosen.length > 1) {
        return reject(argument, chosen, "has more than one access rule", "keep exactly one of scopes, anyValidToken and public");
    }
    if (route.public !== undefined && route.public !== true) {
        return reject(`${argument}.public`, route.public, "must be true when given", "write public: true, or give scopes instead");
    }
    if (route.anyValidToken !== undefined && route.anyValidToken !== true) {
        return reject(`${argument}.anyValidToken`, route.anyValidToken, "must be true when given", "write anyValidToken: true, or give scopes instead");
    }
    if (route.public) {
        return { kind: "public" };
    }
    if (route.anyValidToken) {
        return { kind: "anyValidToken" };
    }
    const scopes = route.scopes;
    if (!Array.isArray(scopes) || scopes.length === 0) {
        return reject(`${argument}.scopes`, scopes, "is empty", "list at least one scope, or write anyValidToken: true for any token of this API");
    }
    if (scopes.length > MAX_ROUTE_SCOPES) {
        return reject(`${argument}.scopes`, scopes.length, `lists more than ${MAX_ROUTE_SCOPES} scopes`, `API Gateway checks at most ${MAX_ROUTE_SCOPES} per route: group them under a broader permission`);
    }
    requireUnique(`${argument}.scopes`, scopes, "scope");
    // An API reference names the stack it came from when a scope is missing there.
    const checked = Array.isArray(declared)
        ? requireDeclared(`${argument}.scopes`, scopes, declared as readonly P[])
        : requireApiScopes<P>(`${argument}.scopes`, scopes, declared as ApiReferenceData);
    return { kind: "scopes", scopes: checked };
}

function checkPreflights(routes: readonly PlannedRoute<string>[]): void {
    const publicOptions = new Set(routes.filter((r) => r.method === "OPTIONS" && r.access.kind === "public").map((r) => r.shape));
    for (const route of routes) {
        const argument = `routes[${JSON.stringify(route.key)}]`;
        if (route.access.kind === "public") {
            continue;
        }
        if (route.method === "OPTIONS") {
            reject(argument, route.key, "requires a token on OPTIONS", "browsers send preflights without tokens: make it public: true, or drop it (API Gateway answers preflights from corsConfiguration)");
        }
        if (route.method === "ANY") {
            const optionsShape = route.isDefault ? "OPTIONS /{+}" : route.shape.replace(/^ANY /, "OPTIONS ");
            if (!publicOptions.has(optionsShape)) {
                const optionsKey = route.isDefault ? "OPTIONS /{proxy+}" : `OPTIONS ${route.path}`;
                reject(argument, route.key, "would send CORS preflights to the JWT authorizer (401)",
                    `list the methods instead (e.g. "GET ${route.path ?? "/{proxy+}"}"), or add a public "${optionsKey}" route`);
            }
        }
    }
}

/**
 * The part of an execute-api ARN after the API id that a route's requests carry:
 * `*` (any stage) / method / path, with path parameters as `*`. `$default` matches anything
 * under this API, since its requests carry whatever method and path was called.
 */
export function executeApiSourcePath(route: ParsedRouteKey): string {
    if (route.isDefault || route.path === undefined) {
        return "*";
    }
    const method = route.method === "ANY" ? "*" : route.method;
    const path = route.path.replace(/\{[A-Za-z0-9_]+\+?\}/g, "*");
    return `*/${method}${path}`;
}

/** The distinct scopes used by the routes, in first-use order: what clients should request. */
export function scopesUsed<P extends string>(routes: readonly PlannedRoute<P>[]): P[] {
    const seen = new Set<P>();
    for (const route of routes) {
        if (route.access.kind === "scopes") {
            route.access.scopes.forEach((s) => seen.add(s));
        }
    }
    return [...seen];
}
