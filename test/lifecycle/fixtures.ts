/**
 * Programs for the update simulator's tests: small, complete edge-auth programs with knobs for
 * the edits users make over a stack's life (renames with aliases, reorders, adds and removes).
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { AlbJwtValidation } from "../../components/alb/AlbJwtValidation";
import { AlbOidcLogin, AlbLoginRouteArgs } from "../../components/alb/AlbOidcLogin";
import { HttpsLoadBalancer } from "../../components/alb/HttpsLoadBalancer";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { MachineApplication } from "../../components/auth0/MachineApplication";
import { PostLoginFlow } from "../../components/auth0/PostLoginFlow";
import { RoleArgs } from "../../components/auth0/permissions";

/** `aliases` for a component renamed from `old`, as docs/lifecycle.md tells users to write. */
export const renamedFrom = (old: string | undefined): pulumi.ComponentResourceOptions => (old ? { aliases: [{ name: old }] } : {});

export interface OpsKnobs {
    tenant?: { domain: string; customDomain?: string };
    /** Component names (defaults: the reference names) and the names they were renamed from. */
    names?: Partial<Record<"alb" | "api" | "login" | "machines" | "flow", string>>;
    was?: Partial<Record<"alb" | "api" | "login" | "machines" | "flow", string>>;
    hostnames?: string[];
    routes?: AlbLoginRouteArgs[];
    permissions?: string[];
    roles?: RoleArgs<string>[];
    machineClients?: Record<string, { scopes: string[] }>;
    machineRoutes?: Array<{ name: string; pathPatterns: string[]; scopes: string[] }>;
    allowedRoles?: string[];
    ingress?: string[];
    reporter?: boolean;
}

/** The reference ALB system (seeds 000 to 002) with the knobs above; returns nothing. */
export function opsProgram(k: OpsKnobs = {}): () => void {
    return () => {
        const n = { alb: "ops", api: "ops-api", login: "ops", machines: "ops-machine", flow: "tenant-post-login", ...k.names };
        const tenant = k.tenant ?? { domain: "edge-auth.eu.auth0.com" };
        const hostnames = k.hostnames ?? ["ops.example.com", "status.example.com"];
        const alb = new HttpsLoadBalancer(n.alb, {
            vpcId: "vpc-0a1b2c3d",
            subnetIds: ["subnet-a", "subnet-b"],
            certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
            targetPorts: [8080],
            targetCidrIpv4: "10.0.0.0/16",
            ingressCidrIpv4s: k.ingress,
        }, renamedFrom(k.was?.alb));
        const permissions = k.permissions ?? ["read:status", "write:events"];
        const api = new Auth0Api(n.api, {
            tenant,
            identifier: "https://ops.example.com/machine",
            permissions: permissions.map((name) => ({ name })),
            roles: k.roles ?? (k.allowedRoles ?? ["IT Operations", "Developers"]).map((name) => ({ name, permissions: ["read:status"] })),
        }, renamedFrom(k.was?.api));
        const targets = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/ops/73e2d6bc24d8a067";
        const login = new AlbOidcLogin(n.login, {
            loadBalancer: alb,
            tenant,
            hostnames,
            routes: k.routes ?? [
                { name: "xhr", pathPatterns: ["/api/*"], onUnauthenticatedRequest: "deny" },
                { name: "pages", pathPatterns: ["/*"] },
            ],
            targetGroupArn: targets,
            priority: 200,
            api,
            roleGate: { roles: k.allowedRoles ?? ["IT Operations"] },
        }, renamedFrom(k.was?.login));
        new AlbJwtValidation(n.machines, {
            loadBalancer: alb,
            api,
            hostnames,
            routes: k.machineRoutes ?? [
                { name: "status", pathPatterns: ["/machine/status"], scopes: ["read:status"] },
                { name: "events", pathPatterns: ["/machine/events"], scopes: ["write:events"] },
            ],
            targetGroupArn: targets,
            priority: 100,
            clients: k.machineClients ?? { monitor: { scopes: ["read:status"] }, shipper: { scopes: ["write:events"] } },
        }, renamedFrom(k.was?.machines));
        if (k.reporter) {
            new MachineApplication("reporter", { api, scopes: ["read:status"] });
        }
        new PostLoginFlow(n.flow, { roleGates: { ops: login.roleGate! } }, renamedFrom(k.was?.flow));
        // A plain resource next to the components, as users have them.
        new aws.lb.TargetGroup("ops-echo", { targetType: "lambda" });
    };
}
