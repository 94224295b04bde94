/**
 * What a rule concludes about one resource. Rules are pure: they return findings, and the
 * adapter in ./policy.ts reports them through @pulumi/policy.
 */
export interface Finding {
    /** `violation` is reported at the policy's enforcement level; `undecided` always as advisory. */
    kind: "violation" | "undecided";
    message: string;
    /** The resource the finding is about (stack policies); resource policies use their own. */
    urn?: string;
}

export function violation(message: string, urn?: string): Finding {
    return { kind: "violation", message, urn };
}

/** A check that cannot be decided now (unknown during preview, or outside this stack). */
export function undecided(message: string, urn?: string): Finding {
    return { kind: "undecided", message: `cannot be decided: ${message}`, urn };
}
