/** Practices judged per environment (levels in policies/config/<env>.json; why in the README). */
import { Finding, undecided, violation } from "../lib/findings";
import { albResources, authBlocks, claimValues } from "../lib/lookups";
import { asList, asObject, isUnknown } from "../lib/plain";
import { ResourceRule, StackRule } from "../lib/policy";
import { StackIndex } from "../lib/stackIndex";
import { AUTH0_CLIENT, AUTH0_CLIENT_CIMD, AUTH0_CLIENT_GRANT, AUTH0_RESOURCE_SERVER, HTTP_API, HTTP_API_AUTHORIZER, LISTENER, LISTENER_RULE } from "../lib/types";
import { valuesAt } from "../lib/urlFields";

/** RFC 9700 §2.1.2 (implicit: SHOULD NOT) and §2.4 (resource owner password: MUST NOT). */
const DISCOURAGED_GRANTS: Record<string, string> = {
    implicit: "tokens are returned in the URL fragment, where history, logs and referrers leak them (RFC 9700 §2.1.2)",
    password: "the client handles the user's password and bypasses MFA and the login page (RFC 9700 §2.4)",
    "http://auth0.com/oauth/grant-type/password-realm": "the client handles the user's password (Auth0's password grant with a realm, RFC 9700 §2.4)",
};

/**
 * App types Auth0 creates with the implicit grant when grantTypes is left out: public (native, SPA)
 * and confidential (regular web, machine-to-machine) alike.
 * @see https://auth0.com/docs/applications/reference/grant-types-auth0-mapping
 */
const IMPLICIT_BY_DEFAULT = new Set(["spa", "regular_web", "native", "non_interactive"]);

export const noImplicitPasswordGrants: ResourceRule = {
    name: "auth0-client-disallow-implicit-password-grants",
    description: "Auth0 clients do not enable the implicit or password grants (RFC 9700), and list their grant types (Auth0 enables implicit when they are left out).",
    severity: "high",
    remediation: "Set grantTypes explicitly: [\"authorization_code\", \"refresh_token\"] for web, SPA and native apps (with PKCE), [\"client_credentials\"] for machines. Never \"implicit\" or \"password\".",
    types: new Set([AUTH0_CLIENT]),
    check({ props }) {
        const grants = props.grantTypes;
        if (isUnknown(grants)) {
            return [undecided("grantTypes is unknown during preview")];
        }
        if (grants === undefined || grants === null) {
            const appType = props.appType;
            return typeof appType === "string" && IMPLICIT_BY_DEFAULT.has(appType)
                ? [violation(`grantTypes is left out on a ${appType} client, so Auth0 enables its defaults, implicit included: ${DISCOURAGED_GRANTS.implicit}`)]
                : [];
        }
        const findings: Finding[] = [];
        for (const [i, grant] of (asList(grants) as unknown[]).entries()) {
            if (typeof grant === "string" && grant in DISCOURAGED_GRANTS) {
                findings.push(violation(`grantTypes[${i}] "${grant}" is enabled: ${DISCOURAGED_GRANTS[grant]}`));
            }
        }
        return findings;
    },
};

const WILDCARD_FIELDS: Record<string, string[]> = {
    [AUTH0_CLIENT]: ["callbacks", "allowedLogoutUrls", "webOrigins", "allowedOrigins"],
    [AUTH0_CLIENT_CIMD]: ["callbacks", "webOrigins", "allowedOrigins"],
    [HTTP_API]: ["corsConfiguration.allowOrigins"],
    ...Object.fromEntries([...LISTENER].map((t) => [t, ["routingHttpResponseAccessControlAllowOriginHeaderValue"]])),
};

/**
 * A wildcard callback lets any matching host (a forgotten preview, a taken-over subdomain) receive
 * authorization codes; a wildcard origin lets any site call the API from a user's browser.
 */
export const noWildcardUrls: ResourceRule = {
    name: "edge-auth-disallow-wildcard-urls",
    description: "Auth0 callbacks, logout URLs and origins, and CORS allowed origins contain no wildcard.",
    severity: "high",
    remediation: "List every host explicitly (the edge-auth components compute them from hostnames). Keep wildcards to dev stacks, where this policy is advisory.",
    types: new Set(Object.keys(WILDCARD_FIELDS)),
    check({ type, props }) {
        const findings: Finding[] = [];
        for (const field of WILDCARD_FIELDS[type]) {
            for (const { where, value } of valuesAt(props, field)) {
                if (isUnknown(value)) {
                    findings.push(undecided(`${where} is unknown during preview`));
                } else if (typeof value === "string" && value.includes("*")) {
                    findings.push(violation(`${where} "${value}" is a wildcard: ${field.includes("rigin") ? "any matching site may call with the user's browser" : "any matching host may receive authorization codes or be sent users after logout"}`));
                }
            }
        }
        return findings;
    },
};

interface AudienceConfig {
    apiIdentifiers: string[];
}

/** `aud` is compared as an exact string: "https://api/" never matches an API "https://api". */
export const audiencesMatchApis: StackRule<AudienceConfig> = {
    name: "edge-auth-audience-matches-api",
    description: "No audience of a JWT authorizer, ALB rule or client grant differs from a declared Auth0 API identifier only by a trailing slash.",
    severity: "high",
    remediation: "Use the API identifier exactly as declared on the Auth0 ResourceServer (trailing slash or not): Auth0 writes it into aud as is and every verifier compares it exactly.",
    reads: new Set([HTTP_API_AUTHORIZER, AUTH0_CLIENT_GRANT, AUTH0_RESOURCE_SERVER, ...LISTENER, ...LISTENER_RULE]),
    config: {
        apiIdentifiers: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Identifiers of Auth0 APIs declared in other stacks, exactly as declared.",
        },
    },
    check(stack: StackIndex, config) {
        const declared = new Set([...stack.apis().keys(), ...config.apiIdentifiers]);
        const findings: Finding[] = [];
        const judge = (audience: unknown, what: string, urn: string) => {
            if (typeof audience !== "string" || declared.has(audience)) {
                return;
            }
            const other = audience.endsWith("/") ? audience.replace(/\/+$/, "") : `${audience}/`;
            if (declared.has(other)) {
                findings.push(violation(`${what} expects audience "${audience}", but the Auth0 API is declared as "${other}": tokens carry aud "${other}" and are all refused`, urn));
            }
        };
        for (const authorizer of stack.ofType(HTTP_API_AUTHORIZER)) {
            const audiences = asList(asObject(authorizer.props.jwtConfiguration)?.audiences);
            if (!isUnknown(audiences)) {
                audiences.forEach((a) => judge(a, `JWT authorizer "${authorizer.name}"`, authorizer.urn));
            }
        }
        for (const resource of albResources(stack)) {
            for (const { where, settings } of authBlocks(resource, "jwtValidation")) {
                (settings ? claimValues(settings, ["aud"]) ?? [] : []).forEach((a) => judge(a, `"${resource.name}" ${where}`, resource.urn));
            }
            for (const { where, settings } of authBlocks(resource, "authenticateOidc")) {
                judge(asObject(settings?.authenticationRequestExtraParams)?.audience, `"${resource.name}" ${where}`, resource.urn);
            }
        }
        for (const grant of stack.ofType(AUTH0_CLIENT_GRANT)) {
            judge(grant.props.audience, `client grant "${grant.name}"`, grant.urn);
        }
        return findings;
    },
};
