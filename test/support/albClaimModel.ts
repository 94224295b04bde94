/**
 * A model of the ALB `jwt-validation` action's additional-claim checks, run on a token's
 * payload, for tests of the rules components build. Signature, `iss` and `exp` are the ALB's
 * own checks and are assumed to pass here.
 *
 * Whether several values of one claim mean "all of them" or "any of them" is not documented
 * (DOMAIN.md): every test runs under both readings.
 */
export interface AdditionalClaim {
    name: string;
    format: string;
    values: string[];
}

export type ValuesSemantics = "all" | "any";

export function albAccepts(claims: readonly AdditionalClaim[], payload: Record<string, unknown>, semantics: ValuesSemantics): boolean {
    return claims.every((claim) => {
        const value = payload[claim.name];
        let present: string[];
        if (claim.format === "single-string") {
            if (typeof value !== "string") {
                return false;
            }
            // One string: it must be one of the listed values.
            return claim.values.includes(value);
        } else if (claim.format === "string-array") {
            if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
                return false;
            }
            present = value as string[];
        } else if (claim.format === "space-separated-values") {
            if (typeof value !== "string") {
                return false;
            }
            present = value.split(" ").filter((v) => v !== "");
        } else {
            throw new Error(`unknown claim format ${claim.format}`);
        }
        return semantics === "all" ? claim.values.every((v) => present.includes(v)) : claim.values.some((v) => present.includes(v));
    });
}
