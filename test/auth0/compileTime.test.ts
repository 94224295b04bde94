import { strict as assert } from "assert";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { MachineApplication } from "../../components/auth0/MachineApplication";
import { PostLoginFlow } from "../../components/auth0/PostLoginFlow";
import { recorded, setupMocks } from "../support/mocks";

// `npm test` type-checks this file before mocha runs it: each `@ts-expect-error` below fails the
// type-check if the line after it ever compiles, so these are compile-time tests as well.
describe("permissions are typed: undeclared names fail to compile and fail at construction", () => {
    before(() => setupMocks());

    const build = (name: string) => new Auth0Api(name, {
        tenant: { domain: "acme.auth0.com" },
        identifier: "urn:typed",
        permissions: [{ name: "read:colors" }, { name: "write:colors" }],
    });

    it("infers the permission names from the declaration", () => {
        const api = build("typed-api-0");
        const names: ReadonlyArray<"read:colors" | "write:colors"> = api.permissionNames;
        assert.deepEqual(names, ["read:colors", "write:colors"]);
    });

    it("a grant naming an undeclared scope", async () => {
        const api = build("typed-api-1");
        // @ts-expect-error "read:colours" is not a declared permission
        assert.throws(() => new MachineApplication("typed-m2m", { api, scopes: ["read:colours"] }), /"read:colours" is not a permission of the API/);
        assert.deepEqual(await recorded("typed-m2m"), []);
    });

    it("connection scopes naming an undeclared scope", async () => {
        const api = build("typed-api-2");
        // @ts-expect-error "delete:colors" is not a declared permission
        assert.throws(() => new PostLoginFlow("typed-flow", { connectionScopes: { api, scopes: { amazon: ["delete:colors"] } } }), /"delete:colors" is not a permission of the API/);
        assert.deepEqual(await recorded("typed-flow"), []);
    });

    it("a role naming an undeclared permission", () => {
        assert.throws(() => new Auth0Api("typed-api-3", {
            tenant: { domain: "acme.auth0.com" },
            identifier: "urn:typed",
            permissions: [{ name: "read:colors" }],
            // @ts-expect-error "write:colors" is not declared in this API
            roles: [{ name: "writer", permissions: ["write:colors"] }],
        }), /roles\["writer"\]\.permissions "write:colors" is not a permission of the API/);
    });
});
