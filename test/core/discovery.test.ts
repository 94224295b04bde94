import { strict as assert } from "assert";
import { IdentityProviderArgs, resolveIdentityProvider } from "../../components/core/identityProvider";
import { DiscoveryError, checkDiscovery, clearDiscoverySnapshots, compareWithDiscovery, fetchDiscoveryDocument, useDiscoverySnapshots } from "../../components/core/discovery";
import type * as dns from "dns";
import * as https from "https";
import { AddressInfo } from "net";
import { HttpsIssuer, startHttpsOidcProvider, throwawayCertificate } from "../support/httpsOidcProvider";

/** The model a user would write for the local provider, from its own discovery document. */
function modelOf(p: HttpsIssuer, overrides: Partial<IdentityProviderArgs> = {}): IdentityProviderArgs {
    return {
        displayName: "Local IdP",
        issuer: p.discovery.issuer,
        authorizationEndpoint: p.discovery.authorization_endpoint,
        tokenEndpoint: p.discovery.token_endpoint,
        userInfoEndpoint: p.discovery.userinfo_endpoint,
        jwksUri: p.discovery.jwks_uri,
        discovery: { caCertificates: p.caCertificate, timeoutSeconds: 5, allowPrivateAddresses: true },
        ...overrides,
    };
}

const check = (args: IdentityProviderArgs) => checkDiscovery(resolveIdentityProvider(args));

describe("discovery check against a local HTTPS OpenID provider", function () {
    const providers: HttpsIssuer[] = [];
    const start = async (options: Parameters<typeof startHttpsOidcProvider>[0]) => {
        const p = await startHttpsOidcProvider(options);
        providers.push(p);
        return p;
    };
    afterEach(() => clearDiscoverySnapshots());
    after(async () => {
        await Promise.all(providers.map((p) => p.stop()));
    });

    describe("GIVEN an issuer without a trailing slash (LINE style)", () => {
        let p: HttpsIssuer;
        before(async () => {
            p = await start({});
            assert.ok(!p.issuer.endsWith("/"));
        });

        it("WHEN the model matches the document THEN the check passes and returns the document", async () => {
            const doc = await check(modelOf(p));
            assert.equal(doc?.issuer, p.issuer);
        });

        it("WHEN the model adds a trailing slash THEN it fails before deploy naming the 561 after login", async () => {
            await assert.rejects(check(modelOf(p, { issuer: `${p.issuer}/` })), (err: Error) => {
                assert.ok(err instanceof DiscoveryError);
                assert.match(err.message, new RegExp(`issuer "${p.issuer}/" differs from the document's issuer "${p.issuer}": the ALB answers 561 Authentication Error after login \\(seed 001\\)`));
                assert.match(err.message, new RegExp(`Fix: write issuer: "${p.issuer}"`));
                return true;
            });
        });

        it("WHEN the issuer carries a path (seed 001's /oauth2/v2.1) THEN the 404 is reported with the 561 symptom", async () => {
            await assert.rejects(check(modelOf(p, { issuer: `${p.issuer}/oauth2/v2.1` })),
                new RegExp(`discovery document ${p.issuer}/oauth2/v2.1/.well-known/openid-configuration answered HTTP 404: no provider has this issuer. The ALB answers 561 Authentication Error after login`));
        });

        it("WHEN an endpoint differs THEN each difference is named with its symptom", async () => {
            await assert.rejects(check(modelOf(p, { tokenEndpoint: `${p.issuer}/oauth2/token`, jwksUri: `${p.issuer}/certs` })), (err: Error) => {
                assert.match(err.message, /tokenEndpoint ".*\/oauth2\/token" differs from the document's token_endpoint ".*\/token": the ALB cannot exchange the code and answers 561/);
                assert.match(err.message, /jwksUri ".*\/certs" differs from the document's jwks_uri ".*\/jwks": verifiers cannot find the signing keys/);
                return true;
            });
        });

        it("WHEN the CA is not passed THEN the fetch fails on the certificate (TLS checks stay on)", async () => {
            await assert.rejects(check(modelOf(p, { discovery: { timeoutSeconds: 5, allowPrivateAddresses: true } })), /is unreachable \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\)/);
        });

        it("WHEN several components check the same provider THEN it is fetched once", async () => {
            const before = p.discoveryRequests;
            const model = modelOf(p, { displayName: "Once" });
            await Promise.all([check(model), check(model), check(model)]);
            assert.equal(p.discoveryRequests - before, 1);
        });

        it("WHEN the check is off (private IdP) THEN nothing is fetched", async () => {
            const before = p.discoveryRequests;
            assert.equal(await check(modelOf(p, { issuer: "https://idp.internal.example", discovery: { check: "off" } })), undefined);
            assert.equal(p.discoveryRequests, before);
        });
    });

    describe("GIVEN an issuer with a trailing slash (Auth0 style)", () => {
        let p: HttpsIssuer;
        before(async () => {
            p = await start({ trailingSlash: true });
        });

        it("WHEN the model keeps the slash THEN the check passes (same discovery URL, slash removed)", async () => {
            assert.equal((await check(modelOf(p)))?.issuer, p.issuer);
        });

        it("WHEN the model drops the slash THEN it fails naming the 561 after login", async () => {
            await assert.rejects(check(modelOf(p, { issuer: p.issuer.slice(0, -1) })), /differs from the document's issuer ".*\/": the ALB answers 561 Authentication Error after login/);
        });
    });

    describe("GIVEN token, userinfo and JWKS on another host (LINE's api.line.me)", () => {
        let p: HttpsIssuer;
        before(async () => {
            p = await start({ endpointsOnOtherHost: true });
            assert.notEqual(new URL(p.discovery.token_endpoint).host, new URL(p.issuer).host);
        });

        it("WHEN the model says so THEN the check passes", async () => {
            assert.ok(await check(modelOf(p)));
        });

        it("WHEN the model assumes the issuer's host THEN the token and userinfo endpoints are reported", async () => {
            await assert.rejects(check(modelOf(p, { tokenEndpoint: `${p.issuer}/token`, userInfoEndpoint: `${p.issuer}/me` })), (err: Error) => {
                assert.match(err.message, /tokenEndpoint "https:\/\/127\.0\.0\.1:\d+\/token" differs from the document's token_endpoint "https:\/\/localhost:\d+\/token"/);
                assert.match(err.message, /userInfoEndpoint .* differs from the document's userinfo_endpoint "https:\/\/localhost:\d+\/me"/);
                return true;
            });
        });
    });

    describe("GIVEN a provider that does not answer", () => {
        it("WHEN it is slower than the timeout THEN the check fails within the bound, saying so", async () => {
            const slow = await start({ delayMs: 2500 });
            const started = Date.now();
            await assert.rejects(check(modelOf(slow, { displayName: "Slow", discovery: { caCertificates: slow.caCertificate, timeoutSeconds: 1, allowPrivateAddresses: true } })),
                /did not answer within 1 s\. Fix: check the issuer .* or opt out with discovery: \{ check: "off" \}/);
            // The provider answers after 2.5 s: the error proves the 1 s bound fired first; the clock only bounds the wait.
            assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
        });

        it("WHEN nothing listens THEN the check fails with the connection error", async () => {
            const gone = await startHttpsOidcProvider({});
            await gone.stop();
            await assert.rejects(fetchDiscoveryDocument(`${gone.issuer}/.well-known/openid-configuration`, { timeoutSeconds: 2, caCertificates: gone.caCertificate, allowPrivateAddresses: true }),
                /is unreachable \(ECONNREFUSED\)/);
        });
    });

    describe("GIVEN the offline plan's committed snapshot", () => {
        const line = {
            issuer: "https://access.line.me",
            authorization_endpoint: "https://access.line.me/oauth2/v2.1/authorize",
            token_endpoint: "https://api.line.me/oauth2/v2.1/token",
            userinfo_endpoint: "https://api.line.me/oauth2/v2.1/userinfo",
            jwks_uri: "https://api.line.me/oauth2/v2.1/certs",
        };
        const model: IdentityProviderArgs = {
            displayName: "LINE", issuer: line.issuer, authorizationEndpoint: line.authorization_endpoint, tokenEndpoint: line.token_endpoint,
            userInfoEndpoint: line.userinfo_endpoint, jwksUri: line.jwks_uri,
        };

        it("WHEN the model matches THEN the check passes without network", async () => {
            useDiscoverySnapshots([line], "stacks/Pulumi.x.discovery.json");
            assert.deepEqual(await check(model), line);
        });

        it("WHEN the issuer has LINE's path THEN the host's snapshot names the issuer to write and the 561", async () => {
            useDiscoverySnapshots([line], "stacks/Pulumi.x.discovery.json");
            await assert.rejects(check({ ...model, issuer: "https://access.line.me/oauth2/v2.1" }),
                /LINE \(https:\/\/access\.line\.me\/oauth2\/v2\.1\) does not match its discovery document \(stacks\/Pulumi\.x\.discovery\.json\):\n  issuer "https:\/\/access\.line\.me\/oauth2\/v2\.1" differs from the document's issuer "https:\/\/access\.line\.me": the ALB answers 561 Authentication Error after login/);
        });

        it("WHEN the provider leaves logout out of discovery THEN that is not a mismatch, while another logout URL is", () => {
            const okta = resolveIdentityProvider({ ...model, endSessionEndpoint: "https://access.line.me/logout" });
            assert.deepEqual(compareWithDiscovery(okta, line), []);
            assert.deepEqual(compareWithDiscovery(okta, { ...line, end_session_endpoint: "https://access.line.me/oauth2/logout" }).map((m) => m.member), ["end_session_endpoint"]);
        });

        it("WHEN no snapshot covers the provider THEN it names the file to add it to", async () => {
            useDiscoverySnapshots([line], "stacks/Pulumi.x.discovery.json");
            await assert.rejects(check({ ...model, displayName: "Okta", issuer: "https://acme.okta.com" }),
                /Okta \(https:\/\/acme\.okta\.com\) has no discovery snapshot in stacks\/Pulumi\.x\.discovery\.json\. Fix: save https:\/\/acme\.okta\.com\/\.well-known\/openid-configuration into that file/);
        });
    });

    // Issue 19, item 6: what a hostile provider can make a preview print, and fetch.
    describe("GIVEN a hostile or private discovery URL", () => {
        let hostile: https.Server;
        let base: string;
        let ca: string;
        let served = 0;
        const longTail = "A".repeat(5000);
        before(async () => {
            const { cert, key } = await throwawayCertificate();
            ca = cert;
            hostile = https.createServer({ cert, key }, (req, res) => {
                served++;
                if (req.url?.startsWith("/redirect/")) {
                    res.writeHead(302, { location: `https://evil.example/${longTail}` });
                    res.end();
                    return;
                }
                const issuer = `https://evil.example/\u001b[2J\u202e\u2028${"B".repeat(5000)}`;
                res.writeHead(200, { "content-type": "application/json" });
                res.end(JSON.stringify({ issuer, authorization_endpoint: issuer, token_endpoint: issuer, jwks_uri: issuer }));
            });
            await new Promise<void>((done) => hostile.listen(0, "127.0.0.1", done));
            base = `https://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
        });
        after(() => new Promise<void>((done) => hostile.close(() => done())));

        const model = (issuer: string, discovery: IdentityProviderArgs["discovery"] = { caCertificates: ca, timeoutSeconds: 5, allowPrivateAddresses: true }): IdentityProviderArgs =>
            ({ displayName: "Hostile", issuer, authorizationEndpoint: `${issuer}/authorize`, tokenEndpoint: `${issuer}/token`, jwksUri: `${issuer}/jwks`, discovery });

        it("WHEN the document's values are huge and carry control characters THEN the message quotes at most 200 characters of each, escaped", async () => {
            await assert.rejects(check(model(`${base}/hostile`)), (err: Error) => {
                assert.ok(err instanceof DiscoveryError);
                assert.ok(!/B{201}/.test(err.message), "no value quoted beyond 200 characters");
                assert.ok(err.message.length < 4000, `message of ${err.message.length} characters for four values`);
                assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u202e]/.test(err.message), "no raw control, separator or bidi character");
                assert.match(err.message, /differs from the document's issuer "https:\/\/evil\.example\/\\u001b\[2J\\u202e\\u2028B+\.\.\. \(\d+ more characters\)/);
                return true;
            });
        });

        it("WHEN the discovery URL redirects to a huge target THEN the message quotes at most 200 characters of it", async () => {
            await assert.rejects(check(model(`${base}/redirect`)), (err: Error) => {
                assert.match(err.message, /answered HTTP 302 \(redirects to "https:\/\/evil\.example\/A{178}\.\.\. \(4823 more characters\)\)\. Fix/);
                assert.ok(err.message.length < 1000, `message of ${err.message.length} characters`);
                return true;
            });
        });

        it("WHEN private addresses are not allowed (the default) THEN a loopback issuer is refused before any request, naming the opt-in", async () => {
            const before = served;
            await assert.rejects(check(model(`${base}/hostile`, { caCertificates: ca, timeoutSeconds: 5 })),
                /discovery document https:\/\/127\.0\.0\.1:\d+\/hostile\/\.well-known\/openid-configuration is on 127\.0\.0\.1, a loopback address: refused\. Fix: an IdP on a private network needs discovery: \{ allowPrivateAddresses: true \}/);
            assert.equal(served, before);
        });

        it("WHEN the URL is any private, link-local, metadata, CGNAT or unique-local literal, IPv4 or IPv6 THEN it is refused without connecting", async () => {
            const literals: Array<[string, RegExp]> = [
                ["10.1.2.3", /a private address/], ["172.20.0.1", /a private address/], ["192.168.1.1", /a private address/],
                ["169.254.169.254", /link-local address \(the cloud metadata service/], ["100.64.0.1", /CGNAT/], ["0.0.0.0", /this network/],
                ["[::1]", /loopback/], ["[::ffff:127.0.0.1]", /loopback address \(as IPv6\)/], ["[::ffff:a9fe:a9fe]", /link-local address.*\(as IPv6\)/],
                ["[fd00:ec2::254]", /unique-local/], ["[fe80::1]", /link-local/], ["[64:ff9b::a00:1]", /private address \(as IPv6\)/],
            ];
            for (const [host, why] of literals) {
                const started = Date.now();
                await assert.rejects(fetchDiscoveryDocument(`https://${host}/.well-known/openid-configuration`, { timeoutSeconds: 5 }), (err: Error) => {
                    assert.ok(err instanceof DiscoveryError, host);
                    assert.match(err.message, why, host);
                    assert.match(err.message, /: refused\. Fix: .*allowPrivateAddresses: true/, host);
                    return true;
                });
                assert.ok(Date.now() - started < 1000, `${host} was not refused at once`);
            }
        });

        it("WHEN a public-looking name resolves to a private address THEN the address connected to is checked and refused (the lookup is hooked)", async () => {
            // The module object itself (an ES namespace import has read-only bindings).
            const dnsModule: { lookup: unknown } = require("dns");
            const original = dnsModule.lookup;
            const port = (hostile.address() as AddressInfo).port;
            // Stand-in for DNS: the name answers loopback (as a rebinding attacker would on the second query).
            dnsModule.lookup = (hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
                if (hostname !== "idp.example.com") {
                    return (original as Function)(hostname, options, callback);
                }
                const addresses = [{ address: "127.0.0.1", family: 4 }];
                return options.all ? callback(null, addresses) : callback(null, "127.0.0.1", 4);
            };
            const before = served;
            try {
                await assert.rejects(fetchDiscoveryDocument(`https://idp.example.com:${port}/hostile/.well-known/openid-configuration`, { timeoutSeconds: 5, caCertificates: ca }),
                    /is refused: idp\.example\.com resolves to 127\.0\.0\.1, a loopback address\. Fix: an IdP on a private network needs discovery: \{ allowPrivateAddresses: true \}/);
                assert.equal(served, before, "no request reached the server");
                // Opted in, the same name connects (and fails on the certificate, made for 127.0.0.1 and localhost).
                await assert.rejects(fetchDiscoveryDocument(`https://idp.example.com:${port}/hostile/.well-known/openid-configuration`, { timeoutSeconds: 5, caCertificates: ca, allowPrivateAddresses: true }),
                    /is unreachable \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
            } finally {
                dnsModule.lookup = original;
            }
        });

        it("WHEN allowPrivateAddresses is not a boolean THEN the model is refused naming it", () => {
            assert.throws(() => resolveIdentityProvider(model(base, { allowPrivateAddresses: "yes" as unknown as boolean })),
                /discovery\.allowPrivateAddresses "yes" is not a boolean\. Fix: write true for an IdP on a private network/);
        });
    });
});
