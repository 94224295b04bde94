/**
 * The identity stack: owns the Auth0 tenant's APIs, permissions, roles, clients and post-login
 * flow. It registers the hosts and origins the application stack exports (nobody types them
 * here), and exports one versioned contract per API and per application for that stack to read.
 */
import * as pulumi from "@pulumi/pulumi";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { MachineApplication } from "../../components/auth0/MachineApplication";
import { PostLoginFlow } from "../../components/auth0/PostLoginFlow";
import { SpaApplication } from "../../components/auth0/SpaApplication";
import { WebApplication } from "../../components/auth0/WebApplication";
import { apiContract, applicationContract } from "../../components/crossstack/contracts";
import { ApplicationStackReference } from "../../components/crossstack/stackReferences";
import { IdentitySettings } from "./settings";

export async function identityProgram(settings: IdentitySettings): Promise<Record<string, unknown>> {
    // The tenant is typed once per stack, in the Auth0 provider's own config.
    const tenant = { domain: new pulumi.Config("auth0").require("domain") };

    // What the application stack needs registered, checked before anything is created against
    // the hosts this stack allows it: URLs on any other host fail the preview.
    const apps = new ApplicationStackReference("apps", { stack: settings.applicationStack, allowedHosts: settings.allowedHosts });
    const [opsUrls, colorsUrls] = await Promise.all([
        apps.clientUrls("opsClientUrls"),
        apps.clientUrls("colorsClientUrls", { allowLocalhost: settings.allowLocalhost }),
    ]);

    const opsApi = new Auth0Api("ops-api", {
        tenant,
        identifier: "urn:ops-api",
        permissions: [{ name: "read:status", description: "Read service status" }, { name: "write:events", description: "Send events" }],
        roles: settings.opsAllowedRoles.map((role) => ({ name: role, permissions: ["read:status" as const] })),
    });
    const colorsApi = new Auth0Api("colors-api", {
        tenant,
        identifier: "urn:colors-api",
        permissions: [{ name: "read:colors", description: "Read my colors" }],
        roles: [{ name: "color reader", permissions: ["read:colors"] }],
        // The colors SPA uses refresh tokens for this API.
        allowOfflineAccess: true,
    });
    const moviesApi = new Auth0Api("movies-api", {
        tenant,
        identifier: "urn:movies-api",
        permissions: [{ name: "read:Movies", description: "List movies" }, { name: "read:Devices", description: "List devices" }],
    });

    // The clients, with exactly the URLs the application stack exported.
    const opsLogin = new WebApplication("ops-login", { callbackUrls: opsUrls.callbackUrls, logoutUrls: opsUrls.logoutUrls });
    const colorsSpa = new SpaApplication("colors-app", { origins: colorsUrls.webOrigins, allowLocalhost: settings.allowLocalhost });
    const monitor = new MachineApplication("ops-monitor", { api: opsApi, scopes: ["read:status"] });
    const shipper = new MachineApplication("ops-shipper", { api: opsApi, scopes: ["write:events"] });

    // The tenant's one post-login flow lives here, with the tenant.
    new PostLoginFlow("tenant-post-login", {
        claims: { api: colorsApi, namespace: "https://colors.example.com/", include: ["roles", "email", "email_verified"], tokens: ["access"] },
        roleGates: { ops: { clientId: opsLogin.clientId, roles: settings.opsAllowedRoles } },
        connectionScopes: { api: moviesApi, scopes: settings.connectionScopes },
    });

    const idp = opsApi.identityProvider;
    return {
        opsApi: apiContract(opsApi),
        colorsApi: apiContract(colorsApi),
        moviesApi: apiContract(moviesApi),
        opsLogin: applicationContract(opsLogin, idp),
        colorsSpa: applicationContract(colorsSpa, idp),
        opsMachineClientIds: pulumi.output({ monitor: monitor.clientId, shipper: shipper.clientId }),
    };
}
