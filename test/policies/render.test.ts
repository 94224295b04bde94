/** The plan prints every violation in full: policy, level, resource, the offending value and the fix. */
import { strict as assert } from "assert";
import { renderViolations } from "../../scripts/plan/render";
import { evaluate, loadPolicyConfig } from "../support/policyHarness";
import { compliantStack, mutate } from "./fixture";

describe("plan output of violations", () => {
    it("GIVEN four http callbacks WHEN rendered THEN each names its own URL, resource and the fix, nothing cut", async () => {
        const stack = mutate(await compliantStack(), "pf-kibana", (p) => {
            p.callbacks.push("http://a.example.com/cb", "http://b.example.com/cb", "http://c.example.com/cb", "http://d.example.com/cb");
        });
        const violations = (await evaluate(stack, loadPolicyConfig("prod"))).filter((v) => v.policyName === "auth0-client-require-https-urls");
        const { lines, mandatory } = renderViolations(violations);
        const text = lines.join("\n");
        assert.equal(mandatory, 4);
        assert.equal(lines[0], "4 mandatory, 0 advisory violation(s)");
        for (const host of ["a", "b", "c", "d"]) {
            assert.match(text, new RegExp(`problem: +callbacks\\[\\d\\] "http://${host}\\.example\\.com/cb" uses http://; use https://`));
        }
        assert.equal(text.match(/\[mandatory\] auth0-client-require-https-urls \(high\)\n +resource: auth0:index\/client:Client pf-kibana\n +problem: .*\n +fix: +Register https URLs only\./g)?.length, 4);
    });

    it("keeps multi-line findings and remediations whole, mandatory first", () => {
        const { lines } = renderViolations([
            { policyName: "p-advisory", enforcementLevel: "advisory", message: "d\nfirst", finding: "first", remediation: "fix a", severity: "low", urn: "urn:pulumi:s::p::t:m/r:R::a", phase: "analyze" },
            { policyName: "p-mandatory", enforcementLevel: "mandatory", message: "d\nline 1\nline 2", finding: "line 1\nline 2", remediation: "step 1\nstep 2", severity: "high", urn: "urn:pulumi:s::p::parent$t:m/r:R::b", phase: "analyzeStack" },
        ]);
        assert.deepEqual(lines, [
            "1 mandatory, 1 advisory violation(s)",
            "  [mandatory] p-mandatory (high)",
            "      resource: t:m/r:R b",
            "      problem:  line 1",
            "                line 2",
            "      fix:      step 1",
            "                step 2",
            "  [advisory] p-advisory (low)",
            "      resource: t:m/r:R a",
            "      problem:  first",
            "      fix:      fix a",
        ]);
    });
});
