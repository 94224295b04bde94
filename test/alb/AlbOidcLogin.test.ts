import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as path from "path";
import * as vm from "vm";
import * as pulumi from "@pulumi/pulumi";
import { AlbOidcLogin, AlbOidcLoginArgs } from "../../components/alb/AlbOidcLogin";
import { HttpsLoadBalancer } from "../../components/alb/HttpsLoadBalancer";
import { PostLoginFlow } from "../../components/auth0/PostLoginFlow";
import { WebApplication } from "../../components/auth0/WebApplication";
import { checkRoleGatesEnforced } from "../../components/auth0/flowOwnership";
import { startProgram } from "../support/programState";
import { ACCOUNT, REGION, isSecret, recorded, recordedOfType, recordedOne, registerRequests, resolve, setupMocks } from "../support/mocks";
import { LogsScope, TARGET_GROUP, existingListener, newLoadBalancer, newLogsApi, plain, secretOnWire, tenant } from "./fixtures";

const RULE = "aws:lb/listenerRule:ListenerRule";

/** Runs a script with plain node from the repository root (no mocha: the process ends when its loop does). */
function runNode(script: string): Promise<{ code: number; stderr: string }> {
    return new Promise((done) => {
        execFile(process.execPath, ["-e", script], { cwd: path.resolve(__dirname, "../.."), timeout: 60_000 },
            (err, _stdout, stderr) => done({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stderr }));
    });
}
const CLIENT = "auth0:index/client:Client";

/** Seed 000: Kibana behind the ALB, its API paths answering 401 instead of a redirect. */
function kibanaArgs(loadBalancer: HttpsLoadBalancer): AlbOidcLoginArgs<LogsScope> {
    return {
        loadBalancer,
        tenant,
        hostnames: ["kibana.example.com"],
        routes: [
            { name: "api", pathPatterns: ["/api/*"], onUnauthenticatedRequest: "deny" },
            { name: "pages", pathPatterns: ["/*"] },
        ],
        targetGroupArn: TARGET_GROUP,
        priority: 100,
    };
}

/** A rule's resolved inputs, secret markers removed. */
async function ruleInputs(name: string): Promise<any> {
    return plain((await recordedOne(RULE, name)).inputs);
}

/** The serialized inputs the engine received for a resource, with secrets still marked. */
function wireInputs(name: string): any {
    const request = registerRequests.find((r) => r.getName() === name);
    assert.ok(request, `no RegisterResourceRequest for ${name}`);
    return request.getObject().toJavaScript();
}

describe("AlbOidcLogin", () => {
    before(() => setupMocks());

    describe("GIVEN Kibana behind a new load balancer (seed 000)", () => {
        it("THEN the Auth0 regular web application's callbacks and logout URLs are exactly those of the host", async () => {
            const login = new AlbOidcLogin("kib1", kibanaArgs(newLoadBalancer("kib1-lb")));
            const client = await recordedOne(CLIENT, "kib1-app-client");
            assert.deepEqual(client.inputs, {
                name: "kib1",
                appType: "regular_web",
                grantTypes: ["authorization_code"],
                callbacks: ["https://kibana.example.com/oauth2/idpresponse"],
                allowedLogoutUrls: ["https://kibana.example.com/"],
                oidcConformant: true,
                jwtConfiguration: { alg: "RS256" },
                isFirstParty: true,
                crossOriginAuth: false,
                description: "Managed by Pulumi", // the provider's default
            });
            assert.deepEqual(login.callbackUrls, ["https://kibana.example.com/oauth2/idpresponse"]);
            const credentials = await recordedOne("auth0:index/clientCredentials:ClientCredentials", "kib1-app-credentials");
            assert.equal(credentials.inputs.authenticationMethod, "client_secret_post");
        });

        it("THEN each route gets a rule: authenticate-oidc from the tenant model, then forward, host and path conditions", async () => {
            const lb = newLoadBalancer("kib2-lb");
            new AlbOidcLogin("kib2", kibanaArgs(lb));
            const listenerArn = await resolve(lb.listenerArn);
            const oidc = (onUnauthenticatedRequest: string) => ({
                type: "authenticate-oidc",
                order: 1,
                authenticateOidc: {
                    issuer: "https://acme.us.auth0.com/",
                    authorizationEndpoint: "https://acme.us.auth0.com/authorize",
                    tokenEndpoint: "https://acme.us.auth0.com/oauth/token",
                    userInfoEndpoint: "https://acme.us.auth0.com/userinfo",
                    clientId: "kib2-app-client-client-id",
                    clientSecret: "kib2-app-credentials-generated-secret",
                    scope: "openid",
                    sessionTimeout: 43200,
                    sessionCookieName: "AWSELBAuthSessionCookie",
                    onUnauthenticatedRequest,
                },
            });
            const forward = { type: "forward", order: 2, targetGroupArn: TARGET_GROUP };
            assert.deepEqual(await ruleInputs("kib2-rule-api"), {
                listenerArn,
                priority: 100,
                conditions: [{ hostHeader: { values: ["kibana.example.com"] } }, { pathPattern: { values: ["/api/*"] } }],
                actions: [oidc("deny"), forward],
            });
            assert.deepEqual(await ruleInputs("kib2-rule-pages"), {
                listenerArn,
                priority: 101,
                conditions: [{ hostHeader: { values: ["kibana.example.com"] } }, { pathPattern: { values: ["/*"] } }],
                actions: [oidc("authenticate"), forward],
            });
            assert.equal((await recordedOfType("kib2", RULE)).length, 2);
        });

        it("THEN the client secret reaches the rule from ClientCredentials and stays secret on the wire", async () => {
            const login = new AlbOidcLogin("kib3", kibanaArgs(newLoadBalancer("kib3-lb")));
            assert.equal(await isSecret(pulumi.output(login.application!.clientSecret)), true);
            const rule = { inputs: await ruleInputs("kib3-rule-pages") };
            const credentials = await recordedOne("auth0:index/clientCredentials:ClientCredentials", "kib3-app-credentials");
            assert.equal(rule.inputs.actions[0].authenticateOidc.clientSecret, credentials.state.clientSecret);
            const wire = wireInputs("kib3-rule-pages");
            assert.ok(secretOnWire(wire.actions[0].authenticateOidc.clientSecret), "clientSecret is sent to the engine as a secret");
            assert.equal(wire.actions[0].authenticateOidc.clientSecret.value, "kib3-app-credentials-generated-secret");
            assert.ok(!secretOnWire(wire.actions[0].authenticateOidc.clientId));
            assert.equal(wire.actions[0].authenticateOidc.clientId, "kib3-app-client-client-id", "the client id is not secret");
        });

        it("THEN it outputs what a target needs to verify x-amzn-oidc-data, and the logout URL", async () => {
            const lb = newLoadBalancer("kib4-lb");
            const login = new AlbOidcLogin("kib4", kibanaArgs(lb));
            assert.deepEqual(await resolve(login.oidcData), {
                albArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/kib4-lb-alb/50dc6c495c0c9188`,
                region: REGION,
                issuer: "https://acme.us.auth0.com/",
                clientId: "kib4-app-client-client-id",
            });
            assert.equal(await resolve(login.issuer), "https://acme.us.auth0.com/");
            assert.equal(await resolve(login.logoutUrl),
                "https://acme.us.auth0.com/v2/logout?client_id=kib4-app-client-client-id&returnTo=https%3A%2F%2Fkibana.example.com%2F");
            assert.deepEqual(login.priorities, { api: 100, pages: 101 });
        });
    });

    it("GIVEN an adopted listener in another region THEN oidcData carries the ALB's own region", async () => {
        const albArn = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/demo/25be909a3f190764`;
        const lb = new HttpsLoadBalancer("oidc-eu-lb", {
            existingListener: { arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:listener/app/demo/25be909a3f190764/5a7c`, loadBalancerArn: albArn, protocol: "HTTPS" },
        });
        const login = new AlbOidcLogin("oidc-eu", kibanaArgs(lb));
        assert.deepEqual(await resolve(login.oidcData), { albArn, region: "eu-west-1", issuer: "https://acme.us.auth0.com/", clientId: "oidc-eu-app-client-client-id" });
    });

    it("GIVEN several host names THEN callbacks, logout URLs and the host condition match them one to one", async () => {
        const login = new AlbOidcLogin("multi", {
            ...kibanaArgs(newLoadBalancer("multi-lb")),
            hostnames: ["kibana.example.com", "logs.example.com"],
            routes: [{ name: "all", pathPatterns: ["/*"] }],
            logoutReturnPath: "/signed-out",
        });
        const client = await recordedOne(CLIENT, "multi-app-client");
        assert.deepEqual(client.inputs.callbacks, ["https://kibana.example.com/oauth2/idpresponse", "https://logs.example.com/oauth2/idpresponse"]);
        assert.deepEqual(client.inputs.allowedLogoutUrls, ["https://kibana.example.com/signed-out", "https://logs.example.com/signed-out"]);
        const rule = { inputs: await ruleInputs("multi-rule-all") };
        assert.deepEqual(rule.inputs.conditions[0], { hostHeader: { values: ["kibana.example.com", "logs.example.com"] } });
        const logout = await resolve(login.logoutUrls);
        assert.deepEqual(Object.keys(logout), ["kibana.example.com", "logs.example.com"]);
        assert.equal(new URL(logout["logs.example.com"]).searchParams.get("returnTo"), "https://logs.example.com/signed-out");
    });

    it("GIVEN a custom domain THEN every Auth0 URL of the rule and outputs uses it", async () => {
        const login = new AlbOidcLogin("custom", {
            ...kibanaArgs(newLoadBalancer("custom-lb")),
            tenant: { domain: "acme.us.auth0.com", customDomain: "login.acme.com" },
        });
        const settings = (await ruleInputs("custom-rule-pages")).actions[0].authenticateOidc;
        assert.deepEqual(
            [settings.issuer, settings.authorizationEndpoint, settings.tokenEndpoint, settings.userInfoEndpoint],
            ["https://login.acme.com/", "https://login.acme.com/authorize", "https://login.acme.com/oauth/token", "https://login.acme.com/userinfo"],
        );
        assert.ok((await resolve(login.logoutUrl)).startsWith("https://login.acme.com/v2/logout?"));
        assert.equal((await resolve(login.oidcData)).issuer, "https://login.acme.com/");
        assert.ok(!JSON.stringify(settings).includes("auth0.com"));
    });

    it("GIVEN an API, scopes, a session and a cookie name THEN the audience goes through extra params and the settings reach every rule", async () => {
        const api = newLogsApi("oidc-aud-api");
        new AlbOidcLogin("oidc-aud", {
            ...kibanaArgs(newLoadBalancer("oidc-aud-lb")),
            api,
            scope: "openid email read:logs",
            sessionTimeout: 3600,
            sessionCookieName: "KibanaSession",
            authenticationRequestExtraParams: { prompt: "login" },
        });
        const rules = await recordedOfType("oidc-aud", RULE);
        assert.equal(rules.length, 2);
        for (const rule of rules) {
            const settings = plain(rule.inputs).actions[0].authenticateOidc;
            assert.equal(settings.scope, "openid email read:logs");
            assert.equal(settings.sessionTimeout, 3600);
            assert.equal(settings.sessionCookieName, "KibanaSession");
            assert.deepEqual(settings.authenticationRequestExtraParams, { prompt: "login", audience: "urn:logs-api" });
        }
    });

    it("GIVEN an existing application listing the ALB callback THEN it is used and no client is created", async () => {
        const app = new WebApplication("oidc-existing-app", {
            callbackUrls: ["https://kibana.example.com/oauth2/idpresponse", "https://other.example.com/callback"],
            logoutUrls: ["https://kibana.example.com/"],
        });
        const login = new AlbOidcLogin("oidc-existing", { ...kibanaArgs(newLoadBalancer("oidc-existing-lb")), application: app });
        assert.equal(login.application, app);
        assert.deepEqual(await recordedOfType("oidc-existing-", CLIENT), []);
        const rule = { inputs: await ruleInputs("oidc-existing-rule-pages") };
        assert.equal(rule.inputs.actions[0].authenticateOidc.clientId, "oidc-existing-app-client-client-id");
        assert.equal(rule.inputs.actions[0].authenticateOidc.clientSecret, "oidc-existing-app-credentials-generated-secret");
    });

    it("GIVEN a per-route target group THEN that route forwards there", async () => {
        const other = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/api/1`;
        new AlbOidcLogin("oidc-tg", {
            ...kibanaArgs(newLoadBalancer("oidc-tg-lb")),
            routes: [{ name: "api", pathPatterns: ["/api/*"], onUnauthenticatedRequest: "deny", targetGroupArn: other }, { name: "pages", pathPatterns: ["/*"] }],
        });
        assert.equal((await ruleInputs("oidc-tg-rule-api")).actions[1].targetGroupArn, other);
        assert.equal((await ruleInputs("oidc-tg-rule-pages")).actions[1].targetGroupArn, TARGET_GROUP);
    });

    describe("role gate (seed 000: only IT Operations)", () => {
        it("GIVEN roleGate and no PostLoginFlow THEN the program fails at its end naming the gate, and no listener rule is registered (finding 2)", async () => {
            startProgram();
            const login = new AlbOidcLogin("gate0", { ...kibanaArgs(newLoadBalancer("gate0-lb")), roleGate: { roles: ["IT Operations"] } });
            assert.deepEqual(login.roleGate!.roles, ["IT Operations"]);
            assert.throws(() => checkRoleGatesEnforced(),
                /roleGate \["AlbOidcLogin \\"gate0\\" roleGate"\] is declared but no PostLoginFlow enforces it: AlbOidcLogin "gate0" roleGate \(roles "IT Operations"\).*Fix: pass each component's `roleGate` output to the tenant's PostLoginFlow `roleGates`/);
            const created = await recorded("gate0");
            assert.deepEqual(created.filter((r) => r.type === RULE), [], "an unenforced login rule would let every user of the tenant in");
            assert.deepEqual(created.filter((r) => r.type.startsWith("auth0:index/action") || r.type.startsWith("auth0:index/trigger")), []);
        });

        it("GIVEN a flow that leaves the gate out THEN the program fails the same way", async () => {
            startProgram();
            new AlbOidcLogin("gate2", { ...kibanaArgs(newLoadBalancer("gate2-lb")), roleGate: { roles: ["IT Operations"] } });
            new PostLoginFlow("gate2-flow", { claims: { namespace: "https://k.example.com/", include: ["roles"] } });
            assert.throws(() => checkRoleGatesEnforced(), /AlbOidcLogin "gate2" roleGate \(roles "IT Operations"\)/);
        });

        it("GIVEN the gate claimed by the flow THEN the rules are registered and the program-end check passes", async () => {
            startProgram();
            const login = new AlbOidcLogin("gate3", { ...kibanaArgs(newLoadBalancer("gate3-lb")), roleGate: { roles: ["IT Operations"] } });
            new PostLoginFlow("gate3-flow", { roleGates: { kibana: login.roleGate! } });
            assert.doesNotThrow(() => checkRoleGatesEnforced());
            assert.deepEqual((await recordedOfType("gate3", RULE)).map((r) => r.name).sort(), ["gate3-rule-api", "gate3-rule-pages"]);
        });

        it("GIVEN a program run as Pulumi runs it (no test runner) THEN an unenforced gate fails it on beforeExit with exit code 1", async function () {
            this.timeout(60_000);
            const run = await runNode(`
                require("ts-node/register/transpile-only");
                const { setupMocks } = require("./test/support/mocks");
                setupMocks();
                const { AlbOidcLogin } = require("./components/alb/AlbOidcLogin");
                const { newLoadBalancer, TARGET_GROUP, tenant } = require("./test/alb/fixtures");
                new AlbOidcLogin("exit", { loadBalancer: newLoadBalancer("exit-lb"), tenant, hostnames: ["kibana.example.com"],
                    routes: [{ name: "pages", pathPatterns: ["/*"] }], targetGroupArn: TARGET_GROUP, priority: 100, roleGate: { roles: ["IT Operations"] } });
            `);
            assert.equal(run.code, 1, run.stderr);
            assert.match(run.stderr, /AlbOidcLogin "exit" roleGate \(roles "IT Operations"\)/);
        });

        it("WHEN the gate is passed to the tenant's PostLoginFlow THEN the deployed Action denies users without the role on this client only", async () => {
            startProgram();
            const login = new AlbOidcLogin("gate1", {
                ...kibanaArgs(newLoadBalancer("gate1-lb")),
                roleGate: { roles: ["IT Operations", "SRE"], message: "Kibana is for IT Operations." },
            });
            new PostLoginFlow("gate1-flow", { roleGates: { kibana: login.roleGate! } });
            const action = await recordedOne("auth0:index/action:Action", "edge-auth-role-gate");
            const code: string = action.inputs.code;

            const run = async (clientId: string, roles: string[]) => {
                const denied: string[] = [];
                const sandbox = { exports: {} as any };
                vm.runInNewContext(code, sandbox);
                await sandbox.exports.onExecutePostLogin(
                    { client: { client_id: clientId }, authorization: { roles } },
                    { access: { deny: (reason: string) => denied.push(reason) } },
                );
                return denied;
            };
            assert.deepEqual(await run("gate1-app-client-client-id", []), ["Kibana is for IT Operations."]);
            assert.deepEqual(await run("gate1-app-client-client-id", ["Developers"]), ["Kibana is for IT Operations."]);
            assert.deepEqual(await run("gate1-app-client-client-id", ["SRE"]), []);
            assert.deepEqual(await run("gate1-app-client-client-id", ["IT Operations"]), []);
            assert.deepEqual(await run("another-client", []), [], "other applications are not gated");
        });
    });

    describe("priorities on a shared listener", () => {
        it("GIVEN two components with disjoint ranges THEN all priorities are unique", async () => {
            const lb = newLoadBalancer("prio-lb");
            new AlbOidcLogin("prio-a", kibanaArgs(lb));
            new AlbOidcLogin("prio-b", { ...kibanaArgs(lb), hostnames: ["grafana.example.com"], priority: 102 });
            const rules = [...await recordedOfType("prio-a", RULE), ...await recordedOfType("prio-b", RULE)];
            assert.deepEqual(rules.map((r) => r.inputs.priority).sort(), [100, 101, 102, 103]);
        });

        it("GIVEN routes with their own priority THEN each rule carries it, the others count from the base, and the output lists them (issue 21)", async () => {
            const lb = newLoadBalancer("pin-lb");
            const login = new AlbOidcLogin("pin", { ...kibanaArgs(lb), routes: [
                { name: "health", pathPatterns: ["/health"], onUnauthenticatedRequest: "allow", priority: 40 },
                { name: "api", pathPatterns: ["/api/*"], onUnauthenticatedRequest: "deny" },
                { name: "reports", pathPatterns: ["/reports/*"], priority: 90 },
                { name: "pages", pathPatterns: ["/*"] },
            ] });
            assert.deepEqual([(await ruleInputs("pin-rule-health")).priority, (await ruleInputs("pin-rule-api")).priority,
                (await ruleInputs("pin-rule-reports")).priority, (await ruleInputs("pin-rule-pages")).priority], [40, 100, 90, 101]);
            assert.deepEqual(login.priorities, { health: 40, api: 100, reports: 90, pages: 101 });
            // Another component sees every held priority, pinned ones included.
            assert.throws(() => new AlbOidcLogin("pin-b", { ...kibanaArgs(lb), hostnames: ["grafana.example.com"], priority: 89 }),
                /AlbOidcLogin "pin-b": priority 89 collides with AlbOidcLogin "pin", which holds priorities 40, 90, 100-101 on the same listener \(clash at 90\)/);
        });

        it("GIVEN overlapping routes whose priorities contradict the list order THEN construction fails naming both and registers nothing", async () => {
            assert.throws(() => new AlbOidcLogin("misorder", { ...kibanaArgs(newLoadBalancer("lb-misorder")), routes: [
                { name: "reports", pathPatterns: ["/reports/*"], priority: 150 },
                { name: "pages", pathPatterns: ["/*"] },
            ] }), /AlbOidcLogin "misorder": routes\["pages"\]\.priority 100 is evaluated before routes\["reports"\] \(priority 150\), which is listed first, and some requests match both \(\/reports\/\* \/ \/\*\)\. Fix: list the routes in the order the ALB evaluates them, or give routes\["reports"\] a priority below 100/);
            assert.deepEqual(await recorded("misorder"), []);
        });

        it("GIVEN a route pattern with more than five wildcards THEN construction fails before AWS would refuse the rule", async () => {
            assert.throws(() => new AlbOidcLogin("wild", { ...kibanaArgs(newLoadBalancer("lb-wild")), routes: [{ name: "all", pathPatterns: ["/*/*/*", "/?/?/?"] }] }),
                /AlbOidcLogin "wild": routes\["all"\]\.pathPatterns .* gives the rule 6 wildcards/);
            assert.deepEqual(await recorded("wild"), []);
        });

        it("GIVEN overlapping ranges THEN the second fails naming the first and registers nothing", async () => {
            const lb = newLoadBalancer("clash-lb");
            new AlbOidcLogin("clash-a", kibanaArgs(lb));
            assert.throws(() => new AlbOidcLogin("clash-b", { ...kibanaArgs(lb), hostnames: ["grafana.example.com"], priority: 101 }),
                /AlbOidcLogin "clash-b": priority 101 collides with AlbOidcLogin "clash-a", which holds priorities 100-101 on the same listener/);
            assert.deepEqual(await recorded("clash-b"), []);
        });

        it("GIVEN two adoptions of the same listener ARN THEN the clash is still found", async () => {
            new AlbOidcLogin("arn-a", kibanaArgs(existingListener("arn-shared")));
            assert.throws(() => new AlbOidcLogin("arn-b", kibanaArgs(existingListener("arn-shared"))),
                /AlbOidcLogin "arn-b": priority 100 collides with AlbOidcLogin "arn-a"/);
        });

        it("GIVEN a catch-all route listed before a specific one THEN construction fails: the deny route would be dead (finding 10)", async () => {
            assert.throws(() => new AlbOidcLogin("order-a", {
                ...kibanaArgs(newLoadBalancer("order-lb")),
                routes: [{ name: "pages", pathPatterns: ["/*"] }, { name: "api", pathPatterns: ["/api/*"], onUnauthenticatedRequest: "deny" }],
            }), /AlbOidcLogin "order-a": routes\["api"\]\.pathPatterns \["\/api\/\*"\] comes after routes\["pages"\] \(\/\*\), which matches every request it matches, so it can never apply\. Fix: list specific paths/);
            assert.deepEqual(await recorded("order-a"), []);
        });

        it("GIVEN another component on the same host and listener evaluated first with a covering path THEN the later one fails naming both", async () => {
            const lb = newLoadBalancer("shadow-lb");
            new AlbOidcLogin("shadow-a", { ...kibanaArgs(lb), routes: [{ name: "all", pathPatterns: ["/*"] }], priority: 10 });
            assert.throws(() => new AlbOidcLogin("shadow-b", kibanaArgs(lb)),
                /AlbOidcLogin "shadow-b": priority 100 makes AlbOidcLogin "shadow-b" routes\["api"\] \(priority 100\) unreachable: AlbOidcLogin "shadow-a" routes\["all"\] \(priority 10\) on the same listener is evaluated first/);
            assert.deepEqual(await recorded("shadow-b"), []);
        });

        it("GIVEN a later component whose catch-all would steal nothing (other host) THEN both are accepted", async () => {
            const lb = newLoadBalancer("noshadow-lb");
            new AlbOidcLogin("noshadow-a", { ...kibanaArgs(lb), routes: [{ name: "all", pathPatterns: ["/*"] }], priority: 10 });
            assert.doesNotThrow(() => new AlbOidcLogin("noshadow-b", { ...kibanaArgs(lb), hostnames: ["grafana.example.com"] }));
        });

        it("GIVEN a failed construction THEN its priorities stay free", async () => {
            const lb = newLoadBalancer("free-lb");
            assert.throws(() => new AlbOidcLogin("free-a", { ...kibanaArgs(lb), scope: "email" }), /does not include openid/);
            new AlbOidcLogin("free-b", kibanaArgs(lb));
            assert.equal((await recordedOfType("free-b", RULE)).length, 2);
        });
    });

    describe("bad input fails at construction and registers nothing", () => {
        const cases: Array<[string, string, (lb: HttpsLoadBalancer) => Partial<AlbOidcLoginArgs<LogsScope>>, RegExp]> = [
            ["a hostname with a scheme", "bad-scheme", () => ({ hostnames: ["https://kibana.example.com"] }),
                /AlbOidcLogin "bad-scheme": hostnames\[0\] "https:\/\/kibana.example.com" includes a scheme\. Fix: write only the host name: "kibana.example.com"/],
            ["a hostname with a path", "bad-path", () => ({ hostnames: ["kibana.example.com/app"] }),
                /AlbOidcLogin "bad-path": hostnames\[0\] "kibana.example.com\/app" includes a path\. Fix: write only the host name: "kibana.example.com"/],
            ["a scope without openid", "bad-scope", () => ({ scope: "profile email" }),
                /AlbOidcLogin "bad-scope": scope "profile email" does not include openid\. Fix: write "openid profile email"/],
            ["a session timeout of 0", "bad-session-low", () => ({ sessionTimeout: 0 }),
                /AlbOidcLogin "bad-session-low": sessionTimeout 0 is out of range\. Fix: use a whole number of seconds \(at most 7 days\) from 1 to 604800/],
            ["a session timeout over 7 days", "bad-session-high", () => ({ sessionTimeout: 604801 }),
                /AlbOidcLogin "bad-session-high": sessionTimeout 604801 is out of range/],
            ["a priority out of range", "bad-prio", () => ({ priority: 50000 }),
                /AlbOidcLogin "bad-prio": priority 50000 leaves no room for 2 rules/],
            ["an unknown unauthenticated action", "bad-unauth", () => ({ routes: [{ name: "x", pathPatterns: ["/*"], onUnauthenticatedRequest: "redirect" as any }] }),
                /AlbOidcLogin "bad-unauth": routes\["x"\]\.onUnauthenticatedRequest "redirect" is not a valid action/],
            ["a relative path pattern", "bad-pattern", () => ({ routes: [{ name: "x", pathPatterns: ["api/*"] }] }),
                /AlbOidcLogin "bad-pattern": routes\["x"\]\.pathPatterns\[0\] "api\/\*" does not start with \//],
            ["an empty role gate", "bad-gate", () => ({ roleGate: { roles: [] } }),
                /AlbOidcLogin "bad-gate": roleGate\.roles \[\] is empty/],
            ["a scope that is not an API permission", "bad-api-scope", () => ({ api: newLogsApi("bad-api-scope-api"), scope: "openid delete:logs" }),
                /AlbOidcLogin "bad-api-scope": scope "delete:logs" is not a permission of the API/],
            ["an API of another tenant domain", "bad-api-tenant", () => ({ api: newLogsApi("bad-api-tenant-api", { tenant: { domain: "other.eu.auth0.com" } }) }),
                /AlbOidcLogin "bad-api-tenant": api "https:\/\/other.eu.auth0.com\/" belongs to another tenant domain than https:\/\/acme.us.auth0.com\//],
            ["an existing application without the ALB callback", "bad-app", () => ({
                application: new WebApplication("bad-app-web", { callbackUrls: ["https://kibana.example.com/callback"], logoutUrls: ["https://kibana.example.com/"] }),
            }), /AlbOidcLogin "bad-app": application\.callbackUrls \["https:\/\/kibana.example.com\/callback"\] lacks https:\/\/kibana.example.com\/oauth2\/idpresponse\. Fix: .*400 invalid redirect_uri/],
            ["an existing application without the logout URL", "bad-logout", () => ({
                application: new WebApplication("bad-logout-web", { callbackUrls: ["https://kibana.example.com/oauth2/idpresponse"] }),
            }), /AlbOidcLogin "bad-logout": application\.logoutUrls \[\] lacks https:\/\/kibana.example.com\//],
            ["an audience in extra params", "bad-extra", () => ({ authenticationRequestExtraParams: { audience: "urn:x" } }),
                /AlbOidcLogin "bad-extra": authenticationRequestExtraParams\.audience "urn:x" is set by the ALB or by edge-auth\. Fix: pass api/],
            ["too many condition values", "bad-values", () => ({
                hostnames: ["a.example.com", "b.example.com", "c.example.com"], routes: [{ name: "x", pathPatterns: ["/a", "/b", "/c"] }],
            }), /AlbOidcLogin "bad-values": routes\["x"\]\.pathPatterns .* gives the rule 6 condition values/],
            ["a load balancer reference without its load balancer ARN", "bad-lb", () => ({ loadBalancer: { listenerArn: "arn", listenerKey: "arn" } as any }),
                /AlbOidcLogin "bad-lb": loadBalancer\.loadBalancerArn \(missing\) is missing\. Fix: pass an HttpsLoadBalancer, or \{ listenerArn, loadBalancerArn \}/],
        ];
        for (const [what, name, mutate, message] of cases) {
            it(`GIVEN ${what} THEN construction throws`, async () => {
                const lb = existingListener(`${name}-listener`);
                const args = { ...kibanaArgs(lb), ...mutate(lb) };
                assert.throws(() => new AlbOidcLogin(name, args), message);
                assert.deepEqual(await recordedOfType(name, RULE), []);
                assert.deepEqual((await recorded(name)).filter((r) => !r.name.startsWith(`${name}-listener`) && !r.name.startsWith(`${name}-api`) && !r.name.startsWith(`${name}-web`)), []);
            });
        }
    });
});
