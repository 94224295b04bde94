import { Finding, undecided } from "../lib/findings";
import { isUnknown } from "../lib/plain";
import { ResourceRule } from "../lib/policy";
import { AUTH0_CLIENT, AUTH0_CLIENT_CIMD } from "../lib/types";
import { URL_FIELDS, valuesAt } from "../lib/urlFields";
import { checkClientUrl, isPrivateUseSchemeUri } from "../lib/urls";

interface ClientUrlConfig {
    allowLocalhost: boolean;
}

/** Where a native app receives the code or returns after logout (RFC 8252 §7.1). */
const NATIVE_REDIRECT_FIELDS = new Set(["callbacks", "allowedLogoutUrls"]);
/** Single-value fields Auth0 documents as "HTTPS or an empty string". */
const EMPTY_ALLOWED = new Set(["initiateLoginUri", "expressConfiguration.initiateLoginUriTemplate"]);
/** Lists where local development URLs may appear (allowLocalhost); single values never. */
const LOCAL_DEV_FIELDS = new Set(["callbacks", "allowedLogoutUrls", "webOrigins", "allowedOrigins"]);

/** An authorization code or token sent to an http URL can be read on the way (seed 004's SPA). */
export const clientUrlsHttps: ResourceRule<ClientUrlConfig> = {
    name: "auth0-client-require-https-urls",
    description: "Every URL field of an Auth0 client (auth0.Client and auth0.ClientCimd: callbacks, logout, origins, back-channel logout, login, SAML and add-on URLs) is https; local http only where allowed; native apps may use private-use-scheme redirect URIs.",
    severity: "high",
    remediation: "Register https URLs only. For local development set allowLocalhost: true in the dev policy config (never prod) and keep http://localhost URLs in dev stacks. Native apps (appType \"native\") may use a reverse-domain private-use scheme such as com.example.app:/callback (RFC 8252 §7.1).",
    // auth0.ClientCimd registers a client from a metadata document; its URLs get the same checks.
    types: new Set([AUTH0_CLIENT, AUTH0_CLIENT_CIMD]),
    config: {
        allowLocalhost: {
            type: "boolean",
            default: false,
            description: "Allow http://localhost and http://127.0.0.1 URLs in callbacks, logout URLs and origins (development stacks only).",
        },
    },
    check({ type, props }, config) {
        const findings: Finding[] = [];
        const native = props.appType === "native";
        for (const field of URL_FIELDS[type].https) {
            for (const { where, value } of valuesAt(props, field)) {
                if (isUnknown(value)) {
                    findings.push(undecided(`${where} is unknown during preview`));
                    continue;
                }
                if (value === "" && EMPTY_ALLOWED.has(field)) {
                    continue;
                }
                // RFC 8252 §7.1: a native app's redirect URI may use a private-use scheme; not a web URL.
                if (native && NATIVE_REDIRECT_FIELDS.has(field) && typeof value === "string" && isPrivateUseSchemeUri(value)) {
                    continue;
                }
                findings.push(...checkClientUrl(value, where, config.allowLocalhost && LOCAL_DEV_FIELDS.has(field)));
            }
        }
        return findings;
    },
};
