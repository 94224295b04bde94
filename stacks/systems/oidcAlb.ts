/**
 * Seed 001 in the reference stack: a login at any OpenID provider (LINE in `line-demo`) in
 * front of an ALB target. No Auth0 anywhere: the provider's issuer and endpoints come from a
 * preset (or the config), the channel secret from Secrets Manager, and the redirect URIs to
 * register in the provider's console are an output (and printed by the plan). The target
 * verifies the `x-amzn-oidc-data` header the ALB signs.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import { AlbOidcLogin } from "../../components/alb/AlbOidcLogin";
import { HttpsLoadBalancer } from "../../components/alb/HttpsLoadBalancer";
import { IdentityProviderArgs } from "../../components/core/identityProvider";
import { IdentityProviderPreset, PresetParams, presetIdentityProvider } from "../../components/core/presets";
import { albEchoTarget } from "./albEchoTarget";


/** `edge-auth:oidcAlb`. */
export interface OidcAlbSettings {
    /**
     * The provider: `{ preset: line }` (plus the preset's parameters, e.g. `orgUrl` for Okta),
     * or issuer and endpoints written out.
     */
    identityProvider: IdentityProviderArgs & PresetParams & { preset?: IdentityProviderPreset };
    /** The client registered at the provider (LINE: the channel ID). */
    clientId: string;
    /** Secrets Manager secret (name or ARN) holding the client secret; never in the config file. */
    clientSecretId: string;
    /** Host names users type; each needs https://<host>/oauth2/idpresponse registered at the provider. */
    hostnames: string[];
    /** ACM certificate covering the host names. */
    certificateArn: string;
    /** Space-separated scopes, in the provider's order. */
    scope?: string;
    /** Redirect URIs already registered at the provider, checked against the hosts. */
    registeredRedirectUris?: string[];
}

export interface OidcAlb {
    url: string;
    identityProvider: string;
    redirectUris: string[];
    logoutUrl: pulumi.Output<string>;
}

export function oidcAlb(settings: OidcAlbSettings): OidcAlb {
    const { preset, orgUrl, authorizationServerId, tenantId, userPoolId, domain, ...written } = settings.identityProvider;
    const tenant: IdentityProviderArgs = preset === undefined
        ? written
        : { ...presetIdentityProvider(preset, { orgUrl, authorizationServerId, tenantId, userPoolId, domain }), ...written };

    const vpc = new awsx.ec2.Vpc("login", { numberOfAvailabilityZones: 2 });
    const alb = new HttpsLoadBalancer("login", {
        vpcId: vpc.vpcId,
        subnetIds: vpc.publicSubnetIds,
        certificateArn: settings.certificateArn,
        // The only target is a Lambda function: no egress into the VPC.
        targetPorts: [],
    });
    const targets = new aws.lb.TargetGroup("login-echo", { targetType: "lambda", lambdaMultiValueHeadersEnabled: true });

    const secret = aws.secretsmanager.getSecretVersionOutput({ secretId: settings.clientSecretId });
    const login = new AlbOidcLogin("login", {
        loadBalancer: alb,
        tenant,
        clientId: settings.clientId,
        clientSecret: pulumi.secret(secret.secretString),
        registeredRedirectUris: settings.registeredRedirectUris,
        hostnames: settings.hostnames,
        routes: [{ name: "pages", pathPatterns: ["/*"] }],
        targetGroupArn: targets.arn,
        priority: 100,
        scope: settings.scope,
    });

    // The target verifies what the ALB signs with exactly the values the rule uses.
    albEchoTarget("login-echo", login, targets.arn);

    return {
        url: `https://${settings.hostnames[0]}/`,
        identityProvider: login.identityProvider.displayName,
        redirectUris: login.redirectUris,
        logoutUrl: login.logoutUrl,
    };
}
