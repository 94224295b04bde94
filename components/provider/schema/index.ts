// The package schema as other languages see it: one declaration per public component. The
// analyzer of ComponentProvider starts here (the index.ts of the folder it is given).
//
// Objects holding an Input (a role gate's clientId, a route's targetGroupArn) are Inputs
// themselves, and so are the references: typed SDKs (Go, .NET, Java) could not put an Output in
// them otherwise. TypeScript takes them as plain objects; the provider resolves them (../wire.ts).
//
// Order matters: the analyzer defines a shared type where it first meets it, and a type first
// met as an output loses its `plain` markers. Components that take the shared types as inputs
// (PostLoginFlow: RoleGate, ApiReference; AlbOidcLogin: the listener and application references;
// HttpApi: SpaReference) therefore come before those that output them. A test checks the markers.
export * from "./common";
export * from "./identityProvider";
export * from "./references";
export * from "./PostLoginFlow";
export * from "./AlbOidcLogin";
export * from "./HttpApi";
export * from "./Auth0Api";
export * from "./WebApplication";
export * from "./SpaApplication";
export * from "./MachineApplication";
export * from "./HttpsLoadBalancer";
export * from "./AlbJwtValidation";
export * from "./RestApiLambdaAuthorizer";
export * from "./RestApi";
