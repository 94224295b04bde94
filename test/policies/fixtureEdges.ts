/**
 * The compliant edges of the fixture stack that issue 20's rules judge: a classic ELB with a
 * TLS 1.2 policy, a CloudFront distribution, an IAM-authenticated Lambda function URL, an MCP
 * agent registered with auth0.ClientCimd, and aws-native listener, listener rule, REST method
 * and HTTP route beside their classic twins. Failing cases mutate one property of it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as auth0 from "@pulumi/auth0";

/** The classic resources the aws-native ones attach to. */
export interface EdgeRefs {
    alb: aws.lb.LoadBalancer;
    target: aws.lb.TargetGroup;
    oidc: aws.types.input.lb.ListenerRuleActionAuthenticateOidc;
    restApi: aws.apigateway.RestApi;
    restResource: aws.apigateway.Resource;
    restAuthorizer: aws.apigateway.Authorizer;
    httpApi: aws.apigatewayv2.Api;
    httpAuthorizer: aws.apigatewayv2.Authorizer;
}

/** An aws-native resource as a program registers it (the package itself is not installed here). */
class Native extends pulumi.CustomResource {
    declare readonly listenerArn: pulumi.Output<string>;
    constructor(type: string, name: string, props: pulumi.Inputs) {
        super(type, name, props);
    }
}

export function edgesProgram(refs: EdgeRefs): void {
    const classic = new aws.elb.LoadBalancer("pf-classic", {
        name: "pf-classic",
        availabilityZones: ["us-east-1a"],
        listeners: [{ lbPort: 443, lbProtocol: "https", instancePort: 8080, instanceProtocol: "http", sslCertificateId: "arn:aws:acm:us-east-1:123456789012:certificate/classic" }],
    });
    const tls = new aws.elb.LoadBalancerPolicy("pf-classic-tls", {
        loadBalancerName: classic.name,
        policyName: "pf-classic-tls",
        policyTypeName: "SSLNegotiationPolicyType",
        policyAttributes: [{ name: "Reference-Security-Policy", value: "ELBSecurityPolicy-TLS-1-2-2017-01" }],
    });
    new aws.elb.ListenerPolicy("pf-classic-443", { loadBalancerName: classic.name, loadBalancerPort: 443, policyNames: [tls.policyName] });

    new aws.cloudfront.Distribution("pf-cdn", {
        enabled: true,
        aliases: ["www.example.com"],
        origins: [
            { originId: "app", domainName: "app.example.com", customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] } },
            { originId: "assets", domainName: "assets.s3.us-east-1.amazonaws.com", originAccessControlId: "oac-1" },
        ],
        defaultCacheBehavior: { targetOriginId: "app", viewerProtocolPolicy: "redirect-to-https", allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], cachePolicyId: "cp-1" },
        orderedCacheBehaviors: [{ pathPattern: "/assets/*", targetOriginId: "assets", viewerProtocolPolicy: "https-only", allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], cachePolicyId: "cp-1" }],
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/www", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
    });

    new aws.lambda.FunctionUrl("pf-fn-url", { functionName: "colors-handler", authorizationType: "AWS_IAM" });
    new aws.lambda.Permission("pf-fn-url-invoke", { action: "lambda:InvokeFunctionUrl", function: "colors-handler", principal: "arn:aws:iam::123456789012:role/caller", functionUrlAuthType: "AWS_IAM" });

    new auth0.ClientCimd("pf-mcp-agent", {
        externalClientId: "https://mcp.example.com/.well-known/client.json",
        appType: "spa",
        oidcConformant: true,
        grantTypes: ["authorization_code", "refresh_token"],
        webOrigins: ["https://mcp.example.com"],
        allowedOrigins: ["https://mcp.example.com"],
    });

    // aws-native twins, CloudFormation-shaped.
    const listener = new Native("aws-native:elasticloadbalancingv2:Listener", "pf-native-https", {
        loadBalancerArn: refs.alb.arn,
        port: 8443,
        protocol: "HTTPS",
        // TLS 1.3 only: stricter than required, and still compliant when an environment requires 1.3.
        sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06",
        certificates: [{ certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/native" }],
        defaultActions: [{ type: "fixed-response", fixedResponseConfig: { statusCode: "404", contentType: "text/plain" } }],
        listenerArn: undefined,
    });
    // Its own client, so the classic cases that edit pf-kibana's callbacks judge pf-kibana's rules only.
    const nativeApp = new auth0.Client("pf-native-app", {
        appType: "regular_web",
        grantTypes: ["authorization_code", "refresh_token"],
        callbacks: [pulumi.interpolate`https://${refs.alb.dnsName}/oauth2/idpresponse`],
    });
    new Native("aws-native:elasticloadbalancingv2:ListenerRule", "pf-native-rule", {
        listenerArn: listener.listenerArn,
        priority: 40,
        conditions: [{ field: "path-pattern", pathPatternConfig: { values: ["/native/*"] } }],
        actions: [
            { type: "authenticate-oidc", order: 1, authenticateOidcConfig: { ...refs.oidc, clientId: nativeApp.clientId } },
            { type: "forward", order: 2, targetGroupArn: refs.target.arn },
        ],
    });
    new Native("aws-native:apigateway:Method", "pf-native-method", {
        restApiId: refs.restApi.id,
        resourceId: refs.restResource.id,
        httpMethod: "POST",
        authorizationType: "CUSTOM",
        authorizerId: refs.restAuthorizer.id,
    });
    new Native("aws-native:apigatewayv2:DomainName", "pf-native-http-domain", {
        domainName: "native-colors.example.com",
        domainNameConfigurations: [{ certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/native-colors", endpointType: "REGIONAL", securityPolicy: "TLS_1_2" }],
    });
    new Native("aws-native:apigateway:DomainName", "pf-native-rest-domain", {
        domainName: "native-movies.example.com",
        endpointConfiguration: { types: ["REGIONAL"] },
        regionalCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/native-movies",
        securityPolicy: "TLS_1_2",
    });
    new Native("aws-native:apigatewayv2:Route", "pf-native-route", {
        apiId: refs.httpApi.id,
        routeKey: "POST /colors",
        authorizationType: "JWT",
        authorizerId: refs.httpAuthorizer.id,
        authorizationScopes: ["write:colors"],
    });
}
