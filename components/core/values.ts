import { reject } from "./errors";

/** Validates a non-empty, whitespace-free token such as a permission or connection name. */
export function requireToken(argument: string, value: unknown, what: string): string {
    if (typeof value !== "string" || value.length === 0) {
        return reject(argument, value, `must be a non-empty ${what}`, `give a ${what} such as "read:items"`);
    }
    if (/\s/.test(value)) {
        return reject(argument, value, `contains whitespace`, `${what}s are single tokens: remove the spaces`);
    }
    return value;
}

/** Throws when a list repeats an entry; the message names the first repeated one. */
export function requireUnique(argument: string, values: readonly string[], what: string): void {
    const seen = new Set<string>();
    for (const value of values) {
        if (seen.has(value)) {
            reject(argument, value, `is declared twice`, `declare each ${what} once`);
        }
        seen.add(value);
    }
}

/** Validates an integer within inclusive bounds. */
export function requireIntegerInRange(argument: string, value: unknown, min: number, max: number, unit: string): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        return reject(argument, value, `is out of range`, `use a whole number of ${unit} from ${min} to ${max}`);
    }
    return value;
}

/**
 * Turns a user-given key (role name, connection name, route key) into a stable resource-name
 * fragment, so children are keyed by what the user wrote, never by list position.
 */
export function slug(value: string): string {
    const cleaned = value
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");
    return cleaned.length > 0 ? cleaned : "root";
}

/** Slugs for a set of user keys; throws when two keys would name the same child resource. */
export function uniqueSlugs(argument: string, keys: readonly string[]): Map<string, string> {
    const byKey = new Map<string, string>();
    const owner = new Map<string, string>();
    for (const key of keys) {
        const s = slug(key);
        const other = owner.get(s);
        if (other !== undefined && other !== key) {
            reject(argument, key, `names the same resource as ${JSON.stringify(other)} ("${s}")`, `rename one of the two`);
        }
        owner.set(s, key);
        byKey.set(key, s);
    }
    return byKey;
}
