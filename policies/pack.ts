/**
 * The edge-auth policies, free of side effects so tests and tools can import them; ./index.ts
 * serves them as a policy pack.
 */
import type { Policies } from "@pulumi/policy";
import { Rule, toPolicy } from "./lib/policy";
import { listenerRedirectsHttp, listenerTlsPolicy, nlbListenerTlsPolicy } from "./rules/albListeners";
import { tokenUrlsHttps } from "./rules/tokenUrls";
import { clientUrlsHttps } from "./rules/auth0ClientUrls";
import { clientUrlHostsAllowed } from "./rules/auth0ClientUrlHosts";
import { apiDomainTls, auth0DomainTls, restApiTls } from "./rules/apiDomains";
import { corsOriginsHttps, noQuickCreate } from "./rules/corsAndQuickCreate";
import { audiencesMatchApis, noImplicitPasswordGrants, noWildcardUrls } from "./rules/practices";
import { routeAuthorization, routeScopes } from "./rules/httpApiRoutes";
import { methodAuthorizer } from "./rules/restMethods";
import { jwtValidationAudience, oidcOpenidScope } from "./rules/albAuthActions";
import { grantScopes } from "./rules/clientGrants";
import { rulesOnHttps } from "./rules/listenerRules";
import { scopesExist } from "./rules/syncScopes";
import { issuersMatchTenant } from "./rules/syncIssuers";
import { albCallbacksRegistered } from "./rules/syncCallbacks";
import { verifiedApisRs256Rbac } from "./rules/syncApis";
import { classicElbPlainHttp, classicElbTlsPolicy } from "./rules/classicElb";
import { cloudFrontOriginsHttps, cloudFrontOriginTls, cloudFrontViewersHttps, cloudFrontViewerTls } from "./rules/cloudFront";
import { functionUrlAuth, functionUrlPublicPermission } from "./rules/lambdaUrls";
import { defaultActionBypass } from "./rules/defaultActionBypass";
import { jwtValidationGrantType } from "./rules/albJwtGrantType";
import { machineClientsNonInteractive, noLocalUrls, oidcConformant } from "./rules/auth0ClientPractices";
import { unknownEdgeTypes } from "./rules/unknownTypes";
import { registerRules } from "./lib/registry";

export const PACK_NAME = "edge-auth";

/** Every rule, grouped as the README lists them. */
export const rules: readonly Rule[] = [
    // HTTPS only
    listenerRedirectsHttp,
    rulesOnHttps,
    listenerTlsPolicy,
    tokenUrlsHttps,
    clientUrlsHttps,
    corsOriginsHttps,
    apiDomainTls,
    restApiTls,
    nlbListenerTlsPolicy,
    auth0DomainTls,
    // Required scopes
    routeScopes,
    routeAuthorization,
    methodAuthorizer,
    oidcOpenidScope,
    jwtValidationAudience,
    grantScopes,
    noQuickCreate,
    // Practices (levels per environment)
    noImplicitPasswordGrants,
    noWildcardUrls,
    // Registered hosts (allowedHosts per environment)
    clientUrlHostsAllowed,
    // Cross-cloud sync (stack policies)
    scopesExist,
    issuersMatchTenant,
    albCallbacksRegistered,
    verifiedApisRs256Rbac,
    audiencesMatchApis,
    // Issue 20: classic ELB, CloudFront, Lambda URLs, default-action bypass, machine tokens, client practices
    classicElbPlainHttp,
    classicElbTlsPolicy,
    cloudFrontViewersHttps,
    cloudFrontOriginsHttps,
    cloudFrontViewerTls,
    cloudFrontOriginTls,
    functionUrlAuth,
    functionUrlPublicPermission,
    defaultActionBypass,
    jwtValidationGrantType,
    noLocalUrls,
    oidcConformant,
    machineClientsNonInteractive,
    // Coverage: types no rule above judges
    unknownEdgeTypes,
];

// The unknown-types policy derives the judged types from the rules' own declarations.
registerRules(rules);

export const policies: Policies = rules.map(toPolicy);
