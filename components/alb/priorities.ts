/**
 * Listener rule priorities must be unique per listener, and AWS only reports a clash when the
 * second rule is created, halfway through `pulumi up`. Every edge-auth ALB component reserves
 * its priorities here at construction, so a clash inside one program fails before anything is
 * registered and names both components. Rules created outside edge-auth are not seen.
 */
import { reject } from "../core/errors";

/** What identifies a listener: its ARN when plain, otherwise the listener's owning object. */
export type ListenerKey = string | object;

interface Reservation {
    owner: string;
    first: number;
    last: number;
}

const byArn = new Map<string, Map<number, Reservation>>();
const byObject = new WeakMap<object, Map<number, Reservation>>();

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
export function reservePriorities(key: ListenerKey, owner: string, priorities: readonly number[]): void {
    const taken = table(key);
    for (const priority of priorities) {
        const holder = taken.get(priority);
        if (holder !== undefined) {
            reject("priority", priorities[0], `collides with ${holder.owner}, which holds priorities ${holder.first}-${holder.last} on the same listener (clash at ${priority})`,
                `give this component a base priority outside ${holder.first}-${holder.last}`);
        }
    }
    const reservation = { owner, first: priorities[0], last: priorities[priorities.length - 1] };
    for (const priority of priorities) {
        taken.set(priority, reservation);
    }
}
