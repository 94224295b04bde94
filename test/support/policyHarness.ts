/**
 * The policy harness for tests: scripts/harness/policyHarness.ts (shared with `npm run plan` and
 * `edge-auth check`), plus the root hook that stops the pack process when the test run ends.
 */
import { stopPolicyPack } from "../../scripts/harness/policyHarness";

export * from "../../scripts/harness/policyHarness";

// Loaded while mocha reads spec files, a top-level hook is a root hook: it runs once, at the end.
if (typeof after === "function") {
    after(stopPolicyPack);
}
