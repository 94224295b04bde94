/**
 * URL predicates. Kept inside the pack (not imported from the components) so the pack installs
 * and runs on its own; the components validate the same rules at construction.
 */
import { Finding, undecided, violation } from "./findings";
import { isUnknown } from "./plain";

const SCHEME_AND_HOST = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/;
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export interface ParsedUrl {
    scheme: string;
    host: string;
}

/** Scheme and host, lower-cased; undefined when the value is not an absolute URL. */
export function parseUrl(value: string): ParsedUrl | undefined {
    const match = SCHEME_AND_HOST.exec(value.trim());
    return match ? { scheme: match[1].toLowerCase(), host: match[2].toLowerCase() } : undefined;
}

export function isLocalHost(host: string): boolean {
    return LOCAL_HOSTS.has(host);
}

/**
 * An issuer, OIDC endpoint or JWKS URL must be https: tokens, keys and codes cross it.
 * Absent values are the provider's concern, not this rule's.
 */
export function checkHttpsUrl(value: unknown, what: string, urn?: string): Finding[] {
    if (value === undefined || value === null) {
        return [];
    }
    if (isUnknown(value)) {
        return [undecided(`${what} is unknown during preview, so https cannot be checked`, urn)];
    }
    if (typeof value !== "string") {
        return [violation(`${what} is not a URL (${JSON.stringify(value)})`, urn)];
    }
    const url = parseUrl(value);
    if (!url) {
        return [violation(`${what} "${value}" is not an absolute URL; write it as https://<host>/...`, urn)];
    }
    if (url.scheme !== "https") {
        return [violation(`${what} "${value}" uses ${url.scheme}://; use https://${value.replace(/^[^:]*:\/\//, "")}`, urn)];
    }
    return [];
}

/**
 * An Auth0 callback, logout or origin URL must be https; `http://localhost` and
 * `http://127.0.0.1` pass only when the environment allows local development.
 */
export function checkClientUrl(value: unknown, what: string, allowLocalhost: boolean, urn?: string): Finding[] {
    if (isUnknown(value)) {
        return [undecided(`${what} is unknown during preview`, urn)];
    }
    if (typeof value !== "string") {
        return [violation(`${what} is not a URL (${JSON.stringify(value)})`, urn)];
    }
    const url = parseUrl(value);
    if (!url) {
        return [violation(`${what} "${value}" is not an absolute URL`, urn)];
    }
    if (url.scheme === "https") {
        return [];
    }
    if (url.scheme === "http" && isLocalHost(url.host)) {
        return allowLocalhost
            ? []
            : [violation(`${what} "${value}" is a local http URL, allowed only where the policy config sets allowLocalhost (never in prod)`, urn)];
    }
    return [violation(`${what} "${value}" uses ${url.scheme}://; use https://`, urn)];
}

/** Schemes that are web or browser-interpreted, never a native app's private-use scheme. */
const NOT_PRIVATE_USE = new Set(["http", "https", "javascript", "data", "file", "ftp", "ws", "wss", "blob", "about"]);

/**
 * A private-use-scheme redirect URI of a native app (RFC 8252 §7.1, e.g. `com.example.app:/callback`):
 * the scheme is a reverse domain name (contains a period), as the RFC requires, and is not a web scheme.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.1
 */
export function isPrivateUseSchemeUri(value: string): boolean {
    const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/?[^\s]*$/.exec(value.trim());
    return match !== null && match[1].includes(".") && !NOT_PRIVATE_USE.has(match[1].toLowerCase());
}
