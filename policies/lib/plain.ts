/**
 * Policies judge plain JSON. @pulumi/policy hands them a proxy that throws on any value unknown
 * during preview; copying through that proxy once, and turning each unknown into an
 * {@link Unknown} marker, lets a rule decide everything that is known and say precisely what
 * is not, instead of aborting at the first unknown.
 */

/** The engine's unknown sentinels (string, number, boolean, array, asset, archive, object). */
const SENTINELS = new Set([
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/** The unknown string sentinel, for fixtures that model a preview. */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A value that cannot be known before the resource exists. */
export class Unknown {
    constructor(readonly path: string) {}
}

export function isUnknown(value: unknown): value is Unknown {
    return value instanceof Unknown;
}

/** Whether the error is @pulumi/policy's UnknownValueError (recognised by shape, not import). */
function isUnknownValueError(err: unknown): boolean {
    return typeof err === "object" && err !== null && "unknownTypeSentinel" in err;
}

/**
 * A deep plain copy of resource properties, proxied or not. Unknowns, whether reported by the
 * proxy or present as raw sentinels, become {@link Unknown} markers carrying their path.
 */
export function plain(value: unknown, path = ""): unknown {
    // Already plain (a view built from plain props, e.g. lib/native.ts): keep the marker.
    if (value instanceof Unknown) {
        return value;
    }
    if (typeof value === "string") {
        return SENTINELS.has(value) ? new Unknown(path) : value;
    }
    if (value === null || typeof value !== "object") {
        return value;
    }
    if (Array.isArray(value)) {
        const out: unknown[] = [];
        for (let i = 0; i < value.length; i++) {
            out.push(read(value, i, `${path}[${i}]`));
        }
        return out;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
        out[key] = read(value as Record<string, unknown>, key, path ? `${path}.${key}` : key);
    }
    return out;
}

function read(container: any, key: string | number, path: string): unknown {
    let field: unknown;
    try {
        field = container[key];
    } catch (err) {
        if (isUnknownValueError(err)) {
            return new Unknown(path);
        }
        throw err;
    }
    return plain(field, path);
}

/** A plain object of properties (never undefined). */
export type Props = Record<string, unknown>;

export function plainProps(props: unknown): Props {
    const copied = plain(props);
    return copied !== null && typeof copied === "object" && !Array.isArray(copied) && !isUnknown(copied) ? (copied as Props) : {};
}

/** The object at `value`, or undefined when it is not a plain object. */
export function asObject(value: unknown): Props | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value) && !isUnknown(value) ? (value as Props) : undefined;
}

/** The array at `value`, `[]` when absent, or the Unknown marker itself. */
export function asList(value: unknown): unknown[] | Unknown {
    if (isUnknown(value)) {
        return value;
    }
    return Array.isArray(value) ? value : [];
}
