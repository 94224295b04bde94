import { reject } from "./errors";

/** Which relaxations a client's URLs may use. Both are off unless the caller opts in visibly. */
export interface UrlRules {
    /**
     * Allow `http://localhost[:port]` and `http://127.0.0.1[:port]` for local development.
     * @default false
     */
    allowLocalhost?: boolean;
    /**
     * Allow `*` in URLs (Auth0 subdomain wildcards). Wildcards let any matching host receive
     * codes and tokens; prefer listing hosts.
     * @default false
     */
    allowWildcards?: boolean;
}

/** What a URL is used for: origins carry no path, callbacks and logout URLs may. */
export type ClientUrlKind = "callback" | "logout" | "origin";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1"]);

/**
 * Validates one callback, logout or origin URL of an Auth0 client and returns it normalised
 * (origins lose a trailing `/`, since browsers send `Origin` without one).
 */
export function validateClientUrl(argument: string, value: unknown, kind: ClientUrlKind, rules: UrlRules = {}): string {
    if (typeof value !== "string" || value.length === 0) {
        return reject(argument, value, "is empty", "give a full URL such as \"https://app.example.com/callback\"");
    }
    if (/\s/.test(value)) {
        return reject(argument, value, "contains whitespace", "remove the spaces");
    }
    if (value.includes("*") && !rules.allowWildcards) {
        return reject(argument, value, "contains a wildcard", "list each host explicitly, or set allowWildcards: true");
    }
    let url: URL;
    try {
        url = new URL(value.replace(/\*/g, "wildcard"));
    } catch {
        return reject(argument, value, "is not an absolute URL", "write it with its scheme, e.g. \"https://app.example.com\"");
    }
    if (url.protocol === "http:") {
        if (!LOCAL_HOSTS.has(url.hostname)) {
            return reject(argument, value, "uses http", `use "https://${url.host}${url.pathname === "/" ? "" : url.pathname}"`);
        }
        if (!rules.allowLocalhost) {
            return reject(argument, value, "is a local http URL", "set allowLocalhost: true (development stacks only)");
        }
    } else if (url.protocol !== "https:") {
        return reject(argument, value, `uses the ${url.protocol} scheme`, "use an https:// URL");
    }
    if (url.hash) {
        return reject(argument, value, "has a fragment", "remove the part after '#'");
    }
    if (kind === "origin") {
        if (url.pathname !== "/" || url.search) {
            return reject(argument, value, "is an origin with a path or query", `write only scheme and host: "${url.protocol}//${url.host}"`);
        }
        return value.endsWith("/") ? value.slice(0, -1) : value;
    }
    return value;
}

/** Validates a list of client URLs; duplicates are an error. */
export function validateClientUrls(argument: string, values: readonly unknown[] | undefined, kind: ClientUrlKind, rules: UrlRules = {}): string[] {
    if (values === undefined) {
        return [];
    }
    if (!Array.isArray(values)) {
        return reject(argument, values, "is not a list", "pass an array of URLs");
    }
    const result = values.map((value, i) => validateClientUrl(`${argument}[${i}]`, value, kind, rules));
    const seen = new Set<string>();
    for (const url of result) {
        if (seen.has(url)) {
            reject(argument, url, "is listed twice", "list each URL once");
        }
        seen.add(url);
    }
    return result;
}

const HOSTNAME = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Validates a host name users type into a browser (an ALB alias, an API custom domain) and
 * returns it lower-cased. A scheme, path or port is rejected with the bare host as the fix.
 */
export function validateHostname(argument: string, value: unknown): string {
    if (typeof value !== "string" || value.length === 0) {
        return reject(argument, value, "is empty", "give a host name such as \"app.example.com\"");
    }
    const lower = value.toLowerCase();
    const bare = lower.replace(/^[a-z]+:\/\//, "").split(/[/?#:]/)[0];
    if (/^[a-z]+:\/\//.test(lower)) {
        return reject(argument, value, "includes a scheme", `write only the host name: "${bare}"`);
    }
    if (/[/?#]/.test(lower)) {
        return reject(argument, value, "includes a path", `write only the host name: "${bare}"`);
    }
    if (lower.includes(":")) {
        return reject(argument, value, "includes a port", `write only the host name: "${bare}"`);
    }
    if (!HOSTNAME.test(lower)) {
        return reject(argument, value, "is not a valid host name", "use letters, digits, '-' and '.' only");
    }
    return lower;
}

/** `https://<host><path>` for each host, in the given order. */
export function httpsUrls(hosts: readonly string[], path: string): string[] {
    const suffix = path.startsWith("/") ? path : `/${path}`;
    return hosts.map((host) => `https://${host}${suffix}`);
}
