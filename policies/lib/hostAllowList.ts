/**
 * A host allow-list in the pack's config: exact hosts and `*.<domain>` patterns, each pattern
 * allowing exactly one label under a domain the organisation owns. Kept inside the pack (not
 * imported from the components) so the pack installs and runs on its own; the components'
 * `ApplicationStackReference` applies the same semantics to another stack's outputs.
 */
export interface HostAllowList {
    /** Entries in canonical form, for messages. */
    entries: string[];
    exact: Set<string>;
    /** Pattern domains (`*.example.com` -> `example.com`). */
    domains: Set<string>;
    /** Entries that are not a host or allow far too much, with the reason. */
    invalid: Array<{ entry: unknown; reason: string }>;
}

/**
 * Domains under which a pattern would allow hosts the organisation does not control: shared
 * hosting (anyone gets a subdomain) and public registry suffixes (`co.uk`). A heuristic stand-in
 * for the Public Suffix List; an exact host under them is fine.
 */
const SHARED = ["amazonaws.com", "cloudfront.net", "awsapprunner.com", "amplifyapp.com", "on.aws", "azurewebsites.net", "azureedge.net", "azurefd.net",
    "cloudapp.net", "azurestaticapps.net", "appspot.com", "web.app", "firebaseapp.com", "run.app", "github.io", "gitlab.io", "herokuapp.com",
    "netlify.app", "vercel.app", "pages.dev", "workers.dev", "fly.dev", "onrender.com", "ngrok.io", "ngrok-free.app", "auth0.com"];
const REGISTRY_SECOND_LEVEL = /^(ac|co|com|edu|go|gob|gov|ltd|mil|ne|net|nic|nom|or|org|plc|sch)\.[a-z]{2}$/;

/** A host name in canonical form (lower case, punycode), or undefined. */
function canonical(host: string): string | undefined {
    let ascii: string;
    try {
        // The WHATWG host parser (lower case, IDN to punycode), as browsers apply it.
        ascii = new URL(`http://${host}/`).hostname;
    } catch {
        return undefined;
    }
    return ascii !== "" && ascii.split(".").every((l) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(l)) ? ascii : undefined;
}

function broadness(domain: string): string | undefined {
    if (!domain.includes(".")) {
        return "a pattern under a top-level domain";
    }
    if (/^[\d.]+$/.test(domain)) {
        return "a pattern under an IP address";
    }
    if (REGISTRY_SECOND_LEVEL.test(domain)) {
        return `a pattern under the public registry suffix ${domain}`;
    }
    const shared = SHARED.find((s) => domain === s || domain.endsWith(`.${s}`));
    return shared ? `a pattern under ${shared}, where anyone can get a subdomain` : undefined;
}

/** Reads the configured list; entries it cannot use are reported, never silently widened. */
export function hostAllowList(configured: unknown): HostAllowList {
    const list: HostAllowList = { entries: [], exact: new Set(), domains: new Set(), invalid: [] };
    for (const entry of Array.isArray(configured) ? configured : []) {
        if (typeof entry !== "string" || entry === "" || /^\*\.?$/.test(entry)) {
            list.invalid.push({ entry, reason: "is not a host, or allows every host" });
            continue;
        }
        const pattern = entry.startsWith("*.");
        const host = /[\s/\\:@?#[\]*]/.test(pattern ? entry.slice(2) : entry) || entry.endsWith(".") ? undefined : canonical(pattern ? entry.slice(2) : entry);
        if (host === undefined) {
            list.invalid.push({ entry, reason: "is not a bare host name or a \"*.<domain>\" pattern (no scheme, port, path or trailing dot)" });
            continue;
        }
        const broad = pattern ? broadness(host) : undefined;
        if (broad !== undefined) {
            list.invalid.push({ entry, reason: `is too broad: ${broad}` });
            continue;
        }
        (pattern ? list.domains : list.exact).add(host);
        list.entries.push(pattern ? `*.${host}` : host);
    }
    return list;
}

/** Whether a canonical host is listed: exactly, or as one label under a pattern's domain. */
export function hostListed(list: HostAllowList, host: string): boolean {
    if (host.startsWith("*.")) {
        return list.domains.has(host.slice(2));
    }
    const dot = host.indexOf(".");
    return list.exact.has(host) || (dot > 0 && list.domains.has(host.slice(dot + 1)));
}

/**
 * The host a browser (WHATWG URL) sends a registered URL's traffic to, or why it has none that
 * can be judged. User info and backslashes are refused outright: parsers disagree on them, and
 * `https://good.example.com@evil.example` goes to evil.example. Placeholders of Auth0 URL
 * templates (`{organization_name}`) count as one label.
 */
export function urlHost(value: string): { host: string } | { problem: string } | undefined {
    const text = value.trim().replace(/\{[a-z_]+\}/g, "placeholder");
    const wildcard = /^[a-z][a-z0-9+.-]*:\/\/\*\./i.test(text);
    let url: URL;
    try {
        url = new URL(wildcard ? text.replace("*", "wildcard") : text);
    } catch {
        return undefined;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
        // A native app's private-use scheme (com.example.app:/callback) names no host.
        return undefined;
    }
    if (url.username !== "" || url.password !== "") {
        return { problem: `carries user info: browsers go to host "${url.hostname}", not to what precedes '@'` };
    }
    if (text.includes("\\")) {
        return { problem: `contains a backslash, which browsers read as '/' (host "${url.hostname}")` };
    }
    return { host: wildcard ? url.hostname.replace(/^wildcard\./, "*.") : url.hostname };
}
