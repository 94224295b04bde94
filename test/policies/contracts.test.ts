import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { READABLE_CONTRACT_VERSIONS as PACKAGE_VERSIONS, apiContract } from "../../components/crossstack/contracts";
import { READABLE_CONTRACT_VERSIONS, readIdentityContracts } from "../../policies/lib/contracts";

const ROOT = path.resolve(__dirname, "../..");
/** The identity stack's outputs as the reference application stack reads them. */
const identityOutputs = JSON.parse(fs.readFileSync(path.join(ROOT, "stacks", "stack-outputs", "apps-dev.json"), "utf8"))["acme/edge-auth/identity-dev"];

describe("the identity stack's contracts in the pack config", () => {
    it("reads the versions the package writes", () => {
        assert.deepEqual(READABLE_CONTRACT_VERSIONS, PACKAGE_VERSIONS);
    });

    it("GIVEN the identity stack's outputs THEN it knows each API's scopes, the issuer and each client's callbacks", () => {
        const read = readIdentityContracts(Object.values(identityOutputs));
        assert.deepEqual(read.problems, []);
        assert.deepEqual([...read.apis.get("urn:colors-api")!], ["read:colors"]);
        assert.deepEqual([...read.apis.get("urn:ops-api")!], ["read:status", "write:events"]);
        assert.deepEqual([...read.issuers], ["https://edge-auth-dev.eu.auth0.com/"]);
        assert.deepEqual([...read.callbacks.get("ops-login-client-client-id")!], ["https://ops.dev.edge-auth.example.com/oauth2/idpresponse"]);
    });

    it("GIVEN an unknown version or a broken contract THEN each is a problem naming it; other values are ignored", () => {
        const api = JSON.parse(JSON.stringify(identityOutputs.colorsApi));
        const read = readIdentityContracts([{ ...api, version: 2 }, { ...api, permissionNames: "read:colors" }, "[secret]", { monitor: "id" }]);
        assert.equal(read.problems.length, 2);
        assert.match(read.problems[0], /identityContracts\[0\] \(edge-auth:api\) has contract version 2, which this pack does not know \(it reads 1\)/);
        assert.match(read.problems[1], /identityContracts\[1\] \(edge-auth:api\) lacks identifier or permissionNames/);
        assert.equal(read.apis.size, 0);
    });

    it("reads a contract built by apiContract as is", () => {
        const fromPackage = apiContract({ ...identityOutputs.moviesApi });
        assert.deepEqual([...readIdentityContracts([fromPackage]).apis.get("urn:movies-api")!], ["read:Movies", "read:Devices"]);
    });
});
