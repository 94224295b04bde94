import { strict as assert } from "assert";
import * as fc from "fast-check";
import { AlbEvent, createEchoHandler } from "../../stacks/targets/albEcho";
import { MACHINE_ROUTES, albPathMatches } from "../../stacks/targets/machineRoutes";
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

    // Finding 4 of issue 12. The listener as the reference stack builds it: machine rules at
    // priority 100+ (MACHINE_ROUTES), then the login rules (/api/* with deny, /* pages).
    const listener = [
        ...MACHINE_ROUTES.map((r) => ({ kind: "jwt-validation", name: r.name, patterns: r.pathPatterns })),
        { kind: "authenticate-oidc", name: "xhr", patterns: ["/api/*"] },
        { kind: "authenticate-oidc", name: "pages", patterns: ["/*"] },
    ];
    const ruleFor = (path: string) => listener.find((r) => r.patterns.some((p) => albPathMatches(p, path)))!;

    it("regression: /machine/events/, /machine/Events, /machine//events and /machine/admin go through jwt-validation, not the login rule", () => {
        for (const path of ["/machine/events/", "/machine/Events", "/machine//events", "/machine/admin", "/machine", "/machine/status/x"]) {
            assert.equal(ruleFor(path).kind, "jwt-validation", path);
        }
        assert.equal(ruleFor("/machine/events").name, "events");
        assert.equal(ruleFor("/machine/events/").name, "events");
        assert.equal(ruleFor("/Machine/events").kind, "authenticate-oidc", "paths are case-sensitive: /Machine is a page");
    });

    it("reports a jwt-validation check only for requests the listener sent through one, and never without it", async () => {
        const segment = fc.constantFrom("machine", "Machine", "status", "events", "Events", "admin", "", "x");
        const pathArb = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/${s.join("/")}`);
        await fc.assert(fc.asyncProperty(pathArb, fc.boolean(), async (path, withOidcData) => {
            const rule = ruleFor(path);
            // The ALB adds x-amzn-oidc-data on login rules only; a client may add one anywhere.
            const headers: Record<string, string[]> = rule.kind === "authenticate-oidc" || withOidcData ? { "x-amzn-oidc-data": ["not.a.valid-token"] } : {};
            const result = await handler(event(path, headers));
            const body = result.body ? JSON.parse(result.body) : {};
            if (body.checkedBy !== undefined) {
                assert.equal(rule.kind, "jwt-validation", `${path} claimed a check it did not get`);
                assert.equal(body.checkedBy.rule, `jwt-validation (${rule.name})`);
                assert.equal(withOidcData, false, `${path} reported a machine check for a request carrying x-amzn-oidc-data`);
            } else if (rule.kind === "jwt-validation") {
                assert.equal(result.statusCode, 400, `${path}: a client-sent x-amzn-oidc-data on a machine path is refused, not verified`);
            } else if (path !== "/logout") {
                assert.equal(result.statusCode, 401, `${path} was neither machine-checked nor verified`);
            }
        }), { numRuns: 300 });
    });

    it("GIVEN a machine path THEN 200 for the served ones (trailing slash too) and 404 for the rest, naming the rule's checks", async () => {
        const ok = await handler(event("/machine/events/"));
        assert.equal(ok.statusCode, 200);
        assert.deepEqual(JSON.parse(ok.body).checkedBy, { rule: "jwt-validation (events)", checks: ["signature", "iss", "exp", "aud", "gty=client-credentials", "scope (write:events)"] });
        const admin = await handler(event("/machine/admin"));
        assert.equal(admin.statusCode, 404);
        assert.equal(JSON.parse(admin.body).checkedBy.rule, "jwt-validation (other)");
    });

    // Issue 19, item 3: a client-sent header on a machine path costs no verification, no key fetch.
    it("GIVEN a machine path WHEN the client sends x-amzn-oidc-data (even one shaped like the ALB's, with a fresh kid) THEN 400, without verifying or fetching a key", async () => {
        const fresh = await newSigner();
        keys.keys.set(fresh.kid, fresh.pem);
        const token = await albToken(fresh, { albArn: ALB_ARN, issuer: ISSUER, clientId: CLIENT_ID });
        const before = keys.fetched.length;
        for (const path of ["/machine/status", "/machine/events/", "/machine/admin", "/machine"]) {
            const cases: Array<Record<string, string[]>> = [{ "X-Amzn-Oidc-Data": [token] }, { "x-amzn-oidc-data": [] }, { "x-amzn-oidc-identity": ["auth0|42"], "x-amzn-oidc-accesstoken": ["eyJ.x.y"] }];
            for (const headers of cases) {
                const result = await handler(event(path, headers));
                assert.equal(result.statusCode, 400, `${path} ${JSON.stringify(Object.keys(headers))}`);
                assert.equal(result.statusDescription, "400 Bad Request");
                assert.match(JSON.parse(result.body).message, /^machine paths do not accept x-amzn-oidc-/);
                assert.equal(JSON.parse(result.body).checkedBy, undefined);
            }
            // Single-value headers (multi-value headers off on the target group) are read too.
            const single = await handler({ httpMethod: "GET", path, headers: { "x-amzn-oidc-data": token } });
            assert.equal(single.statusCode, 400, `${path} with single-value headers`);
        }
        assert.equal(keys.fetched.length, before, "no key was fetched");
        // The same header on a login path is verified as usual.
        assert.equal((await handler(event("/", { "x-amzn-oidc-data": [token] }))).statusCode, 200);
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
