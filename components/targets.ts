// edge-auth/targets: helpers for the code that runs BEHIND the load balancer (containers,
// Lambda functions). Pulumi-free on purpose: a target's bundle must not pull in the Pulumi
// runtime and the AWS/Auth0 SDK typings, so nothing here may import @pulumi/* (a test checks).

export * from "./alb/verifyOidcData";
export * from "./alb/logout";
export { EdgeAuthArgumentError } from "./core/errors";
