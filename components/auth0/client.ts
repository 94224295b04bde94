import * as pulumi from "@pulumi/pulumi";
import * as auth0 from "@pulumi/auth0";
import { reject } from "../core/errors";

/** How a confidential client authenticates at the token endpoint. */
export type ConfidentialAuthMethod = "client_secret_post" | "client_secret_basic";

/** Settings every edge-auth client shares; the application components add their own. */
type ClientSettings = Omit<auth0.ClientArgs, "oidcConformant" | "jwtConfiguration" | "isFirstParty" | "crossOriginAuth">;

/** A created Auth0 client with its credentials resource. */
export interface CreatedClient {
    client: auth0.Client;
    credentials: auth0.ClientCredentials;
    clientId: pulumi.Output<string>;
    /** Wrapped in `pulumi.secret` here, since mocks and some engines do not apply additionalSecretOutputs. */
    clientSecret: pulumi.Output<string>;
}

/**
 * Creates a `Client` with edge-auth's secure settings (OIDC conformant, RS256 ID tokens, no
 * cross-origin authentication) and a `ClientCredentials` that owns its token endpoint
 * authentication; `Client` itself has no secret or auth method in @pulumi/auth0 3.x.
 */
export function createClient(parent: pulumi.Resource, name: string, settings: ClientSettings, authenticationMethod: ConfidentialAuthMethod | "none"): CreatedClient {
    const client = new auth0.Client(`${name}-client`, {
        ...settings,
        oidcConformant: true,
        jwtConfiguration: { alg: "RS256" },
        isFirstParty: true,
        crossOriginAuth: false,
    }, { parent });
    const credentials = new auth0.ClientCredentials(`${name}-credentials`, {
        clientId: client.clientId,
        authenticationMethod,
    }, { parent, additionalSecretOutputs: ["clientSecret"] });
    return {
        client,
        credentials,
        clientId: client.clientId,
        clientSecret: pulumi.secret(credentials.clientSecret.apply((secret) => requireClientSecret(name, authenticationMethod, secret))),
    };
}

/**
 * Management API scopes the Auth0 provider's own client (`auth0:clientId`) needs for everything
 * edge-auth manages. Without `read:client_keys` (or `read:client_credentials`) the provider
 * returns every client secret as an empty string instead of failing (see the
 * `ClientCredentials.clientSecret` typings of @pulumi/auth0 and the provider's
 * docs/resources/client_credentials.md).
 */
export const MANAGEMENT_API_SCOPES: readonly string[] = [
    "read:clients", "create:clients", "update:clients", "delete:clients",
    "read:client_keys", "update:client_keys",
    "read:client_grants", "create:client_grants", "update:client_grants", "delete:client_grants",
    "read:resource_servers", "create:resource_servers", "update:resource_servers", "delete:resource_servers",
    "read:roles", "create:roles", "update:roles", "delete:roles",
    "read:actions", "create:actions", "update:actions", "delete:actions",
];

/**
 * A confidential client's secret as the provider returned it; an empty one fails the update
 * with the scopes to grant, rather than reaching the ALB (logins would fail at the token
 * exchange) or a machine client (its token requests would fail).
 */
export function requireClientSecret(name: string, method: string, secret: string | undefined): string {
    if (method === "none") {
        return secret ?? "";
    }
    if (secret === undefined || secret === "") {
        throw new Error(`edge-auth client "${name}": Auth0 returned an empty client secret. The Auth0 provider's own client `
            + "(auth0:clientId) lacks read:client_keys (or read:client_credentials), so the provider reads secrets as \"\". "
            + `Fix: grant it these Management API scopes: ${MANAGEMENT_API_SCOPES.join(" ")}`);
    }
    return secret;
}

export const CONFIDENTIAL_AUTH_METHODS: readonly ConfidentialAuthMethod[] = ["client_secret_post", "client_secret_basic"];

/** Validates a confidential client's token endpoint method; `client_secret_post` by default. */
export function validateConfidentialAuthMethod(value: unknown): ConfidentialAuthMethod {
    const method = value ?? "client_secret_post";
    if (!CONFIDENTIAL_AUTH_METHODS.includes(method as ConfidentialAuthMethod)) {
        reject("tokenEndpointAuthMethod", method, "is not a confidential client method", `use one of ${CONFIDENTIAL_AUTH_METHODS.join(", ")}`);
    }
    return method as ConfidentialAuthMethod;
}
