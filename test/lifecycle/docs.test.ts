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

    it("GIVEN docs/lifecycle.md's table THEN every edit names a test that exists (a simulator test unless refused at construction) and the provider source its verdict rests on at the installed versions", () => {
        const doc = read("docs/lifecycle.md");
        const table = doc.slice(doc.indexOf("## The table"), doc.indexOf("## Credentials the deploy needs"));
        const header = table.split("\n").find((l) => l.startsWith("| Edit |"))!;
        assert.deepEqual(header.split("|").map((c) => c.trim()).filter(Boolean), ["Edit", "Resources (verdicts)", "Authentication impact", "Simulator test", "Provider source (installed versions)"]);
        const rows = table.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Edit |") && !l.startsWith("| ---"));
        assert.ok(rows.length >= 20, `${rows.length} rows`);
        // Every test title under test/, by file.
        const titles: Array<{ file: string; title: string }> = [];
        const walk = (dir: string) => {
            for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
                const rel = path.join(dir, entry.name);
                if (entry.isDirectory()) {
                    walk(rel);
                } else if (entry.name.endsWith(".test.ts")) {
                    for (const m of read(rel).matchAll(/\bit\(\s*"((?:[^"\\]|\\.)*)"/g)) {
                        titles.push({ file: rel, title: m[1].replace(/\\"/g, "\"") });
                    }
                }
            }
        };
        walk("test");
        const simulatorFiles = /^test\/(lifecycle\/|stacks\/planAgainst\.test\.ts)/;
        for (const row of rows) {
            const cells = row.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
            assert.equal(cells.length, 5, row);
            const [edit, verdict, , tests, source] = cells;
            assert.doesNotMatch(row, /\bissue \d+/i, `${edit}: no internal work items in the user docs`);
            const fragments = [...tests.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
            assert.ok(fragments.length > 0, `${edit}: names no test`);
            const found = fragments.map((f) => titles.filter((t) => t.title.includes(f)));
            fragments.forEach((f, i) => assert.ok(found[i].length > 0, `${edit}: no test titled like "${f}"`));
            const refusedAtConstruction = /^refused at construction|^the program fails at its end|^set `existingListener/.test(verdict);
            if (!refusedAtConstruction) {
                assert.ok(found.flat().some((t) => simulatorFiles.test(t.file)), `${edit}: needs a simulator test (test/lifecycle)`);
            }
            assert.match(source, /auth0\/terraform-provider-auth0@v1\.53\.0|terraform-provider-aws v6 \(@pulumi\/aws 7\.48\)|pulumi\/pulumi v3\.248|^edge-auth components\//, `${edit}: source`);
        }
    });
});
