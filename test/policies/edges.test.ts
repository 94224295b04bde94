/**
 * Issue 20's rules beyond one mutation each: their exceptions and per-environment levels, values
 * unknown during preview, and settings that must not be blocked. Every check runs the real
 * PolicyPack over gRPC on the fixture stack.
 */
import { strict as assert } from "assert";
import { UNKNOWN_STRING } from "../../policies/lib/plain";
import { isLoopbackHost } from "../../policies/rules/auth0ClientPractices";
import { CapturedResource, evaluate, loadPolicyConfig, PolicyPackConfig, Violation, violationsOf, withoutRouteAllowlists } from "../support/policyHarness";
import { compliantStack, mutate, named, withAllowedHosts } from "./fixture";

const prod = withAllowedHosts(withoutRouteAllowlists(loadPolicyConfig("prod")));
const prodWith = (policy: string, props: Record<string, unknown>): PolicyPackConfig => ({ ...prod, [policy]: { ...(prod[policy] as object), ...props } });
const UNKNOWN_LIST = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2";
const staging = withAllowedHosts(withoutRouteAllowlists(loadPolicyConfig("staging")));
const undecided = (violations: Violation[], policy: string, level: Violation["enforcementLevel"] = "advisory") =>
    violations.filter((v) => v.policyName === policy && v.enforcementLevel === level && /cannot be decided/.test(v.message));

describe("issue 20 rules: exceptions, environments, preview and no false blocks", function () {
    let compliant: CapturedResource[];
    before(async () => {
        compliant = await compliantStack();
    });
    const passes = async (stack: CapturedResource[], config: PolicyPackConfig = prod) => assert.deepEqual(violationsOf(await evaluate(stack, config)), []);

    describe("exceptions named in the config, with a reason", () => {
        const publicUrl = (s: CapturedResource[]) => mutate(mutate(s, "pf-fn-url", (p) => { p.authorizationType = "NONE"; }), "pf-fn-url-invoke", (p) => { p.principal = "*"; p.functionUrlAuthType = "NONE"; });

        it("accepts a public function URL and its permission once both are named in publicFunctionUrls with a reason", async () => {
            const entries = [{ name: "pf-fn-url", reason: "public webhook; the handler checks the provider's HMAC signature" }, { name: "pf-fn-url-invoke", reason: "the permission that opens the webhook" }];
            const config = { ...prodWith("aws-lambda-function-url-require-auth", { publicFunctionUrls: entries }), "aws-lambda-permission-disallow-public-function-url": { enforcementLevel: "mandatory", publicFunctionUrls: entries } };
            await passes(publicUrl(compliant), config);
        });

        it("refuses an exception without a reason", async () => {
            const config = prodWith("aws-lambda-function-url-require-auth", { publicFunctionUrls: [{ name: "pf-fn-url", reason: " " }] });
            const violations = violationsOf(await evaluate(publicUrl(compliant), config), "aws-lambda-function-url-require-auth");
            assert.equal(violations.length, 1);
            assert.match(violations[0].message, /"pf-fn-url" is listed in publicFunctionUrls without a reason/);
        });

        it("accepts a jwt-validation rule without gty that declares user tokens by tag, with its reason; an empty tag declares nothing", async () => {
            const stack = mutate(compliant, "pf-machine-rule", (p) => { p.actions[0].jwtValidation.additionalClaims.splice(2, 1); p.tags = { "edge-auth:user-tokens": "users call /machines with their own tokens; RBAC on" }; });
            await passes(stack);
            const empty = mutate(stack, "pf-machine-rule", (p) => { p.tags = { "edge-auth:user-tokens": "" }; });
            assert.equal(violationsOf(await evaluate(empty, prod), "aws-alb-jwt-validation-require-client-credentials").length, 1);
        });

        it("accepts a jwt-validation rule without gty once it is declared in userTokenRules", async () => {
            const stack = mutate(compliant, "pf-machine-rule", (p) => { p.actions[0].jwtValidation.additionalClaims.splice(2, 1); });
            const config = prodWith("aws-alb-jwt-validation-require-client-credentials", { userTokenRules: [{ name: "pf-machine-rule", reason: "users call /machines with their own tokens; RBAC on" }] });
            await passes(stack, config);
        });
    });

    describe("levels per environment", () => {
        it("allows https://localhost callbacks under dev, not under staging or prod", async () => {
            const stack = mutate(compliant, "pf-kibana", (p) => { p.callbacks.push("https://localhost:3000/callback"); });
            assert.deepEqual(violationsOf(await evaluate(stack, withAllowedHosts(loadPolicyConfig("dev"))), "edge-auth-disallow-local-urls"), []);
            for (const env of ["staging", "prod"] as const) {
                assert.equal(violationsOf(await evaluate(stack, withAllowedHosts(loadPolicyConfig(env))), "edge-auth-disallow-local-urls").length, 1, env);
            }
        });

        it("reports TLS policies of classic ELBs and CloudFront as advisory in dev, mandatory in staging and prod", async () => {
            let stack = mutate(compliant, "pf-classic-tls", (p) => { p.policyAttributes[0].value = "ELBSecurityPolicy-2016-08"; });
            stack = mutate(stack, "pf-cdn", (p) => { p.viewerCertificate.minimumProtocolVersion = "TLSv1"; });
            for (const [env, level] of [["dev", "advisory"], ["staging", "mandatory"], ["prod", "mandatory"]] as const) {
                const violations = await evaluate(stack, withAllowedHosts(loadPolicyConfig(env)));
                assert.equal(violationsOf(violations, "aws-elb-listener-configure-tls-policy", level).length, 1, env);
                assert.equal(violationsOf(violations, "aws-cloudfront-distribution-configure-tls-policy", level).length, 1, env);
            }
        });

        it("reports http://localhost once, by the https rule, not again as a local URL", async () => {
            const violations = await evaluate(mutate(compliant, "pf-kibana", (p) => { p.webOrigins.push("http://localhost:3000"); }), prod);
            assert.equal(violationsOf(violations, "auth0-client-require-https-urls").length, 1);
            assert.deepEqual(violationsOf(violations, "edge-auth-disallow-local-urls"), []);
        });
    });

    describe("values unknown during preview say so: advisory in staging, blocking in prod (undecided: enforce)", () => {
        it("for default actions, function URLs, CloudFront behaviors, gty claims and aws-native listeners", async () => {
            let stack = mutate(compliant, "pf-https", (p) => { p.defaultActions = UNKNOWN_LIST; });
            stack = mutate(stack, "pf-fn-url", (p) => { p.authorizationType = UNKNOWN_STRING; });
            stack = mutate(stack, "pf-cdn", (p) => { p.defaultCacheBehavior.viewerProtocolPolicy = UNKNOWN_STRING; });
            stack = mutate(stack, "pf-machine-rule", (p) => { p.actions[0].jwtValidation.additionalClaims = UNKNOWN_LIST; });
            stack = mutate(stack, "pf-native-https", (p) => { p.sslPolicy = UNKNOWN_STRING; });
            stack = mutate(stack, "pf-classic-443", (p) => { p.policyNames = UNKNOWN_LIST; });
            const policies = ["aws-alb-listener-disallow-default-forward-to-protected-target", "aws-lambda-function-url-require-auth", "aws-cloudfront-distribution-require-https-viewers", "aws-alb-jwt-validation-require-client-credentials", "aws-alb-listener-configure-tls-policy", "aws-elb-listener-configure-tls-policy"];
            const inStaging = await evaluate(stack, staging);
            assert.deepEqual(violationsOf(inStaging), []);
            for (const policy of policies) {
                assert.ok(undecided(inStaging, policy).length >= 1, policy);
            }
            const inProd = await evaluate(stack, prod);
            const blocking = violationsOf(inProd);
            assert.deepEqual(blocking.filter((v) => !/cannot be decided/.test(v.message)), [], "in prod only the undecidable findings block");
            for (const policy of policies) {
                assert.ok(undecided(inProd, policy, "mandatory").length >= 1, policy);
            }
        });

        it("a classic listener policy whose SSL policy lives in another stack cannot be decided (not a violation in staging; blocking in prod until excepted)", async () => {
            const stack = mutate(compliant, "pf-classic-443", (p) => { p.policyNames = ["shared-tls-policy"]; });
            const violations = await evaluate(stack, staging);
            assert.deepEqual(violationsOf(violations, "aws-elb-listener-configure-tls-policy"), []);
            assert.equal(undecided(violations, "aws-elb-listener-configure-tls-policy").length, 1);
            const inProd = await evaluate(stack, prod);
            assert.deepEqual(violationsOf(inProd, "aws-elb-listener-configure-tls-policy").map((v) => v.finding), ['cannot be decided: the SSL negotiation policy of "pf-classic" https listener on port 443 is unknown during preview']);
            const excepted = await evaluate(stack, prodWith("aws-elb-listener-configure-tls-policy", { undecidedExceptions: [{ resource: "pf-classic", reason: "the shared TLS policy is reviewed in the network stack" }] }));
            assert.deepEqual(violationsOf(excepted, "aws-elb-listener-configure-tls-policy"), []);
            assert.equal(undecided(excepted, "aws-elb-listener-configure-tls-policy").length, 1);
        });
    });

    describe("no false blocks", () => {
        it("accepts a default action that authenticates before forwarding to the protected target", async () => {
            const group = named(compliant, "pf-kibana-tg");
            const rule = named(compliant, "pf-kibana-rule");
            const oidc = (rule.inputs.actions as any[])[0];
            await passes(mutate(compliant, "pf-https", (p, r) => {
                p.defaultActions = [oidc, { type: "forward", order: 2, targetGroupArn: group.outputs.arn }];
                r.propertyDependencies.defaultActions = [group.urn, ...rule.propertyDependencies.actions];
            }));
        });

        it("accepts a default forward to a target group no login rule protects", async () => {
            await passes(mutate(compliant, "pf-https", (p) => { p.defaultActions = [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/public/1" }]; }));
        });

        it("accepts classic TCP/SSL listeners, predefined TLS 1.2 policy names attached directly, and TLS 1.3-only CloudFront", async () => {
            let stack = mutate(compliant, "pf-classic", (p) => { p.listeners.push({ lbPort: 5432, lbProtocol: "tcp", instancePort: 5432, instanceProtocol: "tcp" }); });
            stack = mutate(stack, "pf-classic-443", (p, r) => { p.policyNames = ["ELBSecurityPolicy-TLS-1-2-2017-01"]; r.propertyDependencies.policyNames = []; });
            stack = mutate(stack, "pf-cdn", (p) => { p.viewerCertificate.minimumProtocolVersion = "TLSv1.3_2025"; });
            await passes(stack);
        });

        it("accepts a match-viewer origin whose behaviors are all https for viewers, and S3 origins", async () => {
            await passes(mutate(compliant, "pf-cdn", (p) => { p.origins[0].customOriginConfig.originProtocolPolicy = "match-viewer"; }));
        });

        it("accepts a principal-* function URL permission scoped to the organisation", async () => {
            await passes(mutate(compliant, "pf-fn-url-invoke", (p) => { p.principal = "*"; p.principalOrgId = "o-abc123"; }));
        });

        it("accepts interactive grants and callbacks on interactive clients, and oidcConformant left out", async () => {
            await passes(mutate(compliant, "pf-kibana", (p) => { delete p.oidcConformant; }));
        });
    });

    it("knows the loopback hosts (RFC 6761 localhost names, 127/8, ::1) and nothing else", () => {
        for (const host of ["localhost", "LOCALHOST", "app.localhost", "127.0.0.1", "127.1.2.3", "[::1]", "[0:0:0:0:0:0:0:1]", "0.0.0.0", "localhost."]) {
            assert.ok(isLoopbackHost(host), host);
        }
        for (const host of ["localhost.example.com", "mylocalhost", "128.0.0.1", "[::2]", "example.com", "127.0.0.1.nip.io"]) {
            assert.ok(!isLoopbackHost(host), host);
        }
    });
});
