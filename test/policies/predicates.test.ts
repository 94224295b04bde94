/** The pack's pure logic, tested directly: unknown handling, URL checks, TLS parsing, the stack index, config. */
import { strict as assert } from "assert";
import * as fc from "fast-check";
import { isUnknown, plain, plainProps, Unknown, UNKNOWN_STRING } from "../../policies/lib/plain";
import { checkClientUrl, checkHttpsUrl, parseUrl } from "../../policies/lib/urls";
import { AUTH0_DOMAIN_POLICIES, ELB_POLICIES, HTTP_API_POLICIES, judgeTls, REST_EDGE_POLICIES, REST_REGIONAL_POLICIES } from "../../policies/lib/tls";
import { isPrivateUseSchemeUri } from "../../policies/lib/urls";
import { valuesAt } from "../../policies/lib/urlFields";
import { StackIndex, StackInput } from "../../policies/lib/stackIndex";
import { ruleConfig } from "../../policies/lib/policy";
import { rules } from "../../policies/pack";
import { isPreflight } from "../../policies/rules/httpApiRoutes";
import { idpResponseUrl } from "../../policies/rules/syncCallbacks";

// The proxy @pulumi/policy wraps properties in; used here to prove the copy survives it.
const { unknownCheckingProxy } = require("@pulumi/policy/proxy");

describe("policy predicates", () => {
    describe("plain()", () => {
        it("turns raw unknown sentinels into Unknown markers with their path", () => {
            const copied = plain({ a: [{ issuer: UNKNOWN_STRING }], b: "x" }) as any;
            assert.ok(copied.a[0].issuer instanceof Unknown);
            assert.equal(copied.a[0].issuer.path, "a[0].issuer");
            assert.equal(copied.b, "x");
        });

        it("copies through @pulumi/policy's proxy, which throws on unknowns, without throwing", () => {
            const proxied = unknownCheckingProxy({ jwtConfiguration: { issuer: UNKNOWN_STRING, audiences: ["urn:a"] } });
            assert.throws(() => proxied.jwtConfiguration.issuer, /can't be known during preview/);
            const copied = plainProps(proxied) as any;
            assert.ok(isUnknown(copied.jwtConfiguration.issuer));
            assert.deepEqual(copied.jwtConfiguration.audiences, ["urn:a"]);
        });
    });

    describe("URL checks", () => {
        it("parses scheme and host, ignoring userinfo, port and path", () => {
            assert.deepEqual(parseUrl("HTTPS://user@Acme.Auth0.com:443/x?y"), { scheme: "https", host: "acme.auth0.com" });
            assert.equal(parseUrl("acme.auth0.com/x"), undefined);
        });

        it("accepts any https URL and rejects the same URL over http (property)", () => {
            fc.assert(fc.property(fc.domain(), fc.webPath(), (host, path) => {
                assert.deepEqual(checkHttpsUrl(`https://${host}${path}`, "issuer"), []);
                const [finding] = checkHttpsUrl(`http://${host}${path}`, "issuer");
                assert.equal(finding.kind, "violation");
            }), { numRuns: 50 });
        });

        it("says an unknown URL cannot be decided instead of failing it", () => {
            const [finding] = checkHttpsUrl(new Unknown("issuer"), "issuer");
            assert.equal(finding.kind, "undecided");
            assert.match(finding.message, /^cannot be decided: issuer is unknown during preview/);
        });

        it("allows local http client URLs only when allowLocalhost is set", () => {
            for (const url of ["http://localhost:3000", "http://127.0.0.1/cb", "http://[::1]:8080"]) {
                assert.deepEqual(checkClientUrl(url, "callbacks[0]", true), []);
                assert.equal(checkClientUrl(url, "callbacks[0]", false)[0].kind, "violation");
            }
            assert.equal(checkClientUrl("http://localhost.evil.com", "callbacks[0]", true)[0].kind, "violation");
            assert.equal(checkClientUrl("ftp://files.example.com", "callbacks[0]", true)[0].kind, "violation");
        });
    });

    it("judges TLS policies by the sourced table: stricter passes, weaker and unknown fail naming a policy to use", () => {
        // By table, never by spelling: a TLS13 prefix may still accept TLS 1.0.
        assert.equal(judgeTls(ELB_POLICIES, "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", 12), undefined);
        assert.equal(judgeTls(ELB_POLICIES, "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", 13)?.includes("older than TLS 1.3"), true);
        assert.match(judgeTls(ELB_POLICIES, "ELBSecurityPolicy-TLS13-1-0-2021-06", 12)!, /accepts TLS 1\.0.*use "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"/);
        assert.equal(judgeTls(REST_EDGE_POLICIES, "SecurityPolicy_TLS13_2025_EDGE", 12), undefined);
        assert.match(judgeTls(REST_EDGE_POLICIES, "SecurityPolicy_TLS13_1_3_2025_09", 12)!, /not a policy this service offers/);
        assert.equal(judgeTls(REST_REGIONAL_POLICIES, "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09", 12), undefined);
        assert.match(judgeTls(REST_REGIONAL_POLICIES, "TLS_1_0", 12)!, /accepts TLS 1\.0/);
        assert.match(judgeTls(HTTP_API_POLICIES, "TLS_1_0", 12)!, /not a policy/);
        assert.match(judgeTls(AUTH0_DOMAIN_POLICIES, "compatible", 12)!, /use "recommended"/);
        assert.equal(judgeTls(ELB_POLICIES, "whatever", 12)?.startsWith("\"whatever\" is not a policy"), true);
    });

    it("recognises RFC 8252 private-use-scheme redirect URIs, and nothing web-like", () => {
        assert.equal(isPrivateUseSchemeUri("com.example.app:/callback"), true);
        assert.equal(isPrivateUseSchemeUri("com.example.app://acme.us.auth0.com/android/com.example.app/callback"), true);
        assert.equal(isPrivateUseSchemeUri("myapp:/callback"), false, "RFC 8252 §7.1: a reverse-domain scheme");
        for (const web of ["https://app.example.com/cb", "http://app.example.com/cb", "javascript:alert(1)", "data:text/html,x"]) {
            assert.equal(isPrivateUseSchemeUri(web), false, web);
        }
    });

    it("reads every value at a field path, through lists and nested objects, keeping unknowns", () => {
        const props = plainProps({ oidcLogout: { backchannelLogoutUrls: ["https://a/", "http://b/"] }, defaultActions: [{ authenticateOidc: { issuer: "https://i/" } }, { type: "forward" }] });
        assert.deepEqual(valuesAt(props, "oidcLogout.backchannelLogoutUrls"), [{ where: "oidcLogout.backchannelLogoutUrls[0]", value: "https://a/" }, { where: "oidcLogout.backchannelLogoutUrls[1]", value: "http://b/" }]);
        assert.deepEqual(valuesAt(props, "defaultActions[].authenticateOidc.issuer"), [{ where: "defaultActions[0].authenticateOidc.issuer", value: "https://i/" }]);
        const unknown = valuesAt(plainProps({ defaultActions: UNKNOWN_STRING }), "defaultActions[].authenticateOidc.issuer");
        assert.equal(unknown.length, 1);
        assert.ok(isUnknown(unknown[0].value));
    });

    it("treats only OPTIONS route keys as preflights and builds the ALB redirect URI", () => {
        assert.equal(isPreflight("OPTIONS /colors"), true);
        assert.equal(isPreflight("GET /options"), false);
        assert.equal(idpResponseUrl("kibana.example.com"), "https://kibana.example.com/oauth2/idpresponse");
    });

    describe("StackIndex", () => {
        const resource = (type: string, name: string, props: Record<string, unknown>, extra: Partial<StackInput> = {}): StackInput =>
            ({ type, name, urn: `urn:pulumi:s::p::${type}::${name}`, props, ...extra });

        it("derives tenant issuers from auth0 providers, the providers of auth0 resources and custom domains", () => {
            const index = new StackIndex([
                resource("pulumi:providers:auth0", "eu", { domain: "acme.eu.auth0.com" }),
                resource("auth0:index/client:Client", "c", {}, { provider: { type: "pulumi:providers:auth0", props: { domain: "https://Acme.US.auth0.com/" } } }),
                resource("auth0:index/customDomain:CustomDomain", "d", { domain: "login.acme.com", type: "auth0_managed_certs" }),
            ]);
            assert.deepEqual([...index.tenantIssuers()].sort(), ["https://acme.eu.auth0.com/", "https://acme.us.auth0.com/", "https://login.acme.com/"]);
        });

        it("merges plural and singular scope resources per API identifier and flags unknown lists", () => {
            const index = new StackIndex([
                resource("auth0:index/resourceServer:ResourceServer", "api", { identifier: "urn:a" }),
                resource("auth0:index/resourceServerScopes:ResourceServerScopes", "s", { resourceServerIdentifier: "urn:a", scopes: [{ name: "read:a" }] }),
                resource("auth0:index/resourceServerScope:ResourceServerScope", "s1", { resourceServerIdentifier: "urn:a", scope: "write:a" }),
                resource("auth0:index/resourceServerScopes:ResourceServerScopes", "s2", { resourceServerIdentifier: "urn:b", scopes: "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2" }),
            ]);
            assert.deepEqual([...index.apis().get("urn:a")!.scopes].sort(), ["read:a", "write:a"]);
            assert.equal(index.apis().get("urn:a")!.server?.name, "api");
            assert.equal(index.apis().get("urn:b")!.scopesUnknown, true);
        });

        it("reads each resource's properties once however many lookups run (index, not scan)", () => {
            const reads = new Map<string, number>();
            const inputs = Array.from({ length: 200 }, (_, i) => {
                const r = resource("aws:lb/listener:Listener", `l${i}`, {});
                const props = { arn: `arn:${i}`, protocol: "HTTPS" };
                return Object.defineProperty(r, "props", { get: () => { reads.set(r.name, (reads.get(r.name) ?? 0) + 1); return props; } });
            });
            const index = new StackIndex(inputs);
            for (let i = 0; i < 200; i++) {
                assert.equal(index.findByProp(new Set(["aws:lb/listener:Listener", "aws:alb/listener:Listener"]), "arn", `arn:${i}`)?.name, `l${i}`);
            }
            assert.deepEqual(new Set(reads.values()), new Set([1]));
        });

        it("follows property dependencies to the resource of the wanted type", () => {
            const authorizer = resource("aws:apigatewayv2/authorizer:Authorizer", "jwt", {});
            const route = resource("aws:apigatewayv2/route:Route", "r", {}, { propertyDependencies: { authorizerId: [{ urn: "urn:other" }, { urn: authorizer.urn }] } });
            const index = new StackIndex([authorizer, route]);
            assert.equal(index.dependency(index.byUrn(route.urn)!, "authorizerId", "aws:apigatewayv2/authorizer:Authorizer")?.name, "jwt");
        });
    });

    it("fills config from each property's default and lets the environment override it", () => {
        const rule = rules.find((r) => r.name === "auth0-client-require-https-urls")!;
        assert.deepEqual(ruleConfig(rule, {}), { allowLocalhost: false });
        assert.deepEqual(ruleConfig(rule, { allowLocalhost: true }), { allowLocalhost: true });
    });
});
