/**
 * The identity stack's allow-list of the hosts an application stack may register on the identity
 * stack's Auth0 clients, and the derivation of the URLs it registers from those hosts.
 *
 * Why: an application stack's outputs are input from another team (or from whoever controls that
 * stack). Left unchecked, a published `https://login-helper.attacker.example/oauth2/idpresponse`
 * becomes a callback of the identity stack's client and receives authorization codes. So the
 * identity stack names, per application stack, the hosts (or one-label patterns under a domain
 * it owns) that stack may register; there is no default that allows everything.
 *
 * Hosts are compared in one canonical form, the one browsers and Auth0 use (WHATWG URL parsing:
 * lower case, IDN as punycode, no trailing dot, no user info, no default port); a published URL
 * that is not already in that form is refused rather than rewritten, so what is checked is
 * exactly what is registered.
 *
 * Pure: no Pulumi engine; `contracts.ts` and `stackReferences.ts` use it.
 */
import { domainToASCII } from "url";
import { reject } from "../core/errors";

/** A parsed allow-list: exact hosts, and domains under which any one-label host is allowed. */
export interface AllowedHosts {
    /** The entries as written (normalised), for messages. */
    readonly entries: readonly string[];
    /** Exact hosts, canonical. */
    readonly exact: ReadonlySet<string>;
    /** `*.example.com` entries as their domain (`example.com`), canonical. */
    readonly domains: ReadonlySet<string>;
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Second-level labels that registries hand out to the public under a two-letter country code
 * (`co.uk`, `com.au`, `gov.br` ...): a pattern directly under one would allow every customer's
 * domain. A heuristic stand-in for the Public Suffix List (no PSL library is a dependency); an
 * exact host is never affected.
 */
const PUBLIC_SECOND_LEVEL = new Set(["ac", "co", "com", "edu", "go", "gob", "gov", "gv", "ltd", "me", "mil", "ne", "net", "nic", "nom", "or", "org", "plc", "sch"]);

/**
 * Domains where anyone can get a subdomain (cloud and hosting providers): a pattern under one of
 * them allows hosts the identity team does not control, the classic dangling-domain takeover.
 * Exact hosts under them (a CloudFront distribution's own name) are allowed.
 */
const SHARED_HOSTING_DOMAINS = new Set([
    "amazonaws.com", "cloudfront.net", "elb.amazonaws.com", "awsapprunner.com", "amplifyapp.com", "on.aws",
    "azurewebsites.net", "azureedge.net", "azurefd.net", "cloudapp.net", "trafficmanager.net", "blob.core.windows.net", "azurestaticapps.net",
    "appspot.com", "web.app", "firebaseapp.com", "run.app", "cloudfunctions.net",
    "github.io", "githubusercontent.com", "gitlab.io", "herokuapp.com", "netlify.app", "vercel.app", "pages.dev", "workers.dev",
    "fly.dev", "onrender.com", "ngrok.io", "ngrok-free.app", "glitch.me", "repl.co", "surge.sh", "auth0.com",
]);

/** A host in canonical form (lower case, punycode), or undefined when it is not a host name. */
function asciiHost(value: string): string | undefined {
    const ascii = domainToASCII(value.toLowerCase());
    if (ascii === "" || ascii.length > 253) {
        return undefined;
    }
    return ascii.split(".").every((label) => LABEL.test(label)) ? ascii : undefined;
}

/** Why a pattern's domain is too broad, or undefined when it names a domain someone owns. */
function tooBroad(domain: string): string | undefined {
    const labels = domain.split(".");
    if (labels.length < 2) {
        return `"${domain}" is a top-level domain`;
    }
    if (IPV4.test(domain)) {
        return "an IP address has no subdomains";
    }
    if (labels.length === 2 && labels[1].length === 2 && PUBLIC_SECOND_LEVEL.has(labels[0])) {
        return `"${domain}" is a public registry suffix (like co.uk): every customer's domain is under it`;
    }
    for (let i = 0; i < labels.length - 1; i++) {
        const suffix = labels.slice(i).join(".");
        if (SHARED_HOSTING_DOMAINS.has(suffix)) {
            return `"${suffix}" is a shared hosting domain where anyone can get a subdomain`;
        }
    }
    return undefined;
}

/**
 * Parses the allow-list an identity stack gives for one application stack. Required and never
 * empty: the identity stack decides, so leaving it out is an error with the fix.
 */
export function parseAllowedHosts(argument: string, value: unknown): AllowedHosts {
    const example = "e.g. [\"ops.example.com\", \"*.apps.example.com\"]";
    if (value === undefined || value === null) {
        return reject(argument, value, "is required: no default allows every host an application stack publishes",
            `list the hosts this application stack may register on the identity stack's clients, exact hosts or patterns under a domain you own, ${example}`);
    }
    if (!Array.isArray(value) || value.length === 0) {
        return reject(argument, value, "is not a non-empty list of hosts", `list the hosts this application stack may register, ${example}`);
    }
    const entries: string[] = [];
    const exact = new Set<string>();
    const domains = new Set<string>();
    value.forEach((entry, i) => {
        const where = `${argument}[${i}]`;
        if (typeof entry !== "string" || entry.trim() === "") {
            return reject(where, entry, "is not a host", `write a host such as "ops.example.com" or a pattern such as "*.apps.example.com"`);
        }
        if (entry === "*" || entry === "*." || /^\*+$/.test(entry)) {
            return reject(where, entry, "allows every host", `name the hosts, or a pattern under a domain you own such as "*.apps.example.com"`);
        }
        if (/\s/.test(entry)) {
            return reject(where, entry, "contains whitespace", "remove the spaces");
        }
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /[/\\?#@]/.test(entry)) {
            const bare = entry.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").replace(/^[^@]*@/, "").split(/[/\\?#:]/)[0];
            return reject(where, entry, "is not a bare host (it has a scheme, user info, path or query)", `write only the host: "${bare}"`);
        }
        if (entry.includes(":") || entry.includes("[")) {
            return reject(where, entry, "includes a port or an IPv6 literal", `write only the host name: "${entry.split(":")[0]}"`);
        }
        if (entry.endsWith(".")) {
            return reject(where, entry, "ends with a dot", `write it without the trailing dot: "${entry.replace(/\.+$/, "")}"`);
        }
        const pattern = entry.startsWith("*.");
        const rest = pattern ? entry.slice(2) : entry;
        if (rest.includes("*")) {
            return reject(where, entry, "has a wildcard other than a leading \"*.\"",
                "write an exact host, or \"*.<domain>\" to allow any one-label host under a domain you own");
        }
        const host = asciiHost(rest);
        if (host === undefined) {
            return reject(where, entry, "is not a valid host name", "use letters, digits, '-' and '.' (international names are taken as their punycode form)");
        }
        if (pattern) {
            const broad = tooBroad(host);
            if (broad !== undefined) {
                return reject(where, entry, `is too broad: ${broad}`, "list exact hosts, or a pattern under a domain your organisation owns, such as \"*.apps.example.com\"");
            }
            domains.add(host);
            entries.push(`*.${host}`);
        } else {
            exact.add(host);
            entries.push(host);
        }
    });
    return { entries, exact, domains };
}

/**
 * Whether `host` (canonical) is allowed: an exact entry, or exactly one label under a pattern's
 * domain (`*.example.com` allows `a.example.com`, not `example.com`, `a.b.example.com`,
 * `evilexample.com` or `example.com.evil`). A published wildcard host (`*.example.com`, only with
 * allowWildcards) is allowed only by the same pattern.
 */
export function isHostAllowed(allowed: AllowedHosts, host: string): boolean {
    if (host.startsWith("*.")) {
        return allowed.domains.has(host.slice(2));
    }
    if (allowed.exact.has(host)) {
        return true;
    }
    const dot = host.indexOf(".");
    return dot > 0 && allowed.domains.has(host.slice(dot + 1));
}

/** The canonical form of a published host name, or undefined when it is not one. */
export function canonicalHost(host: string): string | undefined {
    if (host.endsWith(".")) {
        return undefined;
    }
    const wildcard = host.startsWith("*.");
    const ascii = asciiHost(wildcard ? host.slice(2) : host);
    return ascii === undefined ? undefined : `${wildcard ? "*." : ""}${ascii}`;
}

/** A published URL taken apart: what is registered is rebuilt from these parts. */
export interface DerivedUrl {
    /** `https:` or `http:` (local development only, checked by the URL rules before). */
    protocol: string;
    /** Canonical host, without port; `*.` kept for a wildcard host. */
    host: string;
    /** `host[:port]`. */
    authority: string;
    /** The path, `/` when there is none. */
    path: string;
    /** The URL as it is registered, rebuilt from the parts. */
    url: string;
}

/**
 * Takes a published callback, logout or origin URL apart with WHATWG URL parsing and rebuilds it
 * from scheme, canonical host, port and path. A URL whose text differs from its rebuilt form
 * (user info, backslashes, percent-encoded or upper-case host, trailing dot, default port, query)
 * is refused: a parser that reads it otherwise (an older library, a log pipeline) would see
 * another host than the one checked here.
 */
export function deriveUrl(argument: string, value: string, kind: "origin" | "url"): DerivedUrl {
    // The URL rules (validateClientUrl) ran first; a wildcard host parses with a stand-in label.
    const wildcard = /^[a-z]+:\/\/\*\./i.test(value);
    let parsed: URL;
    try {
        parsed = new URL(wildcard ? value.replace("*", "wildcard") : value);
    } catch {
        return reject(argument, value, "is not an absolute URL", "write it as https://<host>/<path>");
    }
    const host = wildcard ? parsed.hostname.replace(/^wildcard\./, "*.") : parsed.hostname;
    if (parsed.username !== "" || parsed.password !== "") {
        return reject(argument, value, `carries user info: browsers send it to host "${host}", not to what precedes '@'`,
            `remove the user info; register "${parsed.protocol}//${parsed.host}${parsed.pathname}" only if that host is meant`);
    }
    if (value.includes("\\")) {
        return reject(argument, value, `contains a backslash, which WHATWG parsers read as '/' (host "${host}")`, "write the URL with '/' only");
    }
    if (host.endsWith(".")) {
        return reject(argument, value, "has a host with a trailing dot", `write the host without it: "${host.replace(/\.+$/, "")}"`);
    }
    if (parsed.search !== "" || parsed.hash !== "") {
        return reject(argument, value, "has a query or fragment", `register the URL without it: "${parsed.protocol}//${parsed.host}${parsed.pathname}"`);
    }
    const authority = wildcard ? parsed.host.replace(/^wildcard\./, "*.") : parsed.host;
    const origin = `${parsed.protocol}//${authority}`;
    const url = kind === "origin" ? origin : value === origin ? origin : `${origin}${parsed.pathname}`;
    if (url !== value) {
        return reject(argument, value, `is not in canonical form (read as "${url}", host "${host}")`, `publish it as "${url}"`);
    }
    return { protocol: parsed.protocol, host, authority, path: parsed.pathname, url };
}

/** The URLs registered on one client, as sets to compare. */
export interface ClientUrlSet {
    callbackUrls: readonly string[];
    logoutUrls: readonly string[];
    webOrigins: readonly string[];
}

/** What `next` adds to and removes from `previous`, per field (empty lists when unchanged). */
export function diffClientUrls(previous: ClientUrlSet, next: ClientUrlSet): { added: ClientUrlSet; removed: ClientUrlSet } {
    const minus = (a: readonly string[], b: readonly string[]) => a.filter((url) => !b.includes(url));
    return {
        added: { callbackUrls: minus(next.callbackUrls, previous.callbackUrls), logoutUrls: minus(next.logoutUrls, previous.logoutUrls), webOrigins: minus(next.webOrigins, previous.webOrigins) },
        removed: { callbackUrls: minus(previous.callbackUrls, next.callbackUrls), logoutUrls: minus(previous.logoutUrls, next.logoutUrls), webOrigins: minus(previous.webOrigins, next.webOrigins) },
    };
}

/** `callbacks a, b; logout URLs c; web origins d` (non-empty fields only), or undefined. */
export function describeClientUrls(urls: ClientUrlSet): string | undefined {
    const parts = ([["callbacks", urls.callbackUrls], ["logout URLs", urls.logoutUrls], ["web origins", urls.webOrigins]] as const)
        .filter(([, list]) => list.length > 0)
        .map(([label, list]) => `${label} ${list.join(", ")}`);
    return parts.length === 0 ? undefined : parts.join("; ");
}
