import { reject } from "../core/errors";
import { requireIntegerInRange } from "../core/values";
import { TenantEndpoints } from "../core/tenant";

import { SigningAlgorithm, SigningAlgorithms } from "../core/references";

/** Signing algorithms Auth0 offers for an API (defined with the API reference). */
export { SigningAlgorithm, SigningAlgorithms };

const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = Object.values(SigningAlgorithms);

/** Auth0's bounds for access token lifetimes, in seconds. */
export const TOKEN_LIFETIME_MAX = 2_592_000;
export const TOKEN_LIFETIME_DEFAULT = 86_400;
export const TOKEN_LIFETIME_FOR_WEB_DEFAULT = 7_200;

/**
 * Validates an API identifier (the `aud` of its tokens). Any URI-like string works in Auth0
 * (`urn:colors-api`, `https://api.example.com/`); it cannot be changed later, so typos matter.
 */
export function validateIdentifier(value: unknown, tenant: TenantEndpoints): string {
    if (typeof value !== "string" || value.length === 0) {
        return reject("identifier", value, "is empty", "give the API's audience, e.g. \"https://api.example.com/\" or \"urn:colors-api\"");
    }
    if (/\s/.test(value)) {
        return reject("identifier", value, "contains whitespace", "audiences are compared as exact strings: remove the spaces");
    }
    if (value.includes("*")) {
        return reject("identifier", value, "contains a wildcard", "use one fixed audience string");
    }
    if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value)) {
        return reject("identifier", value, "is not a URI", `prefix it with a scheme, e.g. "https://${value}" or "urn:${value}"`);
    }
    if (value.startsWith("http:") || value.startsWith("https:")) {
        try {
            new URL(value);
        } catch {
            return reject("identifier", value, "is not a valid URL", "write a full URL such as \"https://api.example.com/\"");
        }
    }
    if (value.replace(/\/$/, "") === `https://${tenant.domain}/api/v2`) {
        return reject("identifier", value, "is the Auth0 Management API", "choose an identifier of your own API");
    }
    return value;
}

/** Validates the signing algorithm; RS256 is the default because AWS verifies nothing else everywhere. */
export function validateSigningAlg(value: unknown): SigningAlgorithm {
    if (value === undefined) {
        return "RS256";
    }
    if (!SIGNING_ALGORITHMS.includes(value as SigningAlgorithm)) {
        return reject("signingAlg", value, "is not supported", `use one of ${SIGNING_ALGORITHMS.join(", ")} (RS256 for anything AWS verifies)`);
    }
    return value as SigningAlgorithm;
}

/** Validates both lifetimes against Auth0's bounds; the browser lifetime cannot exceed the API lifetime. */
export function validateTokenLifetimes(tokenLifetime: unknown, tokenLifetimeForWeb: unknown): { tokenLifetime: number; tokenLifetimeForWeb: number } {
    const api = requireIntegerInRange("tokenLifetime", tokenLifetime ?? TOKEN_LIFETIME_DEFAULT, 1, TOKEN_LIFETIME_MAX, "seconds");
    const web = requireIntegerInRange("tokenLifetimeForWeb", tokenLifetimeForWeb ?? Math.min(TOKEN_LIFETIME_FOR_WEB_DEFAULT, api), 1, TOKEN_LIFETIME_MAX, "seconds");
    if (web > api) {
        reject("tokenLifetimeForWeb", web, `exceeds tokenLifetime (${api})`, "make the browser lifetime at most the API lifetime");
    }
    return { tokenLifetime: api, tokenLifetimeForWeb: web };
}
