/**
 * Every policy, evaluated by the real PolicyPack over its gRPC analyzer: the compliant fixture
 * passes it, and one mutation of the fixture fails it with a mandatory violation under prod.
 */
import { strict as assert } from "assert";
import { UNKNOWN_STRING } from "../../policies/lib/plain";
import { rules } from "../../policies/pack";
import { CapturedResource, evaluate, loadPolicyConfig, PolicyPackConfig, Violation, violationsOf, withoutRouteAllowlists } from "../support/policyHarness";
import { compliantStack, mutate, named, withAllowedHosts } from "./fixture";
import { edgeCases } from "./edgeCases";

const prod = withAllowedHosts(withoutRouteAllowlists(loadPolicyConfig("prod")));

/** prod config with `props` merged into one policy's entry. */
function prodWith(policy: string, props: Record<string, unknown>): PolicyPackConfig {
    return { ...prod, [policy]: { ...(prod[policy] as object), ...props } };
}

interface FailingCase {
    /** The behaviour, as a sentence. */
    when: string;
    mutate(stack: CapturedResource[]): CapturedResource[];
    /** A fragment the violation message must contain. */
    message: RegExp;
    /** Where the violation is reported: analyze (inputs) or analyzeStack (outputs). */
    phase: Violation["phase"];
}

const redirectTo = (stack: CapturedResource[], rule: string, listener: string): CapturedResource[] => {
    const target = named(stack, listener);
    return mutate(stack, rule, (props, r) => {
        props.listenerArn = named(stack, listener).outputs.arn;
        r.propertyDependencies.listenerArn = [target.urn];
    });
};

const cases: Record<string, FailingCase[]> = {
    "aws-alb-listener-disallow-plain-http": [{
        when: "an HTTP listener forwards instead of redirecting",
        mutate: (s) => mutate(s, "pf-http", (p) => { p.defaultActions = [{ type: "forward", targetGroupArn: "arn:tg" }]; }),
        message: /"forward", not a redirect to HTTPS/,
        phase: "analyze",
    }, {
        when: "an HTTP listener registered with the aws:alb token redirects to plain HTTP",
        mutate: (s) => mutate(s, "pf-http", (p, r) => { r.type = "aws:alb/listener:Listener"; p.defaultActions[0].redirect.protocol = "HTTP"; }),
        message: /not a redirect to HTTPS/,
        phase: "analyze",
    }],
    "aws-alb-listener-rule-require-https-listener": [{
        when: "the OIDC rule is attached to the HTTP listener",
        mutate: (s) => redirectTo(s, "pf-kibana-rule", "pf-http"),
        message: /rule "pf-kibana-rule" on HTTP listener "pf-http": actions\[0\] is authenticate-oidc, which works only on HTTPS listeners; actions\[1\] serves plain HTTP/,
        phase: "analyzeStack",
    }],
    "aws-alb-listener-configure-tls-policy": [{
        when: "the HTTPS listener leaves sslPolicy to the 2016 default",
        mutate: (s) => mutate(s, "pf-https", (p) => { delete p.sslPolicy; }),
        message: /ELBSecurityPolicy-2016-08/,
        phase: "analyze",
    }, {
        when: "the HTTPS listener names a TLS13 policy that still accepts TLS 1.0 (aws:alb token)",
        mutate: (s) => mutate(s, "pf-https", (p, r) => { r.type = "aws:alb/listener:Listener"; p.sslPolicy = "ELBSecurityPolicy-TLS13-1-0-2021-06"; }),
        message: /sslPolicy "ELBSecurityPolicy-TLS13-1-0-2021-06" accepts TLS 1\.0, older than TLS 1\.2; use "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"/,
        phase: "analyze",
    }, {
        when: "the HTTPS listener names a policy AWS does not offer",
        mutate: (s) => mutate(s, "pf-https", (p) => { p.sslPolicy = "ELBSecurityPolicy-TLS13-1-2-2099-01"; }),
        message: /"ELBSecurityPolicy-TLS13-1-2-2099-01" is not a policy this service offers/,
        phase: "analyze",
    }],
    "aws-apigateway-rest-api-require-tls12": [{
        when: "a regional REST API leaves securityPolicy to AWS's TLS-1-0 default with its execute-api endpoint on",
        mutate: (s) => mutate(s, "pf-movies", (p) => { delete p.securityPolicy; delete p.endpointAccessMode; }),
        message: /securityPolicy is not set, so AWS serves the regional execute-api endpoint with TLS-1-0/,
        phase: "analyze",
    }, {
        when: "an edge REST API names a policy that accepts TLS 1.0",
        mutate: (s) => mutate(s, "pf-movies", (p) => { p.endpointConfiguration.types = "EDGE"; p.securityPolicy = "TLS_1_0"; }),
        message: /securityPolicy "TLS_1_0" accepts TLS 1\.0, older than TLS 1\.2; use "SecurityPolicy_TLS13_2025_EDGE"/,
        phase: "analyze",
    }],
    "aws-nlb-listener-configure-tls-policy": [{
        when: "an NLB TLS listener leaves sslPolicy to the 2016 default",
        mutate: (s) => mutate(s, "pf-nlb-tls", (p) => { delete p.sslPolicy; }),
        message: /sslPolicy is not set, so AWS applies ELBSecurityPolicy-2016-08/,
        phase: "analyze",
    }, {
        when: "an NLB TLS listener accepts TLS 1.1",
        mutate: (s) => mutate(s, "pf-nlb-tls", (p) => { p.sslPolicy = "ELBSecurityPolicy-TLS-1-1-2017-01"; }),
        message: /accepts TLS 1\.1/,
        phase: "analyze",
    }],
    "auth0-custom-domain-require-tls12": [{
        when: "the Auth0 custom domain uses the compatible TLS policy",
        mutate: (s) => mutate(s, "pf-login-domain", (p) => { p.tlsPolicy = "compatible"; }),
        message: /tlsPolicy "compatible" accepts TLS 1\.0, older than TLS 1\.2; use "recommended"/,
        phase: "analyze",
    }],
    "auth0-client-require-allowed-url-hosts": [{
        when: "the Kibana client registers a callback on a host prod does not allow",
        mutate: (s) => mutate(s, "pf-kibana", (p) => { p.callbacks.push("https://login-helper.attacker.example/oauth2/idpresponse"); }),
        message: /callbacks\[2\] "https:\/\/login-helper\.attacker\.example\/oauth2\/idpresponse" \(host login-helper\.attacker\.example\)/,
        phase: "analyze",
    }],
    "edge-auth-require-https-cors-origins": [{
        when: "the HTTP API allows an http origin",
        mutate: (s) => mutate(s, "pf-colors", (p) => { p.corsConfiguration.allowOrigins.push("http://colors.example.com"); }),
        message: /corsConfiguration\.allowOrigins\[1\] "http:\/\/colors\.example\.com" uses http:\/\//,
        phase: "analyze",
    }, {
        when: "an ALB listener's Access-Control-Allow-Origin is an http origin",
        mutate: (s) => mutate(s, "pf-https", (p) => { p.routingHttpResponseAccessControlAllowOriginHeaderValue = "http://app.example.com"; }),
        message: /routingHttpResponseAccessControlAllowOriginHeaderValue "http:\/\/app\.example\.com"/,
        phase: "analyze",
    }],
    "aws-apigatewayv2-api-disallow-quick-create": [{
        when: "the HTTP API is quick-created with target",
        mutate: (s) => mutate(s, "pf-colors", (p) => { p.target = "arn:aws:lambda:us-east-1:123456789012:function:colors"; }),
        message: /target "arn:aws:lambda:.*" quick-creates route "\$default" with no authorizer/,
        phase: "analyze",
    }],
    "auth0-client-disallow-implicit-password-grants": [{
        when: "a web client enables the implicit grant",
        mutate: (s) => mutate(s, "pf-kibana", (p) => { p.grantTypes.push("implicit"); }),
        message: /grantTypes\[2\] "implicit" is enabled: tokens are returned in the URL fragment/,
        phase: "analyze",
    }, {
        when: "a machine client enables the password grant",
        mutate: (s) => mutate(s, "pf-machine", (p) => { p.grantTypes = ["password"]; }),
        message: /"password" is enabled: .*RFC 9700 §2\.4/,
        phase: "analyze",
    }, {
        when: "a web client leaves grantTypes to Auth0's defaults (implicit included)",
        mutate: (s) => mutate(s, "pf-kibana", (p) => { delete p.grantTypes; }),
        message: /grantTypes is left out on a regular_web client/,
        phase: "analyze",
    }, {
        when: "a machine client leaves grantTypes to Auth0's defaults (implicit included for confidential apps too)",
        mutate: (s) => mutate(s, "pf-machine", (p) => { delete p.grantTypes; }),
        message: /grantTypes is left out on a non_interactive client/,
        phase: "analyze",
    }],
    "edge-auth-disallow-wildcard-urls": [{
        when: "a client registers a wildcard callback",
        mutate: (s) => mutate(s, "pf-kibana", (p) => { p.callbacks.push("https://*.example.com/oauth2/idpresponse"); }),
        message: /callbacks\[2\] "https:\/\/\*\.example\.com\/oauth2\/idpresponse" is a wildcard/,
        phase: "analyze",
    }, {
        when: "the HTTP API allows any origin",
        mutate: (s) => mutate(s, "pf-colors", (p) => { p.corsConfiguration.allowOrigins = ["*"]; }),
        message: /corsConfiguration\.allowOrigins\[0\] "\*" is a wildcard: any matching site/,
        phase: "analyze",
    }],
    "edge-auth-audience-matches-api": [{
        when: "the JWT authorizer's audience has a trailing slash the API identifier lacks",
        mutate: (s) => mutate(s, "pf-colors-jwt", (p) => { p.jwtConfiguration.audiences = ["urn:colors-api/"]; }),
        message: /JWT authorizer "pf-colors-jwt" expects audience "urn:colors-api\/", but the Auth0 API is declared as "urn:colors-api"/,
        phase: "analyzeStack",
    }, {
        when: "the jwt-validation aud claim lacks the slash of an API declared with one",
        mutate: (s) => mutate(s, "pf-machine-rule", (p) => { p.actions[0].jwtValidation.additionalClaims[0].values = ["https://identity.example.com/api/"]; }),
        message: /expects audience "https:\/\/identity\.example\.com\/api\/", but the Auth0 API is declared as "https:\/\/identity\.example\.com\/api"/,
        phase: "analyzeStack",
    }],
    "edge-auth-require-https-token-urls": [{
        when: "jwt-validation fetches keys over http",
        mutate: (s) => mutate(s, "pf-machine-rule", (p) => { p.actions[0].jwtValidation.jwksEndpoint = "http://acme.us.auth0.com/.well-known/jwks.json"; }),
        message: /actions\[0\]\.jwtValidation\.jwksEndpoint "http:\/\/acme/,
        phase: "analyze",
    }, {
        when: "the JWT authorizer's issuer is http",
        mutate: (s) => mutate(s, "pf-colors-jwt", (p) => { p.jwtConfiguration.issuer = "http://acme.us.auth0.com/"; }),
        message: /jwtConfiguration\.issuer "http:/,
        phase: "analyze",
    }, {
        when: "a listener default action (not a rule) authenticates against an http token endpoint",
        mutate: (s) => mutate(s, "pf-https", (p) => {
            p.defaultActions = [{ type: "authenticate-oidc", authenticateOidc: { issuer: "https://acme.us.auth0.com/", authorizationEndpoint: "https://acme.us.auth0.com/authorize", tokenEndpoint: "http://acme.us.auth0.com/oauth/token", userInfoEndpoint: "https://acme.us.auth0.com/userinfo", clientId: "c" } }, p.defaultActions[0]];
        }),
        message: /defaultActions\[0\]\.authenticateOidc\.tokenEndpoint "http:\/\/acme/,
        phase: "analyze",
    }, {
        when: "a rule registered with the legacy aws:alb token uses an http issuer",
        mutate: (s) => mutate(s, "pf-machine-rule", (p, r) => { r.type = "aws:alb/listenerRule:ListenerRule"; p.actions[0].jwtValidation.issuer = "http://acme.us.auth0.com/"; }),
        message: /actions\[0\]\.jwtValidation\.issuer "http:/,
        phase: "analyze",
    }, {
        when: "an Auth0 API fetches its verification keys over http",
        mutate: (s) => mutate(s, "pf-identity-api", (p) => { p.verificationLocation = "http://keys.example.com/jwks.json"; }),
        message: /verificationLocation "http:\/\/keys\.example\.com/,
        phase: "analyze",
    }],
    "auth0-client-require-https-urls": [{
        when: "a callback is plain http",
        mutate: (s) => mutate(s, "pf-kibana", (p) => { p.callbacks.push("http://kibana.example.com/oauth2/idpresponse"); }),
        message: /callbacks\[2\] "http:\/\/kibana\.example\.com.*uses http:\/\//,
        phase: "analyze",
    }, {
        when: "a web origin is http://localhost under the prod config",
        mutate: (s) => mutate(s, "pf-kibana", (p) => { p.webOrigins.push("http://localhost:3000"); }),
        message: /allowed only where the policy config sets allowLocalhost/,
        phase: "analyze",
    }, {
        when: "a back-channel logout URL in the current field (oidcLogout) is http",
        mutate: (s) => mutate(s, "pf-kibana", (p) => { p.oidcLogout = { backchannelLogoutUrls: ["http://kibana.example.com/backchannel"] }; }),
        message: /oidcLogout\.backchannelLogoutUrls\[0\] "http:\/\/kibana\.example\.com\/backchannel" uses http:\/\//,
        phase: "analyze",
    }, {
        when: "a SAML add-on posts assertions to an http destination",
        mutate: (s) => mutate(s, "pf-kibana", (p) => { p.addons = { samlp: { destination: "http://sso.example.com/acs" } }; }),
        message: /addons\.samlp\.destination "http:/,
        phase: "analyze",
    }, {
        when: "a web (not native) client registers a private-use-scheme callback",
        mutate: (s) => mutate(s, "pf-kibana", (p) => { p.callbacks.push("com.example.app:/callback"); }),
        message: /callbacks\[2\] "com\.example\.app:\/callback" is not an absolute URL/,
        phase: "analyze",
    }],
    "aws-apigateway-domain-require-tls12": [{
        when: "an HTTP API domain accepts TLS 1.0",
        mutate: (s) => mutate(s, "pf-colors-domain", (p) => { p.domainNameConfiguration.securityPolicy = "TLS_1_0"; }),
        message: /domainNameConfiguration\.securityPolicy "TLS_1_0" is not a policy this service offers \(known: TLS_1_2\)/,
        phase: "analyze",
    }, {
        when: "a regional REST API domain accepts TLS 1.0",
        mutate: (s) => mutate(s, "pf-movies-domain", (p) => { p.securityPolicy = "TLS_1_0"; }),
        message: /securityPolicy "TLS_1_0" accepts TLS 1\.0, older than TLS 1\.2; use "SecurityPolicy_TLS13_1_2_PQ_2025_09"/,
        phase: "analyze",
    }, {
        when: "an edge-optimized REST domain names a regional-only enhanced policy",
        mutate: (s) => mutate(s, "pf-movies-domain", (p) => { p.endpointConfiguration.types = "EDGE"; p.securityPolicy = "SecurityPolicy_TLS13_1_3_2025_09"; }),
        message: /"SecurityPolicy_TLS13_1_3_2025_09" is not a policy this service offers .*use "SecurityPolicy_TLS13_2025_EDGE"/,
        phase: "analyze",
    }],
    "aws-apigatewayv2-route-require-scopes": [{
        when: "a JWT route lists no scopes",
        mutate: (s) => mutate(s, "pf-colors-get", (p) => { delete p.authorizationScopes; }),
        message: /route "GET \/colors" accepts any token of the audience, ID tokens included/,
        phase: "analyze",
    }],
    "aws-apigatewayv2-route-require-authorization": [{
        when: "a GET route has no authorizer",
        mutate: (s) => mutate(s, "pf-colors-get", (p) => { p.authorizationType = "NONE"; delete p.authorizerId; }),
        message: /route "GET \/colors" has no authorizer/,
        phase: "analyze",
    }],
    "aws-apigateway-method-require-authorizer": [{
        when: "a REST GET method is open",
        mutate: (s) => mutate(s, "pf-movies-get", (p) => { p.authorization = "NONE"; delete p.authorizerId; }),
        message: /method "pf-movies-get" \(GET\) has authorization "NONE"/,
        phase: "analyze",
    }],
    "aws-alb-oidc-require-openid-scope": [{
        when: "the OIDC action requests profile email without openid",
        mutate: (s) => mutate(s, "pf-kibana-rule", (p) => { p.actions[0].authenticateOidc.scope = "profile email"; }),
        message: /lacks openid/,
        phase: "analyze",
    }],
    "aws-alb-jwt-validation-require-audience": [{
        when: "jwt-validation checks no aud",
        mutate: (s) => mutate(s, "pf-machine-rule", (p) => { p.actions[0].jwtValidation.additionalClaims.splice(0, 1); }),
        message: /does not check aud/,
        phase: "analyze",
    }, {
        when: "jwt-validation checks no scope claim",
        mutate: (s) => mutate(s, "pf-machine-rule", (p) => { p.actions[0].jwtValidation.additionalClaims.splice(1, 1); }),
        message: /does not check a scope claim/,
        phase: "analyze",
    }],
    "auth0-client-grant-require-scopes": [{
        when: "a machine grant lists no scopes",
        mutate: (s) => mutate(s, "pf-machine-grant", (p) => { p.scopes = []; }),
        message: /lists no scopes/,
        phase: "analyze",
    }],
    "edge-auth-scopes-exist-on-api": [{
        when: "a route requires a scope the API never declared (typo)",
        mutate: (s) => mutate(s, "pf-colors-get", (p) => { p.authorizationScopes = ["read:colours"]; }),
        message: /route "GET \/colors" uses scope\(s\) read:colours that the Auth0 API \["urn:colors-api"\] does not declare/,
        phase: "analyzeStack",
    }, {
        when: "a grant grants an undeclared scope",
        mutate: (s) => mutate(s, "pf-machine-grant", (p) => { p.scopes = ["delete:colors"]; }),
        message: /client grant "pf-machine-grant" uses scope\(s\) delete:colors/,
        phase: "analyzeStack",
    }, {
        when: "jwt-validation requires an undeclared scope",
        mutate: (s) => mutate(s, "pf-machine-rule", (p) => { p.actions[0].jwtValidation.additionalClaims[1].values = ["read:colors admin:colors"]; }),
        message: /uses scope\(s\) admin:colors/,
        phase: "analyzeStack",
    }],
    "edge-auth-issuer-matches-tenant": [{
        when: "the JWT authorizer's issuer lacks the trailing slash",
        mutate: (s) => mutate(s, "pf-colors-jwt", (p) => { p.jwtConfiguration.issuer = "https://acme.us.auth0.com"; }),
        message: /without the trailing slash/,
        phase: "analyzeStack",
    }, {
        when: "the ALB issuer has a path (seed 001's 561)",
        mutate: (s) => mutate(s, "pf-kibana-rule", (p) => { p.actions[0].authenticateOidc.issuer = "https://acme.us.auth0.com/oauth2/v2.1"; }),
        message: /"https:\/\/acme\.us\.auth0\.com\/oauth2\/v2\.1", which is not the issuer of an identity provider of this stack or of the policy config \(https:\/\/acme\.us\.auth0\.com\/, https:\/\/login\.example\.com\/\)/,
        phase: "analyzeStack",
    }, {
        when: "the ALB issuer is the tenant's custom domain but its endpoints the canonical domain (seed 001's 561)",
        mutate: (s) => mutate(s, "pf-kibana-rule", (p) => { p.actions[0].authenticateOidc.issuer = "https://login.example.com/"; }),
        message: /has issuer on login\.example\.com but authorizationEndpoint "https:\/\/acme\.us\.auth0\.com\/authorize" on acme\.us\.auth0\.com.*561 after login/,
        phase: "analyzeStack",
    }],
    "auth0-client-register-alb-callbacks": [{
        when: "the client lacks the callback of the rule's host (seed 001's 400)",
        mutate: (s) => mutate(s, "pf-kibana", (p) => { p.callbacks = p.callbacks.filter((c: string) => !c.includes("kibana.example.com")); }),
        message: /serves host kibana\.example\.com, but client "pf-kibana" does not list https:\/\/kibana\.example\.com\/oauth2\/idpresponse/,
        phase: "analyzeStack",
    }, {
        when: "the client lacks the ALB DNS name a rule without host condition serves",
        mutate: (s) => mutate(s, "pf-kibana", (p) => { p.callbacks = ["https://kibana.example.com/oauth2/idpresponse"]; }),
        message: /"pf-dns-rule" .* serves host pf-alb-1234567890\.us-east-1\.elb\.amazonaws\.com/,
        phase: "analyzeStack",
    }],
    "edge-auth-report-unjudged-types": [{
        when: "a RestApiPut (a type no rule judges) is in the stack",
        mutate: (s) => mutate(s, "pf-nlb", (p, r) => { r.type = "aws:apigateway/restApiPut:RestApiPut"; }),
        message: /cannot be decided: no policy of the pack judges aws:apigateway\/restApiPut:RestApiPut "pf-nlb"/,
        phase: "analyzeStack",
    }, {
        when: "an aws-native type whose classic twin no rule judges is in the stack",
        mutate: (s) => mutate(s, "pf-nlb-tls", (p, r) => { r.type = "aws-native:cloudfront:DistributionTenant"; }),
        message: /no policy of the pack judges aws-native:cloudfront:DistributionTenant "pf-nlb-tls"/,
        phase: "analyzeStack",
    }],
    "auth0-resource-server-require-rs256-rbac": [{
        when: "the verified API signs with HS256",
        mutate: (s) => mutate(s, "pf-colors-api", (p) => { p.signingAlg = "HS256"; }),
        message: /Auth0 API "urn:colors-api" signs with HS256; AWS verifiers accept RS256 only/,
        phase: "analyzeStack",
    }, {
        when: "the verified API, which declares scopes and is granted, has RBAC off",
        mutate: (s) => mutate(s, "pf-colors-api", (p) => { p.enforcePolicies = false; }),
        message: /has RBAC off .* while it has scopes, role or user permissions, or client grants/,
        phase: "analyzeStack",
    }, {
        when: "an API no verifier of this stack uses signs with HS256 (its verifiers live in other stacks)",
        mutate: (s) => mutate(s, "pf-identity-api", (p) => { p.signingAlg = "HS256"; }),
        message: /Auth0 API "https:\/\/identity\.example\.com\/api" signs with HS256/,
        phase: "analyzeStack",
    }, {
        when: "an API no verifier of this stack uses leaves RBAC off once a client grant is given on it",
        mutate: (s) => mutate(mutate(s, "pf-identity-api", (p) => { delete p.enforcePolicies; }), "pf-machine-grant", (p) => { p.audience = "https://identity.example.com/api"; }),
        message: /"https:\/\/identity\.example\.com\/api" has RBAC off \(enforcePolicies null\) while it has/,
        phase: "analyzeStack",
    }],
};

// Issue 20's rules, and the aws-native / ClientCimd cases of existing policies.
for (const [policy, extra] of Object.entries(edgeCases)) {
    cases[policy] = [...(cases[policy] ?? []), ...extra];
}

describe("edge-auth policy pack (real PolicyPack over gRPC)", function () {
    let compliant: CapturedResource[];
    let compliantViolations: Violation[];

    before(async () => {
        compliant = await compliantStack();
        compliantViolations = await evaluate(compliant, prod);
    });

    it("has a failing case for every policy, and every case names a policy of the pack", () => {
        assert.deepEqual(Object.keys(cases).sort(), rules.map((r) => r.name).sort());
    });

    it("reports nothing at all on the compliant stack under prod", () => {
        assert.deepEqual(compliantViolations, []);
    });

    it("counts a classic ELB and an aws-native listener (judged through its classic twin) as judged types", async () => {
        let stack = mutate(compliant, "pf-nlb", (p, r) => { r.type = "aws:elb/loadBalancer:LoadBalancer"; });
        stack = mutate(stack, "pf-nlb-tls", (p, r) => { r.type = "aws-native:elasticloadbalancingv2:Listener"; });
        const all = await evaluate(stack, prod);
        assert.deepEqual(all.filter((v) => v.policyName === "edge-auth-report-unjudged-types"), []);
    });

    for (const [policy, failing] of Object.entries(cases)) {
        describe(policy, () => {
            it("passes the compliant stack", () => {
                assert.deepEqual(compliantViolations.filter((v) => v.policyName === policy), []);
            });
            for (const c of failing) {
                it(`fails when ${c.when}`, async () => {
                    const violations = violationsOf(await evaluate(c.mutate(compliant), prod), policy);
                    assert.equal(violations.length, 1, JSON.stringify(violations, null, 1));
                    assert.match(violations[0].message, c.message);
                    assert.equal(violations[0].phase, c.phase);
                    assert.match(violations[0].urn, /^urn:pulumi:test::edge-auth::/);
                });
            }
        });
    }

    describe("configuration", () => {
        it("accepts a JWT route without scopes once its key is in anyValidTokenRoutes", async () => {
            const stack = mutate(compliant, "pf-colors-get", (p) => { delete p.authorizationScopes; });
            const config = prodWith("aws-apigatewayv2-route-require-scopes", { anyValidTokenRoutes: ["GET /colors"] });
            assert.deepEqual(violationsOf(await evaluate(stack, config), "aws-apigatewayv2-route-require-scopes"), []);
        });

        it("accepts an open route or method once it is allowlisted as public", async () => {
            let stack = mutate(compliant, "pf-colors-get", (p) => { p.authorizationType = "NONE"; });
            stack = mutate(stack, "pf-movies-get", (p) => { p.authorization = "NONE"; });
            const config = {
                ...prodWith("aws-apigatewayv2-route-require-authorization", { publicRoutes: ["GET /colors"] }),
                "aws-apigateway-method-require-authorizer": { enforcementLevel: "mandatory", publicMethods: ["pf-movies-get"] },
            };
            const violations = await evaluate(stack, config);
            assert.deepEqual(violationsOf(violations, "aws-apigatewayv2-route-require-authorization"), []);
            assert.deepEqual(violationsOf(violations, "aws-apigateway-method-require-authorizer"), []);
        });

        it("allows http://localhost web origins under dev but not under staging", async () => {
            const stack = mutate(compliant, "pf-kibana", (p) => { p.webOrigins.push("http://localhost:3000", "http://127.0.0.1:8080"); });
            assert.deepEqual(violationsOf(await evaluate(stack, loadPolicyConfig("dev")), "auth0-client-require-https-urls"), []);
            assert.equal(violationsOf(await evaluate(stack, loadPolicyConfig("staging")), "auth0-client-require-https-urls").length, 2);
        });

        it("still rejects http on a non-local host under dev", async () => {
            const stack = mutate(compliant, "pf-kibana", (p) => { p.webOrigins.push("http://kibana.example.com"); });
            assert.equal(violationsOf(await evaluate(stack, loadPolicyConfig("dev")), "auth0-client-require-https-urls").length, 1);
        });

        it("trusts an issuer listed in config for a tenant managed elsewhere", async () => {
            const stack = mutate(compliant, "pf-colors-jwt", (p) => { p.jwtConfiguration.issuer = "https://login.partner.example/"; });
            assert.equal(violationsOf(await evaluate(stack, prod), "edge-auth-issuer-matches-tenant").length, 1);
            const config = prodWith("edge-auth-issuer-matches-tenant", { issuers: ["https://login.partner.example/"] });
            assert.deepEqual(violationsOf(await evaluate(stack, config), "edge-auth-issuer-matches-tenant"), []);
        });

        it("does not require a scope claim on jwt-validation when requireScopeClaim is off", async () => {
            const stack = mutate(compliant, "pf-machine-rule", (p) => { p.actions[0].jwtValidation.additionalClaims.splice(1, 1); });
            const config = prodWith("aws-alb-jwt-validation-require-audience", { requireScopeClaim: false });
            assert.deepEqual(violationsOf(await evaluate(stack, config), "aws-alb-jwt-validation-require-audience"), []);
        });

        it("reports a violation as advisory when the environment sets the policy advisory", async () => {
            const stack = mutate(compliant, "pf-https", (p) => { delete p.sslPolicy; });
            const violations = await evaluate(stack, loadPolicyConfig("dev"));
            assert.deepEqual(violationsOf(violations, "aws-alb-listener-configure-tls-policy"), []);
            assert.equal(violationsOf(violations, "aws-alb-listener-configure-tls-policy", "advisory").length, 1);
        });

        it("skips a disabled policy", async () => {
            const stack = mutate(compliant, "pf-https", (p) => { delete p.sslPolicy; });
            const violations = await evaluate(stack, { ...prod, "aws-alb-listener-configure-tls-policy": "disabled" });
            assert.deepEqual(violations.filter((v) => v.policyName === "aws-alb-listener-configure-tls-policy"), []);
        });
    });

    describe("no false blocks: stricter or legitimate settings pass", () => {
        const passes = async (stack: CapturedResource[], config: PolicyPackConfig = prod) => assert.deepEqual(violationsOf(await evaluate(stack, config)), []);

        it("accepts TLS 1.3-only, FIPS and post-quantum listener policies", async () => {
            for (const policy of ["ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09", "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09"]) {
                await passes(mutate(compliant, "pf-https", (p) => { p.sslPolicy = policy; }));
            }
        });

        it("accepts API Gateway's enhanced TLS 1.3 policies for edge and regional REST domains", async () => {
            await passes(mutate(compliant, "pf-movies-domain", (p) => { p.endpointConfiguration.types = "EDGE"; p.securityPolicy = "SecurityPolicy_TLS13_2025_EDGE"; }));
            await passes(mutate(compliant, "pf-movies-domain", (p) => { p.securityPolicy = "SecurityPolicy_TLS13_1_3_FIPS_2025_09"; }));
        });

        it("accepts a REST API without securityPolicy when its execute-api endpoint is disabled, or when it is private", async () => {
            await passes(mutate(compliant, "pf-movies", (p) => { delete p.securityPolicy; delete p.endpointAccessMode; p.disableExecuteApiEndpoint = true; }));
            await passes(mutate(compliant, "pf-movies", (p) => { delete p.securityPolicy; delete p.endpointAccessMode; p.endpointConfiguration.types = "PRIVATE"; }));
        });

        it("accepts a REST domain that leaves securityPolicy to AWS's TLS 1.2 default", async () => {
            await passes(mutate(compliant, "pf-movies-domain", (p) => { delete p.securityPolicy; }));
        });

        it("accepts private-use-scheme redirect URIs on native clients (RFC 8252 §7.1)", async () => {
            await passes(mutate(compliant, "pf-kibana", (p) => {
                p.appType = "native";
                p.callbacks.push("com.example.app:/callback", "com.example.app://acme.us.auth0.com/ios/com.example.app/callback");
                p.allowedLogoutUrls.push("com.example.app:/logout");
            }));
        });

        it("trusts a non-Auth0 issuer exactly as its discovery document writes it, without Auth0's slash rule", async () => {
            const line = mutate(compliant, "pf-colors-jwt", (p) => { p.jwtConfiguration.issuer = "https://access.line.me"; });
            const config = prodWith("edge-auth-issuer-matches-tenant", { issuers: ["https://access.line.me"] });
            assert.deepEqual(violationsOf(await evaluate(line, config), "edge-auth-issuer-matches-tenant"), []);
            const slashed = mutate(compliant, "pf-colors-jwt", (p) => { p.jwtConfiguration.issuer = "https://access.line.me/"; });
            const violations = violationsOf(await evaluate(slashed, config), "edge-auth-issuer-matches-tenant");
            assert.equal(violations.length, 1);
            assert.match(violations[0].message, /issuer "https:\/\/access\.line\.me\/", which differs from the provider's discovery issuer "https:\/\/access\.line\.me"/);
            assert.doesNotMatch(violations[0].message.split("\n").slice(1).join("\n"), /Auth0/, "the finding itself (after the policy description) makes no Auth0-only claim");
        });

        it("accepts an ALB issuer and endpoints all on the tenant's custom domain", async () => {
            await passes(mutate(compliant, "pf-kibana-rule", (p) => {
                const o = p.actions[0].authenticateOidc;
                o.issuer = "https://login.example.com/";
                o.authorizationEndpoint = "https://login.example.com/authorize";
                o.tokenEndpoint = "https://login.example.com/oauth/token";
                o.userInfoEndpoint = "https://login.example.com/userinfo";
            }));
        });
    });

    describe("exceptions and per-environment settings", () => {
        it("accepts an Auth0 API named in the config's exceptions with a reason, and refuses one without", async () => {
            const stack = mutate(compliant, "pf-identity-api", (p) => { p.signingAlg = "HS256"; });
            const withReason = prodWith("auth0-resource-server-require-rs256-rbac", { exceptions: [{ identifier: "https://identity.example.com/api", reason: "legacy partner verifies HS256; retired in Q3" }] });
            assert.deepEqual(violationsOf(await evaluate(stack, withReason), "auth0-resource-server-require-rs256-rbac"), []);
            const withoutReason = prodWith("auth0-resource-server-require-rs256-rbac", { exceptions: [{ identifier: "https://identity.example.com/api", reason: " " }] });
            const violations = violationsOf(await evaluate(stack, withoutReason), "auth0-resource-server-require-rs256-rbac");
            assert.match(violations.map((v) => v.message).join("\n"), /listed in exceptions without a reason/);
        });

        it("fails a TLS 1.2 listener policy once the environment requires TLS 1.3", async () => {
            const config = prodWith("aws-alb-listener-configure-tls-policy", { minimumTlsVersion: "1.3" });
            const violations = violationsOf(await evaluate(compliant, config), "aws-alb-listener-configure-tls-policy");
            assert.equal(violations.length, 1);
            assert.match(violations[0].message, /accepts TLS 1\.2, older than TLS 1\.3/);
        });

        it("reports wildcard callbacks as advisory in staging and dev, mandatory in prod", async () => {
            const stack = mutate(compliant, "pf-kibana", (p) => { p.callbacks.push("https://*.example.com/oauth2/idpresponse"); });
            for (const [env, level] of [["dev", "advisory"], ["staging", "advisory"], ["prod", "mandatory"]] as const) {
                const violations = await evaluate(stack, loadPolicyConfig(env));
                assert.equal(violationsOf(violations, "edge-auth-disallow-wildcard-urls", level).length, 1, env);
            }
        });
    });

    describe("values unknown during preview (staging: undecidable findings are advisory)", () => {
        const staging = withAllowedHosts(withoutRouteAllowlists(loadPolicyConfig("staging")));
        const undecided = (violations: Violation[], policy: string) =>
            violations.filter((v) => v.policyName === policy && v.enforcementLevel === "advisory" && /cannot be decided/.test(v.message));

        it("says an unknown authorizer issuer cannot be decided, as advisory, and blocks nothing", async () => {
            const stack = mutate(compliant, "pf-colors-jwt", (p) => { p.jwtConfiguration.issuer = UNKNOWN_STRING; });
            const violations = await evaluate(stack, staging);
            assert.deepEqual(violationsOf(violations), []);
            assert.equal(undecided(violations, "edge-auth-require-https-token-urls").length, 1);
            assert.equal(undecided(violations, "edge-auth-issuer-matches-tenant").length, 1);
        });

        it("keeps deciding the known resources when one URL is unknown", async () => {
            let stack = mutate(compliant, "pf-kibana", (p) => { p.callbacks[1] = UNKNOWN_STRING; });
            stack = mutate(stack, "pf-colors-jwt", (p) => { p.jwtConfiguration.issuer = "https://acme.us.auth0.com"; });
            const violations = await evaluate(stack, staging);
            assert.equal(undecided(violations, "auth0-client-require-https-urls").length, 1);
            assert.equal(violationsOf(violations, "edge-auth-issuer-matches-tenant").length, 1);
        });

        it("says an unknown client id of an ALB rule outside the stack cannot be decided", async () => {
            const stack = mutate(compliant, "pf-kibana-rule", (p, r) => {
                p.actions[0].authenticateOidc.clientId = UNKNOWN_STRING;
                r.propertyDependencies.actions = [];
            });
            const violations = await evaluate(stack, staging);
            assert.deepEqual(violationsOf(violations), []);
            assert.match(undecided(violations, "auth0-client-register-alb-callbacks")[0].message, /client of "pf-kibana-rule"/);
        });

        it("says an Auth0 API whose signing algorithm is unknown cannot be decided, and blocks nothing", async () => {
            const stack = mutate(compliant, "pf-identity-api", (p) => { p.signingAlg = UNKNOWN_STRING; });
            const violations = await evaluate(stack, staging);
            assert.deepEqual(violationsOf(violations), []);
            assert.equal(undecided(violations, "auth0-resource-server-require-rs256-rbac").length, 1);
        });

        it("the new policies say unknown TLS policies, grants and origins cannot be decided, and block nothing", async () => {
            let stack = mutate(compliant, "pf-login-domain", (p) => { p.tlsPolicy = UNKNOWN_STRING; });
            stack = mutate(stack, "pf-nlb-tls", (p) => { p.sslPolicy = UNKNOWN_STRING; });
            stack = mutate(stack, "pf-kibana", (p) => { p.grantTypes = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2"; });
            stack = mutate(stack, "pf-colors", (p) => { p.corsConfiguration.allowOrigins = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2"; });
            const violations = await evaluate(stack, staging);
            assert.deepEqual(violationsOf(violations), []);
            for (const policy of ["auth0-custom-domain-require-tls12", "aws-nlb-listener-configure-tls-policy", "auth0-client-disallow-implicit-password-grants", "edge-auth-require-https-cors-origins", "edge-auth-disallow-wildcard-urls"]) {
                assert.equal(undecided(violations, policy).length, 1, policy);
            }
        });

        it("says unknown listener actions cannot be decided", async () => {
            const stack = mutate(compliant, "pf-http", (p) => { p.defaultActions = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2"; });
            const violations = await evaluate(stack, staging);
            assert.deepEqual(violationsOf(violations), []);
            assert.equal(undecided(violations, "aws-alb-listener-disallow-plain-http").length, 1);
        });
    });
});
