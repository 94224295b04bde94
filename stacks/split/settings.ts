/**
 * Configuration of the split reference stacks (docs/multi-stack.md): `edge-auth:role` selects
 * the identity stack (owns the Auth0 tenant) or an application stack (owns AWS, no Auth0
 * credentials); without it the program is the single-program stack of `stacks/index.ts`.
 */
import * as pulumi from "@pulumi/pulumi";

/** The roles a split stack can take. */
export const Role = {
    Identity: "identity",
    Application: "application",
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export interface IdentitySettings {
    /** The application stack whose hosts and origins the identity stack registers, `<org>/<project>/<stack>`. */
    applicationStack: string;
    /**
     * Hosts the application stack may register on this stack's clients (exact hosts or
     * `*.<domain>` patterns): ApplicationStackReference's allowedHosts. Required: no default
     * allows every host.
     */
    allowedHosts: string[];
    /** Roles allowed through the ops ALB login (seed 000's "IT Operations"). */
    opsAllowedRoles: string[];
    /** Scopes added at login per Auth0 connection (seed 004). */
    connectionScopes: Record<string, Array<"read:Movies" | "read:Devices">>;
    /** Accept http://localhost origins from the application stack: development only. */
    allowLocalhost?: boolean;
}

export interface ApplicationSettings {
    /**
     * The identity stack to read, `<org>/<project>/<stack>`. Leave it out for the first
     * deployment: the stack then only exports the URLs the identity stack must register.
     */
    identityStack?: string;
    alb: {
        /** Hosts users reach; each must be registered by the identity stack. */
        hostnames: string[];
        /** Hosts announced to the identity stack but not served yet (a new host's first step). */
        pendingHostnames?: string[];
        /** ACM certificate covering the hosts. */
        certificateArn: string;
        /** ALB session lifetime, seconds. */
        sessionTimeout?: number;
    };
    httpApi: {
        /** Origins the colors single-page app is served from. */
        appOrigins: string[];
        /** Accept http://localhost origins: development stacks only. */
        allowLocalhost?: boolean;
    };
}

/** The stack's role, or undefined for the single-program stacks. */
export function splitRole(): Role | undefined {
    const role = new pulumi.Config("edge-auth").get("role");
    if (role === undefined) {
        return undefined;
    }
    const roles = Object.values(Role) as string[];
    if (!roles.includes(role)) {
        throw new Error(`edge-auth:role "${role}" is not a role. Fix: use one of ${roles.join(", ")}, or remove it for the single-program stack`);
    }
    return role as Role;
}

export function identitySettings(): IdentitySettings {
    return new pulumi.Config("edge-auth").requireObject<IdentitySettings>("identity");
}

export function applicationSettings(): ApplicationSettings {
    return new pulumi.Config("edge-auth").requireObject<ApplicationSettings>("application");
}
