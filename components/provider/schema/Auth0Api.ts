import * as pulumi from "@pulumi/pulumi";
import type { ResourceServer } from "@pulumi/auth0/resourceServer";
import type { ResourceServerScopes } from "@pulumi/auth0/resourceServerScopes";
import type { Role as Auth0Role } from "@pulumi/auth0/role";
import { Auth0Tenant, TenantEndpoints } from "./common";
import { IdentityProvider } from "./identityProvider";
import { ApiReference, SigningAlgorithm } from "./references";

/** One permission (OAuth scope) of an Auth0 API. */
export interface Permission {
    name: string;
    description?: string;
}

/** A role: a named set of the API's permissions that users are assigned in Auth0. */
export interface Role {
    name: string;
    key?: string;
    description?: string;
    permissions: string[];
}

export interface Auth0ApiArgs {
    tenant?: Auth0Tenant;
    identifier: string;
    displayName?: string;
    permissions: Permission[];
    roles?: Role[];
    signingAlg?: SigningAlgorithm;
    enforcePolicies?: boolean;
    tokenLifetime?: number;
    tokenLifetimeForWeb?: number;
    allowOfflineAccess?: boolean;
    skipConsentForVerifiableFirstPartyClients?: boolean;
}

/** Schema declaration of `Auth0Api`; construction runs the TypeScript component itself. */
export declare class Auth0Api extends pulumi.ComponentResource {
    readonly tenant: TenantEndpoints;
    readonly identityProvider: IdentityProvider;
    readonly identifier: string;
    readonly permissionNames: string[];
    readonly signingAlg: SigningAlgorithm;
    readonly rbacEnabled: boolean;
    readonly offlineAccess: boolean;
    readonly audience: pulumi.Output<string>;
    readonly issuer: pulumi.Output<string>;
    readonly permissions: pulumi.Output<string[]>;
    readonly roleIds: pulumi.Output<Record<string, string>>;
    readonly resourceServer: ResourceServer;
    /** The authoritative `ResourceServerScopes` holding the permissions. */
    readonly scopes: ResourceServerScopes;
    /** The Auth0 roles by role name. */
    readonly roles: Record<string, Auth0Role>;
    /** This API as a reference, for the `api` argument of other components. */
    readonly reference: ApiReference;
    constructor(name: string, args: Auth0ApiArgs, opts?: pulumi.ComponentResourceOptions);
}
