/**
 * The bundled REST authorizer against raw aws-jwt-verify on the same real token, warm keys;
 * the bundle's size; the cold load time of the bundle in a fresh Node process.
 *
 *     npm run bench -- restAuthorizer
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as zlib from "zlib";
import { JwtVerifier } from "aws-jwt-verify";
import { startOidcProvider } from "../test/support/oidcProvider";
import { AUDIENCE, BUNDLE, ROUTES, loadBundle, tokenEvent } from "../test/apigateway/restBundle";

// Short alternating slices, so load from other processes on the machine hits both sides alike.
const SLICES = 40;
const SLICE_MS = 150;
const COLD_STARTS = 15;

/** Runs `op` back to back for about `ms`; returns operations and elapsed seconds. */
async function slice(op: () => Promise<unknown>, ms: number): Promise<{ ops: number; seconds: number }> {
    let ops = 0;
    const start = process.hrtime.bigint();
    const end = start + BigInt(ms) * 1_000_000n;
    let now = start;
    while (now < end) {
        for (let i = 0; i < 50; i++) {
            await op();
        }
        ops += 50;
        now = process.hrtime.bigint();
    }
    return { ops, seconds: Number(now - start) / 1e9 };
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function coldLoadMs(env: Record<string, string>): number {
    const script = `const t=process.hrtime.bigint();require(${JSON.stringify(BUNDLE)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
    return Number(execFileSync(process.execPath, ["-e", script], { env: { ...process.env, ...env } }).toString());
}

export async function run(): Promise<void> {
    const op = await startOidcProvider();
    try {
        const token = await op.issueAccessToken({ audience: AUDIENCE, scope: "read:Movies read:Devices" });
        const env = { EDGE_AUTH_ISSUER: op.issuer, EDGE_AUTH_AUDIENCE: AUDIENCE, EDGE_AUTH_JWKS_URI: "https://127.0.0.1:9/jwks", EDGE_AUTH_ROUTES: JSON.stringify(ROUTES) };
        const bundle = loadBundle(env);
        const handler = bundle.createHandler({ issuer: op.issuer, audience: AUDIENCE, jwksUri: op.jwksUri, routes: ROUTES }, { jwksCache: op.jwksCache() });
        const raw = JwtVerifier.create({ issuer: op.issuer, audience: AUDIENCE, jwksUri: op.jwksUri }, { jwksCache: op.jwksCache() });
        const event = tokenEvent(`Bearer ${token}`, "GET", "/movies/42");

        // Warm both: keys fetched and cached, code paths compiled.
        await handler(event);
        await raw.verify(token);
        await slice(() => handler(event), 500);
        await slice(() => raw.verify(token), 500);

        const totals = { handler: { ops: 0, seconds: 0 }, raw: { ops: 0, seconds: 0 } };
        const sliceRatios: number[] = [];
        for (let i = 0; i < SLICES; i++) {
            // Alternate which side goes first so neither always runs right after a GC of the other.
            const order: Array<"handler" | "raw"> = i % 2 ? ["raw", "handler"] : ["handler", "raw"];
            const rates: Record<string, number> = {};
            for (const side of order) {
                const r = await slice(side === "handler" ? () => handler(event) : () => raw.verify(token), SLICE_MS);
                totals[side].ops += r.ops;
                totals[side].seconds += r.seconds;
                rates[side] = r.ops / r.seconds;
            }
            sliceRatios.push(rates.handler / rates.raw);
        }
        const handlerRate = totals.handler.ops / totals.handler.seconds;
        const rawRate = totals.raw.ops / totals.raw.seconds;
        const ratio = handlerRate / rawRate;

        const bytes = fs.statSync(BUNDLE).size;
        const gzipped = zlib.gzipSync(fs.readFileSync(BUNDLE)).length;

        const loads = Array.from({ length: COLD_STARTS }, () => coldLoadMs(env));
        const sortedLoads = [...loads].sort((a, b) => a - b);

        const mark = (ok: boolean) => (ok ? "met" : "MISSED");
        console.log("| measure | value | target |");
        console.log("|---|---|---|");
        console.log(`| handler verifications/s (warm keys, TOKEN event, policy returned) | ${handlerRate.toFixed(0)} | |`);
        console.log(`| raw aws-jwt-verify verify()/s (same token, warm keys) | ${rawRate.toFixed(0)} | |`);
        console.log(`| ratio handler / raw | ${ratio.toFixed(3)} | >= 0.9 (${mark(ratio >= 0.9)}) |`);
        console.log(`| bundle size, minified | ${(bytes / 1024).toFixed(1)} KB (${bytes} B) | <= 30 KB (${mark(bytes <= 30 * 1024)}) |`);
        console.log(`| bundle size, gzip | ${(gzipped / 1024).toFixed(1)} KB | |`);
        console.log(`| cold module load (require of the bundle, fresh node), median of ${COLD_STARTS} | ${median(loads).toFixed(1)} ms | |`);
        console.log(`| cold module load, worst of ${COLD_STARTS} | ${sortedLoads[sortedLoads.length - 1].toFixed(1)} ms | |`);
        const sortedRatios = [...sliceRatios].sort((a, b) => a - b);
        console.log(`\n${SLICES} alternating slices of ${SLICE_MS} ms per side; per-slice ratio median ${median(sliceRatios).toFixed(3)}, range ${sortedRatios[0].toFixed(3)} to ${sortedRatios[sortedRatios.length - 1].toFixed(3)}.`);
        console.log("The handler verifies with verifySync once the key is cached (async verify only to fetch a missing key), strips \"Bearer \", checks alg/exp/sub and builds (or reuses) the policy; raw is JwtVerifier.verify() alone.");
    } finally {
        await op.stop();
    }
}

if (require.main === module) {
    run().then(() => process.exit(0), (err) => {
        console.error(err);
        process.exit(1);
    });
}
