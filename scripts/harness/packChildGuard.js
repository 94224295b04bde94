// Preloaded into a policy pack process started by policyHarness.ts: the harness holds the pack's
// stdin open, so when the harness's process ends in any way (exit, crash, kill), stdin closes and
// the pack ends too instead of serving forever.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
// Stopped by the harness: exit normally, so exit handlers run.
process.on("SIGTERM", () => process.exit(0));

// Tests of the pack's self-containment ask which modules it loaded.
if (process.env.EDGE_AUTH_PACK_MODULES) {
    process.on("exit", () => require("fs").writeFileSync(process.env.EDGE_AUTH_PACK_MODULES, JSON.stringify(Object.keys(require.cache))));
}
