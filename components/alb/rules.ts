/**
 * Pure derivations for ALB listener rules: callback URLs, scopes, session settings, path
 * patterns, conditions and the `authenticate-oidc` / `jwt-validation` / `forward` actions.
 * No resources are created here, so every rule is tested without mocks.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import { reject } from "../core/errors";
import { DEFAULT_SSL_POLICY, TLS12_PLUS_POLICIES } from "./tlsPolicies";
import { httpsUrls, validateHostname } from "../core/urls";
import { requireIntegerInRange, requireToken, requireUnique, uniqueSlugs } from "../core/values";

type RuleAction = aws.types.input.lb.ListenerRuleAction;
type RuleCondition = aws.types.input.lb.ListenerRuleCondition;
type JwtClaim = aws.types.input.lb.ListenerRuleActionJwtValidationAdditionalClaim;

/** The ALB's fixed redirect URI path; Auth0 must list it for every host users reach. */
export const IDP_RESPONSE_PATH = "/oauth2/idpresponse";
/** Listener rule priorities AWS accepts. */
export const PRIORITY_MIN = 1;
export const PRIORITY_MAX = 50_000;
/** The ALB caps sessions at 7 days. */
export const SESSION_TIMEOUT_MAX = 604_800;
/**
 * 12 hours: the ALB only asks Auth0 again when the session ends, so a removed role or a
 * blocked user keeps access until then. AWS's own default (7 days) is the upper bound.
 */
export const SESSION_TIMEOUT_DEFAULT = 43_200;
export const DEFAULT_SESSION_COOKIE = "AWSELBAuthSessionCookie";
/** Per AWS: at most three values per condition and five per rule. */
export const MAX_VALUES_PER_CONDITION = 3;
export const MAX_VALUES_PER_RULE = 5;
/**
 * Per AWS: at most five wildcards (`*` or `?`) across a rule's condition values (quota
 * "Condition wildcards per rule", limit name `condition-wildcards-per-alb-rule`).
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
 */
export const MAX_WILDCARDS_PER_RULE = 5;
/** `authenticationRequestExtraParams` takes at most 10 entries. */
export const MAX_EXTRA_PARAMS = 10;
/** `jwt-validation` takes at most 10 additional claims with 10 values each. */
export const MAX_CLAIM_VALUES = 10;

/** What the ALB does with a request that has no session. */
export type UnauthenticatedRequestAction = "authenticate" | "deny" | "allow";
export const UNAUTHENTICATED_ACTIONS: readonly UnauthenticatedRequestAction[] = ["authenticate", "deny", "allow"];

/** Scopes defined by OIDC itself; anything else must be a permission of the API. */
export const OIDC_SCOPES: readonly string[] = ["openid", "profile", "email", "address", "phone", "offline_access"];

/** Parameters the ALB sets itself; overriding them through extra params breaks the flow. */
const RESERVED_PARAMS = ["client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "audience"];

/**
 * Validates the host names users type (ALB aliases): lower-cased, no scheme, path, port or
 * wildcard (Auth0 needs one exact callback per host), unique, at most three (one condition).
 */
export function validateHostnames(argument: string, values: unknown, required: boolean): string[] {
    if (values === undefined && !required) {
        return [];
    }
    if (!Array.isArray(values) || values.length === 0) {
        return reject(argument, values, "is empty", "list every host name users reach, e.g. [\"kibana.example.com\"]");
    }
    const hosts = values.map((value, i) => {
        const host = validateHostname(`${argument}[${i}]`, value);
        if (host.includes("*")) {
            reject(`${argument}[${i}]`, value, "is a wildcard", "list each host: Auth0 needs one exact callback URL per host");
        }
        return host;
    });
    requireUnique(argument, hosts, "host name");
    if (hosts.length > MAX_VALUES_PER_CONDITION) {
        reject(argument, values, `has more than ${MAX_VALUES_PER_CONDITION} hosts`, "the ALB allows 3 values per condition: split the hosts across components");
    }
    return hosts;
}

/** `https://<host>/oauth2/idpresponse` for every host, in order: the client's callback URLs. */
export function idpResponseUrls(hosts: readonly string[]): string[] {
    return httpsUrls(hosts, IDP_RESPONSE_PATH);
}

/** URLs of `required` that `registered` lacks (an accepted client's missing callbacks). */
export function missingUrls(registered: readonly string[], required: readonly string[]): string[] {
    const known = new Set(registered);
    return required.filter((url) => !known.has(url));
}

/**
 * Validates a space-separated scope string and returns it normalised (single spaces). It must
 * include `openid`: without it Auth0 returns no ID token and the ALB answers 500.
 */
export function validateScope(argument: string, value: unknown): string[] {
    if (value === undefined) {
        return ["openid"];
    }
    if (typeof value !== "string" || value.trim() === "") {
        return reject(argument, value, "is empty", "write a space-separated scope string that includes openid, e.g. \"openid email\"");
    }
    const scopes = value.trim().split(/\s+/);
    requireUnique(argument, scopes, "scope");
    if (!scopes.includes("openid")) {
        return reject(argument, value, "does not include openid", `write "openid ${scopes.join(" ")}": without it there is no ID token and the ALB answers 500`);
    }
    return scopes;
}

/** Session timeout in seconds, 1 to 604800 (7 days). */
export function validateSessionTimeout(value: unknown): number {
    return requireIntegerInRange("sessionTimeout", value ?? SESSION_TIMEOUT_DEFAULT, 1, SESSION_TIMEOUT_MAX, "seconds (at most 7 days)");
}

/** A cookie name is an RFC 6265 token; the ALB appends `-0`, `-1`... to the shards. */
export function validateCookieName(value: unknown): string {
    if (value === undefined) {
        return DEFAULT_SESSION_COOKIE;
    }
    if (typeof value !== "string" || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/.test(value)) {
        return reject("sessionCookieName", value, "is not a valid cookie name", `use letters, digits, '-' and '_' only, e.g. "${DEFAULT_SESSION_COOKIE}"`);
    }
    return value;
}

/** Path patterns: each starts with `/`, no whitespace, at most 128 characters, at most three. */
export function validatePathPatterns(argument: string, values: unknown): string[] {
    if (!Array.isArray(values) || values.length === 0) {
        return reject(argument, values, "is empty", "list the paths this route covers, e.g. [\"/*\"] or [\"/api/*\"]");
    }
    values.forEach((value, i) => {
        if (typeof value !== "string" || !value.startsWith("/")) {
            reject(`${argument}[${i}]`, value, "does not start with /", "write an absolute path pattern such as \"/api/*\"");
        }
        if (/\s/.test(value) || value.length > 128) {
            reject(`${argument}[${i}]`, value, "is not a valid path pattern", "use at most 128 characters and no spaces");
        }
    });
    requireUnique(argument, values, "path pattern");
    if (values.length > MAX_VALUES_PER_CONDITION) {
        reject(argument, values, `has more than ${MAX_VALUES_PER_CONDITION} patterns`, "the ALB allows 3 values per condition: split the patterns into several routes");
    }
    return values as string[];
}

/** The five-values and five-wildcards per rule limits across host and path conditions. */
export function checkRuleValueCount(argument: string, hosts: readonly string[], patterns: readonly string[]): void {
    const total = hosts.length + patterns.length;
    if (total > MAX_VALUES_PER_RULE) {
        reject(argument, patterns, `gives the rule ${total} condition values (${hosts.length} hosts + ${patterns.length} paths)`, `the ALB allows ${MAX_VALUES_PER_RULE} per rule: split the patterns into several routes`);
    }
    // AWS counts every `*` and `?` of every condition value; mocks accept more, AWS refuses the rule.
    const wildcards = [...hosts, ...patterns].reduce((n, value) => n + (value.match(/[*?]/g)?.length ?? 0), 0);
    if (wildcards > MAX_WILDCARDS_PER_RULE) {
        reject(argument, patterns, `gives the rule ${wildcards} wildcards (* and ?)`, `the ALB allows ${MAX_WILDCARDS_PER_RULE} per rule: split the patterns into several routes or use fewer wildcards`);
    }
}

/** Route names are unique and name the rules; returns their slugs. */
export function validateRouteNames(argument: string, routes: unknown): Map<string, string> {
    if (!Array.isArray(routes) || routes.length === 0) {
        return reject(argument, routes, "is empty", "declare at least one route, e.g. [{ name: \"app\", pathPatterns: [\"/*\"] }]");
    }
    const names = routes.map((route, i) => {
        if (typeof route?.name !== "string" || route.name.trim() === "") {
            return reject(`${argument}[${i}].name`, route?.name, "is empty", "name every route; the name keys its listener rule");
        }
        return route.name as string;
    });
    requireUnique(argument, names, "route name");
    return uniqueSlugs(argument, names);
}

export function validateUnauthenticatedAction(argument: string, value: unknown): UnauthenticatedRequestAction {
    if (value === undefined) {
        return "authenticate";
    }
    if (!UNAUTHENTICATED_ACTIONS.includes(value as UnauthenticatedRequestAction)) {
        return reject(argument, value, "is not a valid action", "use \"authenticate\" for pages, \"deny\" for APIs called by fetch/XHR (401 instead of a redirect), or \"allow\"");
    }
    return value as UnauthenticatedRequestAction;
}

/** A route's own priority, when it pins one. */
export interface PriorityPin {
    name: string;
    priority?: unknown;
}

/**
 * The listener priority of every route, in route order. A route's own `priority` is kept as
 * given: it is the rule's identity on the listener, so inserting, removing or reordering other
 * routes never moves it (AWS refuses to move a rule onto a priority another rule still holds,
 * `PriorityInUse`). Routes without one take `base`, `base + 1`, ... in list order, counting
 * only such routes, so pinning a new route leaves the others where they are.
 */
export function allocatePriorities(base: unknown, routes: readonly PriorityPin[]): number[] {
    const unpinned = routes.filter((r) => r.priority === undefined).length;
    if (unpinned > 0 && base === undefined) {
        reject("priority", base, "is missing", "give the component a base priority, or every route its own priority");
    }
    let next = base === undefined ? PRIORITY_MIN : requireIntegerInRange("priority", base, PRIORITY_MIN, PRIORITY_MAX, "rule priority");
    const last = next + unpinned - 1;
    if (last > PRIORITY_MAX) {
        reject("priority", base, `leaves no room for ${unpinned} rules (the last would be ${last})`, `use a base of at most ${PRIORITY_MAX - unpinned + 1}`);
    }
    const priorities = routes.map((route) => route.priority === undefined
        ? next++
        : requireIntegerInRange(`routes["${route.name}"].priority`, route.priority, PRIORITY_MIN, PRIORITY_MAX, "rule priority"));
    const holder = new Map<number, string>();
    priorities.forEach((priority, i) => {
        const other = holder.get(priority);
        if (other !== undefined) {
            reject(`routes["${routes[i].name}"].priority`, priority, `is also the priority of routes["${other}"] (routes without their own priority take ${String(base)}, ${Number(base) + 1}, ... in list order)`,
                "give each route a priority of its own, one no other rule of the listener holds");
        }
        holder.set(priority, routes[i].name);
    });
    return priorities;
}

/**
 * Host-header (when hosts are given) and path-pattern conditions. Values are sorted: the ALB
 * and the provider treat them as sets (`condition` and each `values` are TypeSet in
 * hashicorp/terraform-provider-aws@032c4f07 internal/service/elbv2/listener_rule.go), so
 * reordering hosts or patterns must not show as a change of the rule.
 */
export function ruleConditions(hosts: readonly string[], patterns: readonly string[]): RuleCondition[] {
    const conditions: RuleCondition[] = [];
    if (hosts.length > 0) {
        conditions.push({ hostHeader: { values: [...hosts].sort() } });
    }
    conditions.push({ pathPattern: { values: [...patterns].sort() } });
    return conditions;
}

/** Extra authorization request parameters; `audience` comes from the API, never from here. */
export function validateExtraParams(argument: string, params: unknown, audience: string | undefined): Record<string, string> | undefined {
    const result: Record<string, string> = {};
    if (params !== undefined) {
        if (typeof params !== "object" || params === null || Array.isArray(params)) {
            return reject(argument, params, "is not a map", "pass { name: \"value\" }");
        }
        for (const [key, value] of Object.entries(params)) {
            if (RESERVED_PARAMS.includes(key)) {
                reject(`${argument}.${key}`, value, "is set by the ALB or by edge-auth", key === "audience" ? "pass api: the Auth0Api whose token targets should receive" : "remove it");
            }
            requireToken(`${argument}.${key}`, key, "parameter name");
            if (typeof value !== "string") {
                reject(`${argument}.${key}`, value, "is not a string", "pass string values");
            }
            result[key] = value as string;
        }
    }
    if (audience !== undefined) {
        result.audience = audience;
    }
    if (Object.keys(result).length > MAX_EXTRA_PARAMS) {
        reject(argument, Object.keys(result), `has more than ${MAX_EXTRA_PARAMS} entries (audience included)`, "remove some parameters");
    }
    return Object.keys(result).length > 0 ? result : undefined;
}

/** Settings of one `authenticate-oidc` action besides the tenant. */
export interface OidcActionSettings {
    clientId: pulumi.Input<string>;
    /** Must be a secret Output; it is passed through untouched. */
    clientSecret: pulumi.Input<string>;
    scope: readonly string[];
    sessionTimeout: number;
    sessionCookieName: string;
    onUnauthenticatedRequest: UnauthenticatedRequestAction;
    extraParams?: Record<string, string>;
}

/** Issuer and endpoints the `authenticate-oidc` action needs (an IdentityProvider or a TenantEndpoints). */
export interface OidcActionEndpoints {
    /** An Output when it resolves after the discovery check. */
    issuer: pulumi.Input<string>;
    authorizationEndpoint: string;
    tokenEndpoint: string;
    userInfoEndpoint: string;
}

/** The `authenticate-oidc` action, issuer and endpoints from the identity provider model. Runs first. */
export function authenticateOidcAction(tenant: OidcActionEndpoints, settings: OidcActionSettings): RuleAction {
    return {
        type: "authenticate-oidc",
        order: 1,
        authenticateOidc: {
            issuer: tenant.issuer,
            authorizationEndpoint: tenant.authorizationEndpoint,
            tokenEndpoint: tenant.tokenEndpoint,
            userInfoEndpoint: tenant.userInfoEndpoint,
            clientId: settings.clientId,
            clientSecret: settings.clientSecret,
            scope: settings.scope.join(" "),
            sessionTimeout: settings.sessionTimeout,
            sessionCookieName: settings.sessionCookieName,
            onUnauthenticatedRequest: settings.onUnauthenticatedRequest,
            ...(settings.extraParams ? { authenticationRequestExtraParams: settings.extraParams } : {}),
        },
    };
}

/** What a `jwt-validation` rule accepts besides signature, issuer and expiry. */
export interface JwtValidationOptions {
    /**
     * Require `gty: "client-credentials"`: only machine-to-machine tokens carry it, so user
     * tokens (whose `aud` is a single string when requested without `openid`) do not pass.
     * @default true
     */
    clientCredentialsOnly?: boolean;
}

/** The grant-type claim Auth0 writes into client-credentials access tokens only. */
export const CLIENT_CREDENTIALS_CLAIM: JwtClaim = { name: "gty", format: "single-string", values: ["client-credentials"] };

/**
 * Additional claims for `jwt-validation`: the ALB checks signature, `iss` and `exp` only, so
 * `aud` (single string, as in Auth0 client-credentials tokens), the scopes and, unless opted
 * out, the client-credentials grant (`gty`) are added here.
 */
export function jwtValidationClaims(audience: string, scopes: readonly string[], options: JwtValidationOptions = {}): JwtClaim[] {
    const claims: JwtClaim[] = [{ name: "aud", format: "single-string", values: [audience] }];
    if (scopes.length > 0) {
        claims.push({ name: "scope", format: "space-separated-values", values: [...scopes] });
    }
    if (options.clientCredentialsOnly ?? true) {
        claims.push({ ...CLIENT_CREDENTIALS_CLAIM, values: [...CLIENT_CREDENTIALS_CLAIM.values as string[]] });
    }
    return claims;
}

/** The `jwt-validation` action, issuer and JWKS URL from the tenant model. Runs first. */
export function jwtValidationAction(tenant: { issuer: pulumi.Input<string>; jwksUri: string }, audience: string, scopes: readonly string[], options: JwtValidationOptions = {}): RuleAction {
    return {
        type: "jwt-validation",
        order: 1,
        jwtValidation: {
            issuer: tenant.issuer,
            jwksEndpoint: tenant.jwksUri,
            additionalClaims: jwtValidationClaims(audience, scopes, options),
        },
    };
}

/** The final `forward` action, after authentication. */
export function forwardAction(targetGroupArn: pulumi.Input<string>): RuleAction {
    return { type: "forward", order: 2, targetGroupArn };
}

/** Listener TLS policies that accept TLS 1.2 at the lowest. */
export { DEFAULT_SSL_POLICY } from "./tlsPolicies";

/** Accepts the explicit list of TLS 1.2+ policies only (see tlsPolicies.ts): a prefix proves nothing. */
export function validateSslPolicy(value: unknown): string {
    if (value === undefined) {
        return DEFAULT_SSL_POLICY;
    }
    if (typeof value !== "string" || !Object.prototype.hasOwnProperty.call(TLS12_PLUS_POLICIES, value)) {
        return reject("sslPolicy", value, "allows TLS versions below 1.2 or is not a known ALB policy (a TLS13 prefix proves nothing: ELBSecurityPolicy-TLS13-1-0-2021-06 and -TLS13-1-1-2021-06 accept TLS 1.0 and 1.1)",
            `use "${DEFAULT_SSL_POLICY}" (AWS's recommendation), or another of: ${Object.keys(TLS12_PLUS_POLICIES).join(", ")}`);
    }
    return value;
}

/** Validates an IPv4 CIDR such as `10.0.0.0/16`. */
export function validateCidrIpv4(argument: string, value: unknown): string {
    const match = typeof value === "string" ? /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value) : null;
    if (!match || match.slice(1, 5).some((octet) => Number(octet) > 255) || Number(match[5]) > 32) {
        return reject(argument, value, "is not an IPv4 CIDR", "write it as \"203.0.113.0/24\" (or \"0.0.0.0/0\" for everyone)");
    }
    return value as string;
}

/** Target ports: whole numbers 1..65535, unique, at least one. */
export function validatePorts(argument: string, values: unknown): number[] {
    if (!Array.isArray(values) || values.length === 0) {
        return reject(argument, values, "is empty", "list the ports the targets listen on, e.g. [5601]");
    }
    const ports = values.map((v, i) => requireIntegerInRange(`${argument}[${i}]`, v, 1, 65_535, "port numbers"));
    requireUnique(argument, ports.map(String), "port");
    return ports;
}
