/**
 * Readers of another stack's edge-auth contracts through a Pulumi `StackReference`.
 *
 * Values of another stack are Outputs; checks made on Outputs would run after resources were
 * registered. So each reader awaits the output (known during `pulumi preview`: it is the other
 * stack's last deployed state), checks it, and returns a plain reference before the program
 * builds anything with it. A mismatch throws: the preview of the reading stack fails, naming the
 * other stack, the output and the value.
 *
 * @example
 * export = async () => {
 *     const identity = new IdentityStackReference("identity", { stack: "acme/identity/prod" });
 *     const colors = await identity.api("colorsApi", { permissions: ["read:colors"] });
 *     new HttpApi("colors", { api: colors, routes: { "GET /my/colors": { function: fn, scopes: ["read:colors"] } } });
 * };
 */
import * as pulumi from "@pulumi/pulumi";
import { EdgeAuthArgumentError, reject } from "../core/errors";
import { ApiReference } from "../core/references";
import { UrlRules } from "../core/urls";
import {
    ClientUrlsContract, ImportedApplication, ImportedSpa, parseApiContract, parseApplicationContract, parseClientUrlsContract, parseSpaContract,
} from "./contracts";

/** Which stack to read. */
export interface StackContractsArgs {
    /**
     * The other stack's fully qualified name, `<organization>/<project>/<stack>`.
     * @example "acme/identity/prod"
     */
    stack: string;
    /**
     * How long to wait for the other stack's outputs before failing, in seconds.
     * @default 60
     */
    timeoutSeconds?: number;
}

const STACK_NAME = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+){0,2}$/;

/** Shared reading: one `StackReference`, awaited with a bound, errors naming the other stack. */
abstract class StackContracts {
    /** The other stack's name. */
    readonly stack: string;
    /** The underlying reference, for escape hatches. */
    readonly stackReference: pulumi.StackReference;
    private readonly label: string;
    private readonly timeoutMs: number;

    protected constructor(type: string, name: string, args: StackContractsArgs, opts?: pulumi.CustomResourceOptions) {
        const label = `${type} "${name}"`;
        try {
            if (typeof args?.stack !== "string" || !STACK_NAME.test(args.stack)) {
                reject("stack", args?.stack, "is not a stack name", "write the other stack as <organization>/<project>/<stack>, e.g. \"acme/identity/prod\"");
            }
            const timeout = args.timeoutSeconds ?? 60;
            if (typeof timeout !== "number" || !(timeout > 0 && timeout <= 600)) {
                reject("timeoutSeconds", timeout, "is out of range", "use a number of seconds above 0 and at most 600");
            }
            this.timeoutMs = timeout * 1000;
        } catch (err) {
            throw err instanceof EdgeAuthArgumentError ? err.inComponent(label) : err;
        }
        this.stack = args.stack;
        this.label = `${label} (stack "${args.stack}")`;
        this.stackReference = new pulumi.StackReference(name, { name: args.stack }, opts);
    }

    /** `stack "<name>" output "<output>"`: stamped on references so that component errors name it. */
    protected source(output: string): string {
        return `stack "${this.stack}" output "${output}"`;
    }

    /** Awaits one output (plain or secret) and parses it; errors name this reader and the stack. */
    protected async read<T>(output: string, parse: (value: unknown) => T): Promise<T> {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<never>((_, fail) => {
            timer = setTimeout(() => fail(new Error(`${this.label}: output "${output}" did not arrive within ${this.timeoutMs / 1000} s. `
                + `Fix: check that the stack exists and this program may read it (pulumi stack ls), or raise timeoutSeconds`)), this.timeoutMs);
        });
        try {
            const details = await Promise.race([this.stackReference.getOutputDetails(output), timedOut]);
            const value = details.value !== undefined ? details.value : details.secretValue;
            return parse(value);
        } catch (err) {
            throw err instanceof EdgeAuthArgumentError ? err.inComponent(this.label) : err;
        } finally {
            clearTimeout(timer);
        }
    }
}

/**
 * The application stack's view of the identity stack: APIs, confidential applications and
 * single-page apps the identity stack exports with `apiContract` / `applicationContract`.
 */
export class IdentityStackReference extends StackContracts {
    constructor(name: string, args: StackContractsArgs, opts?: pulumi.CustomResourceOptions) {
        super("IdentityStackReference", name, args, opts);
    }

    /**
     * An API reference for `HttpApi`, `AlbJwtValidation`, `RestApiLambdaAuthorizer`,
     * `AlbOidcLogin` and `MachineApplication`. List the permissions this stack uses: each must be
     * declared by the identity stack, and the reference is typed by them, so a scope outside the
     * list does not compile.
     */
    api<P extends string = string>(output: string, expect: { permissions?: P[] } = {}): Promise<ApiReference<P>> {
        // Typed by what this stack relies on (a scope outside the list fails to compile); checked at
        // run time against everything the identity stack declares.
        return this.read(output, (value) => parseApiContract<P>(output, value, this.source(output), expect.permissions ?? []));
    }

    /** A confidential application (client id, secret, registered URLs) for `AlbOidcLogin`. */
    application(output: string): Promise<ImportedApplication> {
        return this.read(output, (value) => parseApplicationContract(output, value, this.source(output)));
    }

    /** A single-page app (client id, registered origins) for `HttpApi`'s `spa`. */
    spa(output: string): Promise<ImportedSpa> {
        return this.read(output, (value) => parseSpaContract(output, value, this.source(output)));
    }
}

/**
 * The identity stack's view of an application stack: the client URLs it exports with
 * `clientUrlsContract`, to register on the Auth0 clients the identity stack owns.
 */
export class ApplicationStackReference extends StackContracts {
    constructor(name: string, args: StackContractsArgs, opts?: pulumi.CustomResourceOptions) {
        super("ApplicationStackReference", name, args, opts);
    }

    /**
     * The URLs to register. `rules` are the identity stack's own: a localhost or wildcard URL the
     * identity stack does not allow fails here, naming the application stack.
     */
    clientUrls(output: string, rules: UrlRules = {}): Promise<ClientUrlsContract> {
        return this.read(output, (value) => parseClientUrlsContract(output, value, rules));
    }
}
