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
import { ClaimsArgs, PostLoginFlow } from "../../components/auth0/PostLoginFlow";
import { SpaApplication } from "../../components/auth0/SpaApplication";
import { HttpApi } from "../../components/apigateway/HttpApi";
import type { HttpRouteArgs } from "../../components/apigateway/httpRoutes";
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
    /** Base priority of the login rules (default 200). */
    priority?: number;
    permissions?: string[];
    roles?: RoleArgs<string>[];
    machineClients?: Record<string, { scopes: string[] }>;
    machineRoutes?: Array<{ name: string; pathPatterns: string[]; scopes: string[] }>;
    allowedRoles?: string[];
    ingress?: string[];
    /** Name of a MachineApplication on the API, and the name it was renamed from. */
    reporter?: string;
    reporterWas?: string;
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
            priority: k.priority ?? 200,
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
            new MachineApplication(k.reporter, { api, scopes: ["read:status"] }, renamedFrom(k.reporterWas));
        }
        new PostLoginFlow(n.flow, { roleGates: { ops: login.roleGate! } }, renamedFrom(k.was?.flow));
        // A plain resource next to the components, as users have them.
        new aws.lb.TargetGroup("ops-echo", { targetType: "lambda" });
    };
}

export interface ColorsKnobs {
    names?: Partial<Record<"api" | "spa" | "http" | "flow", string>>;
    was?: Partial<Record<"api" | "spa" | "http" | "flow", string>>;
    origins?: string[];
    routes?: string[];
    tenant?: { domain: string; customDomain?: string };
    /** Whether this program owns the flow (the colors example) or leaves it to the caller. */
    ownsFlow?: boolean;
}

/** Seed 003's colors system (API, SPA, HTTP API, claims) with the knobs above. */
export function colorsParts(k: ColorsKnobs = {}) {
    const n = { api: "colors-api", spa: "colors-app", http: "colors-http", flow: "colors-login", ...k.names };
    const tenant = k.tenant ?? { domain: "edge-auth.eu.auth0.com" };
    const api = new Auth0Api(n.api, {
        tenant,
        identifier: "urn:colors-api",
        permissions: [{ name: "read:colors" }, { name: "write:colors" }],
        roles: [{ name: "color reader", permissions: ["read:colors"] }],
        allowOfflineAccess: true,
    }, renamedFrom(k.was?.api));
    const spa = new SpaApplication(n.spa, { origins: k.origins ?? ["https://colors.example.com", "https://paint.example.com"] }, renamedFrom(k.was?.spa));
    const fn = { arn: "arn:aws:lambda:eu-west-1:123456789012:function:colors" };
    const all: Record<string, HttpRouteArgs<"read:colors" | "write:colors">> = {
        "GET /colors": { function: fn, public: true },
        "GET /my/profile": { function: fn, anyValidToken: true },
        "GET /my/colors": { function: fn, scopes: ["read:colors"] },
        "PUT /my/colors": { function: fn, scopes: ["write:colors"] },
    };
    const routes = Object.fromEntries((k.routes ?? Object.keys(all)).map((key) => [key, all[key]]));
    new HttpApi(n.http, { api, spa, routes }, renamedFrom(k.was?.http));
    const claims: ClaimsArgs = { api, namespace: "https://colors.example.com/", include: ["roles", "email"], tokens: ["access"] };
    if (k.ownsFlow !== false) {
        new PostLoginFlow(n.flow, { claims }, renamedFrom(k.was?.flow));
    }
    return { api, spa, claims };
}
