/**
 * Who may trigger a signing-key fetch, when unverified tokens name key ids (`kid`) we do not
 * hold. Shared by the ALB header verifier and the REST authorizer runtime; Pulumi-free.
 *
 * A shared token bucket alone lets a flood of made-up kids take every fetch slot, so a key that
 * was really rotated waits minutes (issue 19: 310 s at 20 junk requests/s, 580 s at 100). The
 * two differ in one way an attacker cannot fake cheaply: after a rotation every genuine request
 * carries the same new kid, while junk kids are all distinct. So:
 * - every miss is counted in a small count-min sketch (fixed size, keyed with a random salt so
 *   nobody can aim collisions at a kid, two rotating windows so old sightings fade);
 * - a kid seen `recurrence` times within the window is *recurring*;
 * - the bucket keeps `reserved` tokens that only recurring kids may take: a flood of distinct
 *   kids drains the bucket down to the reserve and no further, so the next recurring kid is
 *   fetched at once;
 * - a kid whose fetch failed waits (doubling backoff) before it is fetched again.
 * Fetches stay bounded whatever the input: at most `burst` back to back, then one per
 * `refillSeconds`, as before. Memory is fixed: the sketch plus at most 100 failed kids.
 *
 * - among recurring kids the reserved token goes to the most frequent one refused lately, so
 *   an attacker who repeats each junk kid must repeat it more often than all genuine traffic
 *   repeats the new kid, for every refill, to keep delaying it.
 * That last case is the known limit: a flood that outnumbers genuine traffic on single kids
 * can still delay a rotation (never exceed the fetch bound).
 */
import { createHash, randomBytes } from "crypto";

export interface KeyFetchGateOptions {
    /**
     * Fetches allowed back to back.
     * @default 3
     */
    burst?: number;
    /**
     * Seconds to earn one more fetch, up to `burst`.
     * @default 10
     */
    refillSeconds?: number;
    /**
     * Tokens of the bucket only a recurring kid may take (0: one shared bucket, the old
     * behaviour). Must be below `burst`.
     * @default 1
     */
    reservedForRecurringKids?: number;
    /**
     * Sightings within the window that make a kid recurring.
     * @default 3
     */
    recurrence?: number;
    /**
     * Length of one counting window in seconds; a sighting counts for one to two windows.
     * @default 10
     */
    windowSeconds?: number;
    /**
     * After a failed fetch of a kid, seconds before it is fetched again; doubles on each
     * further failure, up to 64 times this.
     * @default 60
     */
    failedKidBackoffSeconds?: number;
    /**
     * The clock, in milliseconds (simulations pass a virtual one).
     * @default Date.now
     */
    now?: () => number;
}

/** Count-min sketch rows and columns: 4 x 8192 one-byte counters per window, 64 KB in all. */
const DEPTH = 4;
const WIDTH = 8192;
const MAX_FAILED = 100;

export class KeyFetchGate {
    readonly burst: number;
    private readonly refillMs: number;
    private readonly reserved: number;
    private readonly recurrence: number;
    private readonly windowMs: number;
    private readonly backoffMs: number;
    private readonly now: () => number;
    // Allocated on the first miss: a Lambda cold start with warm keys never pays for them.
    private salt: Buffer | undefined;
    private current = new Uint8Array(0);
    private previous = new Uint8Array(0);
    private windowStart: number;
    private tokens: number;
    private refilledAt: number;
    private readonly failed = new Map<string, { until: number; wait: number }>();
    /** The recurring kid with the most sightings refused a token lately. */
    private leader: { kid: string; seen: number; at: number } | undefined;

    constructor(options: KeyFetchGateOptions = {}) {
        this.burst = options.burst ?? 3;
        this.refillMs = (options.refillSeconds ?? 10) * 1000;
        this.reserved = Math.min(options.reservedForRecurringKids ?? 1, this.burst - 1);
        this.recurrence = options.recurrence ?? 3;
        this.windowMs = (options.windowSeconds ?? 10) * 1000;
        this.backoffMs = (options.failedKidBackoffSeconds ?? 60) * 1000;
        this.now = options.now ?? Date.now;
        this.windowStart = this.refilledAt = this.now();
        this.tokens = this.burst;
    }

    /**
     * A miss for `kid`: counts the sighting, then either takes a fetch token (returns
     * undefined: the caller fetches) or returns why not. `busy`: a fetch is running, so none
     * may start (the sighting still counts).
     */
    request(kid: string, busy = false): string | undefined {
        const now = this.now();
        const seen = this.sight(kid, now);
        const failure = this.failed.get(kid);
        if (failure !== undefined && now < failure.until) {
            return `key ${kid} failed to load; not fetched again for ${Math.ceil((failure.until - now) / 1000)} s`;
        }
        if (this.leader !== undefined && now - this.leader.at > this.windowMs) {
            this.leader = undefined;
        }
        const recurring = seen >= this.recurrence;
        if (!busy) {
            this.refill(now);
            const leading = this.leader === undefined || this.leader.kid === kid || seen >= this.leader.seen;
            const floor = recurring && leading ? 0 : this.reserved;
            if (this.tokens >= 1 + floor) {
                this.tokens -= 1;
                if (this.leader?.kid === kid) {
                    this.leader = undefined;
                }
                return undefined;
            }
        }
        if (recurring && (this.leader === undefined || this.leader.kid === kid || seen > this.leader.seen)) {
            this.leader = { kid, seen, at: now };
        }
        return busy ? "another key fetch is in progress; try again later" : "too many key fetches for new key ids; try again later";
    }

    /** The fetch for `kid` found no key: back off that kid. */
    failedFetch(kid: string): void {
        if (this.leader?.kid === kid) {
            this.leader = undefined;
        }
        const previous = this.failed.get(kid);
        const wait = previous ? Math.min(previous.wait * 2, this.backoffMs * 64) : this.backoffMs;
        this.failed.delete(kid);
        this.failed.set(kid, { until: this.now() + wait, wait });
        for (const key of this.failed.keys()) {
            if (this.failed.size <= MAX_FAILED) {
                break;
            }
            this.failed.delete(key);
        }
    }

    /**
     * The fetch for `kid` found its key. `refund`: give the token back, for sources where a
     * found kid stays cached from then on (one JWKS per issuer), so only genuinely new keys
     * are ever found and junk cannot earn tokens. Not for the ALB endpoint, which serves any
     * ALB's keys in the region.
     */
    succeededFetch(kid: string, refund = false): void {
        this.failed.delete(kid);
        if (refund) {
            this.tokens = Math.min(this.burst, this.tokens + 1);
        }
    }

    /** Counts one sighting (conservative update: only the smallest counters grow) and returns the estimate. */
    private sight(kid: string, now: number): number {
        if (this.salt === undefined) {
            this.salt = randomBytes(16);
            this.current = new Uint8Array(DEPTH * WIDTH);
            this.previous = new Uint8Array(DEPTH * WIDTH);
        }
        if (now - this.windowStart >= this.windowMs) {
            // One window passed: the current counts become the previous; two or more: all fade.
            const elapsed = now - this.windowStart;
            [this.previous, this.current] = elapsed >= 2 * this.windowMs ? [this.current.fill(0), this.previous.fill(0)] : [this.current, this.previous.fill(0)];
            this.windowStart = now - (elapsed % this.windowMs);
        }
        const digest = createHash("sha256").update(this.salt).update(kid).digest();
        const cells: number[] = [];
        let least = Infinity;
        for (let row = 0; row < DEPTH; row++) {
            const cell = row * WIDTH + (digest.readUInt32LE(row * 4) % WIDTH);
            cells.push(cell);
            least = Math.min(least, this.current[cell] + this.previous[cell]);
        }
        for (const cell of cells) {
            if (this.current[cell] + this.previous[cell] === least && this.current[cell] < 255) {
                this.current[cell] += 1;
            }
        }
        return least + 1;
    }

    private refill(now: number): void {
        const earned = Math.floor((now - this.refilledAt) / this.refillMs);
        if (earned > 0) {
            this.tokens = Math.min(this.burst, this.tokens + earned);
            this.refilledAt += earned * this.refillMs;
        }
        if (this.tokens >= this.burst) {
            this.refilledAt = now;
        }
    }
}
