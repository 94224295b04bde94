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
import { EdgeAuthArgumentError, reject, validateArgs } from "../core/errors";
import { ApiReference } from "../core/references";
import { UrlRules } from "../core/urls";
import {
    ClientUrlsContract, ImportedApplication, ImportedSpa, parseApiContract, parseApplicationContract, parseClientUrlsContract, parseSpaContract,
} from "./contracts";
import { AllowedHosts, ClientUrlSet, describeClientUrls, diffClientUrls, parseAllowedHosts } from "./allowedHosts";

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

/** Which application stack to read, and which hosts it may register. */
export interface ApplicationStackReferenceArgs extends StackContractsArgs {
    /**
     * The hosts this application stack may register on the identity stack's clients: exact hosts
     * (`"ops.example.com"`, `"localhost"` for local development) or `"*.<domain>"` patterns that
     * allow any one-label host under a domain the identity team owns (`"*.apps.example.com"`
     * allows `a.apps.example.com`, not `apps.example.com` nor `a.b.apps.example.com`). Every ALB
     * host, origin, callback and logout URL the application stack publishes must be on one of
     * them, else reading fails the identity stack's preview naming the output and the host.
     * Hosts compare in canonical form (lower case, international names as punycode). Refused:
     * `"*"`, patterns under a top-level domain, a public registry suffix (`*.co.uk`) or a shared
     * hosting domain (`*.cloudfront.net`, `*.herokuapp.com`), ports, schemes and paths.
     * @default - none: required, so that no default allows every host
     * @example ["ops.example.com", "*.preview.example.com"]
     */
    allowedHosts: string[];
}

/** Options of {@link ApplicationStackReference.clientUrls}. */
export interface ClientUrlsOptions extends UrlRules {
    /**
     * What the identity stack registered from this output last time (e.g. the URLs of its own
     * previous `applicationContract` output): the preview then logs the URLs the application
     * stack adds and removes, as a warning when it adds any.
     * @default - no comparison; the preview logs the full set taken from the application stack
     */
    previous?: ClientUrlSet;
}

/**
 * The identity stack's view of an application stack: the client URLs it exports with
 * `clientUrlsContract`, checked against the hosts the identity stack allows that stack, to
 * register on the Auth0 clients the identity stack owns.
 */
export class ApplicationStackReference extends StackContracts {
    /** The hosts this application stack may register, as given (normalised). */
    readonly allowedHosts: readonly string[];
    private readonly allowed: AllowedHosts;

    constructor(name: string, args: ApplicationStackReferenceArgs, opts?: pulumi.CustomResourceOptions) {
        // Checked before the StackReference is registered: nothing half-created.
        const allowed = validateArgs("ApplicationStackReference", name, () => parseAllowedHosts("allowedHosts", args?.allowedHosts));
        super("ApplicationStackReference", name, args, opts);
        this.allowed = allowed;
        this.allowedHosts = allowed.entries;
    }

    /**
     * The URLs to register, derived from the allowed hosts (see `parseClientUrlsContract`).
     * `options` are the identity stack's own URL rules: a localhost or wildcard URL the identity
     * stack does not allow fails here, naming the application stack. The preview logs the URLs
     * taken from the application stack (and, given `previous`, those it adds and removes).
     */
    async clientUrls(output: string, options: ClientUrlsOptions = {}): Promise<ClientUrlsContract> {
        const { previous, ...rules } = options;
        const urls = await this.read(output, (value) => parseClientUrlsContract(output, value, this.allowed, rules));
        for (const line of clientUrlsLog(this.source(output), urls, previous)) {
            await (line.level === "warn" ? pulumi.log.warn(line.message) : pulumi.log.info(line.message));
        }
        return urls;
    }
}

/**
 * What the preview says about URLs taken from an application stack: the full set, and with
 * `previous` what is added (a warning: a new host another team put on this stack's client)
 * and removed.
 */
export function clientUrlsLog(source: string, urls: ClientUrlSet, previous?: ClientUrlSet): Array<{ level: "info" | "warn"; message: string }> {
    const lines: Array<{ level: "info" | "warn"; message: string }> = [
        { level: "info", message: `edge-auth: ${source} registers ${describeClientUrls(urls) ?? "no URLs"}` },
    ];
    if (previous !== undefined) {
        const { added, removed } = diffClientUrls(previous, urls);
        const adds = describeClientUrls(added);
        const removes = describeClientUrls(removed);
        if (adds !== undefined) {
            lines.push({ level: "warn", message: `edge-auth: ${source} adds ${adds}` });
        }
        if (removes !== undefined) {
            lines.push({ level: "info", message: `edge-auth: ${source} removes ${removes}` });
        }
    }
    return lines;
}
