/**
 * `npm run bench`: runs every `bench/*.bench.ts` in name order, each in its own Node process
 * (benchmarks do not share a warm JIT, caches or servers), and fails when one fails.
 * `npm run bench -- <part of a file name>` runs the matching ones only.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const only = process.argv[2];
const files = fs.readdirSync(__dirname).filter((f) => f.endsWith(".bench.ts") && (!only || f.includes(only))).sort();
console.log(`# edge-auth benchmarks\n\nmachine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? "unknown CPU"}, node ${process.version}, ${os.platform()} ${os.arch()}\n`);
let failed = 0;
for (const file of files) {
    console.log(`## ${file}\n`);
    const result = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(__dirname, file)], { stdio: "inherit" });
    if (result.status !== 0) {
        console.log(`\n${file} failed (exit ${result.status ?? result.signal})`);
        failed++;
    }
    console.log("");
}
process.exit(failed ? 1 : 0);
