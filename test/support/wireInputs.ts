/**
 * Component inputs as a provider's `Construct` receives them from a Python, Go, .NET or YAML
 * program: a protobuf Struct using Pulumi's wire encoding (secrets, unknowns, resource references
 * and output values as signature objects), decoded by the same function the provider server runs
 * before it calls `construct`. Tests write the values another SDK would send, not TypeScript objects.
 */
import * as pulumi from "@pulumi/pulumi";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

// Internal to @pulumi/pulumi: the server's input decoding and the RPC message types.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { deserializeInputs } = require("@pulumi/pulumi/provider/server") as {
    deserializeInputs(inputs: Struct, dependencies: Map<string, unknown>): Promise<pulumi.Inputs>;
};
// eslint-disable-next-line @typescript-eslint/no-var-requires
const providerProto = require("@pulumi/pulumi/proto/provider_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const settings = require("@pulumi/pulumi/runtime/settings");

const rpc = pulumi.runtime;
const SIG = rpc.specialSigKey;

/** Wire encodings of the special values. */
export const wire = {
    /** A secret, as `pulumi.Output.secret` / `pulumi.secret` sends it. */
    secret: (value: unknown) => ({ [SIG]: rpc.specialSecretSig, value }),
    /** A value not known yet (during preview), e.g. the id of a resource still to be created. */
    unknown: rpc.unknownValue,
    /** A reference to a resource of any package, by URN (and id for custom resources). */
    resource: (urn: string, id?: string) => ({ [SIG]: rpc.specialResourceSig, urn, ...(id === undefined ? {} : { id }), packageVersion: "" }),
    /** An output value nested in a property: known or not, secret or not, with its dependencies. */
    output: (value: unknown, dependencies: string[] = [], secret = false) =>
        ({ [SIG]: rpc.specialOutputValueSig, ...(value === undefined ? {} : { value }), secret, dependencies }),
};

/**
 * Decodes `properties` exactly as the provider server does for `Construct`: top-level values with
 * dependencies, secrets or unknowns become Outputs, references become resources (or URN strings
 * for packages this process has not loaded), the rest stays plain.
 */
export async function arriving(properties: Record<string, unknown>, dependencies: Record<string, string[]> = {}): Promise<Record<string, any>> {
    const deps = new Map<string, unknown>();
    for (const [key, urns] of Object.entries(dependencies)) {
        const message = new providerProto.ConstructRequest.PropertyDependencies();
        message.setUrnsList(urns);
        deps.set(key, message);
    }
    return deserializeInputs(Struct.fromJavaScript(properties as any), deps);
}

/** Runs `body` as during `pulumi preview`, where unknown values decode to unknown Outputs. */
export async function duringPreview<T>(body: () => Promise<T>): Promise<T> {
    const before = settings.isDryRun();
    settings._setIsDryRun(true);
    try {
        return await body();
    } finally {
        settings._setIsDryRun(before);
    }
}
