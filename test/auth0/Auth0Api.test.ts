import { strict as assert } from "assert";
import { Auth0Api, Auth0ApiArgs } from "../../components/auth0/Auth0Api";
import { recorded, recordedOfType, recordedOne, resolve, setupMocks } from "../support/mocks";
import { startProgram } from "../support/programState";

const tenant = { domain: "acme.us.auth0.com" };

function colorsArgs(): Auth0ApiArgs<"read:colors" | "write:colors"> {
    return {
        tenant,
        identifier: "urn:colors-api",
        permissions: [
            { name: "read:colors", description: "Read colors" },
            { name: "write:colors" },
        ],
        roles: [
            { name: "admin", permissions: ["read:colors", "write:colors"] },
            { name: "IT Operations", permissions: ["read:colors"] },
        ],
    };
}

describe("Auth0Api", () => {
    before(() => setupMocks());
    // Children are named after the identifier, which several tests share: one program each.
    beforeEach(() => startProgram());

    it("creates an RS256 resource server with RBAC and the permissions dialect", async () => {
        const api = new Auth0Api("colors", colorsArgs());
        const server = await recordedOne("auth0:index/resourceServer:ResourceServer", "api-urn-colors-api");
        assert.deepEqual(server.inputs, {
            name: "colors",
            identifier: "urn:colors-api",
            signingAlg: "RS256",
            enforcePolicies: true,
            tokenDialect: "access_token_authz",
            tokenLifetime: 86400,
            tokenLifetimeForWeb: 7200,
            allowOfflineAccess: false,
            skipConsentForVerifiableFirstPartyClients: true,
        });
        assert.equal(await resolve(api.audience), "urn:colors-api");
        assert.equal(await resolve(api.issuer), "https://acme.us.auth0.com/");
        assert.deepEqual(await resolve(api.permissions), ["read:colors", "write:colors"]);
    });

    it("declares all permissions in one authoritative ResourceServerScopes", async () => {
        new Auth0Api("colors2", colorsArgs());
        const scopes = await recordedOne("auth0:index/resourceServerScopes:ResourceServerScopes", "api-urn-colors-api-permissions");
        assert.deepEqual(scopes.inputs, {
            resourceServerIdentifier: "urn:colors-api",
            scopes: [
                { name: "read:colors", description: "Read colors" },
                { name: "write:colors", description: "write:colors" },
            ],
        });
    });

    it("creates a Role and RolePermissions per role, named by the role key alone (neither the identifier nor the component: issue 21)", async () => {
        const api = new Auth0Api("colors3", colorsArgs());
        const itOps = await recordedOne("auth0:index/role:Role", "role-it-operations");
        assert.deepEqual(itOps.inputs, { name: "IT Operations", description: "IT Operations (managed by edge-auth)" });
        const perms = await recordedOne("auth0:index/rolePermissions:RolePermissions", "role-admin-permissions");
        assert.deepEqual(perms.inputs, {
            roleId: "role-admin-id",
            permissions: [
                { name: "read:colors", resourceServerIdentifier: "urn:colors-api" },
                { name: "write:colors", resourceServerIdentifier: "urn:colors-api" },
            ],
        });
        assert.deepEqual(await resolve(api.roleIds), { admin: "role-admin-id", "IT Operations": "role-it-operations-id" });
    });

    it("keeps the resource count constant as permissions grow", async () => {
        const many = Array.from({ length: 50 }, (_, i) => ({ name: `scope:${i}` }));
        new Auth0Api("big", { tenant, identifier: "https://big.example.com/", permissions: many });
        const resources = [...await recorded("big"), ...await recorded("api-https-big-example-com")];
        assert.deepEqual(resources.map((r) => r.type).sort(), [
            "auth0:index/resourceServer:ResourceServer",
            "auth0:index/resourceServerScopes:ResourceServerScopes",
            "edge-auth:index:Auth0Api",
        ]);
    });

    it("passes options through with validated lifetimes", async () => {
        new Auth0Api("opts", { ...colorsArgs(), tokenLifetime: 3600, allowOfflineAccess: true, skipConsentForVerifiableFirstPartyClients: false });
        const server = await recordedOne("auth0:index/resourceServer:ResourceServer", "api-urn-colors-api");
        assert.equal(server.inputs.tokenLifetime, 3600);
        assert.equal(server.inputs.tokenLifetimeForWeb, 3600);
        assert.equal(server.inputs.allowOfflineAccess, true);
        assert.equal(server.inputs.skipConsentForVerifiableFirstPartyClients, false);
    });

    it("GIVEN RBAC off THEN the plain access_token dialect, since the permissions claim belongs with RBAC (finding 9)", async () => {
        const api = new Auth0Api("norbac", { ...colorsArgs(), enforcePolicies: false });
        const server = await recordedOne("auth0:index/resourceServer:ResourceServer", "api-urn-colors-api");
        assert.equal(server.inputs.enforcePolicies, false);
        assert.equal(server.inputs.tokenDialect, "access_token");
        assert.equal(api.rbacEnabled, false);
    });

    it("GIVEN a role key THEN the role's resources are keyed by it, and the display name is only an input (finding 3)", async () => {
        const api = new Auth0Api("keyed", { ...colorsArgs(), roles: [{ key: "it-operations", name: "IT Ops (on call)", permissions: ["read:colors"] }] });
        const role = await recordedOne("auth0:index/role:Role", "role-it-operations");
        assert.equal(role.inputs.name, "IT Ops (on call)");
        assert.deepEqual(Object.keys(await resolve(api.roleIds)), ["IT Ops (on call)"]);
    });

    it("GIVEN two roles with the same key THEN construction fails naming the key", () => {
        assert.throws(() => new Auth0Api("dupkey", { ...colorsArgs(), roles: [
            { key: "ops", name: "Ops", permissions: ["read:colors"] },
            { key: "ops", name: "Operations", permissions: ["read:colors"] },
        ] }), /Auth0Api "dupkey": roles "ops" is declared twice\. Fix: declare each role key once/);
    });

    it("exposes allowOfflineAccess plainly, off by default", () => {
        assert.equal(new Auth0Api("offline0", colorsArgs()).offlineAccess, false);
        assert.equal(new Auth0Api("offline1", { ...colorsArgs(), identifier: "urn:other", allowOfflineAccess: true }).offlineAccess, true);
    });

    it("checks references against declared permissions", () => {
        const api = new Auth0Api("refs", colorsArgs());
        assert.deepEqual(api.requirePermissions("scopes", ["read:colors"]), ["read:colors"]);
        assert.throws(() => api.requirePermissions("routes[\"GET /x\"].scopes", ["read:colour"]),
            /routes\["GET \/x"\]\.scopes "read:colour" is not a permission of the API\. Fix: declare it in the API's permissions or use one of: read:colors, write:colors/);
    });

    describe("rejects bad arguments at construction, creating nothing", () => {
        const cases: Array<[string, (a: Auth0ApiArgs<string>) => void, RegExp]> = [
            ["an unknown permission in a role", (a) => { a.roles = [{ name: "admin", permissions: ["delete:colors"] }]; },
                /Auth0Api "bad-\d+": roles\["admin"\]\.permissions "delete:colors" is not a permission of the API/],
            ["an identifier with whitespace", (a) => { a.identifier = "urn:colors api"; }, /identifier "urn:colors api" contains whitespace/],
            ["an identifier without a scheme", (a) => { a.identifier = "colors-api"; }, /identifier "colors-api" is not a URI\. Fix: prefix it with a scheme, e\.g\. "https:\/\/colors-api" or "urn:colors-api"/],
            ["the Management API as identifier", (a) => { a.identifier = "https://acme.us.auth0.com/api/v2/"; }, /is the Auth0 Management API/],
            ["no permissions", (a) => { a.permissions = []; }, /permissions \[\] is empty/],
            ["an empty permission name", (a) => { a.permissions = [{ name: "" }]; }, /permissions\[0\]\.name "" must be a non-empty permission name/],
            ["a permission with whitespace", (a) => { a.permissions = [{ name: "read colors" }]; }, /permissions\[0\]\.name "read colors" contains whitespace/],
            ["a duplicate permission", (a) => { a.permissions = [{ name: "read:colors" }, { name: "read:colors" }]; }, /permissions "read:colors" is declared twice\. Fix: declare each permission once/],
            ["a duplicate role", (a) => { a.roles = [{ name: "admin", permissions: ["read:colors"] }, { name: "admin", permissions: ["read:colors"] }]; }, /roles "admin" is declared twice/],
            ["roles whose names collide as resource names", (a) => { a.roles = [{ name: "IT Ops", permissions: ["read:colors"] }, { name: "it-ops", permissions: ["read:colors"] }]; }, /roles "it-ops" names the same resource as "IT Ops"/],
            ["a role without permissions", (a) => { a.roles = [{ name: "empty", permissions: [] }]; }, /roles\["empty"\]\.permissions \[\] is empty/],
            ["a token lifetime above Auth0's maximum", (a) => { a.tokenLifetime = 2_592_001; }, /tokenLifetime 2592001 is out of range\. Fix: use a whole number of seconds from 1 to 2592000/],
            ["a browser lifetime above the API lifetime", (a) => { a.tokenLifetime = 600; a.tokenLifetimeForWeb = 900; }, /tokenLifetimeForWeb 900 exceeds tokenLifetime \(600\)/],
            ["an unknown signing algorithm", (a) => { a.signingAlg = "ES256" as any; }, /signingAlg "ES256" is not supported/],
            ["a tenant domain with a path", (a) => { a.tenant = { domain: "acme.auth0.com/x" }; }, /tenant\.domain "acme\.auth0\.com\/x" contains a path/],
        ];
        cases.forEach(([what, mutate, message], i) => {
            it(what, async () => {
                const args = colorsArgs() as Auth0ApiArgs<string>;
                mutate(args);
                assert.throws(() => new Auth0Api(`bad-${i}`, args), message);
                assert.deepEqual(await recorded(`bad-${i}`), []);
            });
        });
    });
});
