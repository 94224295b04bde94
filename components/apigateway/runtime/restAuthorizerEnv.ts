/**
 * The contract between the component and the bundled handler: environment variable names and
 * how the handler reads them. Kept apart from the handler so the component can import it
 * without running the handler's module-scope setup.
 */
import type { MethodScopes } from "../restRoutes";

/** Environment variable names; the component writes them, the handler reads them. */
export const ENV = {
    issuer: "EDGE_AUTH_ISSUER",
    audience: "EDGE_AUTH_AUDIENCE",
    jwksUri: "EDGE_AUTH_JWKS_URI",
    routes: "EDGE_AUTH_ROUTES",
} as const;

/** Lambda's limit on the total size of a function's environment variables, in bytes. */
export const LAMBDA_ENVIRONMENT_LIMIT = 4096;

export interface RestAuthorizerConfig {
    /** Exact `iss`, `https://<domain>/` for Auth0. */
    issuer: string;
    /** The API identifier, checked against `aud` (string or array). */
    audience: string;
    /** Where the signing keys are; https only. */
    jwksUri: string;
    /** Which scopes may call which route. */
    routes: MethodScopes;
}

/** The environment the component sets on the function. */
export function authorizerEnvironment(config: RestAuthorizerConfig): Record<string, string> {
    return {
        [ENV.issuer]: config.issuer,
        [ENV.audience]: config.audience,
        [ENV.jwksUri]: config.jwksUri,
        [ENV.routes]: JSON.stringify(config.routes),
    };
}

/** Bytes Lambda counts against its 4 KB limit: keys plus values. */
export function environmentSize(variables: Record<string, string>): number {
    return Object.entries(variables).reduce((total, [k, v]) => total + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
}

/** Reads and checks the configuration; throws (failing the cold start) when anything is off. */
export function configFromEnv(env: Record<string, string | undefined>): RestAuthorizerConfig {
    const read = (name: string): string => {
        const value = env[name];
        if (value === undefined || value === "") {
            throw new Error(`edge-auth rest authorizer: ${name} is not set`);
        }
        return value;
    };
    const jwksUri = read(ENV.jwksUri);
    if (!jwksUri.startsWith("https://")) {
        throw new Error(`edge-auth rest authorizer: ${ENV.jwksUri} must be an https URL`);
    }
    let routes: unknown;
    try {
        routes = JSON.parse(read(ENV.routes));
    } catch (err) {
        throw new Error(`edge-auth rest authorizer: ${ENV.routes} is not JSON (${(err as Error).message})`);
    }
    if (routes === null || typeof routes !== "object" || Array.isArray(routes)
        || !Object.values(routes).every((v) => Array.isArray(v) && v.every((s) => typeof s === "string"))) {
        throw new Error(`edge-auth rest authorizer: ${ENV.routes} must map route keys to lists of scopes`);
    }
    return { issuer: read(ENV.issuer), audience: read(ENV.audience), jwksUri, routes: routes as MethodScopes };
}
