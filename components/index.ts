// edge-auth: Pulumi components that put Auth0 login and token checks in front of AWS workloads.
// The map: core (tenant, URLs, errors), auth0 (the Auth0 side), alb (load balancer login and
// machine tokens), apigateway (HTTP API JWT authorizer, REST API Lambda authorizer).

export * from "./core/errors";
export * from "./core/tenant";
export * from "./core/identityProvider";
export * from "./core/discovery";
export * from "./core/presets";
export * from "./core/urls";
export * from "./core/references";
export { ScopeString, StandardOidcScope } from "./core/scopeString";

// Across stacks (identity stack <-> application stacks)
export * from "./crossstack/contracts";
export * from "./crossstack/stackReferences";
export * from "./crossstack/allowedHosts";

// Auth0
export * from "./auth0/Auth0Api";
export * from "./auth0/permissions";
export * from "./auth0/apiSettings";
export * from "./auth0/WebApplication";
export * from "./auth0/SpaApplication";
export * from "./auth0/MachineApplication";
export * from "./auth0/PostLoginFlow";
export { ConfidentialAuthMethod } from "./auth0/client";
export { ClaimSource, ClaimToken } from "./auth0/actionCode";
export { MANAGEMENT_API_SCOPES } from "./auth0/client";
export { checkRoleGatesEnforced } from "./auth0/flowOwnership";

// Application Load Balancer
export * from "./alb/HttpsLoadBalancer";
export * from "./alb/AlbOidcLogin";
export * from "./alb/AlbJwtValidation";
export * from "./alb/verifyOidcData";
export * from "./alb/logout";
export { UnauthenticatedRequestAction, DEFAULT_SSL_POLICY } from "./alb/rules";
export { TLS12_PLUS_POLICIES } from "./alb/tlsPolicies";

// API Gateway
export * from "./apigateway/HttpApi";
export { HttpMethod, HttpRouteArgs, HttpLambdaTarget, MAX_ROUTE_SCOPES } from "./apigateway/httpRoutes";
export { HttpThrottlingArgs, HttpCustomDomainArgs } from "./apigateway/httpSettings";
export * from "./apigateway/RestApiLambdaAuthorizer";
export * from "./apigateway/RestApi";
export { RestRouteArgs, RestVerb, MethodScopes } from "./apigateway/restRoutes";
