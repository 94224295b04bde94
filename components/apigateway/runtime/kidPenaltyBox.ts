/**
 * The REST authorizer's penalty box for aws-jwt-verify's `SimpleJwksCache` (its documented
 * `penaltyBox` option). The library's own `SimplePenaltyBox` blocks every JWKS refetch for
 * 10 s after any one unknown kid, so one junk token made a token signed with a just-published
 * key fail for up to 10 s (issue 19). This one decides per kid, with the gate the ALB verifier
 * uses (core/keyFetchGate.ts): a kid that failed backs off alone; refetches stay bounded (3,
 * then one per 10 s) whatever the tokens say; a kid that keeps coming has a reserved token.
 *
 * The library calls `wait` only when the kid is not in the cached JWKS, and fetches once per
 * URI at a time; a Lambda instance handles one event at a time.
 */
import type { PenaltyBox } from "aws-jwt-verify/jwk";
import { WaitPeriodNotYetEndedJwkError } from "aws-jwt-verify/error";
import { KeyFetchGate, KeyFetchGateOptions } from "../../core/keyFetchGate";

/** The REST defaults: an unknown kid waits 10 s (doubling), like the library's box, but alone. */
export const REST_KEY_FETCH_DEFAULTS: KeyFetchGateOptions = { burst: 3, refillSeconds: 10, failedKidBackoffSeconds: 10 };

export class KidPenaltyBox implements PenaltyBox {
    private readonly gate: KeyFetchGate;

    constructor(options: KeyFetchGateOptions = {}) {
        this.gate = new KeyFetchGate({ ...REST_KEY_FETCH_DEFAULTS, ...options });
    }

    async wait(_jwksUri: string, kid: string): Promise<void> {
        const refused = this.gate.request(String(kid));
        if (refused !== undefined) {
            throw new WaitPeriodNotYetEndedJwkError(`JWKS not fetched: ${refused}`);
        }
    }

    registerFailedAttempt(_jwksUri: string, kid: string): void {
        this.gate.failedFetch(String(kid));
    }

    registerSuccessfulAttempt(_jwksUri: string, kid: string): void {
        // Found in the issuer's JWKS, the kid stays cached: the fetch costs no budget (a cold
        // start or a rotation must not leave junk the reserve).
        this.gate.succeededFetch(String(kid), true);
    }
}
