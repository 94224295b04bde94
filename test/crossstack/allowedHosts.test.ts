/**
 * The identity stack's allow-list (issue 19, item 1): which hosts an application stack may
 * register on the identity stack's clients, and the URLs derived from them. The attacks are the
 * review's: an application stack publishing an attacker's callback, logout URL or origin, and
 * the parser tricks that make one host look like another.
 */
import { strict as assert } from "assert";
import { clientUrlsContract, ContractKind, CONTRACT_VERSION } from "../../components/crossstack/contracts";
import { isHostAllowed, parseAllowedHosts, deriveUrl, diffClientUrls } from "../../components/crossstack/allowedHosts";
import { ApplicationStackReference, clientUrlsLog } from "../../components/crossstack/stackReferences";
import { WebApplication } from "../../components/auth0/WebApplication";
import { recorded, recordedOne, setStackOutputs, setupMocks } from "../support/mocks";

const APP = "acme/ops-app/review";

/** A client-URL contract as a hostile or careless writer may publish it (not built by clientUrlsContract). */
const raw = (fields: { hostnames?: string[]; callbackUrls?: string[]; logoutUrls?: string[]; webOrigins?: string[] }) => ({
    kind: ContractKind.ClientUrls, version: CONTRACT_VERSION, hostnames: [], callbackUrls: [], logoutUrls: [], webOrigins: [], ...fields,
});

describe("the identity stack's allow-list of application-stack hosts", () => {
    describe("allowedHosts (parsing)", () => {
        const refused = (value: unknown, message: RegExp) => assert.throws(() => parseAllowedHosts("allowedHosts", value), message);

        it("GIVEN no allow-list THEN it is an error with the fix: no default allows every host", () => {
            refused(undefined, /allowedHosts \(missing\) is required: no default allows every host an application stack publishes\. Fix: list the hosts this application stack may register/);
            refused([], /allowedHosts \[\] is not a non-empty list of hosts/);
        });

        it("GIVEN '*' or a pattern under a top-level domain, a public registry suffix or a shared hosting domain THEN it is refused as too broad", () => {
            refused(["ops.example.com", "*"], /allowedHosts\[1\] "\*" allows every host/);
            refused(["*.com"], /allowedHosts\[0\] "\*\.com" is too broad: "com" is a top-level domain/);
            refused(["*.co.uk"], /"\*\.co\.uk" is too broad: "co\.uk" is a public registry suffix/);
            refused(["*.com.au"], /is a public registry suffix/);
            refused(["*.cloudfront.net"], /"cloudfront\.net" is a shared hosting domain where anyone can get a subdomain/);
            refused(["*.eu-west-1.elb.amazonaws.com"], /"elb\.amazonaws\.com" is a shared hosting domain/);
            refused(["*.myapp.herokuapp.com"], /"herokuapp\.com" is a shared hosting domain/);
            refused(["*.10.0.0.1"], /an IP address has no subdomains/);
        });

        it("GIVEN an entry with a scheme, user info, path, port, trailing dot or inner wildcard THEN it is refused with the bare host", () => {
            refused(["https://ops.example.com/"], /allowedHosts\[0\] "https:\/\/ops\.example\.com\/" is not a bare host .* Fix: write only the host: "ops\.example\.com"/);
            refused(["ops.example.com@evil.example"], /is not a bare host/);
            refused(["ops.example.com:443"], /includes a port or an IPv6 literal\. Fix: write only the host name: "ops\.example\.com"/);
            refused(["ops.example.com."], /ends with a dot\. Fix: write it without the trailing dot: "ops\.example\.com"/);
            refused(["a*.example.com"], /has a wildcard other than a leading "\*\."/);
            refused(["*.*.example.com"], /has a wildcard other than a leading "\*\."/);
            refused(["ops .example.com"], /contains whitespace/);
            refused(["ops_example.com"], /is not a valid host name/);
        });

        it("GIVEN exact hosts and patterns in any case or as international names THEN they are kept in canonical form", () => {
            const allowed = parseAllowedHosts("allowedHosts", ["OPS.Example.com", "*.Apps.Example.COM", "bücher.example.com", "localhost"]);
            assert.deepEqual(allowed.entries, ["ops.example.com", "*.apps.example.com", "xn--bcher-kva.example.com", "localhost"]);
        });

        it("GIVEN *.example.com THEN it allows exactly one label under example.com and nothing that merely looks like it", () => {
            const allowed = parseAllowedHosts("allowedHosts", ["*.example.com", "ops.partner.example"]);
            for (const host of ["a.example.com", "xn--ps-xyz.example.com", "ops.partner.example"]) {
                assert.equal(isHostAllowed(allowed, host), true, host);
            }
            for (const host of ["example.com", "a.b.example.com", "evilexample.com", "example.com.evil", "a.example.com.evil.example", "partner.example", "x.ops.partner.example", "*.evil.example"]) {
                assert.equal(isHostAllowed(allowed, host), false, host);
            }
            assert.equal(isHostAllowed(allowed, "*.example.com"), true, "a published wildcard only under the same pattern");
        });
    });

    describe("deriving a published URL", () => {
        const refused = (value: string, message: RegExp) => assert.throws(() => deriveUrl("logoutUrls[0]", value, "url"), message);

        it("GIVEN tricks that make a parser read another host THEN each is refused, naming the host browsers would use", () => {
            refused("https://ops.example.com@attacker.example/", /carries user info: browsers send it to host "attacker\.example"/);
            refused("https://ops.example.com\\@attacker.example/", /contains a backslash, which WHATWG parsers read as '\/' \(host "ops\.example\.com"\)/);
            refused("https://OPS.example.com/", /is not in canonical form \(read as "https:\/\/ops\.example\.com\/", host "ops\.example\.com"\)/);
            refused("https://%6Fps.example.com/", /is not in canonical form .*host "ops\.example\.com"/);
            refused("https://оps.example.com/", /is not in canonical form .*host "xn--ps-/);
            refused("https://ops.example.com./", /has a host with a trailing dot/);
            refused("https://ops.example.com:443/", /is not in canonical form \(read as "https:\/\/ops\.example\.com\/"/);
            refused("https://ops.example.com/signed-out?next=https://attacker.example", /has a query or fragment/);
        });

        it("GIVEN a canonical URL THEN it is rebuilt from scheme, host, port and path, unchanged", () => {
            assert.deepEqual(deriveUrl("x", "https://ops.example.com:8443/signed-out", "url"),
                { protocol: "https:", host: "ops.example.com", authority: "ops.example.com:8443", path: "/signed-out", url: "https://ops.example.com:8443/signed-out" });
            assert.equal(deriveUrl("x", "https://colors.example.com", "origin").url, "https://colors.example.com");
            assert.equal(deriveUrl("x", "http://localhost:3000", "origin").host, "localhost");
        });
    });

    describe("ApplicationStackReference reading another stack's client URLs", () => {
        let n = 0;
        const app = (allowedHosts: string[] = ["ops.example.com", "*.apps.example.com", "localhost"]) =>
            new ApplicationStackReference(`review-${n++}`, { stack: APP, allowedHosts });

        before(() => {
            setupMocks();
            setStackOutputs({
                [APP]: {
                    // Written by clientUrlsContract: the attacker's host among the ALB hosts.
                    withAttackerHost: clientUrlsContract({ albHostnames: ["ops.example.com", "login-helper.attacker.example"] }),
                    // Written by hand: only the review's callback and origin.
                    attackerCallback: raw({ callbackUrls: ["https://login-helper.attacker.example/oauth2/idpresponse"] }),
                    attackerOrigin: raw({ webOrigins: ["https://attacker.example"], callbackUrls: ["https://attacker.example"], logoutUrls: ["https://attacker.example"] }),
                    userInfoCallback: raw({ hostnames: ["ops.example.com"], callbackUrls: ["https://ops.example.com@attacker.example/oauth2/idpresponse"] }),
                    lookalikeLogout: raw({ hostnames: ["ops.example.com"], logoutUrls: ["https://ops.example.com.attacker.example/"] }),
                    deepHost: clientUrlsContract({ albHostnames: ["x.y.apps.example.com"] }),
                    strayCallback: raw({ hostnames: ["ops.example.com"], callbackUrls: ["https://ops.example.com/steal-the-code"] }),
                    upperCaseHost: raw({ hostnames: ["OPS.example.com"] }),
                    hostsOnly: raw({ hostnames: ["ops.example.com", "a.apps.example.com"], logoutUrls: ["https://a.apps.example.com/bye"] }),
                    spa: clientUrlsContract({ spaOrigins: ["https://colors.apps.example.com", "http://localhost:3000"], allowLocalhost: true }),
                    wildcardOrigin: raw({ webOrigins: ["https://*.apps.example.com"] }),
                },
            });
        });
        after(() => setStackOutputs());

        it("GIVEN an ALB host outside allowedHosts THEN the read fails naming the application stack, the output and the host, with the fix", async () => {
            await assert.rejects(app().clientUrls("withAttackerHost"), (err: Error) => {
                assert.match(err.message, /^ApplicationStackReference "review-\d+" \(stack "acme\/ops-app\/review"\): withAttackerHost\.hostnames\[1\] "login-helper\.attacker\.example" names host "login-helper\.attacker\.example", which allowedHosts \(ops\.example\.com, \*\.apps\.example\.com, localhost\) does not list\./);
                assert.match(err.message, /Fix: if this application stack may serve "login-helper\.attacker\.example", add it .* to allowedHosts of its ApplicationStackReference in the identity stack; otherwise remove it from the application stack's clientUrlsContract/);
                return true;
            });
        });

        it("GIVEN the review's attacker callback, origin, user-info and look-alike URLs THEN every read fails naming the field and the host", async () => {
            await assert.rejects(app().clientUrls("attackerCallback"), /attackerCallback\.callbackUrls\[0\] "https:\/\/login-helper\.attacker\.example\/oauth2\/idpresponse" names host "login-helper\.attacker\.example"/);
            await assert.rejects(app().clientUrls("attackerOrigin"), /\(stack "acme\/ops-app\/review"\): attackerOrigin\.webOrigins\[0\] "https:\/\/attacker\.example" names host "attacker\.example"/);
            await assert.rejects(app().clientUrls("userInfoCallback"), /userInfoCallback\.callbackUrls\[0\] .* carries user info: browsers send it to host "attacker\.example"/);
            await assert.rejects(app().clientUrls("lookalikeLogout"), /lookalikeLogout\.logoutUrls\[0\] "https:\/\/ops\.example\.com\.attacker\.example\/" names host "ops\.example\.com\.attacker\.example"/);
            await assert.rejects(app().clientUrls("deepHost"), /deepHost\.hostnames\[0\] "x\.y\.apps\.example\.com" names host "x\.y\.apps\.example\.com"/);
            await assert.rejects(app().clientUrls("upperCaseHost"), /upperCaseHost\.hostnames\[0\] "OPS\.example\.com" is not a host name in canonical form/);
        });

        it("GIVEN a callback on an allowed host that is not what the ALB or the SPA sends THEN it is refused: callbacks are derived, not taken", async () => {
            await assert.rejects(app().clientUrls("strayCallback"),
                /strayCallback\.callbackUrls\[0\] "https:\/\/ops\.example\.com\/steal-the-code" is not a callback the identity stack derives from this contract \(https:\/\/ops\.example\.com\/oauth2\/idpresponse\)/);
        });

        it("GIVEN allowed hosts THEN callbacks are derived from them (published or not) and the client registers exactly those", async () => {
            const urls = await app().clientUrls("hostsOnly");
            assert.deepEqual(urls.callbackUrls, ["https://ops.example.com/oauth2/idpresponse", "https://a.apps.example.com/oauth2/idpresponse"]);
            assert.deepEqual(urls.logoutUrls, ["https://a.apps.example.com/bye"]);
            new WebApplication("review-web", { callbackUrls: urls.callbackUrls, logoutUrls: urls.logoutUrls });
            const client = await recordedOne("auth0:index/client:Client", "review-web-client");
            assert.deepEqual(client.inputs.callbacks, urls.callbackUrls);
            const spa = await app().clientUrls("spa", { allowLocalhost: true });
            assert.deepEqual(spa.webOrigins, ["https://colors.apps.example.com", "http://localhost:3000"]);
            await assert.rejects(app(["*.apps.example.com"]).clientUrls("spa", { allowLocalhost: true }), /spa\.webOrigins\[1\] "http:\/\/localhost:3000" names host "localhost"/);
        });

        it("GIVEN a wildcard origin (allowWildcards) THEN only the same pattern in allowedHosts allows it, never an exact host under it", async () => {
            const urls = await app().clientUrls("wildcardOrigin", { allowWildcards: true });
            assert.deepEqual(urls.webOrigins, ["https://*.apps.example.com"]);
            await assert.rejects(app(["a.apps.example.com", "*.example.com"]).clientUrls("wildcardOrigin", { allowWildcards: true }),
                /wildcardOrigin\.webOrigins\[0\] "https:\/\/\*\.apps\.example\.com" names host "\*\.apps\.example\.com"/);
            await assert.rejects(app().clientUrls("wildcardOrigin"), /wildcardOrigin\.webOrigins\[0\] "https:\/\/\*\.apps\.example\.com" contains a wildcard/);
        });

        it("GIVEN no or a too-broad allow-list THEN the reference is refused at construction and registers nothing", async () => {
            assert.throws(() => new ApplicationStackReference("review-none", { stack: APP } as any),
                /ApplicationStackReference "review-none": allowedHosts \(missing\) is required: no default allows every host/);
            assert.throws(() => new ApplicationStackReference("review-star", { stack: APP, allowedHosts: ["*"] }), /ApplicationStackReference "review-star": allowedHosts\[0\] "\*" allows every host/);
            assert.deepEqual(await recorded("review-none"), []);
            assert.deepEqual(await recorded("review-star"), []);
        });

        it("GIVEN the URLs taken THEN the preview lists them, and with the previous registration what another stack adds (warning) and removes", () => {
            const next = { callbackUrls: ["https://ops.example.com/oauth2/idpresponse", "https://new.apps.example.com/oauth2/idpresponse"], logoutUrls: ["https://ops.example.com/"], webOrigins: [] };
            const previous = { callbackUrls: ["https://ops.example.com/oauth2/idpresponse", "https://old.apps.example.com/oauth2/idpresponse"], logoutUrls: ["https://ops.example.com/"], webOrigins: [] };
            assert.deepEqual(clientUrlsLog(`stack "${APP}" output "opsClientUrls"`, next), [{
                level: "info",
                message: `edge-auth: stack "${APP}" output "opsClientUrls" registers callbacks https://ops.example.com/oauth2/idpresponse, https://new.apps.example.com/oauth2/idpresponse; logout URLs https://ops.example.com/`,
            }]);
            const lines = clientUrlsLog(`stack "${APP}" output "opsClientUrls"`, next, previous);
            assert.deepEqual(lines.slice(1), [
                { level: "warn", message: `edge-auth: stack "${APP}" output "opsClientUrls" adds callbacks https://new.apps.example.com/oauth2/idpresponse` },
                { level: "info", message: `edge-auth: stack "${APP}" output "opsClientUrls" removes callbacks https://old.apps.example.com/oauth2/idpresponse` },
            ]);
            assert.equal(clientUrlsLog("s", next, next).length, 1, "nothing added or removed: only the full set");
            assert.deepEqual(diffClientUrls(previous, previous).added, { callbackUrls: [], logoutUrls: [], webOrigins: [] });
        });
    });
});
