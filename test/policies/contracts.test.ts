import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { READABLE_CONTRACT_VERSIONS as PACKAGE_VERSIONS, apiContract } from "../../components/crossstack/contracts";
import { READABLE_CONTRACT_VERSIONS, SYNC_POLICIES, readIdentityContracts, withIdentityContracts } from "../../policies/lib/contracts";
import * as YAML from "yaml";
import { applicationProgram } from "../../stacks/split/application";
import { CapturedResource, captureStack, evaluate, loadPolicyConfig, violationsOf } from "../support/policyHarness";
import { clearRecords, registerRequests, setStackOutputs, settle, setupMocks } from "../support/mocks";

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

describe("GIVEN an application stack alone WHEN the pack has the identity stack's contracts", function () {
    this.timeout(60_000);
    let stack: CapturedResource[];
    const dev = loadPolicyConfig("dev");

    before(async () => {
        // The reference application stack (apps-dev), as the engine would show it to the pack.
        const config = YAML.parse(fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.apps-dev.yaml"), "utf8")).config;
        await settle();
        setupMocks({ "aws:region": config["aws:region"] });
        setStackOutputs();
        const start = registerRequests.length;
        await applicationProgram(config["edge-auth:application"]);
        await settle();
        stack = await captureStack(registerRequests.slice(start));
        // Its names ("ops", "colors-http") are the reference program's: keep them from later files.
        clearRecords();
    });

    /** The sync policies' findings, every level, for the contracts given (mutated or not). */
    async function syncFindings(change?: (outputs: Record<string, any>) => void) {
        const outputs = JSON.parse(JSON.stringify(identityOutputs));
        change?.(outputs);
        const violations = await evaluate(stack, withIdentityContracts(dev, outputs));
        return violations.filter((v) => SYNC_POLICIES.includes(v.policyName));
    }

    it("THEN scopes, issuers and ALB callbacks are decided, and the compliant stack passes", async () => {
        const without = (await evaluate(stack, dev)).filter((v) => SYNC_POLICIES.includes(v.policyName));
        assert.ok(without.some((v) => /cannot be decided/.test(v.message)), "without contracts the checks cannot see the identity stack");
        assert.deepEqual(await syncFindings(), []);
    });

    it("THEN a scope the identity stack does not declare is a mandatory violation", async () => {
        const found = violationsOf(await syncFindings((o) => { o.colorsApi.permissionNames = ["write:colors"]; }), "edge-auth-scopes-exist-on-api");
        assert.equal(found.length, 1, JSON.stringify(found));
        assert.match(found[0].message, /route "GET \/my\/colors" uses scope\(s\) read:colors that the Auth0 API \["urn:colors-api"\] does not declare \(declared: write:colors\)/);
    });

    it("THEN an issuer other than the identity stack's is a mandatory violation", async () => {
        const found = violationsOf(await syncFindings((o) => {
            for (const contract of Object.values(o)) {
                contract.identityProvider.issuer = "https://edge-auth-other.eu.auth0.com/";
            }
        }), "edge-auth-issuer-matches-tenant");
        assert.ok(found.length > 0);
        assert.match(found[0].message, /has issuer "https:\/\/edge-auth-dev\.eu\.auth0\.com\/", which is not the issuer/);
    });

    it("THEN a host the identity stack did not register is a violation", async () => {
        // dev reports this policy as advisory (prod: mandatory); the finding is a violation, not "cannot be decided".
        const found = violationsOf(await syncFindings((o) => { o.opsLogin.callbackUrls = []; }), "auth0-client-register-alb-callbacks", "advisory");
        assert.equal(found.length, 2, "one per login rule");
        assert.match(found[0].message, /serves host ops\.dev\.edge-auth\.example\.com, but client "ops-login-client-client-id \(identity stack\)" does not list https:\/\/ops\.dev\.edge-auth\.example\.com\/oauth2\/idpresponse in callbacks/);
    });

    it("THEN a contract version the pack does not know is a mandatory violation", async () => {
        const found = violationsOf(await syncFindings((o) => { o.colorsApi.version = 2; }), "edge-auth-scopes-exist-on-api");
        assert.ok(found.some((v) => /has contract version 2, which this pack does not know/.test(v.message)), JSON.stringify(found));
    });
});
