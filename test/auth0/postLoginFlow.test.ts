import { strict as assert } from "assert";
import * as auth0 from "@pulumi/auth0";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { PostLoginFlow, PostLoginFlowArgs } from "../../components/auth0/PostLoginFlow";
import { WebApplication } from "../../components/auth0/WebApplication";
import { claimsActionCode, normalizeNamespace } from "../../components/auth0/actionCode";
import { runPostLogin } from "../support/actions";
import { checkRoleGatesEnforced } from "../../components/auth0/flowOwnership";
import { recorded, recordedOne, registerRequests, resolve, setupMocks } from "../support/mocks";
import { startProgram } from "../support/programState";

const ACTION = "auth0:index/action:Action";

function moviesApi(name: string) {
    return new Auth0Api(name, {
        tenant: { domain: "acme.eu.auth0.com" },
        identifier: "https://movies.example.com/",
        permissions: [{ name: "read:Movies" }, { name: "read:Devices" }],
    });
}

async function actionCode(name: string): Promise<string> {
    return (await recordedOne(ACTION, name)).inputs.code;
}

describe("PostLoginFlow", () => {
    before(() => setupMocks());
    // A tenant has one flow per program, and its children have fixed names: one program each.
    beforeEach(() => startProgram());

    it("GIVEN gate, scopes and claims THEN three node22 post-login v3 actions are deployed and bound gate-first", async () => {
        const api = moviesApi("flow-api");
        const kibana = new WebApplication("flow-kibana", { callbackUrls: ["https://kibana.example.com/oauth2/idpresponse"] });
        const flow = new PostLoginFlow("flow", {
            roleGates: { kibana: { clientId: kibana.clientId, roles: ["IT Operations"] } },
            connectionScopes: { api, scopes: { "google-oauth2": ["read:Devices"], amazon: ["read:Movies"] } },
            claims: { api, namespace: "https://movies.example.com", include: ["roles", "email", "email_verified"] },
        });
        for (const role of ["role-gate", "connection-scopes", "claims"]) {
            const action = await recordedOne(ACTION, `edge-auth-${role}`);
            assert.equal(action.inputs.runtime, "node22");
            assert.deepEqual(action.inputs.supportedTriggers, { id: "post-login", version: "v3" });
            assert.equal(action.inputs.deploy, true);
            assert.equal(action.inputs.name, `edge-auth-${role}`);
        }
        const binding = await recordedOne("auth0:index/triggerActions:TriggerActions", "edge-auth-post-login");
        assert.deepEqual(binding.inputs, {
            trigger: "post-login",
            actions: [
                { id: "edge-auth-role-gate-id", displayName: "edge-auth role gate" },
                { id: "edge-auth-connection-scopes-id", displayName: "edge-auth connection scopes" },
                { id: "edge-auth-claims-id", displayName: "edge-auth claims" },
            ],
        });
        assert.deepEqual(await resolve(flow.actionIds), ["edge-auth-role-gate-id", "edge-auth-connection-scopes-id", "edge-auth-claims-id"]);
    });

    describe("the role gate (seed 000: only IT Operations may reach Kibana)", () => {
        let code: string;
        before(async () => {
            startProgram();
            const kibana = new WebApplication("gate-kibana", { callbackUrls: ["https://kibana.example.com/oauth2/idpresponse"] });
            new PostLoginFlow("gate", { roleGates: { kibana: { clientId: kibana.clientId, roles: ["IT Operations"], message: "Kibana is for IT Operations" } } });
            code = await actionCode("edge-auth-role-gate");
        });

        it("denies a user without the role on the gated client", async () => {
            const outcome = await runPostLogin(code, { client: { client_id: "gate-kibana-client-client-id" }, authorization: { roles: ["Marketing"] } });
            assert.equal(outcome.denied, "Kibana is for IT Operations");
        });

        it("denies a user with no roles at all", async () => {
            const outcome = await runPostLogin(code, { client: { client_id: "gate-kibana-client-client-id" } });
            assert.equal(outcome.denied, "Kibana is for IT Operations");
        });

        it("lets a member of IT Operations in", async () => {
            const outcome = await runPostLogin(code, { client: { client_id: "gate-kibana-client-client-id" }, authorization: { roles: ["Marketing", "IT Operations"] } });
            assert.equal(outcome.denied, undefined);
        });

        it("leaves other clients alone", async () => {
            const outcome = await runPostLogin(code, { client: { client_id: "another-client" }, authorization: { roles: [] } });
            assert.equal(outcome.denied, undefined);
        });
    });

    describe("connection scopes (seed 004)", () => {
        let code: string;
        before(async () => {
            startProgram();
            new PostLoginFlow("conn", { connectionScopes: { api: moviesApi("conn-api"), scopes: { "google-oauth2": ["read:Devices"], amazon: ["read:Movies"] } } });
            code = await actionCode("edge-auth-connection-scopes");
        });
        const forApi = { identifier: "https://movies.example.com/" };

        it("adds read:Devices for google-oauth2 logins", async () => {
            const outcome = await runPostLogin(code, { connection: { name: "google-oauth2", strategy: "google-oauth2" }, resource_server: forApi });
            assert.deepEqual(outcome.addedScopes, ["read:Devices"]);
        });

        it("adds read:Movies for amazon logins", async () => {
            const outcome = await runPostLogin(code, { connection: { name: "amazon", strategy: "amazon" }, resource_server: forApi });
            assert.deepEqual(outcome.addedScopes, ["read:Movies"]);
        });

        it("adds nothing for other connections, including inherited property names", async () => {
            for (const name of ["Username-Password-Authentication", "constructor", "__proto__"]) {
                const outcome = await runPostLogin(code, { connection: { name, strategy: "auth0" }, resource_server: forApi });
                assert.deepEqual(outcome.addedScopes, [], name);
            }
        });

        it("adds nothing to tokens for another audience", async () => {
            const outcome = await runPostLogin(code, { connection: { name: "amazon", strategy: "amazon" }, resource_server: { identifier: "urn:other" } });
            assert.deepEqual(outcome.addedScopes, []);
        });
    });

    describe("namespaced claims (seed 003)", () => {
        let code: string;
        before(async () => {
            startProgram();
            new PostLoginFlow("claims", { claims: { api: moviesApi("claims-api"), namespace: "http://sandrino", include: ["roles", "email", "email_verified"] } });
            code = await actionCode("edge-auth-claims");
        });
        const user = { email: "ada@example.com", email_verified: true };

        it("puts roles, email and email_verified on both tokens for the API's audience", async () => {
            const outcome = await runPostLogin(code, { user, authorization: { roles: ["admin", "member"] }, resource_server: { identifier: "https://movies.example.com/" } });
            const expected = { "http://sandrino/roles": ["admin", "member"], "http://sandrino/email": "ada@example.com", "http://sandrino/email_verified": true };
            assert.deepEqual(outcome.accessTokenClaims, expected);
            assert.deepEqual(outcome.idTokenClaims, expected);
        });

        it("keeps access tokens for other audiences clean but still fills the ID token", async () => {
            const outcome = await runPostLogin(code, { user, authorization: { roles: ["admin"] }, resource_server: { identifier: "urn:other" } });
            assert.deepEqual(outcome.accessTokenClaims, {});
            assert.equal(outcome.idTokenClaims["http://sandrino/email"], "ada@example.com");
        });

        it("writes an empty role list rather than nothing when the user has no roles", async () => {
            const outcome = await runPostLogin(code, { user, resource_server: { identifier: "https://movies.example.com/" } });
            assert.deepEqual(outcome.accessTokenClaims["http://sandrino/roles"], []);
        });

        it("limits claims to the ID token when asked", async () => {
            const idOnly = claimsActionCode({ namespace: "https://x.example.com/", include: ["email"], tokens: ["id"] });
            const outcome = await runPostLogin(idOnly, { user });
            assert.deepEqual(outcome.accessTokenClaims, {});
            assert.deepEqual(outcome.idTokenClaims, { "https://x.example.com/email": "ada@example.com" });
        });
    });

    it("keeps existing actions bound after edge-auth's", async () => {
        new PostLoginFlow("keep", { claims: { namespace: "https://k.example.com/", include: ["email"] }, existingActions: [{ id: "act-legacy", displayName: "legacy" }] });
        const binding = await recordedOne("auth0:index/triggerActions:TriggerActions", "edge-auth-post-login");
        assert.deepEqual(binding.inputs.actions, [{ id: "edge-auth-claims-id", displayName: "edge-auth claims" }, { id: "act-legacy", displayName: "legacy" }]);
    });

    describe("one owner of the tenant's flow, for the life of the stack (finding 1)", () => {
        it("GIVEN a second flow in the program THEN construction fails naming both, and the second registers nothing", async () => {
            new PostLoginFlow("colors-login", { claims: { namespace: "https://c.example.com/", include: ["email"] } });
            assert.throws(() => new PostLoginFlow("tenant-post-login", { claims: { namespace: "https://c.example.com/", include: ["roles"] } }),
                /PostLoginFlow "tenant-post-login": .*second post-login flow for the same tenant; PostLoginFlow "colors-login" already owns it.*Fix: create one PostLoginFlow per tenant/);
            assert.deepEqual(await recorded("tenant-post-login"), []);
        });

        it("GIVEN a flow for another tenant (its own provider) THEN both are allowed", () => {
            new PostLoginFlow("tenant-a", { claims: { namespace: "https://a.example.com/", include: ["email"] } });
            const other = new auth0.Provider("tenant-b-provider", { domain: "b.eu.auth0.com" });
            assert.doesNotThrow(() => new PostLoginFlow("tenant-b", { claims: { namespace: "https://b.example.com/", include: ["email"] } }, { provider: other }));
            const third = new auth0.Provider("tenant-c-provider", { domain: "c.eu.auth0.com" });
            assert.doesNotThrow(() => new PostLoginFlow("tenant-c", { claims: { namespace: "https://c.example.com/", include: ["email"] } }, { providers: [third] }));
            assert.throws(() => new PostLoginFlow("tenant-c2", { claims: { namespace: "https://c.example.com/", include: ["email"] } }, { providers: { auth0: third } }),
                /PostLoginFlow "tenant-c" already owns it/);
        });

        it("GIVEN any component name THEN the binding and actions have the same fixed names, so a rename changes no URN", async () => {
            new PostLoginFlow("renamed-flow", { claims: { namespace: "https://c.example.com/", include: ["email"] } });
            await recordedOne("auth0:index/triggerActions:TriggerActions", "edge-auth-post-login");
            await recordedOne(ACTION, "edge-auth-claims");
            assert.deepEqual((await recorded("renamed-flow")).map((r) => r.type), ["edge-auth:index:PostLoginFlow"]);
        });

        it("THEN the binding depends on every action it binds (Pulumi rewrites it before deleting a removed action)", async () => {
            new PostLoginFlow("deps", {
                roleGates: { app: { clientId: "abc", roles: ["admin"] } },
                claims: { namespace: "https://c.example.com/", include: ["email"] },
            });
            await recordedOne("auth0:index/triggerActions:TriggerActions", "edge-auth-post-login");
            const request = registerRequests.find((r) => r.getName() === "edge-auth-post-login");
            const deps: string[] = request.getDependenciesList();
            for (const action of ["edge-auth-role-gate", "edge-auth-claims"]) {
                assert.ok(deps.some((urn) => urn.endsWith(`::${action}`)), `binding lacks a dependency on ${action}: ${deps.join(", ")}`);
            }
        });

        it("GIVEN a gate declared for the flow elsewhere and claimed here THEN the program-end check passes", () => {
            new PostLoginFlow("claimed", { roleGates: { app: { clientId: "abc", roles: ["admin"] } } });
            assert.doesNotThrow(() => checkRoleGatesEnforced());
        });
    });

    describe("claim namespaces", () => {
        it("appends the trailing slash", () => assert.equal(normalizeNamespace("ns", "https://example.com"), "https://example.com/"));
        it("rejects a bare word", () => assert.throws(() => normalizeNamespace("ns", "roles"), /ns "roles" is not a URL namespace/));
        it("rejects Auth0's own domains", () => assert.throws(() => normalizeNamespace("ns", "https://acme.auth0.com/"), /ns "https:\/\/acme\.auth0\.com\/" contains auth0\.com, which Auth0 reserves/));
        // Issue 12, finding 6: Auth0 refuses any namespace containing its domains, not only the domains.
        for (const ns of ["https://myauth0.com/", "https://auth0.com.example.org/", "https://MyAuth0.COM/", "https://claims.webtask.io/", "https://x-webtask.run.example.com/", "https://webtask.run/"]) {
            it(`rejects ${ns}`, () => assert.throws(() => normalizeNamespace("ns", ns), /which Auth0 reserves\. Fix: use a domain of your own/));
        }
        it("accepts a namespace that only looks alike", () => assert.equal(normalizeNamespace("ns", "https://auth0-claims.example.com"), "https://auth0-claims.example.com/"));
    });

    describe("rejects bad arguments at construction, creating nothing", () => {
        const cases: Array<[string, (api: Auth0Api<"read:Movies" | "read:Devices">) => PostLoginFlowArgs<any>, RegExp]> = [
            ["an undeclared connection scope", (api) => ({ connectionScopes: { api, scopes: { amazon: ["read:Series" as any] } } }),
                /PostLoginFlow "badflow-\d": connectionScopes\.scopes\["amazon"\] "read:Series" is not a permission of the API/],
            ["connection scopes without an API", () => ({ connectionScopes: { scopes: { amazon: ["read:Movies"] } } as any }), /connectionScopes\.api \(missing\) is missing\. Fix: pass an Auth0Api, or \{ identifier, identityProvider/],
            ["a connection with no scopes", (api) => ({ connectionScopes: { api, scopes: { amazon: [] } } }), /connectionScopes\.scopes\["amazon"\] \[\] is empty/],
            ["connection scopes with no connection", (api) => ({ connectionScopes: { api, scopes: {} } }), /connectionScopes\.scopes \{\} is empty/],
            ["a gate without roles", () => ({ roleGates: { kibana: { clientId: "abc", roles: [] } } }), /roleGates\["kibana"\]\.roles \[\] is empty/],
            ["a claim that is not supported", () => ({ claims: { namespace: "https://x.example.com/", include: ["password" as any] } }), /claims\.include "password" is not a supported claim/],
            ["a claims namespace that is not a URL", () => ({ claims: { namespace: "x", include: ["email"] } }), /claims\.namespace "x" is not a URL namespace/],
            ["a flow that declares nothing", () => ({}), /declare nothing\. Fix: set claims, roleGates, connectionScopes or existingActions/],
        ];
        cases.forEach(([what, build, message], i) => {
            it(what, async () => {
                const api = moviesApi(`badflow-api-${i}`);
                assert.throws(() => new PostLoginFlow(`badflow-${i}`, build(api)), message);
                assert.deepEqual(await recorded(`badflow-${i}`), []);
            });
        });
    });
});
