import { strict as assert } from "assert";
import { AlbJwtValidation, AlbJwtValidationArgs } from "../../components/alb/AlbJwtValidation";
import { AlbOidcLogin } from "../../components/alb/AlbOidcLogin";
import { HttpsLoadBalancer } from "../../components/alb/HttpsLoadBalancer";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { isSecret, recorded, recordedOfType, recordedOne, resolve, setupMocks } from "../support/mocks";
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

    it("GIVEN hostnames and an audience-only route THEN the rule matches the hosts and checks aud alone", async () => {
        new AlbJwtValidation("m2m3", {
            ...machineArgs(newLoadBalancer("m2m3-lb"), newLogsApi("m2m3-api")),
            hostnames: ["logs.example.com"],
            routes: [{ name: "health", pathPatterns: ["/health"], scopes: [] }],
            clients: undefined,
        });
        const rule = plain((await recordedOne(RULE, "m2m3-rule-health")).inputs);
        assert.deepEqual(rule.conditions, [{ hostHeader: { values: ["logs.example.com"] } }, { pathPattern: { values: ["/health"] } }]);
        assert.deepEqual(rule.actions[0].jwtValidation.additionalClaims, [{ name: "aud", format: "single-string", values: ["urn:logs-api"] }]);
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

    describe("bad input fails at construction and registers nothing", () => {
        const cases: Array<[string, string, (name: string) => Partial<AlbJwtValidationArgs<LogsScope>>, RegExp]> = [
            ["an API signing with HS256", "jbad-hs256", (name) => ({ api: newLogsApi(`${name}-api`, { signingAlg: "HS256" }) }),
                /AlbJwtValidation "jbad-hs256": api\.signingAlg "HS256" cannot be verified by the ALB\. Fix: set signingAlg: "RS256" on the Auth0Api/],
            ["an API signing with PS256", "jbad-ps256", (name) => ({ api: newLogsApi(`${name}-api`, { signingAlg: "PS256" }) }),
                /AlbJwtValidation "jbad-ps256": api\.signingAlg "PS256" cannot be verified by the ALB/],
            ["a route scope the API does not declare", "jbad-scope", () => ({ routes: [{ name: "x", pathPatterns: ["/x"], scopes: ["delete:logs" as LogsScope] }] }),
                /AlbJwtValidation "jbad-scope": routes\["x"\]\.scopes "delete:logs" is not a permission of the API/],
            ["a route without scopes", "jbad-noscopes", () => ({ routes: [{ name: "x", pathPatterns: ["/x"] } as any] }),
                /AlbJwtValidation "jbad-noscopes": routes\["x"\]\.scopes \(missing\) is missing\. Fix: list the scopes a token needs here, or \[\] to check the audience only/],
            ["a client without scopes", "jbad-client", () => ({ clients: { shipper: { scopes: [] } } }),
                /AlbJwtValidation "jbad-client": clients\["shipper"\]\.scopes \[\] is empty/],
            ["a client scope the API does not declare", "jbad-client-scope", () => ({ clients: { shipper: { scopes: ["admin" as LogsScope] } } }),
                /AlbJwtValidation "jbad-client-scope": clients\["shipper"\]\.scopes "admin" is not a permission of the API/],
            ["a hostname with a scheme", "jbad-host", () => ({ hostnames: ["https://logs.example.com"] }),
                /AlbJwtValidation "jbad-host": hostnames\[0\] "https:\/\/logs.example.com" includes a scheme/],
            ["a priority of 0", "jbad-prio", () => ({ priority: 0 }),
                /AlbJwtValidation "jbad-prio": priority 0 is out of range/],
            ["route names that name the same rule", "jbad-names", () => ({
                routes: [{ name: "Read Logs", pathPatterns: ["/a"], scopes: [] }, { name: "read-logs", pathPatterns: ["/b"], scopes: [] }],
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

        it("GIVEN colliding priorities with another machine component THEN the second fails naming the first", async () => {
            const lb = existingListener("jclash-listener");
            new AlbJwtValidation("jclash-a", machineArgs(lb, newLogsApi("jclash-api")));
            assert.throws(() => new AlbJwtValidation("jclash-b", { ...machineArgs(lb, newLogsApi("jclash-api2")), clients: undefined }),
                /AlbJwtValidation "jclash-b": priority 10 collides with AlbJwtValidation "jclash-a", which holds priorities 10-11 on the same listener/);
            assert.deepEqual(await recorded("jclash-b"), []);
        });
    });
});
