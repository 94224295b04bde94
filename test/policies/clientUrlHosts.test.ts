/**
 * auth0-client-require-allowed-url-hosts, evaluated by the real pack over its gRPC analyzer: the
 * pack's check for programs that register Auth0 client URLs without the components (issue 19).
 */
import { strict as assert } from "assert";
import { UNKNOWN_STRING } from "../../policies/lib/plain";
import { URL_FIELDS } from "../../policies/lib/urlFields";
import { HOST_FIELDS } from "../../policies/rules/auth0ClientUrlHosts";
import { AUTH0_CLIENT } from "../../policies/lib/types";
import { CapturedResource, evaluate, loadPolicyConfig, PolicyPackConfig, Violation, violationsOf, withoutRouteAllowlists } from "../support/policyHarness";
import { compliantStack, FIXTURE_HOSTS, mutate, named } from "./fixture";

const POLICY = "auth0-client-require-allowed-url-hosts";

function configWith(env: "dev" | "staging" | "prod", allowedHosts: unknown[]): PolicyPackConfig {
    const base = withoutRouteAllowlists(loadPolicyConfig(env));
    return { ...base, [POLICY]: { ...(base[POLICY] as object), allowedHosts } };
}
const prod = (allowedHosts: unknown[] = FIXTURE_HOSTS) => configWith("prod", allowedHosts);
const found = async (stack: CapturedResource[], config: PolicyPackConfig, level: Violation["enforcementLevel"] = "mandatory") =>
    violationsOf(await evaluate(stack, config), POLICY, level);

describe(`${POLICY} (allowed hosts of registered client URLs)`, () => {
    let compliant: CapturedResource[];
    before(async () => {
        compliant = await compliantStack();
    });

    it("GIVEN every host listed THEN the compliant stack passes under prod, exact hosts and patterns alike", async () => {
        assert.deepEqual(await found(compliant, prod()), []);
        assert.deepEqual(await found(compliant, prod(["*.example.com", "pf-alb-1234567890.us-east-1.elb.amazonaws.com"])), []);
    });

    it("GIVEN the review's attacker callback, logout URL and origin THEN prod reports one mandatory violation naming each URL and host", async () => {
        const stack = mutate(compliant, "pf-kibana", (p) => {
            p.callbacks.push("https://login-helper.attacker.example/oauth2/idpresponse");
            p.allowedLogoutUrls.push("https://attacker.example/");
            p.webOrigins.push("https://attacker.example");
        });
        const violations = await found(stack, prod());
        assert.equal(violations.length, 1);
        assert.match(violations[0].message, /these hosts are not in allowedHosts \(kibana\.example\.com, pf-alb-1234567890\.us-east-1\.elb\.amazonaws\.com, mcp\.example\.com\): callbacks\[2\] "https:\/\/login-helper\.attacker\.example\/oauth2\/idpresponse" \(host login-helper\.attacker\.example\), allowedLogoutUrls\[1\] "https:\/\/attacker\.example\/" \(host attacker\.example\), webOrigins\[1\] "https:\/\/attacker\.example" \(host attacker\.example\)/);
        assert.match(violations[0].urn, /auth0:index\/client:Client::pf-kibana$/);
    });

    it("GIVEN hosts that only look allowed THEN each is judged by the host a browser goes to", async () => {
        const cases: Array<[string, RegExp]> = [
            ["https://kibana.example.com@attacker.example/oauth2/idpresponse", /carries user info: browsers go to host "attacker\.example"/],
            ["https://kibana.example.com\\@attacker.example/", /contains a backslash/],
            ["https://kibana.example.com.attacker.example/oauth2/idpresponse", /\(host kibana\.example\.com\.attacker\.example\)/],
            ["https://evilexample.com/oauth2/idpresponse", /\(host evilexample\.com\)/],
            ["https://a.b.example.com/oauth2/idpresponse", /\(host a\.b\.example\.com\)/],
            ["https://kibana.example.com./oauth2/idpresponse", /\(host kibana\.example\.com\.\)/],
        ];
        for (const [url, message] of cases) {
            const stack = mutate(compliant, "pf-kibana", (p) => { p.callbacks.push(url); });
            const violations = await found(stack, prod(["*.example.com", "pf-alb-1234567890.us-east-1.elb.amazonaws.com"]));
            assert.equal(violations.length, 1, url);
            assert.match(violations[0].message, message, url);
        }
        // A look-alike international name is another host (its punycode form) than the listed one.
        const idn = await found(mutate(compliant, "pf-kibana", (p) => { p.callbacks.push("https://kіbana.example.com/oauth2/idpresponse"); }), prod());
        assert.equal(idn.length, 1);
        assert.match(idn[0].message, /\(host xn--kbana-/);
        // Case and percent-encoding are what browsers normalise away: the same allowed host.
        const normalised = mutate(compliant, "pf-kibana", (p) => { p.callbacks.push("https://KIBANA.example.com/x", "https://kib%61na.example.com/y"); });
        assert.deepEqual(await found(normalised, prod()), []);
    });

    it("GIVEN login, back-channel logout, SAML and tenant URLs THEN their hosts are judged too", async () => {
        const stack = mutate(compliant, "pf-kibana", (p) => {
            p.initiateLoginUri = "https://login.attacker.example/start";
            p.oidcLogout = { backchannelLogoutUrls: ["https://bcl.attacker.example/logout"] };
            p.addons = { samlp: { destination: "https://saml.attacker.example/acs" } };
            p.logoUri = "https://cdn.elsewhere.example/logo.png";
        });
        const [violation] = await found(stack, prod());
        for (const host of ["login.attacker.example", "bcl.attacker.example", "saml.attacker.example"]) {
            assert.ok(violation.message.includes(`(host ${host})`), host);
        }
        assert.doesNotMatch(violation.message, /cdn\.elsewhere\.example/, "a logo receives nothing");
        const tenant: CapturedResource = JSON.parse(JSON.stringify(named(compliant, "pf-kibana")));
        tenant.type = "auth0:index/tenant:Tenant";
        tenant.name = "pf-tenant";
        tenant.urn = tenant.urn.replace("auth0:index/client:Client::pf-kibana", "auth0:index/tenant:Tenant::pf-tenant");
        tenant.inputs = tenant.outputs = {
            allowedLogoutUrls: ["https://bye.attacker.example/"], defaultRedirectionUri: "https://kibana.example.com/login",
            errorPage: { url: "https://errors.attacker.example/oops", showLogLink: false, html: "" }, pictureUrl: "https://cdn.elsewhere.example/logo.png",
        };
        const tenantViolations = await found([...compliant, tenant], prod());
        assert.equal(tenantViolations.length, 1);
        assert.match(tenantViolations[0].message, /allowedLogoutUrls\[0\] "https:\/\/bye\.attacker\.example\/" \(host bye\.attacker\.example\), errorPage\.url "https:\/\/errors\.attacker\.example\/oops" \(host errors\.attacker\.example\)$/);
    });

    it("GIVEN no allowedHosts configured THEN every client host is reported: advisory in dev, mandatory in staging and prod", async () => {
        for (const [env, level] of [["dev", "advisory"], ["staging", "mandatory"], ["prod", "mandatory"]] as const) {
            const violations = await found(compliant, withoutRouteAllowlists(loadPolicyConfig(env)), level);
            // One per client with hosts: pf-kibana, pf-native-app and the ClientCimd pf-mcp-agent.
            assert.deepEqual(violations.map((v) => v.urn.replace(/^.*::/, "")).sort(), ["pf-kibana", "pf-mcp-agent", "pf-native-app"], env);
            const kibana = violations.filter((v) => /auth0:index\/client:Client::pf-kibana$/.test(v.urn));
            assert.match(kibana[0].message, /no allowedHosts are configured for this environment, so these hosts cannot be shown to be yours: callbacks\[0\] "https:\/\/kibana\.example\.com\/oauth2\/idpresponse" \(host kibana\.example\.com\)/, env);
        }
    });

    it("GIVEN an allowedHosts entry that allows everything or a public suffix THEN it is itself a violation and allows nothing", async () => {
        for (const entry of ["*", "*.com", "*.co.uk", "*.elb.amazonaws.com", "https://kibana.example.com/"]) {
            const violations = await found(compliant, prod([entry, ...FIXTURE_HOSTS]));
            // The refused entry is reported on each of the three clients with hosts, and nothing else is.
            assert.equal(violations.length, 3, `${entry}: ${violations.map((v) => v.message).join(" | ")}`);
            for (const v of violations) {
                assert.match(v.message, new RegExp(`allowedHosts entry ${JSON.stringify(entry).replace(/[.*/\\]/g, "\\$&")} .*it allows nothing until it is fixed$`), entry);
            }
        }
        const alone = await found(compliant, prod(["*.elb.amazonaws.com", "kibana.example.com"]));
        assert.ok(alone.some((v) => /not in allowedHosts \(kibana\.example\.com\): callbacks\[1\] "https:\/\/pf-alb-1234567890/.test(v.message)), "the refused pattern did not allow the ALB host");
    });

    it("GIVEN a URL unknown during preview THEN that check cannot be decided (mandatory in prod, advisory in staging) and the known hosts are still judged", async () => {
        const stack = mutate(compliant, "pf-kibana", (p) => { p.callbacks[1] = UNKNOWN_STRING; p.webOrigins.push("https://attacker.example"); });
        const undecided = (v: Violation) => /cannot be decided: callbacks\[1\] is unknown/.test(v.message);
        // prod enforces undecided findings: the attacker origin and the undecided callback are both mandatory.
        const inProd = violationsOf(await evaluate(stack, prod()), POLICY);
        assert.equal(inProd.length, 2);
        assert.equal(inProd.filter(undecided).length, 1);
        assert.ok(inProd.some((v) => !undecided(v) && /\(host attacker\.example\)/.test(v.message)));
        // staging does not: the undecided finding is advisory and only the attacker origin blocks.
        const staging = await evaluate(stack, configWith("staging", FIXTURE_HOSTS));
        assert.equal(violationsOf(staging, POLICY).length, 1);
        assert.ok(!undecided(violationsOf(staging, POLICY)[0]));
        assert.ok(violationsOf(staging, POLICY, "advisory").some(undecided));
    });

    it("GIVEN a native app's private-use-scheme redirect THEN it has no host to judge", async () => {
        const stack = mutate(compliant, "pf-kibana", (p) => { p.appType = "native"; p.callbacks.push("com.example.app:/callback"); });
        assert.deepEqual(await found(stack, prod()), []);
    });

    it("judges every Auth0 client URL field of the pack's registry that something is sent to", () => {
        assert.deepEqual(URL_FIELDS[AUTH0_CLIENT].https.filter((f) => !HOST_FIELDS[AUTH0_CLIENT].includes(f)), ["logoUri"]);
    });
});
