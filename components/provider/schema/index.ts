// The package schema as other languages see it: one declaration per public component. The
// analyzer of ComponentProvider starts here (the index.ts of the folder it is given).
export * from "./common";
export * from "./references";
export * from "./Auth0Api";
export * from "./WebApplication";
export * from "./SpaApplication";
export * from "./MachineApplication";
export * from "./PostLoginFlow";
export * from "./HttpsLoadBalancer";
export * from "./AlbOidcLogin";
export * from "./AlbJwtValidation";
export * from "./HttpApi";
export * from "./RestApiLambdaAuthorizer";
