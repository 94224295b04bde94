import { reject } from "../core/errors";
import { requireIntegerInRange, requireToken } from "../core/values";
import { HttpMethod } from "./httpRoutes";

/** The `corsConfiguration` of an HTTP API, derived from the browser client and the routes. */
export interface HttpCorsPlan {
    allowOrigins: string[];
    allowHeaders: string[];
    allowMethods: string[];
    maxAge: number;
    /** Tokens travel in `Authorization`, never in cookies, so credentialed CORS stays off. */
    allowCredentials: false;
}

/** Headers every browser call to a JWT-protected API needs. */
export const BASE_CORS_HEADERS: readonly string[] = ["authorization", "content-type"];

/** How long browsers may cache a preflight, in seconds (API Gateway accepts up to 86400). */
export const DEFAULT_CORS_MAX_AGE = 3600;

/**
 * Derives the CORS configuration: origins are exactly the SPA's origins (one source), headers
 * always include `authorization`, methods are those the routes serve (`*` when one is `ANY`).
 */
export function deriveCors(
    origins: readonly string[],
    methods: readonly HttpMethod[],
    options: { extraHeaders?: readonly string[]; maxAge?: number } = {},
): HttpCorsPlan {
    if (origins.length === 0) {
        reject("spa.origins", origins, "is empty", "give the SPA at least one origin");
    }
    origins.forEach((origin, i) => {
        // Auth0 reads `*` as a subdomain wildcard; API Gateway's CORS matches origins by its own
        // rules, so a wildcard origin would not mean the same set of sites on both sides.
        if (origin.includes("*")) {
            reject(`spa.origins[${i}]`, origin, "is a wildcard origin, which API Gateway's CORS does not read as Auth0 does",
                "list each origin that calls this API explicitly in the SpaApplication's origins");
        }
    });
    const extra = options.extraHeaders ?? [];
    if (!Array.isArray(extra)) {
        reject("cors.extraHeaders", extra, "is not a list", "pass an array of header names");
    }
    const headers = [...BASE_CORS_HEADERS];
    extra.forEach((header, i) => {
        const name = requireToken(`cors.extraHeaders[${i}]`, header, "header name");
        if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name) || name === "*") {
            reject(`cors.extraHeaders[${i}]`, header, "is not a header name", "list header names such as \"x-request-id\"; wildcards are not allowed");
        }
        const lower = name.toLowerCase();
        if (!headers.includes(lower)) {
            headers.push(lower);
        }
    });
    const served = methods.filter((m) => m !== "OPTIONS");
    const allowMethods = served.includes("ANY") ? ["*"] : [...new Set(served)].sort();
    return {
        allowOrigins: [...origins],
        allowHeaders: headers,
        allowMethods,
        maxAge: requireIntegerInRange("cors.maxAge", options.maxAge ?? DEFAULT_CORS_MAX_AGE, 0, 86400, "seconds"),
        allowCredentials: false,
    };
}
