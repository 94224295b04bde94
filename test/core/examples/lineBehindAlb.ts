// Seed 001 as code: LINE Login in front of an ALB target, no Auth0. LINE's issuer, endpoints,
// capabilities and scope order come from the preset; the channel secret from Secrets Manager;
// the redirect URIs to paste into the LINE Developers Console are an output. A user imports
// from "edge-auth" instead of the repository path.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { AlbOidcLogin, HttpsLoadBalancer, linePreset } from "../../../components";

export interface LineDemoSettings {
    /** The LINE Login channel ID (Basic settings tab of the channel). */
    channelId: string;
    /** Secrets Manager secret holding the channel secret. */
    channelSecretId: string;
    /** Host names users type; each needs its callback registered at LINE. */
    hostnames: string[];
    vpcId: pulumi.Input<string>;
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    certificateArn: string;
    /** The target behind the login (it should verify x-amzn-oidc-data). */
    targetGroupArn: pulumi.Input<string>;
}

export function lineBehindAlb(settings: LineDemoSettings) {
    const alb = new HttpsLoadBalancer("demo", {
        vpcId: settings.vpcId,
        subnetIds: settings.subnetIds,
        certificateArn: settings.certificateArn,
        targetPorts: [],
    });

    const channelSecret = aws.secretsmanager.getSecretVersionOutput({ secretId: settings.channelSecretId }).secretString;
    const login = new AlbOidcLogin("demo", {
        loadBalancer: alb,
        // Issuer https://access.line.me (no slash), token and userinfo on api.line.me, opaque
        // access tokens, "profile openid" in that order; checked against LINE's discovery
        // document on every preview.
        tenant: linePreset(),
        clientId: settings.channelId,
        clientSecret: pulumi.secret(channelSecret),
        hostnames: settings.hostnames,
        routes: [{ name: "pages", pathPatterns: ["/*"] }],
        targetGroupArn: settings.targetGroupArn,
        priority: 100,
        scope: "profile openid",
    });

    return {
        // Paste these into the channel's LINE Login tab > Callback URL.
        redirectUris: login.redirectUris,
        // What the target needs to verify x-amzn-oidc-data (createOidcDataVerifier).
        oidcData: login.oidcData,
    };
}
