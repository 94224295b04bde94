import { strict as assert } from "assert";
import { IdentityProviderArgs, resolveIdentityProvider } from "../../components/core/identityProvider";
import { DiscoveryError, checkDiscovery, clearDiscoverySnapshots, compareWithDiscovery, fetchDiscoveryDocument, useDiscoverySnapshots } from "../../components/core/discovery";
import { HttpsIssuer, startHttpsOidcProvider } from "../support/httpsOidcProvider";

/** The model a user would write for the local provider, from its own discovery document. */
function modelOf(p: HttpsIssuer, overrides: Partial<IdentityProviderArgs> = {}): IdentityProviderArgs {
    return {
        displayName: "Local IdP",
        issuer: p.discovery.issuer,
        authorizationEndpoint: p.discovery.authorization_endpoint,
        tokenEndpoint: p.discovery.token_endpoint,
        userInfoEndpoint: p.discovery.userinfo_endpoint,
        jwksUri: p.discovery.jwks_uri,
        discovery: { caCertificates: p.caCertificate, timeoutSeconds: 5 },
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
            await assert.rejects(check(modelOf(p, { discovery: { timeoutSeconds: 5 } })), /is unreachable \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\)/);
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
            await assert.rejects(check(modelOf(slow, { displayName: "Slow", discovery: { caCertificates: slow.caCertificate, timeoutSeconds: 1 } })),
                /did not answer within 1 s\. Fix: check the issuer .* or opt out with discovery: \{ check: "off" \}/);
            // The provider answers after 2.5 s: the error proves the 1 s bound fired first; the clock only bounds the wait.
            assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
        });

        it("WHEN nothing listens THEN the check fails with the connection error", async () => {
            const gone = await startHttpsOidcProvider({});
            await gone.stop();
            await assert.rejects(fetchDiscoveryDocument(`${gone.issuer}/.well-known/openid-configuration`, { timeoutSeconds: 2, caCertificates: gone.caCertificate }),
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
});
