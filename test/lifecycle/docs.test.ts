import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { MANAGEMENT_API_SCOPES } from "../../components/auth0/client";

const ROOT = path.resolve(__dirname, "../..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

describe("lifecycle documentation", () => {
    it("GIVEN the scopes an empty secret's error lists THEN the README lists exactly those for the deploy client (finding 6)", () => {
        const block = /That Management API client needs these scopes[\s\S]*?```\n([\s\S]*?)```/.exec(read("README.md"));
        assert.ok(block, "README.md lacks the Management API scopes block");
        assert.deepEqual(block[1].split(/\s+/).filter(Boolean).sort(), [...MANAGEMENT_API_SCOPES].sort());
    });

    it("GIVEN docs/lifecycle.md THEN its table covers the edits the update simulator tests", () => {
        const doc = read("docs/lifecycle.md");
        for (const edit of ["Rename `HttpsLoadBalancer`", "Rename or move `PostLoginFlow`", "Change a role's display `name` **with** its `key`",
            "Reorder `hostnames`", "Add a host", "Reorder or insert `routes`", "Add or remove a permission", "Add or remove a machine client",
            "Switch to the tenant's custom domain", "REST API"]) {
            assert.ok(doc.includes(`| ${edit}`), edit);
        }
        assert.match(doc, /npm run plan -- prod --against main/);
    });
});
