// Preloaded into a policy pack process started by policyHarness.ts: the harness holds the pack's
// stdin open, so when the harness's process ends in any way (exit, crash, kill), stdin closes and
// the pack ends too instead of serving forever.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
