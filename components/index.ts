// edge-auth: Pulumi components that put Auth0 login and token checks in front of AWS workloads.
export * from "./core/errors";
export * from "./core/tenant";
export * from "./core/urls";

export * from "./auth0/Auth0Api";
export * from "./auth0/permissions";
export * from "./auth0/apiSettings";
export * from "./auth0/WebApplication";
export * from "./auth0/SpaApplication";
export * from "./auth0/MachineApplication";
export * from "./auth0/PostLoginFlow";
export { ConfidentialAuthMethod } from "./auth0/client";
export { ClaimSource, ClaimToken } from "./auth0/actionCode";
