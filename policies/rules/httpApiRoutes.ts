import { Finding, undecided, violation } from "../lib/findings";
import { judgeBodyOperations, listsOperation, OpenApiOperation } from "../lib/openapi";
import { asList, isUnknown } from "../lib/plain";
import { ResourceRule } from "../lib/policy";
import { HTTP_API, HTTP_API_ROUTE } from "../lib/types";

const checkBodyRoutes = (name: string, body: unknown, judge: (op: OpenApiOperation, what: string) => Finding[]) => judgeBodyOperations("HTTP API", "routes", name, body, judge);

/** `OPTIONS /x` preflights carry no token, so they are exempt from authorization. */
export function isPreflight(routeKey: string): boolean {
    return /^OPTIONS\s/i.test(routeKey);
}

interface ScopeConfig {
    anyValidTokenRoutes: string[];
}

/**
 * An ID token with the right `aud` passes a JWT authorizer too; only a required scope keeps it
 * out (DOMAIN.md, seed 003 where `read:colors` gates the route).
 */
export const routeScopes: ResourceRule<ScopeConfig> = {
    name: "aws-apigatewayv2-route-require-scopes",
    description: "HTTP API routes behind a JWT authorizer (Route resources, or routes of the API's OpenAPI body) list the scopes they require.",
    severity: "high",
    remediation: "Set authorizationScopes on the route (e.g. [\"read:colors\"]), or, if any valid token of the audience may call it, add its route key to anyValidTokenRoutes in the policy config.",
    types: new Set([HTTP_API_ROUTE, HTTP_API]),
    config: {
        anyValidTokenRoutes: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Route keys (e.g. \"GET /me\", or \"<api name> GET /me\" for a route of an OpenAPI body) where any valid token of the audience is enough.",
        },
    },
    check({ type, name, props }, config) {
        if (type === HTTP_API) {
            // Body routes: a JWT security requirement lists its scopes (authorizationScopes on import).
            return checkBodyRoutes(name, props.body, (op, what) => op.auth.kind === "authorizer" && op.auth.type === "jwt" && op.auth.scopes.length === 0 && !listsOperation(config.anyValidTokenRoutes, name, op)
                ? [violation(`${what} accepts any token of the audience, ID tokens included: its security requirement "${op.auth.scheme}" lists no scopes`)]
                : []);
        }
        const { authorizationType, routeKey } = props;
        if (isUnknown(authorizationType) || isUnknown(routeKey)) {
            return [undecided("the route's authorizationType or routeKey is unknown during preview")];
        }
        if (authorizationType !== "JWT") {
            return [];
        }
        if (typeof routeKey === "string" && config.anyValidTokenRoutes.includes(routeKey)) {
            return [];
        }
        const scopes = asList(props.authorizationScopes);
        if (isUnknown(scopes)) {
            return [undecided("authorizationScopes is unknown during preview")];
        }
        return scopes.length === 0
            ? [violation(`route "${String(routeKey)}" accepts any token of the audience, ID tokens included: it lists no authorizationScopes`)]
            : [];
    },
};

interface PublicConfig {
    publicRoutes: string[];
}

export const routeAuthorization: ResourceRule<PublicConfig> = {
    name: "aws-apigatewayv2-route-require-authorization",
    description: "HTTP API routes (Route resources, or routes of the API's OpenAPI body) carry an authorizer unless they are CORS preflights or allowlisted as public.",
    severity: "high",
    remediation: "Attach the API's JWT authorizer (authorizationType \"JWT\", authorizerId, authorizationScopes), or list the route key in publicRoutes if it is meant to be public.",
    types: new Set([HTTP_API_ROUTE, HTTP_API]),
    config: {
        publicRoutes: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Route keys (e.g. \"GET /health\", or \"<api name> GET /health\" for a route of an OpenAPI body) that are public on purpose.",
        },
    },
    check({ type, name, props }, config) {
        if (type === HTTP_API) {
            return checkBodyRoutes(name, props.body, (op, what) => {
                const { auth } = op;
                if (auth.kind === "iam" || auth.kind === "authorizer" || op.method === "OPTIONS") {
                    return [];
                }
                if (auth.kind === "invalid") {
                    return [violation(`${what} ${auth.problem}`)];
                }
                return listsOperation(config.publicRoutes, name, op) ? [] : [violation(auth.kind === "apiKey"
                    ? `${what} requires only an API key (${auth.schemes.join(", ")}), which HTTP APIs do not check; anyone can call it`
                    : `${what} has no authorizer${auth.explicit ? " (security: [] makes it public)" : ""}; anyone can call it`)];
            });
        }
        const { authorizationType, routeKey } = props;
        if (isUnknown(authorizationType) || isUnknown(routeKey)) {
            return [undecided("the route's authorizationType or routeKey is unknown during preview")];
        }
        if (authorizationType !== undefined && authorizationType !== "NONE") {
            return [];
        }
        const key = String(routeKey);
        if (isPreflight(key) || config.publicRoutes.includes(key)) {
            return [];
        }
        return [violation(`route "${key}" has no authorizer; anyone can call it`)];
    },
};
