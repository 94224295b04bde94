/**
 * Listener rule priorities must be unique per listener, and AWS only reports a clash when the
 * second rule is created, halfway through `pulumi up`. Every edge-auth ALB component reserves
 * its priorities here at construction, so a clash inside one program fails before anything is
 * registered and names both components. Rules created outside edge-auth are not seen.
 */
import { reject } from "../core/errors";
import { RuleFootprint, findShadowed } from "./ruleShadowing";

/** What identifies a listener: its ARN when plain, otherwise the listener's owning object. */
export type ListenerKey = string | object;

interface Reservation {
    owner: string;
    /** The priorities held, as `100-101` or `150, 200-201`. */
    held: string;
    /** What each reserved rule matches, when the component told (for the shadowing check). */
    rules: readonly RuleFootprint[];
}

let byArn = new Map<string, Map<number, Reservation>>();
let byObject = new WeakMap<object, Map<number, Reservation>>();

/** Forgets every reservation: the start of a new program in the same process (tests, simulator). */
export function resetPriorities(): void {
    byArn = new Map();
    byObject = new WeakMap();
}

function table(key: ListenerKey): Map<number, Reservation> {
    if (typeof key === "string") {
        let found = byArn.get(key);
        if (!found) {
            found = new Map();
            byArn.set(key, found);
        }
        return found;
    }
    let found = byObject.get(key);
    if (!found) {
        found = new Map();
        byObject.set(key, found);
    }
    return found;
}

/**
 * Reserves `priorities` on the listener for `owner` (e.g. `AlbOidcLogin "kibana"`), or throws
 * naming the component that already holds one of them. Nothing is reserved when it throws.
 */
export function reservePriorities(key: ListenerKey, owner: string, priorities: readonly number[], rules: readonly RuleFootprint[] = []): void {
    const taken = table(key);
    for (const priority of priorities) {
        const holder = taken.get(priority);
        if (holder !== undefined) {
            reject("priority", priorities[0], `collides with ${holder.owner}, which holds priorities ${holder.held} on the same listener (clash at ${priority})`,
                `give this component a base priority (and its routes priorities) outside ${holder.held}`);
        }
    }
    // A rule of another component evaluated earlier that matches every request of one of ours
    // (or the reverse) leaves the later rule dead: refuse it rather than deploy it.
    const others = [...new Set(taken.values())].flatMap((r) => r.rules);
    for (const rule of rules) {
        for (const other of others) {
            const clash = findShadowed([other, rule]);
            if (!clash) {
                continue;
            }
            const { first, dead } = clash;
            reject("priority", priorities[0], `makes ${dead.label} (priority ${dead.priority}) unreachable: ${first.label} (priority ${first.priority}) on the same listener is evaluated first and matches every request it matches (hosts ${first.hosts.join(", ") || "any"}, paths ${first.paths.join(", ")})`,
                "give the more specific rule the lower priority number, or narrow the hosts or paths of the broader one");
        }
    }
    const reservation = { owner, held: describePriorities(priorities), rules: [...rules] };
    for (const priority of priorities) {
        taken.set(priority, reservation);
    }
}

/** `100-102` for a run, `150, 200-201` otherwise (sorted). */
export function describePriorities(priorities: readonly number[]): string {
    const sorted = [...new Set(priorities)].sort((a, b) => a - b);
    const runs: string[] = [];
    for (let i = 0; i < sorted.length; i++) {
        let j = i;
        while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) {
            j++;
        }
        runs.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
        i = j;
    }
    return runs.join(", ");
}
