/**
 * `npm run bench`: runs every `bench/*.bench.ts` in name order, in one process. Each exports
 * `run(): Promise<void>` and prints its own results.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

async function main(): Promise<void> {
    const only = process.argv[2];
    const files = fs.readdirSync(__dirname).filter((f) => f.endsWith(".bench.ts") && (!only || f.includes(only))).sort();
    const cpu = os.cpus()[0]?.model ?? "unknown CPU";
    console.log(`# edge-auth benchmarks\n\nmachine: ${os.cpus().length} x ${cpu}, node ${process.version}, ${os.platform()} ${os.arch()}\n`);
    for (const file of files) {
        const bench = require(path.join(__dirname, file)) as { run?: () => Promise<void> };
        if (typeof bench.run !== "function") {
            throw new Error(`${file} exports no run()`);
        }
        console.log(`## ${file}\n`);
        await bench.run();
        console.log("");
    }
}

main().then(() => process.exit(0), (err) => {
    console.error(err);
    process.exit(1);
});
