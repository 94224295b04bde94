import { strict as assert } from "assert";
import * as fc from "fast-check";
import { findMisordered, findShadowed, patternCovers, patternsIntersect, ruleCovers, rulesOverlap } from "../../components/alb/ruleShadowing";

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

    describe("overlap and declared order (issue 21: pinned priorities)", () => {
        it("GIVEN two globs THEN they intersect exactly when some path matches both (every path over a small alphabet up to length 6)", () => {
            const paths: string[] = [""];
            for (let n = 1; n <= 6; n++) {
                for (const p of paths.filter((x) => x.length === n - 1)) {
                    paths.push(`${p}a`, `${p}b`);
                }
            }
            fc.assert(fc.property(fc.stringMatching(/^[ab*?]{0,3}$/), fc.stringMatching(/^[ab*?]{0,3}$/), (a, b) => {
                const witness = paths.some((p) => albMatches(a, p) && albMatches(b, p));
                assert.equal(patternsIntersect(a, b), witness, `${a} / ${b}`);
            }), { numRuns: 300 });
        });
        it("GIVEN disjoint prefixes THEN no overlap; GIVEN a catch-all or a shared suffix pattern THEN overlap", () => {
            assert.equal(patternsIntersect("/api/*", "/health"), false);
            assert.equal(patternsIntersect("/api/*", "*.json"), true);
            assert.equal(rulesOverlap(rule("a", 1, ["/api/*"]), rule("b", 2, ["/reports/*", "/health"])), false);
            assert.equal(rulesOverlap(rule("a", 1, ["/api/*"]), rule("b", 2, ["/*"])), true);
            assert.equal(rulesOverlap(rule("a", 1, ["/*"], ["a.example.com"]), rule("b", 2, ["/*"], ["b.example.com"])), false);
        });
        it("GIVEN routes listed in one order WHEN overlapping ones are evaluated in another THEN it names the pair; non-overlapping ones may take any priorities", () => {
            const found = findMisordered([rule("xhr", 300, ["/api/*"]), rule("health", 150, ["/health"]), rule("pages", 250, ["/*"])]);
            assert.deepEqual([found?.earlier.label, found?.later.label], ["xhr", "pages"]);
            assert.equal(findMisordered([rule("xhr", 210, ["/api/*"]), rule("health", 150, ["/health"]), rule("pages", 300, ["/*"])]), undefined);
        });
    });
});
