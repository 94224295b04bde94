/**
 * References to @pulumi/aws and @pulumi/auth0 resources as `Construct` receives them.
 *
 * The provider server decodes a Construct's inputs before `construct` runs. Pulumi's decoder
 * (`deserializeProperty` in @pulumi/pulumi runtime/rpc) turns a resource reference into a
 * resource only for a package whose resource modules are registered in this process
 * (`registerResourceModule`, which @pulumi/aws and @pulumi/auth0 call when they load) and whose
 * registered version satisfies the reference's `packageVersion` (`checkVersion`: same major,
 * minor and patch each at least as high). Otherwise the reference decodes to the resource's id
 * (or URN), and a Lambda function arrives as the string "colors-fn-1234". So:
 * - the packages are loaded when the provider is created, before any Construct is decoded (a
 *   fresh plugin's first Construct used to see id strings: builders load @pulumi/aws lazily);
 * - each of their modules also answers references of any version. A Python or Go program's
 *   pulumi_aws is a separate package with its own version, older or newer than the plugin's
 *   @pulumi/aws; a reference is only a URN and an id, and the resource's state is read from the
 *   engine (`pulumi:pulumi:getResource`), so the plugin's class of the same type token stands in.
 */

/** Packages whose resources edge-auth components take (a Lambda function, a REST API...). */
export const FOREIGN_PACKAGES: readonly string[] = ["aws", "auth0"];

interface ResourceModule {
    version?: string;
    construct(name: string, type: string, urn: string): unknown;
    /** Set on the any-version registrations added here. */
    edgeAuthAnyVersion?: true;
}

/** Loads @pulumi/aws and @pulumi/auth0 and lets their modules rehydrate references of any version. Idempotent. */
export function registerForeignResourceModules(): void {
    // Loading the packages registers their resource modules (about 0.2 s for @pulumi/aws).
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    require("@pulumi/aws");
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    require("@pulumi/auth0");
    // Internal to @pulumi/pulumi: the registry `getResourceModule` reads. `registerResourceModule`
    // cannot add a version-less entry next to a versioned one (it treats undefined as "the same
    // version" and skips it), so the entry is appended to the registry's list directly.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const state = require("@pulumi/pulumi/runtime/state") as { getResourceModules(): Map<string, ResourceModule[]> };
    for (const [key, modules] of state.getResourceModules()) {
        if (!FOREIGN_PACKAGES.includes(key.split(":")[0]) || modules.some((m) => m.edgeAuthAnyVersion)) {
            continue;
        }
        const installed = modules[0];
        // A version-less entry matches every packageVersion; a versioned entry that matches too
        // is preferred (`getRegistration` keeps the first match unless a later one is newer).
        modules.push({ version: undefined, edgeAuthAnyVersion: true, construct: (name, type, urn) => installed.construct(name, type, urn) });
    }
}

/** The type token a schema `$ref` to another package's resource names, or undefined. */
export function foreignResourceType(ref: string | undefined): string | undefined {
    const match = ref === undefined ? null : /^\/([^/]+)\/[^#]*#\/resources\/(.+)$/.exec(ref);
    return match ? decodeURIComponent(match[2]) : undefined;
}
