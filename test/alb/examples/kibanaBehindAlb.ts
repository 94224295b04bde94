// Seed 000 as code: Kibana behind an Application Load Balancer; only members of "IT Operations"
// who logged in with Auth0 get through, Kibana's XHR paths answer 401 instead of a redirect,
// and a log shipper reaches /ingest/* with a client-credentials token.
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import { Auth0Api } from "../../../components/auth0/Auth0Api";
import { PostLoginFlow } from "../../../components/auth0/PostLoginFlow";
import { HttpsLoadBalancer } from "../../../components/alb/HttpsLoadBalancer";
import { AlbOidcLogin } from "../../../components/alb/AlbOidcLogin";
import { AlbJwtValidation } from "../../../components/alb/AlbJwtValidation";

export interface KibanaSettings {
    /** The Auth0 tenant, e.g. "acme.us.auth0.com". */
    auth0Domain: string;
    /** The host name users type, e.g. "kibana.example.com"; the certificate must cover it. */
    hostname: string;
    /** Route 53 zone of the host name. */
    zoneId: string;
    /** ACM certificate for the host name. */
    certificateArn: string;
}

export function kibanaBehindAlb(settings: KibanaSettings) {
    const tenant = { domain: settings.auth0Domain };
    const vpc = new awsx.ec2.Vpc("ops", { numberOfAvailabilityZones: 2 });

    // HTTPS on 443 with a TLS 1.2+ policy, 80 redirecting to 443, egress 443 to Auth0.
    const alb = new HttpsLoadBalancer("ops", {
        vpcId: vpc.vpcId,
        subnetIds: vpc.publicSubnetIds,
        certificateArn: settings.certificateArn,
        targetPorts: [5601],
        targetCidrIpv4: vpc.vpc.cidrBlock,
    });
    new aws.route53.Record("kibana", {
        zoneId: settings.zoneId,
        name: settings.hostname,
        type: "A",
        aliases: [{ name: alb.dnsName!, zoneId: alb.zoneId!, evaluateTargetHealth: true }],
    });

    // Kibana's tasks or instances register here; let them accept traffic from the ALB only.
    const kibana = new aws.lb.TargetGroup("kibana", {
        vpcId: vpc.vpcId,
        port: 5601,
        protocol: "HTTP",
        targetType: "ip",
        healthCheck: { path: "/api/status", matcher: "200,401" },
    });

    // The API the log shipper calls, with the roles users hold.
    const logs = new Auth0Api("logs", {
        tenant,
        identifier: "urn:logs-api",
        permissions: [{ name: "read:logs" }, { name: "write:logs" }],
        roles: [{ name: "IT Operations", permissions: ["read:logs"] }],
    });

    // Browser login: the Auth0 application gets exactly https://<host>/oauth2/idpresponse.
    const login = new AlbOidcLogin("kibana", {
        loadBalancer: alb,
        tenant,
        hostnames: [settings.hostname],
        routes: [
            // Kibana's own XHR calls: a 401 the UI handles, never a 302 to the login page.
            { name: "xhr", pathPatterns: ["/api/*", "/internal/*"], onUnauthenticatedRequest: "deny" },
            { name: "app", pathPatterns: ["/*"] },
        ],
        targetGroupArn: kibana.arn,
        priority: 100,
        scope: "openid email profile",
        roleGate: { roles: ["IT Operations"], message: "Kibana is for IT Operations." },
    });

    // Machine tokens, evaluated before the browser rules (lower priorities).
    const machines = new AlbJwtValidation("kibana-ingest", {
        loadBalancer: alb,
        api: logs,
        routes: [{ name: "ingest", pathPatterns: ["/ingest/*"], scopes: ["write:logs"] }],
        targetGroupArn: kibana.arn,
        priority: 10,
        clients: { shipper: { scopes: ["write:logs"] } },
    });

    // The tenant's one post-login flow enforces the role gate.
    new PostLoginFlow("tenant-post-login", { roleGates: { kibana: login.roleGate! } });

    return {
        url: `https://${settings.hostname}/`,
        // Give these to the target (e.g. as environment) for createOidcDataVerifier.
        oidcData: login.oidcData,
        logoutUrl: login.logoutUrl,
        shipperClientId: machines.clientIds,
        albSecurityGroupId: alb.securityGroupId,
    };
}
