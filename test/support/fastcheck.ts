/**
 * Property tests explore new inputs on every local run; CI replays one fixed seed so a landing
 * decision never depends on the draw. A failure prints its seed: rerun with FC_SEED=<seed>.
 */
import * as fc from "fast-check";

const fromEnv = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : undefined;
const seed = fromEnv ?? (process.env.CI === "true" ? 20261121 : undefined);
if (seed !== undefined) {
    fc.configureGlobal({ seed });
}
