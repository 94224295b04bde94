import { Finding, undecided, violation } from "../lib/findings";
import { hostAllowList, hostListed, urlHost } from "../lib/hostAllowList";
import { isUnknown } from "../lib/plain";
import { ResourceRule } from "../lib/policy";
import { AUTH0_CLIENT, AUTH0_TENANT } from "../lib/types";
import { URL_FIELDS, valuesAt } from "../lib/urlFields";

/** URL fields of an Auth0 client whose host nothing is sent to, so no allow-list applies. */
const NOT_SENT_TO: Record<string, string> = {
    logoUri: "an image shown on the login page; no code, token, assertion or user is sent to it",
};

/** The rule's name: registry fields read by it (`other`) name it. */
const NAME = "auth0-client-require-allowed-url-hosts";

/**
 * Auth0 types holding URLs a client's codes, tokens, SAML assertions or users go to: clients, a
 * client registered from a Client ID Metadata Document (judged once the registry lists it), and
 * the tenant's logout, default login and error-page URLs.
 */
const HOST_TYPES = [AUTH0_CLIENT, "auth0:index/clientCimd:ClientCimd", AUTH0_TENANT];

/**
 * Where each judged type sends codes, tokens, assertions or users (open redirect), from the
 * pack's URL registry (lib/urlFields.ts): its https-only fields but those nothing is sent to,
 * and the fields it hands to this rule. A field added there for a provider upgrade is judged here.
 */
export const HOST_FIELDS: Record<string, string[]> = Object.fromEntries(HOST_TYPES.filter((token) => token in URL_FIELDS).map((token) => [token, [
    ...URL_FIELDS[token].https.filter((field) => !(field in NOT_SENT_TO)),
    ...Object.keys(URL_FIELDS[token].other).filter((field) => URL_FIELDS[token].other[field] === NAME),
]]));

interface HostConfig {
    allowedHosts: string[];
}

/**
 * A registered callback, logout URL or origin on a host the organisation does not control hands
 * codes and tokens to whoever holds it (issue 19: an application stack registering
 * `https://login-helper.attacker.example/oauth2/idpresponse`; a dangling domain alike).
 */
export const clientUrlHostsAllowed: ResourceRule<HostConfig> = {
    name: NAME,
    description: "Every host an Auth0 client (and the tenant's logout, default login and error-page URLs) sends codes, tokens, assertions or users to is in the environment's allowedHosts: exact hosts or \"*.<domain>\" patterns (one label under a domain the organisation owns). With no allowedHosts configured, every such host is reported.",
    severity: "critical",
    remediation: "Remove the URL if the host is not yours. If it is, add the host (or a \"*.<domain>\" pattern under a domain you own) to allowedHosts of auth0-client-require-allowed-url-hosts in this environment's policy config; never \"*\", a public suffix or a shared hosting domain.",
    types: new Set(Object.keys(HOST_FIELDS)),
    config: {
        allowedHosts: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Hosts Auth0 clients may register (callbacks, logout URLs, origins, login and SAML URLs): exact hosts (\"app.example.com\", \"localhost\") or \"*.<domain>\" patterns allowing one label under a domain you own. Empty: every host is reported.",
        },
    },
    check({ type, props }, config) {
        const list = hostAllowList(config.allowedHosts);
        const findings: Finding[] = [];
        const unlisted: string[] = [];
        let judged = 0;
        for (const field of HOST_FIELDS[type]) {
            for (const { where, value } of valuesAt(props, field)) {
                if (isUnknown(value)) {
                    findings.push(undecided(`${where} is unknown during preview, so its host cannot be checked against allowedHosts`));
                    continue;
                }
                if (typeof value !== "string" || value === "") {
                    continue;
                }
                // Not an http(s) URL: the https rule reports it; a native app's private-use scheme has no host.
                const parsed = urlHost(value);
                if (parsed === undefined) {
                    continue;
                }
                judged++;
                if ("problem" in parsed) {
                    findings.push(violation(`${where} "${value}" ${parsed.problem}`));
                } else if (!hostListed(list, parsed.host)) {
                    unlisted.push(`${where} "${value}" (host ${parsed.host})`);
                }
            }
        }
        // A broken entry is reported where it matters: on resources with hosts to judge.
        if (judged > 0) {
            findings.unshift(...list.invalid.map(({ entry, reason }) => violation(`allowedHosts entry ${JSON.stringify(entry)} ${reason}; it allows nothing until it is fixed`)));
        }
        if (unlisted.length > 0) {
            findings.push(violation(list.entries.length === 0
                ? `no allowedHosts are configured for this environment, so these hosts cannot be shown to be yours: ${unlisted.join(", ")}`
                : `these hosts are not in allowedHosts (${list.entries.join(", ")}): ${unlisted.join(", ")}`));
        }
        return findings;
    },
};
