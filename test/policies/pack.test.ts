/**
 * Every policy, evaluated by the real PolicyPack over its gRPC analyzer: the compliant fixture
 * passes it, and one mutation of the fixture fails it with a mandatory violation under prod.
 */
import { strict as assert } from "assert";
import { UNKNOWN_STRING } from "../../policies/lib/plain";
import { rules } from "../../policies/pack";
import { CapturedResource, evaluate, loadPolicyConfig, PolicyPackConfig, Violation, violationsOf, withoutRouteAllowlists } from "../support/policyHarness";
import { compliantStack, mutate, named } from "./fixture";

const prod = withoutRouteAllowlists(loadPolicyConfig("prod"));

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
        when: "the HTTPS listener names a policy outside the allowlist",
        mutate: (s) => mutate(s, "pf-https", (p) => { p.sslPolicy = "ELBSecurityPolicy-TLS-1-1-2017-01"; }),
        message: /"ELBSecurityPolicy-TLS-1-1-2017-01" is not allowed/,
        phase: "analyze",
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
    }],
    "aws-apigateway-domain-require-tls12": [{
        when: "an HTTP API domain accepts TLS 1.0",
        mutate: (s) => mutate(s, "pf-colors-domain", (p) => { p.domainNameConfiguration.securityPolicy = "TLS_1_0"; }),
        message: /"TLS_1_0" accepts TLS older than 1\.2/,
        phase: "analyze",
    }, {
        when: "a REST API domain leaves securityPolicy out",
        mutate: (s) => mutate(s, "pf-movies-domain", (p) => { delete p.securityPolicy; }),
        message: /securityPolicy is not set/,
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
        message: /not the issuer of an Auth0 tenant of this stack \(https:\/\/acme\.us\.auth0\.com\/\)/,
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
    "auth0-resource-server-require-rs256-rbac": [{
        when: "the verified API signs with HS256",
        mutate: (s) => mutate(s, "pf-colors-api", (p) => { p.signingAlg = "HS256"; }),
        message: /signs with HS256, but JWT authorizer "pf-colors-jwt" verifies RS256 only|signs with HS256/,
        phase: "analyzeStack",
    }, {
        when: "the verified API has RBAC off",
        mutate: (s) => mutate(s, "pf-colors-api", (p) => { p.enforcePolicies = false; }),
        message: /has RBAC off/,
        phase: "analyzeStack",
    }],
};

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

    describe("values unknown during preview", () => {
        const undecided = (violations: Violation[], policy: string) =>
            violations.filter((v) => v.policyName === policy && v.enforcementLevel === "advisory" && /cannot be decided/.test(v.message));

        it("says an unknown authorizer issuer cannot be decided, as advisory, and blocks nothing", async () => {
            const stack = mutate(compliant, "pf-colors-jwt", (p) => { p.jwtConfiguration.issuer = UNKNOWN_STRING; });
            const violations = await evaluate(stack, prod);
            assert.deepEqual(violationsOf(violations), []);
            assert.equal(undecided(violations, "edge-auth-require-https-token-urls").length, 1);
            assert.equal(undecided(violations, "edge-auth-issuer-matches-tenant").length, 1);
        });

        it("keeps deciding the known resources when one URL is unknown", async () => {
            let stack = mutate(compliant, "pf-kibana", (p) => { p.callbacks[1] = UNKNOWN_STRING; });
            stack = mutate(stack, "pf-colors-jwt", (p) => { p.jwtConfiguration.issuer = "https://acme.us.auth0.com"; });
            const violations = await evaluate(stack, prod);
            assert.equal(undecided(violations, "auth0-client-require-https-urls").length, 1);
            assert.equal(violationsOf(violations, "edge-auth-issuer-matches-tenant").length, 1);
        });

        it("says an unknown client id of an ALB rule outside the stack cannot be decided", async () => {
            const stack = mutate(compliant, "pf-kibana-rule", (p, r) => {
                p.actions[0].authenticateOidc.clientId = UNKNOWN_STRING;
                r.propertyDependencies.actions = [];
            });
            const violations = await evaluate(stack, prod);
            assert.deepEqual(violationsOf(violations), []);
            assert.match(undecided(violations, "auth0-client-register-alb-callbacks")[0].message, /client of "pf-kibana-rule"/);
        });

        it("says an audience whose Auth0 API is managed elsewhere cannot be checked for RS256 and RBAC", async () => {
            const stack = mutate(compliant, "pf-colors-jwt", (p) => { p.jwtConfiguration.audiences = ["urn:elsewhere"]; });
            const violations = await evaluate(stack, prod);
            assert.match(undecided(violations, "auth0-resource-server-require-rs256-rbac")[0].message, /"urn:elsewhere" .* is not in this stack/);
            assert.deepEqual(violationsOf(violations, "auth0-resource-server-require-rs256-rbac"), []);
        });

        it("says unknown listener actions cannot be decided", async () => {
            const stack = mutate(compliant, "pf-http", (p) => { p.defaultActions = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2"; });
            const violations = await evaluate(stack, prod);
            assert.deepEqual(violationsOf(violations), []);
            assert.equal(undecided(violations, "aws-alb-listener-disallow-plain-http").length, 1);
        });
    });
});
