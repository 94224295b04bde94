/**
 * Issue 19, item 2: how long a real ALB key rotation waits under a flood of forged headers with
 * random kids, on the verifier as shipped (a token reserved for recurring kids) against the old
 * shared bucket (`reservedForRecurringKids: 0`), both replayed in this run on a virtual clock
 * (test/support/rotationSimulation.ts: users at 1 request/s, attack from 60 s before the
 * rotation). Prints time to the first user success after the rotation and the key fetches the
 * junk caused. Times are simulated seconds, not measurements of this machine.
 *
 *     npm run bench -- keyRotation
 */
import { simulateRotation } from "../test/support/rotationSimulation";

async function main(): Promise<void> {
    const rows: string[] = [];
    for (const [attackRate, horizon, repeats] of [[0, 30, 1], [20, 600, 1], [100, 600, 1], [1000, 120, 1], [100, 600, 5]]) {
        const shipped = await simulateRotation({ attackRate, horizonSeconds: horizon, junkRepeats: repeats });
        const shared = await simulateRotation({ attackRate, horizonSeconds: horizon, junkRepeats: repeats, keyFetchLimit: { reservedForRecurringKids: 0 } });
        const seconds = (s: number | undefined) => (s === undefined ? `> ${horizon}` : s.toFixed(1));
        const ratio = shipped.firstSuccessSeconds !== undefined && shipped.firstSuccessSeconds > 0
            ? `${((shared.firstSuccessSeconds ?? horizon) / shipped.firstSuccessSeconds).toFixed(0)}x${shared.firstSuccessSeconds === undefined ? "+" : ""}` : "-";
        rows.push(`| ${attackRate}/s${repeats > 1 ? ` (each kid x${repeats})` : ""} | ${seconds(shipped.firstSuccessSeconds)} s (${shipped.usersRefused} refused) | ${seconds(shared.firstSuccessSeconds)} s (${shared.usersRefused} refused) | ${ratio} | ${shipped.fetches} in ${shipped.simulatedSeconds} s (max ${shipped.maxFetchesPerMinute}/min) | ${shared.fetches} |`);
    }
    console.log("| junk headers | first user success, reserved token | shared bucket (old) | speed-up | key fetches, reserved | key fetches, shared |");
    console.log("|---|---|---|---|---|---|");
    for (const row of rows) {
        console.log(row);
    }
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
