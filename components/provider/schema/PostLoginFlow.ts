import * as pulumi from "@pulumi/pulumi";
import type { Action } from "@pulumi/auth0/action";
import type { TriggerActions } from "@pulumi/auth0/triggerActions";
import { ApiReference } from "./references";

/** What a claims action can add. */
export const ClaimSource = {
    Roles: "roles",
    Email: "email",
    EmailVerified: "email_verified",
    Name: "name",
} as const;
export type ClaimSource = (typeof ClaimSource)[keyof typeof ClaimSource];

/** Which tokens receive the claims. */
export const ClaimToken = {
    Access: "access",
    Id: "id",
} as const;
export type ClaimToken = (typeof ClaimToken)[keyof typeof ClaimToken];

/** Namespaced claims to add at login. */
export interface Claims {
    namespace: string;
    include: ClaimSource[];
    tokens?: ClaimToken[];
    api?: pulumi.Input<ApiReference>;
}

/** Scopes added to one API's access tokens according to the login connection. */
export interface ConnectionScopes {
    api: pulumi.Input<ApiReference>;
    scopes: Record<string, string[]>;
}

/** Deny login to one application unless the user holds one of the roles. */
export interface RoleGate {
    clientId: pulumi.Input<string>;
    roles: string[];
    message?: string;
}

/** An action created outside edge-auth that must stay in the flow. */
export interface ExistingAction {
    id: pulumi.Input<string>;
    displayName: string;
}

export interface PostLoginFlowArgs {
    claims?: pulumi.Input<Claims>;
    roleGates?: pulumi.Input<Record<string, pulumi.Input<RoleGate>>>;
    connectionScopes?: pulumi.Input<ConnectionScopes>;
    existingActions?: pulumi.Input<pulumi.Input<ExistingAction>[]>;
}

/** Schema declaration of `PostLoginFlow`; construction runs the TypeScript component itself. */
export declare class PostLoginFlow extends pulumi.ComponentResource {
    readonly actions: Record<string, Action>;
    readonly actionIds: pulumi.Output<string[]>;
    /** The authoritative `TriggerActions` binding of the post-login flow. */
    readonly binding: TriggerActions;
    constructor(name: string, args: PostLoginFlowArgs, opts?: pulumi.ComponentResourceOptions);
}
