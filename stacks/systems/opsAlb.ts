/**
 * Seeds 000 to 002 in the reference stack: an internal operations app behind an ALB. Browsers
 * log in through Auth0 (only the allowed roles get through), XHR paths answer 401 instead of a
 * redirect, machine clients reach /machine/* with client-credentials tokens, and the target is a
 * Lambda that verifies and echoes the x-amzn-oidc-* headers.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import { AlbJwtValidation } from "../../components/alb/AlbJwtValidation";
import { AlbOidcLogin } from "../../components/alb/AlbOidcLogin";
import { HttpsLoadBalancer } from "../../components/alb/HttpsLoadBalancer";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { RoleGateArgs } from "../../components/auth0/PostLoginFlow";
import { AlbSettings } from "../settings";
import { albEchoTarget } from "./albEchoTarget";
import { MACHINE_ROUTES } from "../targets/machineRoutes";


export interface OpsAlb {
    url: string;
    roleGate: RoleGateArgs;
    logoutUrl: pulumi.Output<string>;
    machineClientIds: pulumi.Output<Record<string, string>>;
}

export function opsAlb(auth0Domain: string, settings: AlbSettings): OpsAlb {
    const tenant = { domain: auth0Domain };
    const vpc = new awsx.ec2.Vpc("ops", { numberOfAvailabilityZones: 2 });

    const alb = new HttpsLoadBalancer("ops", {
        vpcId: vpc.vpcId,
        subnetIds: vpc.publicSubnetIds,
        certificateArn: settings.certificateArn,
        // The only target is a Lambda function: no egress into the VPC.
        targetPorts: [],
    });

    const api = new Auth0Api("ops-api", {
        tenant,
        // Never from list order: the identifier is the `aud` of every M2M token, and changing it
        // replaces the API and every grant.
        identifier: settings.machineApiIdentifier ?? `https://${[...settings.hostnames].sort()[0]}/machine`,
        permissions: [{ name: "read:status", description: "Read service status" }, { name: "write:events", description: "Send events" }],
        roles: settings.allowedRoles.map((role) => ({ name: role, permissions: ["read:status" as const] })),
    });

    const targets = new aws.lb.TargetGroup("ops-echo", {
        targetType: "lambda",
        lambdaMultiValueHeadersEnabled: true,
    });
    const login = new AlbOidcLogin("ops", {
        loadBalancer: alb,
        tenant,
        hostnames: settings.hostnames,
        routes: [
            { name: "xhr", pathPatterns: ["/api/*"], onUnauthenticatedRequest: "deny" },
            { name: "pages", pathPatterns: ["/*"] },
        ],
        targetGroupArn: targets.arn,
        priority: 200,
        scope: "openid email profile",
        sessionTimeout: settings.sessionTimeout,
        api,
        roleGate: { roles: settings.allowedRoles },
    });

    const machines = new AlbJwtValidation("ops-machine", {
        loadBalancer: alb,
        api,
        hostnames: settings.hostnames,
        routes: MACHINE_ROUTES,
        targetGroupArn: targets.arn,
        priority: 100,
        clients: { monitor: { scopes: ["read:status"] }, shipper: { scopes: ["write:events"] } },
    });

    // The target verifies what the ALB signs with exactly the values the rules use.
    albEchoTarget("ops-echo", login, targets.arn);

    return {
        url: `https://${settings.hostnames[0]}/`,
        roleGate: login.roleGate!,
        logoutUrl: login.logoutUrl,
        machineClientIds: machines.clientIds,
    };
}
