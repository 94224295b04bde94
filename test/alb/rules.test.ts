import { strict as assert } from "assert";
import * as fc from "fast-check";
import { tenantEndpoints } from "../../components/core/tenant";
import { describePriorities, reservePriorities } from "../../components/alb/priorities";
import { TLS12_PLUS_POLICIES } from "../../components/alb/tlsPolicies";
import {
    DEFAULT_SSL_POLICY, allocatePriorities, authenticateOidcAction, checkRuleValueCount, forwardAction, idpResponseUrls,
    jwtValidationAction, jwtValidationClaims, missingUrls, ruleConditions, validateCidrIpv4, validateCookieName,
    validateExtraParams, validateHostnames, validatePathPatterns, validatePorts, validateRouteNames, validateScope,
    validateSessionTimeout, validateSslPolicy, validateUnauthenticatedAction,
} from "../../components/alb/rules";

const tenant = tenantEndpoints({ domain: "acme.us.auth0.com" });
/** `count` routes without their own priority. */
const routesOf = (count: number) => Array.from({ length: count }, (_, i) => ({ name: `r${i}` }));

describe("ALB rules (pure)", () => {
    describe("callback URLs", () => {
        it("GIVEN hosts WHEN deriving callbacks THEN each host gets exactly https://<host>/oauth2/idpresponse, in order", () => {
            assert.deepEqual(idpResponseUrls(["kibana.example.com", "logs.example.com"]), [
                "https://kibana.example.com/oauth2/idpresponse",
                "https://logs.example.com/oauth2/idpresponse",
            ]);
        });

        it("GIVEN any list of distinct hosts THEN callbacks and hosts correspond one to one", () => {
            const label = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/);
            fc.assert(fc.property(fc.uniqueArray(label, { minLength: 1, maxLength: 3 }), (labels) => {
                const hosts = validateHostnames("hostnames", labels.map((l) => `${l}.example.com`), true);
                const urls = idpResponseUrls(hosts);
                assert.equal(urls.length, hosts.length);
                urls.forEach((url, i) => assert.equal(new URL(url).host, hosts[i]));
                assert.ok(urls.every((url) => url.startsWith("https://") && url.endsWith("/oauth2/idpresponse")));
            }));
        });

        it("GIVEN registered and required URLs THEN missingUrls lists only the absent ones", () => {
            assert.deepEqual(missingUrls(["https://a.example.com/oauth2/idpresponse"], idpResponseUrls(["a.example.com", "b.example.com"])),
                ["https://b.example.com/oauth2/idpresponse"]);
        });
    });

    describe("host names", () => {
        it("lower-cases host names", () => {
            assert.deepEqual(validateHostnames("hostnames", ["Kibana.Example.com"], true), ["kibana.example.com"]);
        });
        const bad: Array<[string, unknown, RegExp]> = [
            ["a scheme", ["https://kibana.example.com"], /hostnames\[0\] "https:\/\/kibana.example.com" includes a scheme\. Fix: write only the host name: "kibana.example.com"/],
            ["a path", ["kibana.example.com/app"], /hostnames\[0\] .* includes a path/],
            ["a port", ["kibana.example.com:8443"], /includes a port/],
            ["a wildcard", ["*.example.com"], /is a wildcard\. Fix: list each host/],
            ["a duplicate", ["a.example.com", "A.example.com"], /is declared twice/],
            ["four hosts", ["a.x.com", "b.x.com", "c.x.com", "d.x.com"], /has more than 3 hosts/],
            ["an empty list", [], /hostnames \[\] is empty/],
        ];
        for (const [what, value, message] of bad) {
            it(`GIVEN ${what} THEN it is rejected`, () => {
                assert.throws(() => validateHostnames("hostnames", value, true), message);
            });
        }
        it("GIVEN optional hosts left out THEN there are none", () => {
            assert.deepEqual(validateHostnames("hostnames", undefined, false), []);
        });
    });

    describe("scope, session, cookie", () => {
        it("defaults the scope to openid and normalises spaces", () => {
            assert.deepEqual(validateScope("scope", undefined), ["openid"]);
            assert.deepEqual(validateScope("scope", "  openid   email profile "), ["openid", "email", "profile"]);
        });
        it("GIVEN a scope without openid THEN the fix shows the scope with openid added", () => {
            assert.throws(() => validateScope("scope", "profile email"),
                /scope "profile email" does not include openid\. Fix: write "openid profile email": without it there is no ID token and the ALB answers 500/);
        });
        it("GIVEN an empty or repeated scope THEN it is rejected", () => {
            assert.throws(() => validateScope("scope", " "), /scope " " is empty/);
            assert.throws(() => validateScope("scope", "openid openid"), /scope "openid" is declared twice/);
        });
        it("defaults the session to 12 hours and accepts 1 s to 7 days", () => {
            assert.equal(validateSessionTimeout(undefined), 43200);
            assert.equal(validateSessionTimeout(1), 1);
            assert.equal(validateSessionTimeout(604800), 604800);
        });
        for (const value of [0, 604801, 3.5, "3600"]) {
            it(`GIVEN session timeout ${JSON.stringify(value)} THEN it is out of range`, () => {
                assert.throws(() => validateSessionTimeout(value), /sessionTimeout .* is out of range\. Fix: use a whole number of seconds \(at most 7 days\) from 1 to 604800/);
            });
        }
        it("validates cookie names", () => {
            assert.equal(validateCookieName(undefined), "AWSELBAuthSessionCookie");
            assert.equal(validateCookieName("KibanaSession"), "KibanaSession");
            assert.throws(() => validateCookieName("my session"), /sessionCookieName "my session" is not a valid cookie name/);
            assert.throws(() => validateCookieName("a;b"), /is not a valid cookie name/);
        });
    });

    describe("routes and conditions", () => {
        it("accepts absolute patterns and rejects relative, spaced, repeated or too many", () => {
            assert.deepEqual(validatePathPatterns("p", ["/api/*", "/health"]), ["/api/*", "/health"]);
            assert.throws(() => validatePathPatterns("p", ["api/*"]), /p\[0\] "api\/\*" does not start with \//);
            assert.throws(() => validatePathPatterns("p", ["/a b"]), /is not a valid path pattern/);
            assert.throws(() => validatePathPatterns("p", ["/a", "/a"]), /is declared twice/);
            assert.throws(() => validatePathPatterns("p", ["/a", "/b", "/c", "/d"]), /has more than 3 patterns/);
            assert.throws(() => validatePathPatterns("p", []), /p \[\] is empty/);
        });
        it("GIVEN 3 hosts and 3 paths THEN the five-values-per-rule limit is reported", () => {
            assert.throws(() => checkRuleValueCount("routes[\"app\"].pathPatterns", ["a.x.com", "b.x.com", "c.x.com"], ["/a", "/b", "/c"]),
                /gives the rule 6 condition values \(3 hosts \+ 3 paths\)\. Fix: the ALB allows 5 per rule/);
            checkRuleValueCount("p", ["a.x.com", "b.x.com"], ["/a", "/b", "/c"]);
        });
        it("GIVEN more than five wildcards (* and ?) across a rule's values THEN it is refused before AWS refuses the rule", () => {
            checkRuleValueCount("p", ["a.x.com"], ["/a/*/b/*", "/c/??/*"]);
            assert.throws(() => checkRuleValueCount("routes[\"app\"].pathPatterns", ["a.x.com"], ["/a/*/b/*", "/c/???/*"]),
                /routes\["app"\]\.pathPatterns \["\/a\/\*\/b\/\*","\/c\/\?\?\?\/\*"\] gives the rule 6 wildcards \(\* and \?\)\. Fix: the ALB allows 5 per rule/);
        });
        it("builds a host-header condition only when hosts are given", () => {
            assert.deepEqual(ruleConditions(["a.x.com"], ["/*"]), [{ hostHeader: { values: ["a.x.com"] } }, { pathPattern: { values: ["/*"] } }]);
            assert.deepEqual(ruleConditions([], ["/api/*"]), [{ pathPattern: { values: ["/api/*"] } }]);
        });
        it("keys routes by name and rejects repeated or slug-colliding names", () => {
            assert.deepEqual([...validateRouteNames("routes", [{ name: "API v1" }, { name: "pages" }]).entries()], [["API v1", "api-v1"], ["pages", "pages"]]);
            assert.throws(() => validateRouteNames("routes", [{ name: "a" }, { name: "a" }]), /routes "a" is declared twice/);
            assert.throws(() => validateRouteNames("routes", [{ name: "a b" }, { name: "a-b" }]), /names the same resource as "a b"/);
            assert.throws(() => validateRouteNames("routes", []), /routes \[\] is empty/);
        });
        it("defaults onUnauthenticatedRequest to authenticate and rejects unknown values", () => {
            assert.equal(validateUnauthenticatedAction("x", undefined), "authenticate");
            assert.equal(validateUnauthenticatedAction("x", "deny"), "deny");
            assert.throws(() => validateUnauthenticatedAction("x", "redirect"), /x "redirect" is not a valid action\. Fix: use "authenticate" for pages, "deny" for APIs/);
        });
    });

    describe("priorities", () => {
        it("allocates consecutive priorities from the base, in route order", () => {
            assert.deepEqual(allocatePriorities(100, routesOf(3)), [100, 101, 102]);
            assert.deepEqual(allocatePriorities(49999, routesOf(2)), [49999, 50000]);
        });
        it("rejects bases out of range or without room", () => {
            assert.throws(() => allocatePriorities(0, routesOf(1)), /priority 0 is out of range\. Fix: use a whole number of rule priority from 1 to 50000/);
            assert.throws(() => allocatePriorities(50000, routesOf(2)), /priority 50000 leaves no room for 2 rules \(the last would be 50001\)\. Fix: use a base of at most 49999/);
        });
        it("GIVEN routes with their own priority THEN they keep it, and the others count from the base without them", () => {
            // A pinned route inserted first leaves the unpinned ones where they were (200, 201).
            assert.deepEqual(allocatePriorities(200, [{ name: "health", priority: 150 }, { name: "xhr" }, { name: "pages" }]), [150, 200, 201]);
            assert.deepEqual(allocatePriorities(undefined, [{ name: "a", priority: 30 }, { name: "b", priority: 10 }]), [30, 10]);
            assert.throws(() => allocatePriorities(undefined, [{ name: "a", priority: 30 }, { name: "b" }]), /priority \(missing\) is missing\. Fix: give the component a base priority, or every route its own priority/);
            assert.throws(() => allocatePriorities(200, [{ name: "a", priority: 201 }, { name: "b" }, { name: "c" }]),
                /routes\["c"\]\.priority 201 is also the priority of routes\["a"\]/);
            assert.throws(() => allocatePriorities(200, [{ name: "a", priority: 2.5 }]), /routes\["a"\]\.priority 2\.5 is out of range/);
            assert.throws(() => allocatePriorities(0, [{ name: "a", priority: 5 }]), /priority 0 is out of range/, "a bad base fails even when no route uses it");
            assert.throws(() => allocatePriorities(200, [{ name: "a", priority: 50001 }]), /routes\["a"\]\.priority 50001 is out of range/);
        });
        it("describes held priorities as runs", () => {
            assert.equal(describePriorities([101, 100]), "100-101");
            assert.equal(describePriorities([200, 150, 201, 300]), "150, 200-201, 300");
        });
        it("GIVEN two components on one listener WHEN their ranges overlap THEN the second fails naming the first; disjoint ranges pass", () => {
            const listener = {};
            reservePriorities(listener, "AlbOidcLogin \"kibana\"", [10, 11]);
            assert.throws(() => reservePriorities(listener, "AlbJwtValidation \"api\"", [11, 12]),
                /priority 11 collides with AlbOidcLogin "kibana", which holds priorities 10-11 on the same listener \(clash at 11\)/);
            reservePriorities(listener, "AlbJwtValidation \"api\"", [12, 13]);
            // Another listener has its own priorities.
            reservePriorities({}, "AlbOidcLogin \"other\"", [10, 11]);
        });
        it("GIVEN any two ranges on one listener THEN reservation fails exactly when they overlap", () => {
            let n = 0;
            fc.assert(fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 5 }),
                (a, an, b, bn) => {
                    const key = `arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/prop/${n++}`;
                    reservePriorities(key, "first", allocatePriorities(a, routesOf(an)));
                    const overlap = a <= b + bn - 1 && b <= a + an - 1;
                    let failed = false;
                    try {
                        reservePriorities(key, "second", allocatePriorities(b, routesOf(bn)));
                    } catch {
                        failed = true;
                    }
                    assert.equal(failed, overlap);
                }));
        });
    });

    describe("actions", () => {
        it("builds authenticate-oidc from the tenant model, before forward", () => {
            const action = authenticateOidcAction(tenant, {
                clientId: "cid", clientSecret: "s3cret", scope: ["openid", "email"], sessionTimeout: 3600,
                sessionCookieName: "AWSELBAuthSessionCookie", onUnauthenticatedRequest: "deny", extraParams: { audience: "urn:logs" },
            });
            assert.deepEqual(action, {
                type: "authenticate-oidc",
                order: 1,
                authenticateOidc: {
                    issuer: "https://acme.us.auth0.com/",
                    authorizationEndpoint: "https://acme.us.auth0.com/authorize",
                    tokenEndpoint: "https://acme.us.auth0.com/oauth/token",
                    userInfoEndpoint: "https://acme.us.auth0.com/userinfo",
                    clientId: "cid",
                    clientSecret: "s3cret",
                    scope: "openid email",
                    sessionTimeout: 3600,
                    sessionCookieName: "AWSELBAuthSessionCookie",
                    onUnauthenticatedRequest: "deny",
                    authenticationRequestExtraParams: { audience: "urn:logs" },
                },
            });
            assert.deepEqual(forwardAction("tg-arn"), { type: "forward", order: 2, targetGroupArn: "tg-arn" });
        });
        it("builds jwt-validation with aud and scope claims, and only aud when no scope is required", () => {
            assert.deepEqual(jwtValidationAction(tenant, "urn:logs", ["read:logs", "write:logs"]), {
                type: "jwt-validation",
                order: 1,
                jwtValidation: {
                    issuer: "https://acme.us.auth0.com/",
                    jwksEndpoint: "https://acme.us.auth0.com/.well-known/jwks.json",
                    additionalClaims: [
                        { name: "aud", format: "single-string", values: ["urn:logs"] },
                        { name: "scope", format: "space-separated-values", values: ["read:logs", "write:logs"] },
                        { name: "gty", format: "single-string", values: ["client-credentials"] },
                    ],
                },
            });
            assert.deepEqual(jwtValidationClaims("urn:logs", []), [{ name: "aud", format: "single-string", values: ["urn:logs"] }, { name: "gty", format: "single-string", values: ["client-credentials"] }]);
            assert.deepEqual(jwtValidationClaims("urn:logs", ["read:logs"], { clientCredentialsOnly: false }).map((c) => c.name), ["aud", "scope"]);
        });
        it("adds audience to extra params and refuses parameters the ALB owns", () => {
            assert.equal(validateExtraParams("p", undefined, undefined), undefined);
            assert.deepEqual(validateExtraParams("p", { prompt: "login" }, "urn:logs"), { prompt: "login", audience: "urn:logs" });
            assert.throws(() => validateExtraParams("p", { audience: "x" }, undefined), /p\.audience "x" is set by the ALB or by edge-auth\. Fix: pass api/);
            assert.throws(() => validateExtraParams("p", { redirect_uri: "x" }, undefined), /p\.redirect_uri "x" is set by the ALB/);
            const eleven = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, "v"]));
            assert.throws(() => validateExtraParams("p", eleven, "urn:logs"), /has more than 10 entries \(audience included\)/);
        });
    });

    describe("listener settings", () => {
        it("defaults the TLS policy to AWS's recommendation and accepts TLS13 policies only", () => {
            assert.equal(validateSslPolicy(undefined), "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09");
            assert.equal(DEFAULT_SSL_POLICY, "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09");
            assert.equal(validateSslPolicy("ELBSecurityPolicy-TLS13-1-3-2021-06"), "ELBSecurityPolicy-TLS13-1-3-2021-06");
            assert.throws(() => validateSslPolicy("ELBSecurityPolicy-2016-08"), /sslPolicy "ELBSecurityPolicy-2016-08" allows TLS versions below 1\.2/);
            assert.throws(() => validateSslPolicy("ELBSecurityPolicy-TLS-1-1-2017-01"), /allows TLS versions below 1\.2/);
        });

        it("GIVEN the TLS13 policies that still accept TLS 1.0 or 1.1 THEN they are refused, naming a policy to use (finding 7)", () => {
            for (const policy of ["ELBSecurityPolicy-TLS13-1-0-2021-06", "ELBSecurityPolicy-TLS13-1-1-2021-06", "ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04", "ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04"]) {
                assert.throws(() => validateSslPolicy(policy), new RegExp(`sslPolicy "${policy}" allows TLS versions below 1\\.2.*Fix: use "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"`), policy);
            }
        });

        it("accepts every policy of the TLS 1.2+ table, and only names in it", () => {
            for (const policy of Object.keys(TLS12_PLUS_POLICIES)) {
                assert.equal(validateSslPolicy(policy), policy);
            }
            assert.throws(() => validateSslPolicy("ELBSecurityPolicy-TLS13-1-2-2099-01"), /is not a known ALB policy/);
        });
        it("validates CIDRs and ports", () => {
            assert.equal(validateCidrIpv4("c", "10.0.0.0/16"), "10.0.0.0/16");
            assert.throws(() => validateCidrIpv4("c", "10.0.0.0"), /c "10.0.0.0" is not an IPv4 CIDR/);
            assert.throws(() => validateCidrIpv4("c", "300.0.0.0/8"), /is not an IPv4 CIDR/);
            assert.deepEqual(validatePorts("p", [5601, 443]), [5601, 443]);
            assert.throws(() => validatePorts("p", [0]), /p\[0\] 0 is out of range/);
            assert.throws(() => validatePorts("p", []), /p \[\] is empty/);
        });
    });
});
