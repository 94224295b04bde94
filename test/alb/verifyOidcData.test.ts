import { strict as assert } from "assert";
import {
    AlbJwtInvalidClientIdError, AlbJwtInvalidSignerError, JwtExpiredError, JwtInvalidIssuerError, JwtInvalidSignatureError, JwtWithoutValidKidError,
} from "aws-jwt-verify/error";
import { KeyFetchRefusedError, OidcDataVerifierConfig, OidcDataVerifierOptions, createOidcDataVerifier } from "../../components/alb/verifyOidcData";
import { EdgeAuthArgumentError } from "../../components/core/errors";
import { AlbOidcLogin } from "../../components/alb/AlbOidcLogin";
import { resolve, setupMocks } from "../support/mocks";
import { TARGET_GROUP, newLoadBalancer, tenant } from "./fixtures";
import { AlbKeyServer, Signer, albToken as signAlbToken, newSigner, paddedBase64Url, startAlbKeyServer } from "../support/albTokens";

const ALB_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/kibana/50dc6c495c0c9188";
const OTHER_ALB_ARN = "arn:aws:elasticloadbalancing:us-east-1:999999999999:loadbalancer/app/attacker/1111111111111111";
const ISSUER = "https://acme.us.auth0.com/";
const CLIENT_ID = "kibana-client-id";
const CONFIG: OidcDataVerifierConfig = { albArn: ALB_ARN, region: "us-east-1", issuer: ISSUER, clientId: CLIENT_ID };

describe("createOidcDataVerifier (x-amzn-oidc-data)", () => {
    let keyServer: AlbKeyServer;
    let baseUrl: string;
    let fetched: string[];
    let signer: Signer;
    const albToken = (key: Signer, overrides?: Parameters<typeof signAlbToken>[2]) => signAlbToken(key, { albArn: ALB_ARN, issuer: ISSUER, clientId: CLIENT_ID }, overrides);

    before(async () => {
        keyServer = await startAlbKeyServer();
        ({ baseUrl, fetched } = keyServer);
        signer = await newSigner();
        keyServer.keys.set(signer.kid, signer.pem);
    });

    after(() => keyServer.stop());

    function verifier(config: OidcDataVerifierConfig = CONFIG) {
        return createOidcDataVerifier(config, { jwksUri: baseUrl, fetcher: keyServer.fetcher });
    }

    it("GIVEN a valid ALB token with padded segments WHEN verified THEN the user's claims are returned, the key fetched once by kid", async () => {
        const token = await albToken(signer);
        assert.ok(token.split(".")[2].endsWith("="), "the fixture really is padded");
        const check = verifier();
        const claims = await check.verify(token);
        assert.equal(claims.sub, "auth0|42");
        assert.equal(claims.email, "ops@example.com");
        await check.verify(token);
        assert.deepEqual(fetched.filter((uri) => uri.endsWith(signer.kid)), [`${baseUrl}/${signer.kid}`]);
    });

    it("GIVEN a token signed for another ALB (signer) THEN it is rejected", async () => {
        await assert.rejects(verifier().verify(await albToken(signer, { header: { signer: OTHER_ALB_ARN } })), AlbJwtInvalidSignerError);
    });

    it("GIVEN a token for another client THEN it is rejected", async () => {
        await assert.rejects(verifier().verify(await albToken(signer, { header: { client: "other-client" } })), AlbJwtInvalidClientIdError);
    });

    it("GIVEN an expired token THEN it is rejected", async () => {
        const past = Math.floor(Date.now() / 1000) - 60;
        await assert.rejects(verifier().verify(await albToken(signer, { header: { exp: past }, payload: { exp: past } })), JwtExpiredError);
    });

    it("GIVEN a token from another issuer THEN it is rejected", async () => {
        await assert.rejects(verifier().verify(await albToken(signer, { payload: { iss: "https://evil.auth0.com/" } })), JwtInvalidIssuerError);
    });

    it("GIVEN a tampered payload THEN the signature check fails", async () => {
        const [header, , signature] = (await albToken(signer)).split(".");
        const forged = paddedBase64Url(JSON.stringify({ sub: "auth0|admin", email: "boss@example.com", exp: Math.floor(Date.now() / 1000) + 120, iss: ISSUER }));
        await assert.rejects(verifier().verify(`${header}.${forged}.${signature}`), JwtInvalidSignatureError);
    });

    it("GIVEN a token signed with another key under the published kid THEN the signature check fails", async () => {
        const attacker = await newSigner(signer.kid);
        await assert.rejects(verifier().verify(await albToken(attacker)), JwtInvalidSignatureError);
    });

    it("GIVEN a kid that is not an ALB key id THEN it is rejected before any fetch", async () => {
        const before = fetched.length;
        await assert.rejects(verifier().verify(await albToken({ ...signer, kid: "../../etc/passwd" })), JwtWithoutValidKidError);
        assert.equal(fetched.length, before);
    });

    it("GIVEN an unknown kid THEN the key fetch fails and the token is rejected", async () => {
        const unknown = await newSigner();
        await assert.rejects(verifier().verify(await albToken(unknown)), /HTTP 404/);
    });

    it("GIVEN a missing or repeated header THEN it is rejected with the reason", async () => {
        await assert.rejects(verifier().verify(undefined), /x-amzn-oidc-data is missing: the request did not come through the ALB's authenticate-oidc rule/);
        await assert.rejects(verifier().verify(["a", "b"]), /x-amzn-oidc-data appears more than once/);
    });

    it("GIVEN no overrides THEN keys come from the ALB's regional endpoint", async () => {
        const seen: string[] = [];
        const offline = { fetch: async (uri: string) => { seen.push(uri); return new TextEncoder().encode(signer.pem).buffer as ArrayBuffer; } };
        const check = createOidcDataVerifier(CONFIG, { fetcher: offline });
        await check.verify(await albToken(signer));
        assert.deepEqual(seen, [`https://public-keys.auth.elb.us-east-1.amazonaws.com/${signer.kid}`]);
    });

    it("GIVEN the verifier configured from AlbOidcLogin.oidcData THEN the ALB's tokens for that client pass and other clients' fail", async () => {
        setupMocks();
        const login = new AlbOidcLogin("verify-e2e", {
            loadBalancer: newLoadBalancer("verify-e2e-lb"), tenant, hostnames: ["kibana.example.com"],
            routes: [{ name: "pages", pathPatterns: ["/*"] }], targetGroupArn: TARGET_GROUP, priority: 1,
        });
        const config = await resolve(login.oidcData);
        const check = verifier(config);
        const claims = await check.verify(await albToken(signer, { header: { signer: config.albArn, client: config.clientId } }));
        assert.equal(claims.sub, "auth0|42");
        await assert.rejects(check.verify(await albToken(signer, { header: { signer: config.albArn } })), AlbJwtInvalidClientIdError);
    });

    // Finding 5 of issue 12: what one header may cost, with ALB-shaped ES256 tokens.
    describe("bounded work per header", () => {
        const guarded = (options: OidcDataVerifierOptions = {}) => createOidcDataVerifier(CONFIG, { jwksUri: baseUrl, fetcher: keyServer.fetcher, ...options });
        /** A header with this ALB's signer and client and a kid never seen, with a made-up signature. */
        const forged = async (kid?: string) => {
            const token = await albToken(await newSigner(kid));
            const [h, p] = token.split(".");
            return `${h}.${p}.${paddedBase64Url(Buffer.alloc(64, 7))}`;
        };

        it("GIVEN another ALB's signer or another client THEN it is rejected before any key fetch, whatever the kid", async () => {
            const before = fetched.length;
            const fresh = await newSigner();
            keyServer.keys.set(fresh.kid, fresh.pem);
            await assert.rejects(guarded().verify(await albToken(fresh, { header: { signer: OTHER_ALB_ARN } })), AlbJwtInvalidSignerError);
            await assert.rejects(guarded().verify(await albToken(fresh, { header: { client: "other-client" } })), AlbJwtInvalidClientIdError);
            await assert.rejects(guarded().verify(await albToken(fresh, { header: { signer: undefined } })), AlbJwtInvalidSignerError);
            assert.equal(fetched.length, before);
        });

        it("GIVEN a stream of new kids THEN at most the burst is fetched, then one per refill period", async () => {
            const check = guarded({ keyFetchLimit: { burst: 2, refillSeconds: 0.2, reservedForRecurringKids: 0 } });
            const before = fetched.length;
            await assert.rejects(check.verify(await forged()), /HTTP 404/);
            await assert.rejects(check.verify(await forged()), /HTTP 404/);
            await assert.rejects(check.verify(await forged()), KeyFetchRefusedError);
            await assert.rejects(check.verify(await forged()), KeyFetchRefusedError);
            assert.equal(fetched.length - before, 2);
            await new Promise((done) => setTimeout(done, 250));
            await assert.rejects(check.verify(await forged()), /HTTP 404/);
            assert.equal(fetched.length - before, 3);
        });

        it("GIVEN a key fetch in flight THEN another kid is refused without a fetch, the same kid shares it", async () => {
            let release!: () => void;
            const gate = new Promise<void>((done) => { release = done; });
            const slow = { fetch: async (uri: string) => { await gate; return keyServer.fetcher.fetch(uri); } };
            const check = guarded({ fetcher: slow, keyFetchLimit: { burst: 10 } });
            const legit = await newSigner();
            keyServer.keys.set(legit.kid, legit.pem);
            const before = fetched.length;
            const first = check.verify(await albToken(legit));
            const same = check.verify(await albToken(legit));
            await assert.rejects(check.verify(await forged()), /another key fetch is in progress/);
            release();
            assert.equal((await first).sub, "auth0|42");
            assert.equal((await same).sub, "auth0|42");
            assert.deepEqual(fetched.slice(before), [`${baseUrl}/${legit.kid}`]);
        });

        it("GIVEN distinct kids draining the bucket THEN a kid seen three times still takes the reserved token", async () => {
            const check = guarded({ keyFetchLimit: { burst: 2, refillSeconds: 3600 } });
            const legit = await newSigner();
            keyServer.keys.set(legit.kid, legit.pem);
            await assert.rejects(check.verify(await forged()), /HTTP 404/);
            await assert.rejects(check.verify(await forged()), /too many key fetches/);
            await assert.rejects(check.verify(await albToken(legit)), /too many key fetches/);
            await assert.rejects(check.verify(await albToken(legit)), /too many key fetches/);
            assert.equal((await check.verify(await albToken(legit))).sub, "auth0|42");
            await assert.rejects(check.verify(await albToken(await newSigner())), /too many key fetches/);
        });

        it("GIVEN a kid whose fetch failed THEN it is not fetched again during the backoff", async () => {
            const check = guarded({ keyFetchLimit: { burst: 10 } });
            const kid = "0f0f0f0f-0000-4000-8000-000000000001";
            const before = fetched.length;
            await assert.rejects(check.verify(await forged(kid)), /HTTP 404/);
            await assert.rejects(check.verify(await forged(kid)), /failed to load; not fetched again/);
            assert.equal(fetched.length - before, 1);
        });

        it("GIVEN interleaved headers with other published kids THEN the proven key stays cached (no refetch)", async () => {
            const check = guarded({ keyFetchLimit: { burst: 100 } });
            const legit = await newSigner();
            keyServer.keys.set(legit.kid, legit.pem);
            await check.verify(await albToken(legit));
            for (let i = 0; i < 4; i++) {
                // Real keys at the endpoint (as other ALBs' are), headers forged with our signer:
                // two new kids between genuine headers would flush a two-entry cache.
                for (let j = 0; j < 2; j++) {
                    const other = await newSigner();
                    keyServer.keys.set(other.kid, other.pem);
                    await assert.rejects(check.verify(await forged(other.kid)), JwtInvalidSignatureError);
                }
                await check.verify(await albToken(legit));
            }
            assert.equal(fetched.filter((uri) => uri.endsWith(legit.kid)).length, 1);
        });

        it("GIVEN a payload without exp THEN it is rejected", async () => {
            const token = await albToken(signer, { payload: { exp: undefined } });
            assert.ok(!("exp" in JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString())));
            await assert.rejects(verifier().verify(token), /x-amzn-oidc-data has no exp/);
        });
    });

    describe("configuration", () => {
        const bad: Array<[string, OidcDataVerifierConfig, RegExp]> = [
            ["a listener ARN", { ...CONFIG, albArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/kibana/50dc6c495c0c9188/f2f7" },
                /createOidcDataVerifier: albArn ".*listener.*" is not an Application Load Balancer ARN\. Fix: pass the ARN of the ALB/],
            ["a region other than the ARN's", { ...CONFIG, region: "eu-west-1" },
                /createOidcDataVerifier: region "eu-west-1" differs from the ALB's region us-east-1/],
            ["an issuer without the trailing slash", { ...CONFIG, issuer: "https://acme.us.auth0.com" },
                /createOidcDataVerifier: issuer "https:\/\/acme.us.auth0.com" is not an Auth0 issuer\. Fix: write it as "https:\/\/<domain>\/" with the trailing slash/],
            ["an empty client id", { ...CONFIG, clientId: "" }, /createOidcDataVerifier: clientId "" is empty/],
        ];
        it("GIVEN a fetch limit that is not a positive number THEN creation fails naming it", () => {
            assert.throws(() => createOidcDataVerifier(CONFIG, { keyFetchLimit: { burst: 0 } }), /createOidcDataVerifier: options\.keyFetchLimit\.burst 0 is not a positive number\. Fix: use a whole number/);
            assert.throws(() => createOidcDataVerifier(CONFIG, { failedKidBackoffSeconds: -1 }), /options\.failedKidBackoffSeconds -1 is not a positive number/);
            assert.throws(() => createOidcDataVerifier(CONFIG, { keyFetchLimit: { burst: 2, reservedForRecurringKids: 2 } }), /options\.keyFetchLimit\.reservedForRecurringKids 2 is not a whole number below burst/);
        });
        for (const [what, config, message] of bad) {
            it(`GIVEN ${what} THEN creation fails with the fix`, () => {
                assert.throws(() => createOidcDataVerifier(config), (err: unknown) => err instanceof EdgeAuthArgumentError && message.test(err.message));
            });
        }
    });
});
