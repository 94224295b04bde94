/** The pack's pure logic, tested directly: unknown handling, URL checks, TLS parsing, the stack index, config. */
import { strict as assert } from "assert";
import * as fc from "fast-check";
import { isUnknown, plain, plainProps, Unknown, UNKNOWN_STRING } from "../../policies/lib/plain";
import { checkClientUrl, checkHttpsUrl, parseUrl } from "../../policies/lib/urls";
import { minimumTlsVersion } from "../../policies/rules/apiDomains";
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

    it("reads the minimum TLS version of API Gateway security policies", () => {
        assert.equal(minimumTlsVersion("TLS_1_0"), 10);
        assert.equal(minimumTlsVersion("TLS_1_2"), 12);
        assert.equal(minimumTlsVersion("SecurityPolicy_TLS13_1_3_2025_09"), 13);
        assert.equal(minimumTlsVersion("SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09"), 12);
        assert.equal(minimumTlsVersion("SecurityPolicy_TLS13_1_0_2021_06"), 10);
        assert.equal(minimumTlsVersion("whatever"), undefined);
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
