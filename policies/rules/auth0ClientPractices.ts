/**
 * Auth0 client settings that pass the URL checks yet leave a door open: local URLs over https in
 * shared environments, legacy (non OIDC-conformant) flows, and browser settings on machine
 * clients.
 */
import { Finding, undecided, violation } from "../lib/findings";
import { asList, isUnknown } from "../lib/plain";
import { ResourceRule } from "../lib/policy";
import { AUTH0_CLIENT, AUTH0_CLIENT_CIMD, HTTP_API, LAMBDA_FUNCTION_URL, LISTENER } from "../lib/types";
import { URL_FIELDS, valuesAt } from "../lib/urlFields";
import { parseUrl } from "../lib/urls";

/** Type tokens these rules read (for the registry of judged types). */
export const judgedTypes: readonly string[] = [AUTH0_CLIENT, AUTH0_CLIENT_CIMD, HTTP_API, ...LISTENER, LAMBDA_FUNCTION_URL];

/**
 * Hosts that always mean "this machine": `localhost` and every `*.localhost` name (RFC 6761 §6.3),
 * the IPv4 loopback block 127.0.0.0/8, the IPv6 loopback in its short and long forms, and 0.0.0.0.
 * @see https://www.rfc-editor.org/rfc/rfc6761#section-6.3
 */
export function isLoopbackHost(host: string): boolean {
    const h = host.toLowerCase().replace(/\.$/, "");
    return h === "localhost" || h.endsWith(".localhost") || /^127(\.\d{1,3}){3}$/.test(h) || h === "0.0.0.0" || /^\[(0{0,4}:){2,7}0{0,3}1\]$/.test(h) || h === "[::1]";
}

/** Origin fields of the CORS configurations the https-cors rule reads. */
const CORS_FIELDS: Record<string, string[]> = {
    [HTTP_API]: ["corsConfiguration.allowOrigins"],
    [LAMBDA_FUNCTION_URL]: ["cors.allowOrigins"],
    ...Object.fromEntries([...LISTENER].map((t) => [t, ["routingHttpResponseAccessControlAllowOriginHeaderValue"]])),
};

interface LocalConfig {
    allowLocalhost: boolean;
}

/**
 * `http://localhost` is judged by the https rules (allowed with their allowLocalhost); this rule
 * judges every other scheme on a loopback host, which those rules let through because it is
 * https: a prod client that sends codes to https://localhost hands them to whatever listens on
 * the user's machine, and an allowed origin https://localhost lets any local page call the API.
 */
export const noLocalUrls: ResourceRule<LocalConfig> = {
    name: "edge-auth-disallow-local-urls",
    description: "No Auth0 client URL (callbacks, logout URLs, origins, login and add-on URLs; auth0.Client and auth0.ClientCimd) and no CORS allowed origin points at a loopback host (localhost, *.localhost, 127.0.0.0/8, [::1]) over https or any other scheme, unless allowLocalhost.",
    severity: "high",
    remediation: "Keep localhost URLs in the dev stack's client only (allowLocalhost: true in the dev policy config); list the real https hosts in staging and prod.",
    types: new Set(judgedTypes),
    config: {
        allowLocalhost: { type: "boolean", default: false, description: "Allow loopback hosts (development stacks only)." },
    },
    check({ type, props }, config) {
        if (config.allowLocalhost) {
            return [];
        }
        const fields = type.startsWith("auth0:") ? URL_FIELDS[type].https : CORS_FIELDS[type] ?? [];
        const findings: Finding[] = [];
        for (const field of fields) {
            for (const { where, value } of valuesAt(props, field)) {
                if (isUnknown(value)) {
                    findings.push(undecided(`${where} is unknown during preview`));
                    continue;
                }
                const url = typeof value === "string" ? parseUrl(value) : undefined;
                if (url && url.scheme !== "http" && isLoopbackHost(url.host)) {
                    findings.push(violation(`${where} "${String(value)}" points at a loopback host: in a shared environment it sends codes or grants calls to whatever runs on the user's own machine`));
                }
            }
        }
        return findings;
    },
};

const CLIENTS = new Set([AUTH0_CLIENT, AUTH0_CLIENT_CIMD]);

/**
 * With oidcConformant false, Auth0 keeps legacy behaviours: the password and implicit flows
 * return tokens without OIDC's checks, and non-standard parameters and claims are accepted
 * ("OIDC-conformant" applications, Auth0 docs). Only an explicit false is judged: the Management
 * API's default for a new client is not confirmed here.
 * @see https://auth0.com/docs/get-started/applications/application-settings (OIDC Conformant)
 */
export const oidcConformant: ResourceRule = {
    name: "auth0-client-require-oidc-conformant",
    description: "Auth0 clients (auth0.Client, auth0.ClientCimd) do not set oidcConformant: false.",
    severity: "medium",
    remediation: "Set oidcConformant: true (edge-auth's applications do) and migrate any legacy flow to authorization code with PKCE.",
    types: CLIENTS,
    check({ props }) {
        const value = props.oidcConformant;
        if (isUnknown(value)) {
            return [undecided("oidcConformant is unknown during preview")];
        }
        return value === false ? [violation("oidcConformant is false: the client keeps Auth0's legacy, non-OIDC flows and parameters (legacy user profile, tokens from deprecated endpoints)")] : [];
    },
};

/**
 * Grants a person takes part in. implicit, password and password-realm are left to
 * auth0-client-disallow-implicit-password-grants, which reports them on every client.
 */
const INTERACTIVE_GRANTS = new Set([
    "authorization_code",
    "refresh_token",
    "urn:ietf:params:oauth:grant-type:device_code",
    "http://auth0.com/oauth/grant-type/passwordless/otp",
    "http://auth0.com/oauth/grant-type/mfa-oob",
    "http://auth0.com/oauth/grant-type/mfa-otp",
    "http://auth0.com/oauth/grant-type/mfa-recovery-code",
]);
/** Browser settings: where codes go and which origins may call. */
const BROWSER_FIELDS = ["callbacks", "allowedLogoutUrls", "webOrigins", "allowedOrigins", "initiateLoginUri"];

/**
 * A machine-to-machine client holds a secret and gets tokens for itself. Interactive grants or
 * callbacks on it let a user log in through it: user tokens then come from a client whose
 * grants (and RBAC exemptions) were sized for a machine.
 */
export const machineClientsNonInteractive: ResourceRule = {
    name: "auth0-client-disallow-interactive-settings-on-machine-clients",
    description: "Auth0 clients with appType non_interactive enable no interactive grant (authorization_code, refresh_token, device code, passwordless, MFA) and register no callbacks, logout URLs, origins or login URI.",
    severity: "high",
    remediation: "Give a machine client grantTypes [\"client_credentials\"] and no callbacks or origins; create a separate regular_web or spa client for users.",
    types: new Set([AUTH0_CLIENT]),
    check({ props }) {
        const appType = props.appType;
        if (isUnknown(appType)) {
            return [undecided("appType is unknown during preview")];
        }
        if (appType !== "non_interactive") {
            return [];
        }
        const findings: Finding[] = [];
        const grants = asList(props.grantTypes);
        if (isUnknown(grants)) {
            findings.push(undecided("grantTypes is unknown during preview"));
        } else {
            grants.forEach((grant, i) => {
                if (typeof grant === "string" && INTERACTIVE_GRANTS.has(grant)) {
                    findings.push(violation(`grantTypes[${i}] "${grant}" is interactive, on a non_interactive (machine) client: users could log in through the machine's client`));
                }
            });
        }
        for (const field of BROWSER_FIELDS) {
            const value = props[field];
            if (isUnknown(value)) {
                findings.push(undecided(`${field} is unknown during preview`));
            } else if ((Array.isArray(value) && value.length > 0) || (typeof value === "string" && value !== "")) {
                findings.push(violation(`${field} is set on a non_interactive (machine) client: a machine client never receives codes or serves a browser, so these only open a login path`));
            }
        }
        return findings;
    },
};
