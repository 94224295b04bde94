import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as auth0 from "@pulumi/auth0";
import path from "path"; // a default import: needs the program's esModuleInterop

const config = new pulumi.Config();
const host = config.require("host");
const tenant = new pulumi.Config("auth0").require("domain");

new auth0.ResourceServer("ops-api", {
    identifier: `https://${host}/api`,
    signingAlg: "RS256",
    enforcePolicies: true,
});
const client = new auth0.Client("ops-portal", {
    appType: "regular_web",
    grantTypes: ["authorization_code", "refresh_token"],
    oidcConformant: true,
    // The ALB's callback is https://<host>/oauth2/idpresponse: this one is the old portal's.
    callbacks: [`https://${host}/${path.posix.join("auth", "callback")}`],
    allowedLogoutUrls: [`https://${host}/`],
});
const credentials = new auth0.ClientCredentials("ops-portal", {
    clientId: client.clientId,
    authenticationMethod: "client_secret_post",
    clientSecret: config.requireSecret("clientSecret"),
});

// Lookups, as most programs make them (offline: stand-in answers of the same shape).
const vpc = aws.ec2.getVpcOutput({ default: true });
const subnets = aws.ec2.getSubnetsOutput({ filters: [{ name: "vpc-id", values: [vpc.id] }] });
const certificate = aws.acm.getCertificateOutput({ domain: host, statuses: ["ISSUED"] });

const lb = new aws.lb.LoadBalancer("ops", { loadBalancerType: "application", subnets: subnets.ids });
const portal = new aws.lb.TargetGroup("portal", { port: 8080, protocol: "HTTP", vpcId: vpc.id, targetType: "ip" });
new aws.lb.Listener("http", {
    loadBalancerArn: lb.arn,
    port: 80,
    protocol: "HTTP",
    defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
});
const https = new aws.lb.Listener("https", {
    loadBalancerArn: lb.arn,
    port: 443,
    protocol: "HTTPS",
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    certificateArn: certificate.arn,
    defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }],
});
new aws.lb.ListenerRule("login", {
    listenerArn: https.arn,
    priority: 10,
    conditions: [{ hostHeader: { values: [host] } }],
    actions: [
        {
            type: "authenticate-oidc",
            authenticateOidc: {
                // Auth0's issuer ends with a slash: without it every login fails after the redirect.
                issuer: `https://${tenant}`,
                authorizationEndpoint: `https://${tenant}/authorize`,
                tokenEndpoint: `https://${tenant}/oauth/token`,
                userInfoEndpoint: `https://${tenant}/userinfo`,
                clientId: client.clientId,
                clientSecret: credentials.clientSecret,
                scope: "openid profile email",
            },
        },
        { type: "forward", targetGroupArn: portal.arn },
    ],
});
