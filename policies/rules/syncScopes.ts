import { IDENTITY_CONTRACTS_CONFIG, apisWithContracts, readIdentityContracts } from "../lib/contracts";
import { Finding, undecided, violation } from "../lib/findings";
import { albResources, authBlocks, authorizerOf, claimValues } from "../lib/lookups";
import { asList, asObject, isUnknown } from "../lib/plain";
import { StackRule } from "../lib/policy";
import { StackApi } from "../lib/stackIndex";
import { isAuth0Issuer } from "../lib/idp";
import { operationName, readOpenApiBody } from "../lib/openapi";
import { parseUrl } from "../lib/urls";
import { AUTH0_CLIENT_GRANT, AUTH0_RESOURCE_SERVER, AUTH0_SCOPE, AUTH0_SCOPES, HTTP_API, HTTP_API_AUTHORIZER, HTTP_API_ROUTE, LISTENER, LISTENER_RULE } from "../lib/types";

/**
 * Checks that `scopes` exist on at least one Auth0 API among `audiences`. A scope no API
 * declares can never be granted: the route, grant or rule would reject every token.
 */
function checkScopes(known: Map<string, StackApi>, audiences: unknown[], scopes: unknown[], what: string, urn: string, auth0 = true): Finding[] {
    if (audiences.some(isUnknown) || scopes.some(isUnknown)) {
        return [undecided(`the audiences or scopes of ${what} are unknown during preview`, urn)];
    }
    const apis = audiences.map((a) => known.get(String(a))).filter((a) => a !== undefined);
    if (apis.length === 0) {
        // Tokens of another provider (Entra ID, Okta...): their scopes are not Auth0 APIs' to compare.
        return scopes.length === 0 || !auth0 ? [] : [undecided(`no Auth0 API of audience ${JSON.stringify(audiences)} is in this stack, so the scopes of ${what} cannot be compared`, urn)];
    }
    if (apis.some((a) => a.scopesUnknown)) {
        return [undecided(`the scopes of the Auth0 API for ${what} are unknown during preview`, urn)];
    }
    const declared = new Set(apis.flatMap((a) => [...a.scopes]));
    const missing = scopes.map(String).filter((s) => !declared.has(s));
    return missing.length === 0
        ? []
        : [violation(`${what} uses scope(s) ${missing.join(", ")} that the Auth0 API ${JSON.stringify(audiences)} does not declare (declared: ${[...declared].join(", ") || "none"})`, urn)];
}

export const scopesExist: StackRule<{ identityContracts: unknown[] }> = {
    name: "edge-auth-scopes-exist-on-api",
    description: "Every scope a route, client grant or jwt-validation rule requires is declared on the Auth0 API of that audience.",
    severity: "high",
    remediation: "Declare the scope on the Auth0 API (ResourceServerScopes of the audience), or fix the typo in the route, grant or rule. With edge-auth, declare it in Auth0Api permissions.",
    config: { identityContracts: IDENTITY_CONTRACTS_CONFIG },
    reads: new Set([HTTP_API_ROUTE, HTTP_API_AUTHORIZER, HTTP_API, AUTH0_CLIENT_GRANT, AUTH0_RESOURCE_SERVER, AUTH0_SCOPES, AUTH0_SCOPE, ...LISTENER, ...LISTENER_RULE]),
    check(stack, config) {
        // APIs of an identity stack the pack config names count as declared (docs/multi-stack.md).
        const identity = readIdentityContracts(config.identityContracts);
        const apis = apisWithContracts(stack, identity);
        const findings: Finding[] = identity.problems.map((problem) => violation(problem));
        const auth0Hosts = new Set([...stack.tenantIssuers(), ...identity.auth0Issuers].map((i) => parseUrl(i)?.host ?? ""));
        const fromAuth0 = (issuer: unknown) => isUnknown(issuer) || issuer === undefined || isAuth0Issuer(issuer, auth0Hosts);
        for (const route of stack.ofType(HTTP_API_ROUTE)) {
            if (route.props.authorizationType !== "JWT") {
                continue;
            }
            const scopes = asList(route.props.authorizationScopes);
            if (isUnknown(scopes)) {
                findings.push(undecided(`the scopes of route "${route.name}" are unknown during preview`, route.urn));
                continue;
            }
            if (scopes.length === 0) {
                continue;
            }
            const authorizer = authorizerOf(stack, route);
            if (!authorizer) {
                findings.push(undecided(`the authorizer of route "${route.name}" is not in this stack`, route.urn));
                continue;
            }
            const jwt = asObject(authorizer.props.jwtConfiguration);
            const audiences = asList(jwt?.audiences);
            findings.push(...checkScopes(apis, isUnknown(audiences) ? [audiences] : audiences, scopes, `route "${String(route.props.routeKey)}"`, route.urn, fromAuth0(jwt?.issuer)));
        }
        // Routes of HTTP APIs defined by an OpenAPI body: scopes of each JWT security requirement.
        for (const api of stack.ofType(HTTP_API)) {
            const read = readOpenApiBody(api.props.body);
            const document = read && "document" in read ? read.document : undefined;
            for (const op of document?.operations ?? []) {
                if (op.auth.kind !== "authorizer" || op.auth.type !== "jwt" || op.auth.scopes.length === 0) {
                    continue;
                }
                const scheme = op.auth.scheme;
                const authorizer = document!.authorizers.find((a) => a.scheme === scheme);
                findings.push(...checkScopes(apis, authorizer?.audiences ?? [], op.auth.scopes, operationName(api.name, op), api.urn, fromAuth0(authorizer?.issuer)));
            }
        }
        for (const grant of stack.ofType(AUTH0_CLIENT_GRANT)) {
            const scopes = asList(grant.props.scopes);
            findings.push(...checkScopes(apis, [grant.props.audience], isUnknown(scopes) ? [scopes] : scopes, `client grant "${grant.name}"`, grant.urn));
        }
        for (const resource of albResources(stack)) {
            for (const { where, settings } of authBlocks(resource, "jwtValidation")) {
                const audiences = settings && claimValues(settings, ["aud"]);
                const scopes = settings && claimValues(settings, ["scope", "scp"]);
                if (!audiences || !scopes) {
                    findings.push(undecided(`the claims of "${resource.name}" ${where} are unknown during preview`, resource.urn));
                    continue;
                }
                if (audiences.length > 0) {
                    findings.push(...checkScopes(apis, audiences, scopes, `"${resource.name}" ${where}`, resource.urn, fromAuth0(settings.issuer)));
                }
            }
        }
        return findings;
    },
};
