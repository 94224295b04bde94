import { strict as assert } from "assert";
import {
    AlbJwtInvalidClientIdError, AlbJwtInvalidSignerError, JwtExpiredError, JwtInvalidIssuerError, JwtInvalidSignatureError, JwtWithoutValidKidError,
} from "aws-jwt-verify/error";
import { OidcDataVerifierConfig, createOidcDataVerifier } from "../../components/alb/verifyOidcData";
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
        for (const [what, config, message] of bad) {
            it(`GIVEN ${what} THEN creation fails with the fix`, () => {
                assert.throws(() => createOidcDataVerifier(config), (err: unknown) => err instanceof EdgeAuthArgumentError && message.test(err.message));
            });
        }
    });
});
