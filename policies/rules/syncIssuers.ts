import { IDENTITY_CONTRACTS_CONFIG, readIdentityContracts } from "../lib/contracts";
import { Finding, undecided, violation } from "../lib/findings";
import { albResources, authBlocks } from "../lib/lookups";
import { asObject, isUnknown, Unknown } from "../lib/plain";
import { StackRule } from "../lib/policy";
import { StackIndex } from "../lib/stackIndex";
import { AUTH0_CUSTOM_DOMAIN, HTTP_API, HTTP_API_AUTHORIZER, LISTENER, LISTENER_RULE } from "../lib/types";
import { parseUrl } from "../lib/urls";
import { isAuth0Host, otherProvider } from "../lib/idp";
import { readOpenApiBody } from "../lib/openapi";

/** The variable the edge-auth REST Lambda authorizer reads its issuer from (components/apigateway/runtime/restAuthorizerEnv.ts). */
const REST_AUTHORIZER_ISSUER = "EDGE_AUTH_ISSUER";
const LAMBDA_FUNCTION = "aws:lambda/function:Function";

interface IssuerConfig {
    issuers: string[];
    identityContracts: unknown[];
}

/** The issuer is scheme and host only, e.g. `https://acme.us.auth0.com`: Auth0's would end in a slash. */
function isBareOrigin(value: string): boolean {
    return /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]+$/.test(value.trim());
}

/** Compares one issuer to the known ones: exact match, else the closest explanation. */
function checkIssuer(known: Set<string>, auth0Hosts: Set<string>, issuer: unknown, what: string, urn: string): Finding[] {
    if (issuer === undefined) {
        return [];
    }
    if (isUnknown(issuer)) {
        return [undecided(`the issuer of ${what} is unknown during preview`, urn)];
    }
    const value = String(issuer);
    const host = parseUrl(value)?.host;
    // Auth0 only, and decidable from the issuer alone: Auth0 writes iss as https://<domain>/ with
    // the slash, so a bare Auth0 origin fails every token, even where a config or contract lists it so.
    if (host && isAuth0Host(host, auth0Hosts) && isBareOrigin(value)) {
        return [violation(`${what} has issuer "${value}" without the trailing slash; Auth0 writes iss as "${value}/" and the check is an exact string match`, urn)];
    }
    if (known.has(value)) {
        return [];
    }
    // Any OIDC provider: the issuer is exactly its discovery document's `issuer`.
    const near = [...known].find((k) => k.replace(/\/+$/, "").toLowerCase() === value.replace(/\/+$/, "").toLowerCase());
    if (near) {
        return [violation(`${what} has issuer "${value}", which differs from the provider's discovery issuer "${near}"; iss is compared as an exact string, so every token would be refused`, urn)];
    }
    // Another provider (Entra ID, Okta, Cognito...) that neither stack nor config describes: nothing to compare with.
    if (otherProvider(value) && ![...known].some((k) => parseUrl(k)?.host === host)) {
        return [];
    }
    if (known.size === 0) {
        return [undecided(`${what} has issuer "${value}", but no identity provider is managed in this stack (no auth0 provider domain or custom domain) and the policy config lists no issuers`, urn)];
    }
    return [violation(`${what} has issuer "${value}", which is not the issuer of an identity provider of this stack or of the policy config (${[...known].join(", ")})`, urn)];
}

/**
 * Auth0 writes `iss` from the domain the token was requested on: an ALB whose issuer is the custom
 * domain but whose endpoints are on the canonical domain (or the reverse) gets tokens with another
 * iss and answers 561 after login (seed 001). Auth0 only: other providers (LINE) split hosts by design.
 */
function checkEndpointHosts(auth0Hosts: Set<string>, settings: Record<string, unknown>, what: string, urn: string): Finding[] {
    const issuerHost = typeof settings.issuer === "string" ? parseUrl(settings.issuer)?.host : undefined;
    if (!issuerHost) {
        return [];
    }
    const elsewhere: string[] = [];
    for (const key of ["authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint"]) {
        const value = settings[key];
        const host = typeof value === "string" ? parseUrl(value)?.host : undefined;
        if (host && host !== issuerHost && (isAuth0Host(host, auth0Hosts) || isAuth0Host(issuerHost, auth0Hosts))) {
            elsewhere.push(`${key} "${String(value)}" on ${host}`);
        }
    }
    // One finding per action: the fix (one domain for all) is one change.
    return elsewhere.length === 0
        ? []
        : [violation(`${what} has issuer on ${issuerHost} but ${elsewhere.join(", ")}: Auth0 writes iss from the domain the token is requested on, so the ALB refuses the ID token (561 after login); put issuer and every endpoint on one domain`, urn)];
}

/** Every verifier trusts exactly one issuer string; a wrong one fails every login (seed 001: 561). */
export const issuersMatchTenant: StackRule<IssuerConfig> = {
    name: "edge-auth-issuer-matches-tenant",
    description: "Every JWT authorizer (resource or OpenAPI body), ALB and REST Lambda authorizer (EDGE_AUTH_ISSUER) issuer equals the issuer of an identity provider: an Auth0 tenant of the stack (trailing slash included, always for Auth0 hosts) or an issuer in the config (exactly its discovery `issuer`); ALB OIDC endpoints of an Auth0 issuer are on the issuer's domain. Issuers of other providers the stack and config do not describe are not compared.",
    severity: "critical",
    remediation: "Use the issuer exactly as the provider's discovery document (/.well-known/openid-configuration) writes it: for Auth0 \"https://<domain>/\" with the trailing slash (the custom domain if one is configured, with the endpoints on that same domain). For providers managed in another stack or not Auth0 (e.g. LINE's https://access.line.me), list their issuers in this policy's config.",
    config: {
        issuers: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Trusted issuers of identity providers managed outside this stack, exactly as their discovery document's issuer, e.g. \"https://acme.us.auth0.com/\" or \"https://access.line.me\".",
        },
        identityContracts: IDENTITY_CONTRACTS_CONFIG,
    },
    reads: new Set([HTTP_API_AUTHORIZER, HTTP_API, AUTH0_CUSTOM_DOMAIN, LAMBDA_FUNCTION, ...LISTENER, ...LISTENER_RULE]),
    check(stack: StackIndex, config) {
        const tenants = stack.tenantIssuers();
        // The identity stack's issuers count as this stack's own (docs/multi-stack.md).
        const identity = readIdentityContracts(config.identityContracts);
        const known = new Set([...tenants, ...config.issuers, ...identity.issuers]);
        const auth0Hosts = new Set([...tenants, ...identity.auth0Issuers].map((i) => parseUrl(i)?.host ?? ""));
        const checks: { issuer: unknown; what: string; urn: string }[] = [];
        const findings: Finding[] = [];
        for (const authorizer of stack.ofType(HTTP_API_AUTHORIZER)) {
            if (authorizer.props.authorizerType === "JWT") {
                const jwt = authorizer.props.jwtConfiguration;
                checks.push({ issuer: isUnknown(jwt) ? jwt : asObject(jwt)?.issuer, what: `JWT authorizer "${authorizer.name}"`, urn: authorizer.urn });
            }
        }
        // HTTP APIs defined by an OpenAPI body declare their JWT authorizers in it.
        for (const api of stack.ofType(HTTP_API)) {
            const read = readOpenApiBody(api.props.body);
            if (read && "unknown" in read) {
                checks.push({ issuer: read.unknown, what: `the OpenAPI body of HTTP API "${api.name}"`, urn: api.urn });
            }
            for (const authorizer of read && "document" in read ? read.document.authorizers : []) {
                if (authorizer.type === "jwt") {
                    checks.push({ issuer: authorizer.issuer, what: `JWT authorizer "${authorizer.scheme}" of the OpenAPI body of HTTP API "${api.name}"`, urn: api.urn });
                }
            }
        }
        // REST APIs: the edge-auth Lambda authorizer (and any function written to its contract) reads EDGE_AUTH_ISSUER.
        for (const fn of stack.ofType(LAMBDA_FUNCTION)) {
            const variables = asObject(asObject(fn.props.environment)?.variables);
            if (variables && REST_AUTHORIZER_ISSUER in variables) {
                checks.push({ issuer: variables[REST_AUTHORIZER_ISSUER], what: `Lambda authorizer "${fn.name}" (${REST_AUTHORIZER_ISSUER})`, urn: fn.urn });
            }
        }
        for (const resource of albResources(stack)) {
            for (const block of ["authenticateOidc", "jwtValidation"] as const) {
                for (const { where, settings } of authBlocks(resource, block)) {
                    checks.push({ issuer: settings ? settings.issuer : new Unknown(where), what: `"${resource.name}" ${where}`, urn: resource.urn });
                    if (settings && block === "authenticateOidc") {
                        findings.push(...checkEndpointHosts(auth0Hosts, settings, `"${resource.name}" ${where}`, resource.urn));
                    }
                }
            }
        }
        return [...findings, ...checks.flatMap((c) => checkIssuer(known, auth0Hosts, c.issuer, c.what, c.urn))];
    },
};
