import { strict as assert } from "assert";
import * as fc from "fast-check";
import { findShadowed, patternCovers, ruleCovers } from "../../components/alb/ruleShadowing";

/** ALB path matching as AWS documents it: `*` any run of characters, `?` exactly one. */
function albMatches(pattern: string, path: string): boolean {
    const source = [...pattern].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/]/g, "\\$&"))).join("");
    return new RegExp(`^${source}$`, "s").test(path);
}

const rule = (label: string, priority: number, paths: string[], hosts: string[] = ["app.example.com"]) => ({ label, priority, hosts, paths });

describe("rule shadowing (finding 10)", () => {
    it("GIVEN a catch-all THEN it covers every specific path, and not the reverse", () => {
        assert.equal(patternCovers("/*", "/api/*"), true);
        assert.equal(patternCovers("/api/*", "/*"), false);
        assert.equal(patternCovers("/api/*", "/api/v1/users"), true);
        assert.equal(patternCovers("/api/?", "/api/*"), false);
        assert.equal(patternCovers("/a*b", "/a?b"), true);
    });

    it("never claims a cover that a concrete path contradicts (soundness)", () => {
        const piece = fc.constantFrom("/", "a", "b", "*", "?");
        const pattern = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => `/${p.join("")}`);
        const text = fc.array(fc.constantFrom("/", "a", "b", "c"), { maxLength: 8 }).map((p) => `/${p.join("")}`);
        fc.assert(fc.property(pattern, pattern, text, (outer, inner, path) => {
            if (patternCovers(outer, inner) && albMatches(inner, path)) {
                return albMatches(outer, path);
            }
            return true;
        }));
    });

    it("GIVEN different hosts THEN no rule covers the other; GIVEN no host condition THEN every host is covered", () => {
        assert.equal(ruleCovers(rule("a", 1, ["/*"], ["a.example.com"]), rule("b", 2, ["/x"], ["b.example.com"])), false);
        assert.equal(ruleCovers(rule("a", 1, ["/*"], []), rule("b", 2, ["/x"], ["b.example.com"])), true);
        assert.equal(ruleCovers(rule("a", 1, ["/*"], ["a.example.com"]), rule("b", 2, ["/x"], [])), false);
    });

    it("GIVEN rules in priority order THEN the first one evaluated that covers a later one is reported", () => {
        const found = findShadowed([rule("pages", 201, ["/*"]), rule("xhr", 200, ["/api/*"]), rule("late", 300, ["/api/v1/*"])]);
        assert.deepEqual([found?.first.label, found?.dead.label], ["xhr", "late"]);
        assert.equal(findShadowed([rule("xhr", 200, ["/api/*"]), rule("pages", 201, ["/*"])]), undefined);
    });
});
