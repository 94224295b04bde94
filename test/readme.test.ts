import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as vm from "vm";
import { clearRecords, recordedOne, resolve, settle, setupMocks } from "./support/mocks";

const ROOT = path.resolve(__dirname, "..");

/** The README's first TypeScript block: the example a newcomer copies first. */
function firstExample(): string {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const match = /```ts\n([\s\S]*?)```/.exec(readme);
    assert.ok(match, "README.md has a ts example");
    return match[1];
}

describe("README first example", () => {
    before(() => setupMocks());

    it("runs as written (importing the package as `edge-auth`) and creates what it says", async () => {
        // The example names its resources as a user would ("reporter", "colors-spa"), so it starts
        // from an empty record rather than competing with names other tests chose.
        await settle();
        clearRecords();
        const js = ts.transpileModule(firstExample(), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
        const exports: Record<string, any> = {};
        const requireFromRepo = (id: string) => require(id === "edge-auth" ? path.join(ROOT, "components") : id);
        vm.runInThisContext(`(function (exports, require) {${js}\n})`)(exports, requireFromRepo);

        assert.equal(await resolve(exports.audience), "urn:colors-api");
        assert.equal(await resolve(exports.spaClientId), "colors-spa-client-client-id");
        assert.equal(await (exports.reporterSecret as any).isSecret, true);
        const grant = await recordedOne("auth0:index/clientGrant:ClientGrant", "reporter-grant");
        assert.deepEqual(grant.inputs.scopes, ["read:colors"]);
        const spa = await recordedOne("auth0:index/client:Client", "colors-spa-client");
        assert.deepEqual(spa.inputs.webOrigins, ["https://colors.example.com", "http://localhost:3000"]);
        const claims = await recordedOne("auth0:index/action:Action", "edge-auth-claims");
        assert.match(claims.inputs.code, /"audience": "urn:colors-api"/);
    });
});
