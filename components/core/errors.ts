/**
 * One error type for every argument a component rejects. It carries the argument path, the bad
 * value and the fix, so a failed `pulumi preview` says what to write instead.
 */
export class EdgeAuthArgumentError extends Error {
    /** Dotted path of the offending argument, e.g. `roles.admin.permissions`. */
    readonly argument: string;
    /** The value that was rejected. */
    readonly value: unknown;
    /** What to write instead. */
    readonly fix: string;

    constructor(argument: string, value: unknown, problem: string, fix: string, component?: string) {
        const where = component ? `${component}: ` : "";
        super(`${where}${argument} ${describe(value)} ${problem}. Fix: ${fix}`);
        this.name = "EdgeAuthArgumentError";
        this.argument = argument;
        this.value = value;
        this.fix = fix;
    }

    /** The same error, prefixed with the component that received the argument. */
    inComponent(component: string): EdgeAuthArgumentError {
        const wrapped = new EdgeAuthArgumentError(this.argument, this.value, "", this.fix, component);
        wrapped.message = `${component}: ${this.message}`;
        return wrapped;
    }
}

function describe(value: unknown): string {
    if (value === undefined) {
        return "(missing)";
    }
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * Runs a component's synchronous validation and names the component in any argument error.
 * Components call it before `super()` so that nothing is registered when an argument is bad.
 */
export function validateArgs<T>(type: string, name: string, validate: () => T): T {
    try {
        return validate();
    } catch (err) {
        if (err instanceof EdgeAuthArgumentError) {
            throw err.inComponent(`${type} "${name}"`);
        }
        throw err;
    }
}

/** Throws an {@link EdgeAuthArgumentError}; a short form for validators. */
export function reject(argument: string, value: unknown, problem: string, fix: string): never {
    throw new EdgeAuthArgumentError(argument, value, problem, fix);
}
