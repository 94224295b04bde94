import { Finding, undecided } from "../lib/findings";
import { asList, isUnknown } from "../lib/plain";
import { ResourceRule } from "../lib/policy";
import { AUTH0_CLIENT } from "../lib/types";
import { checkClientUrl } from "../lib/urls";

const LIST_FIELDS = ["callbacks", "allowedLogoutUrls", "webOrigins", "allowedOrigins", "oidcBackchannelLogoutUrls"];

interface ClientUrlConfig {
    allowLocalhost: boolean;
}

/** An authorization code or token sent to an http URL can be read on the way (seed 004's SPA). */
export const clientUrlsHttps: ResourceRule<ClientUrlConfig> = {
    name: "auth0-client-require-https-urls",
    description: "Auth0 callback, logout, web-origin and allowed-origin URLs are https (local http only where allowed).",
    severity: "high",
    remediation: "Register https URLs only. For local development set allowLocalhost: true in the dev policy config (never prod) and keep http://localhost URLs in dev stacks.",
    types: new Set([AUTH0_CLIENT]),
    config: {
        allowLocalhost: {
            type: "boolean",
            default: false,
            description: "Allow http://localhost and http://127.0.0.1 URLs (development stacks only).",
        },
    },
    check({ props }, config) {
        const findings: Finding[] = [];
        for (const field of LIST_FIELDS) {
            const urls = asList(props[field]);
            if (isUnknown(urls)) {
                findings.push(undecided(`${field} is unknown during preview`));
                continue;
            }
            urls.forEach((url, i) => findings.push(...checkClientUrl(url, `${field}[${i}]`, config.allowLocalhost)));
        }
        if (props.initiateLoginUri !== undefined) {
            findings.push(...checkClientUrl(props.initiateLoginUri, "initiateLoginUri", false));
        }
        return findings;
    },
};
