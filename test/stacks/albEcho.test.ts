import { strict as assert } from "assert";
import { AlbEvent, createEchoHandler } from "../../stacks/targets/albEcho";
import { AlbKeyServer, Signer, albToken, newSigner, startAlbKeyServer } from "../support/albTokens";

const ALB_ARN = "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/ops-alb/50dc6c495c0c9188";
const ISSUER = "https://edge-auth-dev.eu.auth0.com/";
const CLIENT_ID = "ops-app-client-id";
const LOGOUT_URL = `${ISSUER}v2/logout?client_id=${CLIENT_ID}&returnTo=https%3A%2F%2Fops.example.com%2F`;

function event(path: string, headers: Record<string, string[]> = {}): AlbEvent {
    return { httpMethod: "GET", path, multiValueHeaders: headers };
}

describe("the reference stack's ALB echo target (seeds 001 and 002)", () => {
    let keys: AlbKeyServer;
    let signer: Signer;
    let handler: ReturnType<typeof createEchoHandler>;

    before(async () => {
        keys = await startAlbKeyServer();
        signer = await newSigner();
        keys.keys.set(signer.kid, signer.pem);
        handler = createEchoHandler({ albArn: ALB_ARN, issuer: ISSUER, clientId: CLIENT_ID, logoutUrl: LOGOUT_URL }, { jwksUri: keys.baseUrl, fetcher: keys.fetcher });
    });
    after(() => keys.stop());

    it("GIVEN a request the ALB authenticated THEN it echoes the verified claims, never the access token", async () => {
        const token = await albToken(signer, { albArn: ALB_ARN, issuer: ISSUER, clientId: CLIENT_ID });
        const result = await handler(event("/", {
            "X-Amzn-Oidc-Data": [token],
            "x-amzn-oidc-identity": ["auth0|42"],
            "x-amzn-oidc-accesstoken": ["eyJ.secret.token"],
        }));
        assert.equal(result.statusCode, 200);
        const body = JSON.parse(result.body);
        assert.equal(body.identity, "auth0|42");
        assert.equal(body.claims.email, "ops@example.com");
        assert.equal(body.accessToken, "present");
        assert.ok(!result.body.includes("eyJ.secret.token"));
    });

    it("GIVEN a header minted by another ALB THEN 401", async () => {
        const other = "arn:aws:elasticloadbalancing:eu-west-1:999999999999:loadbalancer/app/attacker/1111111111111111";
        const token = await albToken(signer, { albArn: other, issuer: ISSUER, clientId: CLIENT_ID });
        const result = await handler(event("/", { "x-amzn-oidc-data": [token] }));
        assert.equal(result.statusCode, 401);
    });

    it("GIVEN no header (traffic that bypassed the ALB) THEN 401", async () => {
        assert.equal((await handler(event("/"))).statusCode, 401);
    });

    it("GIVEN /logout THEN it expires every session cookie shard and redirects to Auth0 logout", async () => {
        const result = await handler(event("/logout"));
        assert.equal(result.statusCode, 302);
        assert.deepEqual(result.multiValueHeaders.location, [LOGOUT_URL]);
        const cookies = result.multiValueHeaders["set-cookie"];
        assert.ok(cookies.length >= 2);
        for (const cookie of cookies) {
            assert.match(cookie, /^AWSELBAuthSessionCookie-\d+=; .*Expires=Thu, 01 Jan 1970/i);
        }
    });
});
