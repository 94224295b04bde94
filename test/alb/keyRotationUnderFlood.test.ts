import { strict as assert } from "assert";
import { simulateRotation } from "../support/rotationSimulation";

/**
 * Issue 19, item 2: distinct junk kids must not starve a real ALB key rotation. Virtual clock:
 * users at 1 request/s, an attacker at 20 or 100 forged headers/s with random kids, from a
 * minute before the rotation. (On the old shared bucket: first success after 310 s / 580 s.)
 */
describe("createOidcDataVerifier: key rotation under a flood of junk kids (virtual clock)", function () {
    this.timeout(60_000);

    for (const attackRate of [20, 100]) {
        it(`GIVEN ${attackRate} junk headers/s WHEN the ALB rotates its key THEN the first user succeeds within seconds and junk fetches stay bounded`, async () => {
            const outcome = await simulateRotation({ attackRate, horizonSeconds: 120 });
            assert.ok(outcome.firstSuccessSeconds !== undefined && outcome.firstSuccessSeconds <= 5,
                `first success ${outcome.firstSuccessSeconds} s after the rotation (${outcome.usersRefused} users refused)`);
            assert.ok(outcome.usersRefused <= 2, `${outcome.usersRefused} users refused (the new kid recurs on the third)`);
            // The bound does not depend on the attack rate: burst 3, then one per 10 s, over 180 s.
            assert.ok(outcome.fetches <= 3 + outcome.simulatedSeconds / 10, `${outcome.fetches} fetches in ${outcome.simulatedSeconds} s`);
            assert.ok(outcome.maxFetchesPerMinute <= 3 + 6, `${outcome.maxFetchesPerMinute} fetches in one minute`);
        });
    }

    it("GIVEN the same flood and no token reserved for recurring kids (the old shared bucket) THEN the rotation starves: the scenario really bites", async () => {
        const outcome = await simulateRotation({ attackRate: 20, horizonSeconds: 60, keyFetchLimit: { reservedForRecurringKids: 0 } });
        assert.ok(outcome.firstSuccessSeconds === undefined || outcome.firstSuccessSeconds > 30, `first success ${outcome.firstSuccessSeconds} s`);
    });

    it("GIVEN no attack THEN the first user after the rotation succeeds at once with one fetch", async () => {
        const outcome = await simulateRotation({ attackRate: 0, horizonSeconds: 10 });
        assert.ok(outcome.firstSuccessSeconds !== undefined && outcome.firstSuccessSeconds < 5, `first success ${outcome.firstSuccessSeconds} s`);
        assert.equal(outcome.usersRefused, 0);
        assert.equal(outcome.fetches, 2); // the old key at the start, the new one after the rotation
    });

    it("GIVEN an attacker repeating each junk kid to look recurring THEN fetches stay within the same bound", async () => {
        const outcome = await simulateRotation({ attackRate: 100, horizonSeconds: 120, junkRepeats: 5 });
        assert.ok(outcome.fetches <= 3 + outcome.simulatedSeconds / 10, `${outcome.fetches} fetches in ${outcome.simulatedSeconds} s`);
        assert.ok(outcome.firstSuccessSeconds !== undefined, "the new kid is fetched within the horizon");
    });
});
