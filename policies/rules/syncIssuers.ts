import { IDENTITY_CONTRACTS_CONFIG, readIdentityContracts } from "../lib/contracts";
import { Finding, undecided, violation } from "../lib/findings";
import { albResources, authBlocks } from "../lib/lookups";
import { asObject, isUnknown, Unknown } from "../lib/plain";
import { StackRule } from "../lib/policy";
import { StackIndex } from "../lib/stackIndex";
import { HTTP_API_AUTHORIZER } from "../lib/types";

interface IssuerConfig {
    issuers: string[];
    identityContracts: unknown[];
}

function checkIssuer(known: Set<string>, issuer: unknown, what: string, urn: string): Finding[] {
    if (issuer === undefined) {
        return [];
    }
    if (isUnknown(issuer)) {
        return [undecided(`the issuer of ${what} is unknown during preview`, urn)];
    }
    const value = String(issuer);
    if (known.has(value)) {
        return [];
    }
    if (known.has(`${value}/`)) {
        return [violation(`${what} has issuer "${value}" without the trailing slash; Auth0 writes iss as "${value}/" and the check is an exact string match`, urn)];
    }
    return [violation(`${what} has issuer "${value}", which is not the issuer of an Auth0 tenant of this stack (${[...known].join(", ")})`, urn)];
}

/** Every verifier trusts exactly one issuer string; a wrong one fails every login (seed 001: 561). */
export const issuersMatchTenant: StackRule<IssuerConfig> = {
    name: "edge-auth-issuer-matches-tenant",
    description: "Every JWT authorizer and ALB issuer equals the issuer of an Auth0 tenant in the stack, trailing slash included.",
    severity: "critical",
    remediation: "Use the tenant's issuer exactly: \"https://<domain>/\" with the trailing slash (the custom domain if one is configured). For tenants managed in another stack, list their issuers in the policy config.",
    config: {
        issuers: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Extra trusted issuers (tenants managed outside this stack), written exactly as iss, e.g. \"https://acme.us.auth0.com/\".",
        },
        identityContracts: IDENTITY_CONTRACTS_CONFIG,
    },
    check(stack: StackIndex, config) {
        // The identity stack's issuers count as this stack's own (docs/multi-stack.md).
        const known = new Set([...stack.tenantIssuers(), ...config.issuers, ...readIdentityContracts(config.identityContracts).issuers]);
        const checks: { issuer: unknown; what: string; urn: string }[] = [];
        for (const authorizer of stack.ofType(HTTP_API_AUTHORIZER)) {
            if (authorizer.props.authorizerType === "JWT") {
                const jwt = authorizer.props.jwtConfiguration;
                checks.push({ issuer: isUnknown(jwt) ? jwt : asObject(jwt)?.issuer, what: `JWT authorizer "${authorizer.name}"`, urn: authorizer.urn });
            }
        }
        for (const resource of albResources(stack)) {
            for (const block of ["authenticateOidc", "jwtValidation"] as const) {
                for (const { where, settings } of authBlocks(resource, block)) {
                    checks.push({ issuer: settings ? settings.issuer : new Unknown(where), what: `"${resource.name}" ${where}`, urn: resource.urn });
                }
            }
        }
        if (checks.length === 0) {
            return [];
        }
        if (known.size === 0) {
            return [undecided("no Auth0 tenant is managed in this stack (no auth0 provider domain or custom domain) and the policy config lists no issuers")];
        }
        return checks.flatMap((c) => checkIssuer(known, c.issuer, c.what, c.urn));
    },
};
