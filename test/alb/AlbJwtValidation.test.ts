import { strict as assert } from "assert";
import { AlbJwtValidation, AlbJwtValidationArgs } from "../../components/alb/AlbJwtValidation";
import { AlbOidcLogin } from "../../components/alb/AlbOidcLogin";
import { HttpsLoadBalancer } from "../../components/alb/HttpsLoadBalancer";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { isSecret, recorded, recordedOfType, recordedOne, resolve, setupMocks } from "../support/mocks";
import { AdditionalClaim, albAccepts } from "../support/albClaimModel";
import { LogsScope, TARGET_GROUP, existingListener, newLoadBalancer, newLogsApi, plain } from "./fixtures";

const RULE = "aws:lb/listenerRule:ListenerRule";
const GRANT = "auth0:index/clientGrant:ClientGrant";

/** Seed 002's machine side: services call the log API with client-credentials tokens. */
function machineArgs(loadBalancer: HttpsLoadBalancer, api: Auth0Api<LogsScope>): AlbJwtValidationArgs<LogsScope> {
    return {
        loadBalancer,
        api,
        routes: [
            { name: "ingest", pathPatterns: ["/ingest/*"], scopes: ["write:logs"] },
            { name: "query", pathPatterns: ["/query/*", "/stats"], scopes: ["read:logs"] },
        ],
        targetGroupArn: TARGET_GROUP,
        priority: 10,
        clients: { shipper: { scopes: ["write:logs"] }, "Report Job": { scopes: ["read:logs"] } },
    };
}

describe("AlbJwtValidation", () => {
    before(() => setupMocks());

    it("GIVEN routes with scopes THEN each rule validates the JWT (issuer, JWKS, aud, scope) before forwarding", async () => {
        const lb = newLoadBalancer("m2m1-lb");
        new AlbJwtValidation("m2m1", machineArgs(lb, newLogsApi("m2m1-api")));
        const jwt = (scopes: string[]) => ({
            type: "jwt-validation",
            order: 1,
            jwtValidation: {
                issuer: "https://acme.us.auth0.com/",
                jwksEndpoint: "https://acme.us.auth0.com/.well-known/jwks.json",
                additionalClaims: [
                    { name: "aud", format: "single-string", values: ["urn:logs-api"] },
                    { name: "scope", format: "space-separated-values", values: scopes },
                    { name: "gty", format: "single-string", values: ["client-credentials"] },
                ],
            },
        });
        const listenerArn = await resolve(lb.listenerArn);
        assert.deepEqual(plain((await recordedOne(RULE, "m2m1-rule-ingest")).inputs), {
            listenerArn,
            priority: 10,
            conditions: [{ pathPattern: { values: ["/ingest/*"] } }],
            actions: [jwt(["write:logs"]), { type: "forward", order: 2, targetGroupArn: TARGET_GROUP }],
        });
        assert.deepEqual(plain((await recordedOne(RULE, "m2m1-rule-query")).inputs), {
            listenerArn,
            priority: 11,
            conditions: [{ pathPattern: { values: ["/query/*", "/stats"] } }],
            actions: [jwt(["read:logs"]), { type: "forward", order: 2, targetGroupArn: TARGET_GROUP }],
        });
    });

    it("GIVEN clients THEN each is a machine-to-machine application granted its scopes on the API, keyed by name", async () => {
        const m2m = new AlbJwtValidation("m2m2", machineArgs(newLoadBalancer("m2m2-lb"), newLogsApi("m2m2-api")));
        const shipper = await recordedOne("auth0:index/client:Client", "m2m2-client-shipper-client");
        assert.equal(shipper.inputs.appType, "non_interactive");
        assert.deepEqual(shipper.inputs.grantTypes, ["client_credentials"]);
        assert.equal(shipper.inputs.name, "m2m2-shipper");
        assert.deepEqual((await recordedOne(GRANT, "m2m2-client-shipper-grant")).inputs, {
            clientId: "m2m2-client-shipper-client-client-id", audience: "urn:logs-api", scopes: ["write:logs"],
        });
        assert.deepEqual((await recordedOne(GRANT, "m2m2-client-report-job-grant")).inputs.scopes, ["read:logs"]);
        assert.deepEqual(await resolve(m2m.clientIds), {
            shipper: "m2m2-client-shipper-client-client-id",
            "Report Job": "m2m2-client-report-job-client-client-id",
        });
        assert.equal(await isSecret(m2m.clients.shipper.clientSecret), true);
        assert.equal(await resolve(m2m.issuer), "https://acme.us.auth0.com/");
        assert.equal(await resolve(m2m.audience), "urn:logs-api");
    });

    it("GIVEN hostnames and a route marked anyValidToken THEN the rule matches the hosts and checks aud and the machine grant only", async () => {
        new AlbJwtValidation("m2m3", {
            ...machineArgs(newLoadBalancer("m2m3-lb"), newLogsApi("m2m3-api")),
            hostnames: ["logs.example.com"],
            routes: [{ name: "health", pathPatterns: ["/health"], scopes: [], anyValidToken: true }],
            clients: undefined,
        });
        const rule = plain((await recordedOne(RULE, "m2m3-rule-health")).inputs);
        assert.deepEqual(rule.conditions, [{ hostHeader: { values: ["logs.example.com"] } }, { pathPattern: { values: ["/health"] } }]);
        assert.deepEqual(rule.actions[0].jwtValidation.additionalClaims, [
            { name: "aud", format: "single-string", values: ["urn:logs-api"] },
            { name: "gty", format: "single-string", values: ["client-credentials"] },
        ]);
        assert.deepEqual(await recordedOfType("m2m3", "auth0:index/client:Client"), []);
    });

    it("GIVEN a custom domain THEN issuer and JWKS use it", async () => {
        const api = newLogsApi("m2m4-api", { tenant: { domain: "acme.us.auth0.com", customDomain: "login.acme.com" } });
        new AlbJwtValidation("m2m4", machineArgs(newLoadBalancer("m2m4-lb"), api));
        const jwt = plain((await recordedOne(RULE, "m2m4-rule-ingest")).inputs).actions[0].jwtValidation;
        assert.equal(jwt.issuer, "https://login.acme.com/");
        assert.equal(jwt.jwksEndpoint, "https://login.acme.com/.well-known/jwks.json");
    });

    it("GIVEN browser login and machine tokens on one listener THEN their priorities never collide", async () => {
        const lb = newLoadBalancer("mix-lb");
        const api = newLogsApi("mix-api");
        new AlbJwtValidation("mix-m2m", machineArgs(lb, api));
        new AlbOidcLogin("mix-web", {
            loadBalancer: lb, tenant: { domain: "acme.us.auth0.com" }, hostnames: ["logs.example.com"],
            routes: [{ name: "pages", pathPatterns: ["/*"] }], targetGroupArn: TARGET_GROUP, priority: 12,
        });
        const priorities = [...await recordedOfType("mix-m2m", RULE), ...await recordedOfType("mix-web", RULE)].map((r) => r.inputs.priority);
        assert.deepEqual(priorities.sort(), [10, 11, 12]);
        assert.throws(() => new AlbOidcLogin("mix-late", {
            loadBalancer: lb, tenant: { domain: "acme.us.auth0.com" }, hostnames: ["other.example.com"],
            routes: [{ name: "pages", pathPatterns: ["/*"] }], targetGroupArn: TARGET_GROUP, priority: 11,
        }), /AlbOidcLogin "mix-late": priority 11 collides with AlbJwtValidation "mix-m2m", which holds priorities 10-11/);
    });

    // Finding 3 of issue 12: tokens as Auth0 issues them, run through a model of the ALB's checks
    // on the rule inputs the component created (both readings of several values).
    describe("machine-only by default (model of the ALB's claim checks)", () => {
        const m2mToken = { aud: "urn:logs-api", gty: "client-credentials", scope: "write:logs read:logs", azp: "svc" };
        // Requested without openid: single-string aud, like an M2M token, but no gty.
        const userTokenNoOpenid = { aud: "urn:logs-api", scope: "write:logs read:logs", sub: "auth0|self-signup" };
        const userTokenOpenid = { aud: ["urn:logs-api", "https://acme.us.auth0.com/userinfo"], scope: "openid write:logs", sub: "auth0|u" };
        const claimsOf = async (rule: string): Promise<AdditionalClaim[]> => plain((await recordedOne(RULE, rule)).inputs).actions[0].jwtValidation.additionalClaims;

        it("GIVEN default routes THEN a client-credentials token passes and a user token never does", async () => {
            new AlbJwtValidation("gty1", machineArgs(newLoadBalancer("gty1-lb"), newLogsApi("gty1-api")));
            for (const semantics of ["all", "any"] as const) {
                for (const rule of ["gty1-rule-ingest", "gty1-rule-query"]) {
                    const claims = await claimsOf(rule);
                    assert.equal(albAccepts(claims, m2mToken, semantics), true, `${rule} ${semantics}: M2M`);
                    assert.equal(albAccepts(claims, userTokenNoOpenid, semantics), false, `${rule} ${semantics}: user token without openid`);
                    assert.equal(albAccepts(claims, userTokenOpenid, semantics), false, `${rule} ${semantics}: user token with openid`);
                    assert.equal(albAccepts(claims, { ...userTokenNoOpenid, gty: "password" }, semantics), false, `${rule} ${semantics}: other grant`);
                }
            }
        });

        it("GIVEN anyValidToken THEN any machine token of the API passes, still no user token", async () => {
            new AlbJwtValidation("gty2", { ...machineArgs(newLoadBalancer("gty2-lb"), newLogsApi("gty2-api")), routes: [{ name: "health", pathPatterns: ["/health"], scopes: [], anyValidToken: true }], clients: undefined });
            const claims = await claimsOf("gty2-rule-health");
            assert.equal(albAccepts(claims, { aud: "urn:logs-api", gty: "client-credentials" }, "all"), true);
            assert.equal(albAccepts(claims, userTokenNoOpenid, "all"), false);
            assert.equal(albAccepts(claims, { ...m2mToken, aud: "urn:other-api" }, "all"), false);
        });

        it("GIVEN userTokens: true THEN the route drops the grant check and keeps aud and scope", async () => {
            new AlbJwtValidation("gty3", { ...machineArgs(newLoadBalancer("gty3-lb"), newLogsApi("gty3-api")), routes: [{ name: "mine", pathPatterns: ["/mine/*"], scopes: ["read:logs"], userTokens: true }], clients: undefined });
            const claims = await claimsOf("gty3-rule-mine");
            assert.deepEqual(claims.map((c) => c.name), ["aud", "scope"]);
            assert.equal(albAccepts(claims, userTokenNoOpenid, "all"), true);
            assert.equal(albAccepts(claims, { ...userTokenNoOpenid, scope: "write:logs" }, "any"), false);
        });
    });

    it("GIVEN a second deploy that opts a route out with userTokens THEN the same rule is updated (same name, priority, conditions), only its claims change", async () => {
        const program = async (userTokens: boolean) => {
            const lb = newLoadBalancer(`toggle-${userTokens}-lb`);
            new AlbJwtValidation(`toggle-${userTokens}`, { ...machineArgs(lb, newLogsApi(`toggle-${userTokens}-api`)), routes: [{ name: "mine", pathPatterns: ["/mine/*"], scopes: ["read:logs"], userTokens }], clients: undefined });
            const rules = await recordedOfType(`toggle-${userTokens}`, RULE);
            return rules.map((r) => ({ name: r.name.replace(`toggle-${userTokens}`, "toggle"), priority: r.inputs.priority, conditions: plain(r.inputs).conditions, claims: plain(r.inputs).actions[0].jwtValidation.additionalClaims.map((c: AdditionalClaim) => c.name) }));
        };
        const first = await program(false);
        const second = await program(true);
        assert.deepEqual(second.map(({ claims, ...rest }) => rest), first.map(({ claims, ...rest }) => rest));
        assert.deepEqual(first[0].claims, ["aud", "scope", "gty"]);
        assert.deepEqual(second[0].claims, ["aud", "scope"]);
    });

    describe("bad input fails at construction and registers nothing", () => {
        const cases: Array<[string, string, (name: string) => Partial<AlbJwtValidationArgs<LogsScope>>, RegExp]> = [
            ["an API signing with HS256", "jbad-hs256", (name) => ({ api: newLogsApi(`${name}-api`, { signingAlg: "HS256" }) }),
                /AlbJwtValidation "jbad-hs256": api\.signingAlg "HS256" cannot be verified by the ALB\. Fix: set signingAlg: "RS256" on the Auth0Api/],
            ["an API signing with PS256", "jbad-ps256", (name) => ({ api: newLogsApi(`${name}-api`, { signingAlg: "PS256" }) }),
                /AlbJwtValidation "jbad-ps256": api\.signingAlg "PS256" cannot be verified by the ALB/],
            ["a route scope the API does not declare", "jbad-scope", () => ({ routes: [{ name: "x", pathPatterns: ["/x"], scopes: ["delete:logs" as LogsScope] }] }),
                /AlbJwtValidation "jbad-scope": routes\["x"\]\.scopes "delete:logs" is not a permission of the API/],
            ["a route without scopes", "jbad-noscopes", () => ({ routes: [{ name: "x", pathPatterns: ["/x"] } as any] }),
                /AlbJwtValidation "jbad-noscopes": routes\["x"\]\.scopes \(missing\) is missing\. Fix: list the scopes a token needs here/],
            ["a route with scopes [] not marked anyValidToken", "jbad-empty", () => ({ routes: [{ name: "x", pathPatterns: ["/x"], scopes: [] }] }),
                /AlbJwtValidation "jbad-empty": routes\["x"\]\.scopes \[\] is empty: every valid token of the API would pass\. Fix: list the scopes a token needs, or set anyValidToken: true/],
            ["anyValidToken with scopes", "jbad-any", () => ({ routes: [{ name: "x", pathPatterns: ["/x"], scopes: ["read:logs"], anyValidToken: true }] }),
                /AlbJwtValidation "jbad-any": routes\["x"\]\.anyValidToken true contradicts the route's scopes/],
            ["user tokens on a route without scopes", "jbad-users", () => ({ routes: [{ name: "x", pathPatterns: ["/x"], scopes: [], anyValidToken: true, userTokens: true }] }),
                /AlbJwtValidation "jbad-users": routes\["x"\]\.userTokens true would open the route to every user of the tenant/],
            ["a client without scopes", "jbad-client", () => ({ clients: { shipper: { scopes: [] } } }),
                /AlbJwtValidation "jbad-client": clients\["shipper"\]\.scopes \[\] is empty/],
            ["a client scope the API does not declare", "jbad-client-scope", () => ({ clients: { shipper: { scopes: ["admin" as LogsScope] } } }),
                /AlbJwtValidation "jbad-client-scope": clients\["shipper"\]\.scopes "admin" is not a permission of the API/],
            ["a hostname with a scheme", "jbad-host", () => ({ hostnames: ["https://logs.example.com"] }),
                /AlbJwtValidation "jbad-host": hostnames\[0\] "https:\/\/logs.example.com" includes a scheme/],
            ["a priority of 0", "jbad-prio", () => ({ priority: 0 }),
                /AlbJwtValidation "jbad-prio": priority 0 is out of range/],
            ["route names that name the same rule", "jbad-names", () => ({
                routes: [{ name: "Read Logs", pathPatterns: ["/a"], scopes: ["read:logs"] }, { name: "read-logs", pathPatterns: ["/b"], scopes: ["read:logs"] }],
            }), /AlbJwtValidation "jbad-names": routes "read-logs" names the same resource as "Read Logs"/],
        ];
        for (const [what, name, mutate, message] of cases) {
            it(`GIVEN ${what} THEN construction throws`, async () => {
                const lb = existingListener(`${name}-listener`);
                const args = { ...machineArgs(lb, newLogsApi(`${name}-default-api`)), ...mutate(name) };
                assert.throws(() => new AlbJwtValidation(name, args), message);
                const mine = (await recorded(name)).filter((r) => ![`${name}-listener`, `${name}-api`, `${name}-default-api`].some((p) => r.name === p || r.name.startsWith(`${p}-`)));
                assert.deepEqual(mine, []);
            });
        }

        it("GIVEN every route with its own priority and no base THEN each rule carries its priority (issue 21)", async () => {
            const lb = existingListener("jpin-listener");
            const base = machineArgs(lb, newLogsApi("jpin-api"));
            const m2m = new AlbJwtValidation("jpin", { ...base, priority: undefined, clients: undefined, routes: [
                { ...base.routes[0], priority: 30 }, { ...base.routes[1], priority: 20 },
            ] });
            const rules = await recordedOfType("jpin", RULE);
            assert.deepEqual(Object.fromEntries(rules.map((r) => [r.name, r.inputs.priority])), { "jpin-rule-ingest": 30, "jpin-rule-query": 20 });
            assert.deepEqual(m2m.priorities, { ingest: 30, query: 20 });
            // Overlapping routes must be listed in the order their priorities give.
            assert.throws(() => new AlbJwtValidation("jpin-b", { ...machineArgs(existingListener("jpin-b-listener"), newLogsApi("jpin-b-api")), clients: undefined, routes: [
                { name: "admin", pathPatterns: ["/api/admin/*"], scopes: ["write:logs"], priority: 50 }, { name: "api", pathPatterns: ["/api/*"], scopes: ["read:logs"], priority: 40 },
            ] }), /AlbJwtValidation "jpin-b": routes\["api"\]\.priority 40 is evaluated before routes\["admin"\] \(priority 50\), which is listed first/);
        });

        it("GIVEN colliding priorities with another machine component THEN the second fails naming the first", async () => {
            const lb = existingListener("jclash-listener");
            new AlbJwtValidation("jclash-a", machineArgs(lb, newLogsApi("jclash-api")));
            assert.throws(() => new AlbJwtValidation("jclash-b", { ...machineArgs(lb, newLogsApi("jclash-api2")), clients: undefined }),
                /AlbJwtValidation "jclash-b": priority 10 collides with AlbJwtValidation "jclash-a", which holds priorities 10-11 on the same listener/);
            assert.deepEqual(await recorded("jclash-b"), []);
        });
    });
});
