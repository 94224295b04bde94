/**
 * One mutation per failing case of issue 20's rules, and the aws-native twins of the classic
 * cases (same policies, CloudFormation-shaped properties). pack.test.ts runs them through the
 * real PolicyPack with the others.
 */
import { CapturedResource, Violation } from "../support/policyHarness";
import { mutate, named } from "./fixture";

export interface EdgeCase {
    when: string;
    mutate(stack: CapturedResource[]): CapturedResource[];
    message: RegExp;
    phase: Violation["phase"];
}

const without = (stack: CapturedResource[], name: string): CapturedResource[] => stack.filter((r) => r.name !== name);

/** The listener's default action forwards to the target group the login rules protect. */
const defaultForward = (stack: CapturedResource[], listener: string, edit: (props: Record<string, any>, arn: string) => void): CapturedResource[] => {
    const group = named(stack, "pf-kibana-tg");
    return mutate(stack, listener, (p, r) => {
        edit(p, group.outputs.arn as string);
        r.propertyDependencies[Object.keys(p).includes("defaultActions") ? "defaultActions" : "actions"] = [group.urn];
    });
};

export const edgeCases: Record<string, EdgeCase[]> = {
    "aws-elb-listener-disallow-plain-http": [{
        when: "a classic load balancer adds a plain http listener",
        mutate: (s) => mutate(s, "pf-classic", (p) => { p.listeners.push({ lbPort: 80, lbProtocol: "http", instancePort: 8080, instanceProtocol: "http" }); }),
        message: /listeners\[1\] \(port 80\) is plain http: a classic load balancer cannot redirect/,
        phase: "analyze",
    }, {
        when: "a classic load balancer registered with the legacy aws:elasticloadbalancing token serves http (upper case)",
        mutate: (s) => mutate(s, "pf-classic", (p, r) => { r.type = "aws:elasticloadbalancing/loadBalancer:LoadBalancer"; p.listeners[0].lbProtocol = "HTTP"; }),
        message: /listeners\[0\] \(port 443\) is plain http/,
        phase: "analyze",
    }],
    "aws-elb-listener-configure-tls-policy": [{
        when: "the classic https listener has no SSL negotiation policy (AWS applies ELBSecurityPolicy-2016-08)",
        mutate: (s) => without(s, "pf-classic-443"),
        message: /"pf-classic" https listener on port 443 has no SSL negotiation policy, so AWS applies ELBSecurityPolicy-2016-08 \(TLS 1\.0\)/,
        phase: "analyzeStack",
    }, {
        when: "the attached policy references ELBSecurityPolicy-2016-08",
        mutate: (s) => mutate(s, "pf-classic-tls", (p) => { p.policyAttributes[0].value = "ELBSecurityPolicy-2016-08"; }),
        message: /policy "pf-classic-tls" references "ELBSecurityPolicy-2016-08" accepts TLS 1\.0, older than TLS 1\.2; use "ELBSecurityPolicy-TLS-1-2-2017-01"/,
        phase: "analyzeStack",
    }, {
        when: "a custom policy enables Protocol-TLSv1",
        mutate: (s) => mutate(s, "pf-classic-tls", (p) => { p.policyAttributes = [{ name: "Protocol-TLSv1", value: "true" }, { name: "Protocol-TLSv1.2", value: "true" }]; }),
        message: /enables Protocol-TLSv1; enable only Protocol-TLSv1\.2/,
        phase: "analyzeStack",
    }, {
        when: "an aws.elb.SslNegotiationPolicy on the listener's port enables SSLv3",
        mutate: (s) => {
            const copy = without(s, "pf-classic-443");
            const elb = named(copy, "pf-classic");
            const ssl: CapturedResource = JSON.parse(JSON.stringify(named(s, "pf-classic-443")));
            ssl.type = "aws:elb/sslNegotiationPolicy:SslNegotiationPolicy";
            ssl.name = "pf-classic-ssl";
            ssl.urn = ssl.urn.replace("aws:elb/listenerPolicy:ListenerPolicy::pf-classic-443", "aws:elb/sslNegotiationPolicy:SslNegotiationPolicy::pf-classic-ssl");
            const props = { loadBalancer: "pf-classic", lbPort: 443, attributes: [{ name: "Protocol-SSLv3", value: "true" }, { name: "Protocol-TLSv1.2", value: "true" }] };
            ssl.inputs = props;
            ssl.outputs = { ...props, id: "pf-classic-ssl" };
            ssl.propertyDependencies = { loadBalancer: [elb.urn] };
            return [...copy, ssl];
        },
        message: /SslNegotiationPolicy "pf-classic-ssl" enables Protocol-SSLv3/,
        phase: "analyzeStack",
    }],
    "aws-cloudfront-distribution-require-https-viewers": [{
        when: "the default cache behavior allows plain http viewers",
        mutate: (s) => mutate(s, "pf-cdn", (p) => { p.defaultCacheBehavior.viewerProtocolPolicy = "allow-all"; }),
        message: /defaultCacheBehavior viewerProtocolPolicy is "allow-all"/,
        phase: "analyze",
    }, {
        when: "an ordered cache behavior allows plain http viewers",
        mutate: (s) => mutate(s, "pf-cdn", (p) => { p.orderedCacheBehaviors[0].viewerProtocolPolicy = "allow-all"; }),
        message: /orderedCacheBehaviors\[0\] \(path \/assets\/\*\) viewerProtocolPolicy is "allow-all"/,
        phase: "analyze",
    }],
    "aws-cloudfront-distribution-require-https-origins": [{
        when: "a custom origin is reached http-only",
        mutate: (s) => mutate(s, "pf-cdn", (p) => { p.origins[0].customOriginConfig.originProtocolPolicy = "http-only"; }),
        message: /origins\[0\] \("app"\) originProtocolPolicy is "http-only"/,
        phase: "analyze",
    }, {
        when: "a match-viewer origin serves a behavior that allows http viewers",
        mutate: (s) => mutate(s, "pf-cdn", (p) => { p.origins[0].customOriginConfig.originProtocolPolicy = "match-viewer"; p.defaultCacheBehavior.viewerProtocolPolicy = "allow-all"; }),
        message: /origins\[0\] \("app"\) originProtocolPolicy is "match-viewer" and defaultCacheBehavior allow http viewers/,
        phase: "analyze",
    }],
    "aws-cloudfront-distribution-configure-tls-policy": [{
        when: "the distribution uses the default *.cloudfront.net certificate (TLSv1 forced)",
        mutate: (s) => mutate(s, "pf-cdn", (p) => { p.viewerCertificate = { cloudfrontDefaultCertificate: true }; }),
        message: /default \*\.cloudfront\.net certificate, with which CloudFront always applies the TLSv1 security policy/,
        phase: "analyze",
    }, {
        when: "the viewer policy is TLSv1.1_2016",
        mutate: (s) => mutate(s, "pf-cdn", (p) => { p.viewerCertificate.minimumProtocolVersion = "TLSv1.1_2016"; }),
        message: /minimumProtocolVersion "TLSv1\.1_2016" accepts TLS 1\.1, older than TLS 1\.2; use "TLSv1\.2_2021"/,
        phase: "analyze",
    }, {
        when: "a custom certificate leaves minimumProtocolVersion to its TLSv1 default",
        mutate: (s) => mutate(s, "pf-cdn", (p) => { delete p.viewerCertificate.minimumProtocolVersion; }),
        message: /minimumProtocolVersion is not set, so the TLSv1 policy applies/,
        phase: "analyze",
    }, {
        when: "the viewer policy is SSLv3",
        mutate: (s) => mutate(s, "pf-cdn", (p) => { p.viewerCertificate.minimumProtocolVersion = "SSLv3"; }),
        message: /"SSLv3" accepts SSLv3/,
        phase: "analyze",
    }],
    "aws-cloudfront-origin-configure-tls-protocols": [{
        when: "an https origin lists TLSv1 and TLSv1.1",
        mutate: (s) => mutate(s, "pf-cdn", (p) => { p.origins[0].customOriginConfig.originSslProtocols = ["TLSv1", "TLSv1.1", "TLSv1.2"]; }),
        message: /origins\[0\]\.customOriginConfig\.originSslProtocols lists TLSv1, TLSv1\.1/,
        phase: "analyze",
    }],
    "aws-lambda-function-url-require-auth": [{
        when: "a function URL has authorizationType NONE",
        mutate: (s) => mutate(s, "pf-fn-url", (p) => { p.authorizationType = "NONE"; }),
        message: /function URL "pf-fn-url" has authorizationType "NONE"/,
        phase: "analyze",
    }],
    "aws-lambda-permission-disallow-public-function-url": [{
        when: "a permission lets principal * invoke the function URL",
        mutate: (s) => mutate(s, "pf-fn-url-invoke", (p) => { p.principal = "*"; p.functionUrlAuthType = "NONE"; }),
        message: /permission "pf-fn-url-invoke" lets principal "\*" call the function URL \(lambda:InvokeFunctionUrl\): anyone on the internet/,
        phase: "analyze",
    }, {
        when: "a permission lets principal * InvokeFunction through the URL (the second statement AWS now requires)",
        mutate: (s) => mutate(s, "pf-fn-url-invoke", (p) => { p.principal = "*"; p.action = "lambda:InvokeFunction"; p.invokedViaFunctionUrl = true; delete p.functionUrlAuthType; }),
        message: /lets principal "\*" call the function URL \(lambda:InvokeFunction\)/,
        phase: "analyze",
    }],
    "aws-alb-listener-disallow-default-forward-to-protected-target": [{
        when: "the HTTPS listener's default action forwards (targetGroupArn) to the target the OIDC rules protect",
        mutate: (s) => defaultForward(s, "pf-https", (p, arn) => { p.defaultActions = [{ type: "forward", targetGroupArn: arn }]; }),
        message: /listener "pf-https" forwards its default action to target group "pf-kibana-tg", which rule "pf-[a-z-]+" puts behind a login: any path no rule matches reaches it without login/,
        phase: "analyzeStack",
    }, {
        when: "the default action forwards through forward.targetGroups (aws:alb token), matched by ARN only",
        mutate: (s) => mutate(s, "pf-https", (p, r) => {
            r.type = "aws:alb/listener:Listener";
            p.defaultActions = [{ type: "forward", forward: { targetGroups: [{ arn: "arn:other", weight: 1 }, { arn: named(s, "pf-kibana-tg").outputs.arn, weight: 1 }] } }];
        }),
        message: /listener "pf-https" forwards its default action to target group "arn:aws:elasticloadbalancing:.*targetgroup\/pf-kibana-tg/,
        phase: "analyzeStack",
    }, {
        when: "an aws-native listener forwards by default (forwardConfig) to the protected target",
        mutate: (s) => defaultForward(s, "pf-native-https", (p, arn) => { p.defaultActions = [{ type: "forward", forwardConfig: { targetGroups: [{ targetGroupArn: arn }] } }]; }),
        message: /listener "pf-native-https" forwards its default action to target group "pf-kibana-tg"/,
        phase: "analyzeStack",
    }],
    "aws-alb-jwt-validation-require-client-credentials": [{
        when: "the machine rule's jwt-validation does not require gty",
        mutate: (s) => mutate(s, "pf-machine-rule", (p) => { p.actions[0].jwtValidation.additionalClaims.splice(2, 1); }),
        message: /actions\[0\]\.jwtValidation does not require gty "client-credentials": any user access token/,
        phase: "analyze",
    }, {
        when: "gty accepts another grant besides client-credentials",
        mutate: (s) => mutate(s, "pf-machine-rule", (p) => { p.actions[0].jwtValidation.additionalClaims[2] = { name: "gty", format: "string-array", values: ["client-credentials", "authorization_code"] }; }),
        message: /does not require gty "client-credentials"/,
        phase: "analyze",
    }, {
        when: "an aws-native rule validates JWTs (jwtValidationConfig) without gty",
        mutate: (s) => mutate(s, "pf-native-rule", (p) => {
            p.actions[0] = { type: "jwt-validation", order: 1, jwtValidationConfig: { issuer: "https://acme.us.auth0.com/", jwksEndpoint: "https://acme.us.auth0.com/.well-known/jwks.json", additionalClaims: [{ name: "aud", format: "single-string", values: ["urn:colors-api"] }, { name: "scope", format: "space-separated-values", values: ["read:colors"] }] } };
        }),
        message: /actions\[0\]\.jwtValidation does not require gty "client-credentials"/,
        phase: "analyze",
    }],
    "edge-auth-disallow-local-urls": [{
        when: "a prod client registers an https://localhost callback",
        mutate: (s) => mutate(s, "pf-kibana", (p) => { p.callbacks.push("https://localhost:3000/oauth2/idpresponse"); }),
        message: /callbacks\[2\] "https:\/\/localhost:3000\/oauth2\/idpresponse" points at a loopback host/,
        phase: "analyze",
    }, {
        when: "a ClientCimd allows an https *.localhost origin",
        mutate: (s) => mutate(s, "pf-mcp-agent", (p) => { p.webOrigins.push("https://agent.localhost:8443"); }),
        message: /webOrigins\[1\] "https:\/\/agent\.localhost:8443" points at a loopback host/,
        phase: "analyze",
    }, {
        when: "the HTTP API's CORS allows https://127.0.0.2",
        mutate: (s) => mutate(s, "pf-colors", (p) => { p.corsConfiguration.allowOrigins.push("https://127.0.0.2:5173"); }),
        message: /corsConfiguration\.allowOrigins\[1\] "https:\/\/127\.0\.0\.2:5173" points at a loopback host/,
        phase: "analyze",
    }, {
        when: "a web origin is https://[::1]",
        mutate: (s) => mutate(s, "pf-kibana", (p) => { p.webOrigins.push("https://[::1]:3000"); }),
        message: /webOrigins\[1\] "https:\/\/\[::1\]:3000" points at a loopback host/,
        phase: "analyze",
    }],
    "auth0-client-require-oidc-conformant": [{
        when: "a client sets oidcConformant false",
        mutate: (s) => mutate(s, "pf-kibana", (p) => { p.oidcConformant = false; }),
        message: /oidcConformant is false/,
        phase: "analyze",
    }, {
        when: "a ClientCimd sets oidcConformant false",
        mutate: (s) => mutate(s, "pf-mcp-agent", (p) => { p.oidcConformant = false; }),
        message: /oidcConformant is false/,
        phase: "analyze",
    }],
    "auth0-client-disallow-interactive-settings-on-machine-clients": [{
        when: "a machine client enables authorization_code",
        mutate: (s) => mutate(s, "pf-machine", (p) => { p.grantTypes.push("authorization_code"); }),
        message: /grantTypes\[1\] "authorization_code" is interactive, on a non_interactive \(machine\) client/,
        phase: "analyze",
    }, {
        when: "a machine client registers callbacks",
        mutate: (s) => mutate(s, "pf-machine", (p) => { p.callbacks = ["https://machine.example.com/callback"]; }),
        message: /callbacks is set on a non_interactive \(machine\) client/,
        phase: "analyze",
    }, {
        when: "a machine client allows web origins",
        mutate: (s) => mutate(s, "pf-machine", (p) => { p.webOrigins = ["https://machine.example.com"]; }),
        message: /webOrigins is set on a non_interactive/,
        phase: "analyze",
    }],
    // aws-native twins and auth0.ClientCimd, judged by the existing policies with the same predicates.
    "aws-alb-listener-configure-tls-policy": [{
        when: "an aws-native HTTPS listener names the 2016 policy",
        mutate: (s) => mutate(s, "pf-native-https", (p) => { p.sslPolicy = "ELBSecurityPolicy-2016-08"; }),
        message: /sslPolicy "ELBSecurityPolicy-2016-08" accepts TLS 1\.0/,
        phase: "analyze",
    }],
    "aws-alb-listener-disallow-plain-http": [{
        when: "an aws-native HTTP listener forwards instead of redirecting",
        mutate: (s) => mutate(s, "pf-native-https", (p) => { p.protocol = "HTTP"; delete p.sslPolicy; p.defaultActions = [{ type: "forward", targetGroupArn: "arn:tg" }]; }),
        message: /HTTP listener defaultActions\[0\] is "forward", not a redirect to HTTPS/,
        phase: "analyze",
    }],
    "aws-alb-oidc-require-openid-scope": [{
        when: "an aws-native rule's authenticateOidcConfig lacks openid",
        mutate: (s) => mutate(s, "pf-native-rule", (p) => { p.actions[0].authenticateOidcConfig.scope = "profile email"; }),
        message: /lacks openid/,
        phase: "analyze",
    }],
    "edge-auth-require-https-token-urls": [{
        when: "an aws-native rule's authenticateOidcConfig uses an http token endpoint",
        mutate: (s) => mutate(s, "pf-native-rule", (p) => { p.actions[0].authenticateOidcConfig.tokenEndpoint = "http://acme.us.auth0.com/oauth/token"; }),
        message: /actions\[0\]\.authenticateOidc\.tokenEndpoint "http:\/\/acme/,
        phase: "analyze",
    }],
    "aws-alb-listener-rule-require-https-listener": [{
        when: "an aws-native login rule sits on an aws-native HTTP listener",
        mutate: (s) => mutate(s, "pf-native-https", (p) => { p.protocol = "HTTP"; delete p.sslPolicy; p.defaultActions = [{ type: "redirect", redirectConfig: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]; }),
        message: /rule "pf-native-rule" on HTTP listener "pf-native-https": actions\[0\] is authenticate-oidc/,
        phase: "analyzeStack",
    }],
    "aws-apigateway-domain-require-tls12": [{
        when: "an aws-native HTTP API domain's configuration names TLS_1_0",
        mutate: (s) => mutate(s, "pf-native-http-domain", (p) => { p.domainNameConfigurations[0].securityPolicy = "TLS_1_0"; }),
        message: /domainNameConfiguration\.securityPolicy "TLS_1_0" is not a policy this service offers/,
        phase: "analyze",
    }, {
        when: "an aws-native regional REST domain names TLS_1_0",
        mutate: (s) => mutate(s, "pf-native-rest-domain", (p) => { p.securityPolicy = "TLS_1_0"; }),
        message: /securityPolicy "TLS_1_0" accepts TLS 1\.0, older than TLS 1\.2; use "SecurityPolicy_TLS13_1_2_PQ_2025_09"/,
        phase: "analyze",
    }],
    "aws-apigatewayv2-api-disallow-quick-create": [{
        when: "an aws-native HTTP API is quick-created with target",
        mutate: (s) => [...s, { ...JSON.parse(JSON.stringify(named(s, "pf-native-route"))), name: "pf-native-api", type: "aws-native:apigatewayv2:Api", urn: named(s, "pf-native-route").urn.replace("aws-native:apigatewayv2:Route::pf-native-route", "aws-native:apigatewayv2:Api::pf-native-api"), inputs: { protocolType: "HTTP", target: "arn:aws:lambda:us-east-1:123456789012:function:colors" }, outputs: { protocolType: "HTTP", target: "arn:aws:lambda:us-east-1:123456789012:function:colors" }, propertyDependencies: {} }],
        message: /target "arn:aws:lambda:.*" quick-creates route "\$default" with no authorizer/,
        phase: "analyze",
    }],
    "aws-apigateway-method-require-authorizer": [{
        when: "an aws-native REST method has authorizationType NONE",
        mutate: (s) => mutate(s, "pf-native-method", (p) => { p.authorizationType = "NONE"; delete p.authorizerId; }),
        message: /method "pf-native-method" \(POST\) has authorization "NONE"/,
        phase: "analyze",
    }],
    "aws-apigatewayv2-route-require-scopes": [{
        when: "an aws-native JWT route lists no scopes",
        mutate: (s) => mutate(s, "pf-native-route", (p) => { delete p.authorizationScopes; }),
        message: /route "POST \/colors" accepts any token of the audience/,
        phase: "analyze",
    }],
    "edge-auth-scopes-exist-on-api": [{
        when: "an aws-native route requires an undeclared scope",
        mutate: (s) => mutate(s, "pf-native-route", (p) => { p.authorizationScopes = ["write:colours"]; }),
        message: /route "POST \/colors" uses scope\(s\) write:colours/,
        phase: "analyzeStack",
    }],
    "auth0-client-require-https-urls": [{
        when: "a ClientCimd allows an http origin",
        mutate: (s) => mutate(s, "pf-mcp-agent", (p) => { p.allowedOrigins.push("http://mcp.example.com"); }),
        message: /allowedOrigins\[1\] "http:\/\/mcp\.example\.com" uses http:\/\//,
        phase: "analyze",
    }, {
        when: "a ClientCimd's metadata document URL is http",
        mutate: (s) => mutate(s, "pf-mcp-agent", (p) => { p.externalClientId = "http://mcp.example.com/client.json"; }),
        message: /externalClientId "http:\/\/mcp\.example\.com\/client\.json" uses http:\/\//,
        phase: "analyze",
    }],
    "auth0-client-register-alb-callbacks": [{
        when: "the client of an aws-native rule without host condition lacks the ALB DNS name (found through the native listener's loadBalancerArn)",
        mutate: (s) => mutate(s, "pf-native-app", (p) => { p.callbacks = ["https://kibana.example.com/oauth2/idpresponse"]; }),
        message: /"pf-native-rule" .* serves host pf-alb-1234567890\.us-east-1\.elb\.amazonaws\.com, but client "pf-native-app" does not list/,
        phase: "analyzeStack",
    }],
    "edge-auth-disallow-wildcard-urls": [{
        when: "a ClientCimd allows a wildcard web origin",
        mutate: (s) => mutate(s, "pf-mcp-agent", (p) => { p.webOrigins.push("https://*.example.com"); }),
        message: /webOrigins\[1\] "https:\/\/\*\.example\.com" is a wildcard/,
        phase: "analyze",
    }],
};
