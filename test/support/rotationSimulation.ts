/**
 * A virtual-clock replay of an ALB key rotation under a flood of forged `x-amzn-oidc-data`
 * headers (issue 19, item 2). Users send one genuine header per `1 / userRate` seconds; at
 * t = 0 the ALB rotates its key and users' headers name the new kid. An attacker sends
 * `attackRate` headers per second, each with this ALB's signer and client (both public: any
 * user sees them) and a new random kid, from `warmupSeconds` before the rotation.
 *
 * The verifier is the real one; only the AWS key endpoint is stood in by an in-memory fetcher
 * (404 for kids it does not publish, like `public-keys.auth.elb.<region>.amazonaws.com`).
 */
import { randomUUID } from "crypto";
import { OidcDataVerifierOptions, createOidcDataVerifier } from "../../components/alb/verifyOidcData";
import { albToken, newSigner, paddedBase64Url } from "./albTokens";

export const SIM_ALB_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/kibana/50dc6c495c0c9188";
export const SIM_ISSUER = "https://acme.us.auth0.com/";
export const SIM_CLIENT_ID = "kibana-client-id";

export interface RotationScenario {
    attackRate: number;
    userRate?: number;
    /** Seconds of attack before the rotation (the bucket is drained by then). @default 60 */
    warmupSeconds?: number;
    /** Seconds simulated after the rotation. */
    horizonSeconds: number;
    keyFetchLimit?: OidcDataVerifierOptions["keyFetchLimit"];
    /** Junk sent as groups of this many headers with the same kid (a smarter attacker). @default 1 */
    junkRepeats?: number;
    /** Seed of the junk arrival times. @default 19 */
    seed?: number;
}

/** mulberry32: a small seeded generator for arrival times (not for anything secret). */
function seeded(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export interface RotationOutcome {
    /** Seconds from the rotation to the first user request that verified, or undefined if none within the horizon. */
    firstSuccessSeconds: number | undefined;
    /** User requests refused after the rotation, before the first success. */
    usersRefused: number;
    /** Key fetches from the start of the attack to the end of the horizon. */
    fetches: number;
    /** Largest number of fetches in any 60 s span. */
    maxFetchesPerMinute: number;
    simulatedSeconds: number;
}

export async function simulateRotation(scenario: RotationScenario): Promise<RotationOutcome> {
    const defaults = { albArn: SIM_ALB_ARN, issuer: SIM_ISSUER, clientId: SIM_CLIENT_ID };
    const userRate = scenario.userRate ?? 1;
    const warmup = scenario.warmupSeconds ?? 60;
    const repeats = scenario.junkRepeats ?? 1;
    const oldKey = await newSigner();
    const newKey = await newSigner();
    const published = new Map([[oldKey.kid, oldKey.pem]]);
    let clock = 1_000_000_000_000 - warmup * 1000;
    const fetchTimes: number[] = [];
    const fetcher = {
        async fetch(uri: string): Promise<ArrayBuffer> {
            fetchTimes.push(clock);
            const pem = published.get(decodeURIComponent(uri.slice(uri.lastIndexOf("/") + 1)));
            if (pem === undefined) {
                throw new Error(`HTTP 404 for ${uri}`);
            }
            return new TextEncoder().encode(pem).buffer as ArrayBuffer;
        },
    };
    const verifier = createOidcDataVerifier({ ...defaults, region: "us-east-1" }, { fetcher, now: () => clock, keyFetchLimit: scenario.keyFetchLimit });
    const oldToken = await albToken(oldKey, defaults);
    const newToken = await albToken(newKey, defaults);
    const junkPayload = paddedBase64Url(JSON.stringify({ sub: "auth0|attacker", exp: Math.floor(clock / 1000) + 3600, iss: SIM_ISSUER }));
    const junkSignature = paddedBase64Url(Buffer.alloc(64, 7));
    const junk = (kid: string) => `${paddedBase64Url(JSON.stringify({ typ: "JWT", kid, alg: "ES256", iss: SIM_ISSUER, client: SIM_CLIENT_ID, signer: SIM_ALB_ARN }))}.${junkPayload}.${junkSignature}`;

    // Events in time order: [ms since start, who].
    const rotation = clock + warmup * 1000;
    const end = rotation + scenario.horizonSeconds * 1000;
    // Users and junk arrive as Poisson streams from a seeded generator (runs repeat; a steady
    // pace would let the phase of the refills decide who wins).
    const events: Array<[number, "user" | "junk"]> = [];
    const random = seeded(scenario.seed ?? 19);
    for (let t = clock; t < end; t += (-Math.log(1 - random()) * 1000) / userRate) {
        events.push([t, "user"]);
    }
    for (let t = clock; scenario.attackRate > 0 && t < end; t += (-Math.log(1 - random()) * 1000) / scenario.attackRate) {
        events.push([t, "junk"]);
    }
    events.sort((a, b) => a[0] - b[0]);

    let firstSuccess: number | undefined;
    let refused = 0;
    let junkKid = randomUUID();
    let junkSent = 0;
    for (const [time, who] of events) {
        clock = time;
        if (who === "junk") {
            if (junkSent++ % repeats === 0) {
                junkKid = randomUUID();
            }
            await verifier.verify(junk(junkKid)).then(() => { throw new Error("a forged header verified"); }, () => undefined);
            continue;
        }
        if (time < rotation) {
            await verifier.verify(oldToken).catch(() => undefined);
            continue;
        }
        published.set(newKey.kid, newKey.pem);
        const ok = await verifier.verify(newToken).then(() => true, () => false);
        if (ok && firstSuccess === undefined) {
            firstSuccess = time;
            if (scenario.attackRate === 0 || scenario.horizonSeconds <= 0) {
                break;
            }
        } else if (!ok && firstSuccess === undefined) {
            refused++;
        }
    }
    let maxPerMinute = 0;
    for (let i = 0, j = 0; i < fetchTimes.length; i++) {
        while (fetchTimes[i] - fetchTimes[j] >= 60_000) {
            j++;
        }
        maxPerMinute = Math.max(maxPerMinute, i - j + 1);
    }
    return {
        firstSuccessSeconds: firstSuccess === undefined ? undefined : (firstSuccess - rotation) / 1000,
        usersRefused: refused,
        fetches: fetchTimes.length,
        maxFetchesPerMinute: maxPerMinute,
        simulatedSeconds: warmup + scenario.horizonSeconds,
    };
}
