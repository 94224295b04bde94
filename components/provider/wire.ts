/**
 * Inputs as `construct` receives them from another language, before a TypeScript component sees
 * them: checks that plain arguments are plain, and the names that differ between the schema and
 * TypeScript.
 */
import * as pulumi from "@pulumi/pulumi";
import { Struct, Value } from "google-protobuf/google/protobuf/struct_pb";
import { EdgeAuthArgumentError } from "../core/errors";
import { foreignResourceType } from "./foreignResources";

/** How the schema refers to its own types. */
const TYPE_REF = "#/types/edge-auth:index:";

/**
 * Schema names that differ from TypeScript, by schema type (or component) and schema property.
 * Keywords of the target languages (`public` and `default` in C# and Java, `type` in Go) and
 * names that read as something else there (`function`) are renamed; docs/other-languages.md
 * lists them. (`RestApiLambdaAuthorizer` had a `type` argument, renamed `authorizerType`, until
 * it became a REQUEST authorizer only.)
 */
export const RENAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
    HttpRoute: { isPublic: "public", lambdaFunction: "function" },
    RestApiLambdaAuthorizer: { lambdaFunction: "function" },
};

/**
 * Component outputs whose schema name differs from the TypeScript field: a member may not be
 * named like its class in C# (CS0542), and `RestApi.restApi` would be `RestApi.RestApi` there.
 */
export const OUTPUT_RENAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
    RestApi: { awsRestApi: "restApi" },
};

/** The TypeScript name of a schema property (`output`: a component's output rather than an argument). */
export function typeScriptName(owner: string, property: string, output = false): string {
    return (output ? OUTPUT_RENAMES[owner]?.[property] : undefined) ?? RENAMES[owner]?.[property] ?? property;
}

/**
 * Whole numbers, by component or type: typed `integer` in the schema (the analyzer types every
 * TypeScript `number` as `number`). Every other `number` of the schema is listed in
 * FRACTIONAL_PROPERTIES with the reason; test/provider/schemaNames.test.ts checks both lists.
 */
export const INTEGER_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
    AlbOidcLogin: ["priority", "sessionTimeout", "priorities"],
    AlbJwtValidation: ["priority", "priorities"],
    HttpApi: ["accessLogRetentionDays"],
    Auth0Api: ["tokenLifetime", "tokenLifetimeForWeb"],
    SpaApplication: ["refreshTokenLifetime", "refreshTokenIdleLifetime"],
    HttpsLoadBalancer: ["targetPorts"],
    RestApiLambdaAuthorizer: ["resultTtlInSeconds", "logRetentionInDays", "memorySize"],
    RestApi: ["resultTtlInSeconds", "logRetentionInDays", "memorySize"],
    DiscoverySettings: ["timeoutSeconds"],
    Discovery: ["timeoutSeconds"],
    HttpCors: ["maxAge"],
    HttpCorsPlan: ["maxAge"],
    HttpThrottling: ["burstLimit"],
    AlbLoginRoute: ["priority"],
    AlbJwtRoute: ["priority"],
};

/** Numbers that may have a fraction, with the reason. */
export const FRACTIONAL_PROPERTIES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
    HttpThrottling: { rateLimit: "API Gateway's stage throttling rate is requests per second as a double (throttlingRateLimit, aws.apigatewayv2.Stage)" },
};

/** The renames that apply to a component's arguments: its own and those of the types it uses. */
export function renamesOf(component: string, properties: Record<string, PropertySpec>, types: Record<string, ObjectTypeSpec>): Record<string, string> {
    const renames: Record<string, string> = { ...RENAMES[component] };
    const seen = new Set<string>();
    const visit = (spec: PropertySpec | undefined): void => {
        if (!spec) {
            return;
        }
        const name = spec.$ref?.startsWith(TYPE_REF) ? spec.$ref.slice(TYPE_REF.length) : undefined;
        if (name && !seen.has(name)) {
            seen.add(name);
            Object.assign(renames, RENAMES[name]);
            Object.values(types[`edge-auth:index:${name}`]?.properties ?? {}).forEach(visit);
        }
        visit(spec.items);
        visit(spec.additionalProperties);
    };
    Object.values(properties).forEach(visit);
    return renames;
}

/** A property of the package schema, as much of it as the checks need. */
export interface PropertySpec {
    type?: string;
    $ref?: string;
    plain?: boolean;
    items?: PropertySpec;
    additionalProperties?: PropertySpec;
}

/** An object type of the schema: its properties. */
export interface ObjectTypeSpec {
    properties?: Record<string, PropertySpec>;
    enum?: unknown[];
}


/**
 * Reference types and the components whose instances satisfy them. A reference that names a
 * component this provider constructed (its `reference` output, or the component itself, which
 * arrives as a URN) is replaced by that instance, so the TypeScript component sees what a
 * TypeScript program passes: the same dependencies, the same checks.
 */
export const REFERENCE_COMPONENTS: Readonly<Record<string, string>> = {
    ApiReference: "Auth0Api",
    ListenerReference: "HttpsLoadBalancer",
    ApplicationReference: "WebApplication",
    SpaReference: "SpaApplication",
};

/** What a decoded value inherited from an Output it was unwrapped from. */
interface Carried {
    dependencies: pulumi.Resource[];
    urns: string[];
    secret: boolean;
}

/** Everything the decoder needs besides the value. */
export interface DecodeContext {
    /** `<Component> "<name>"`, for errors. */
    component: string;
    types: Record<string, ObjectTypeSpec>;
    /** Components constructed by this provider, by URN. */
    constructed: ReadonlyMap<string, pulumi.ComponentResource>;
    /** A constructed component as the plain reference its `reference` output holds. */
    referenceOf(instance: pulumi.ComponentResource): unknown;
}

/**
 * Turns inputs as they arrive from another language into what the TypeScript component takes.
 *
 * The wire wraps a whole top-level value in an Output as soon as any part of it depends on another
 * resource or is secret (`roleGates` holding one `clientId` Output arrives as one Output). So an
 * Output where the schema wants a plain value is unwrapped, when known: its plain parts must be
 * plain values (or references), its `Input` parts become Outputs again, carrying the dependencies
 * and secretness of what they were unwrapped from. An Output whose plain parts are unknown (during
 * preview) or that holds no reference or `Input` part at all is refused, as TypeScript refuses it.
 */
export async function decodeInputs(inputs: Record<string, unknown>, properties: Record<string, PropertySpec>, context: DecodeContext): Promise<Record<string, unknown>> {
    const decoded: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(properties)) {
        if (inputs[key] !== undefined) {
            decoded[key] = await decode(inputs[key], spec, key, context, undefined);
        }
    }
    return decoded;
}

async function decode(value: unknown, spec: PropertySpec, where: string, context: DecodeContext, carried: Carried | undefined): Promise<unknown> {
    if (value === undefined || value === null) {
        return value;
    }
    const foreign = foreignResourceType(spec.$ref);
    if (foreign !== undefined) {
        return decodeForeignResource(value, foreign, where, context);
    }
    const typeName = spec.$ref?.startsWith(TYPE_REF) ? spec.$ref.slice(TYPE_REF.length) : undefined;
    const isReference = typeName !== undefined && REFERENCE_COMPONENTS[typeName] !== undefined;
    // Objects (and lists and maps of them) are Inputs in the schema when they hold an Input, so
    // that typed SDKs can put an Output in them; TypeScript takes the object itself, plain.
    const structural = isObjectish(spec, context.types);
    if (!spec.plain && !structural) {
        // An Input leaf: anything goes; what was unwrapped on the way gets its Output back.
        return carried && !pulumi.Output.isInstance(value) ? rewrap(value, carried) : value;
    }
    if (pulumi.Output.isInstance(value)) {
        // An Output of a whole object (a reference output, or a container the SDK sent as one
        // value): the TypeScript components check these at construction, so it is resolved here.
        if (spec.plain && !isReference && !canUnwrap(spec, context.types)) {
            throw notPlainError(context.component, where);
        }
        const unwrapped = await unwrapOutput(value);
        if (!unwrapped.known && (unwrapped.value === undefined || pulumi.isUnknown(unwrapped.value))) {
            throw unknownError(context.component, where);
        }
        const merged: Carried = {
            dependencies: [...(carried?.dependencies ?? []), ...unwrapped.dependencies],
            urns: [...(carried?.urns ?? []), ...unwrapped.urns],
            secret: (carried?.secret ?? false) || unwrapped.secret,
        };
        return decode(unwrapped.value, spec, where, context, merged);
    }
    if (pulumi.isUnknown(value)) {
        throw unknownError(context.component, where);
    }
    if (isReference) {
        const instance = await constructedReference(value, typeName!, carried, context, where);
        if (instance) {
            return instance;
        }
    }
    if (typeName && typeof value === "object") {
        const type = context.types[`edge-auth:index:${typeName}`];
        if (type?.properties) {
            const object: Record<string, unknown> = {};
            for (const [key, inner] of Object.entries(type.properties)) {
                const field = (value as Record<string, unknown>)[key];
                if (field !== undefined) {
                    object[key] = await decode(field, inner, `${where}.${key}`, context, carried);
                }
            }
            return object;
        }
        return value;
    }
    if (spec.type === "array" && Array.isArray(value) && spec.items) {
        return Promise.all(value.map((item, i) => decode(item, spec.items!, `${where}[${i}]`, context, carried)));
    }
    if (spec.type === "object" && spec.additionalProperties && typeof value === "object") {
        refuseReservedMapKeys(value as Record<string, unknown>, where, context.component);
        const map: Record<string, unknown> = {};
        for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
            map[key] = await decode(inner, spec.additionalProperties, `${where}[${JSON.stringify(key)}]`, context, carried);
        }
        return map;
    }
    return value;
}

/** An object type of the package, or a list or map of them: decoded member by member. */
function isObjectish(spec: PropertySpec, types: Record<string, ObjectTypeSpec>): boolean {
    if (spec.$ref?.startsWith(TYPE_REF)) {
        return types[`edge-auth:index:${spec.$ref.slice(TYPE_REF.length)}`]?.properties !== undefined;
    }
    const inner = spec.items ?? spec.additionalProperties;
    return inner !== undefined && isObjectish(inner, types);
}

/** An Output may stand where the schema wants a plain value only if it holds a reference, a resource or an `Input`. */
function canUnwrap(spec: PropertySpec, types: Record<string, ObjectTypeSpec>, seen = new Set<string>()): boolean {
    if (!spec.plain || spec.$ref?.startsWith("/")) {
        // An Input, or a resource of another package (its reference carries a dependency).
        return true;
    }
    if (spec.$ref?.startsWith(TYPE_REF)) {
        const name = spec.$ref.slice(TYPE_REF.length);
        if (REFERENCE_COMPONENTS[name]) {
            return true;
        }
        if (seen.has(name)) {
            return false;
        }
        seen.add(name);
        return Object.values(types[`edge-auth:index:${name}`]?.properties ?? {}).some((inner) => canUnwrap(inner, types, seen));
    }
    const inner = spec.items ?? spec.additionalProperties;
    return inner !== undefined && canUnwrap(inner, types, seen);
}

/**
 * The component a reference stands for, when this provider constructed it: a URN (a component
 * passed itself), or an Output computed from exactly one component (its `reference` output). A
 * reference whose value disagrees with that component (an Output depending on API A that names
 * API B) is refused: mapping it to A would silently grant A's audience.
 */
async function constructedReference(value: unknown, typeName: string, carried: Carried | undefined, context: DecodeContext, where: string): Promise<pulumi.ComponentResource | undefined> {
    const component = REFERENCE_COMPONENTS[typeName];
    const expected = `edge-auth:index:${component}`;
    if (typeof value === "string") {
        const instance = context.constructed.get(value);
        if (!instance || !value.split("::")[2]?.endsWith(expected)) {
            const error = new EdgeAuthArgumentError(where, value, "", "", context.component);
            error.message = `${context.component}: ${where} ${JSON.stringify(value)} is not the URN of an ${component} this program created. ` +
                `Fix: pass the component's \`reference\` output, or a ${typeName} object`;
            throw error;
        }
        return instance;
    }
    const urns = [...new Set(carried?.urns ?? [])];
    if (urns.length !== 1 || !urns[0].split("::")[2]?.endsWith(expected)) {
        return undefined;
    }
    const instance = context.constructed.get(urns[0]);
    if (instance && value !== null && typeof value === "object") {
        const disagreement = await disagreeingField(value as Record<string, unknown>, context.referenceOf(instance));
        if (disagreement) {
            const name = urns[0].split("::").pop();
            const error = new EdgeAuthArgumentError(where, value, "", "", context.component);
            error.message = `${context.component}: ${where} depends only on ${component} "${name}", but its ${disagreement.field} ` +
                `${describeValue(disagreement.given)} differs from that component's ${describeValue(disagreement.actual)}. ` +
                `Fix: pass the component's \`reference\` output unchanged (or the component itself); a ${typeName} for another ${component} must not be computed from this one`;
            throw error;
        }
    }
    return instance;
}

/** The first field of a reference (other than `source`) whose known value differs from the instance's. */
async function disagreeingField(given: Record<string, unknown>, actual: unknown): Promise<{ field: string; given: unknown; actual: unknown } | undefined> {
    const reference = (actual ?? {}) as Record<string, unknown>;
    for (const [field, value] of Object.entries(given)) {
        if (field === "source" || value === undefined) {
            continue;
        }
        let expected = reference[field];
        if (pulumi.Output.isInstance(expected)) {
            const resolved = await unwrapOutput(expected);
            if (!resolved.known) {
                continue;
            }
            expected = resolved.value;
        }
        if (pulumi.isUnknown(value) || canonicalJson(value) !== canonicalJson(expected)) {
            if (!pulumi.isUnknown(value)) {
                return { field, given: value, actual: expected };
            }
        }
    }
    return undefined;
}

function canonicalJson(value: unknown): string {
    return JSON.stringify(value, (_key, v) => v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => a.localeCompare(b)))
        : v) ?? "undefined";
}

function describeValue(value: unknown): string {
    const text = canonicalJson(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * A resource of another package (an `aws.lambda.Function`, an `aws.apigateway.RestApi`): it
 * arrives as a resource, rehydrated from its reference (./foreignResources), possibly inside an
 * Output. Anything else (an id or ARN string, a reference of a package the plugin does not have)
 * is refused here with the type wanted, rather than by the component as "not a Lambda function".
 */
async function decodeForeignResource(value: unknown, type: string, where: string, context: DecodeContext): Promise<unknown> {
    let resolved = value;
    if (pulumi.Output.isInstance(value)) {
        const unwrapped = await unwrapOutput(value);
        if (!unwrapped.known || pulumi.isUnknown(unwrapped.value)) {
            throw unknownError(context.component, where);
        }
        resolved = unwrapped.value;
    }
    if (pulumi.Resource.isInstance(resolved)) {
        return resolved;
    }
    if (pulumi.isUnknown(resolved)) {
        throw unknownError(context.component, where);
    }
    const error = new EdgeAuthArgumentError(where, resolved, "", "", context.component);
    error.message = `${context.component}: ${where} ${describeValue(resolved)} is not a reference to a resource of type ${type}. ` +
        `Fix: pass the resource object itself (e.g. the ${type.split(":").pop()} your program created, or one read with .get), not its id, ARN or name`;
    throw error;
}

/** Map keys JavaScript objects give a meaning of their own: a map cannot hold them as entries. */
export const RESERVED_KEYS: readonly string[] = ["__proto__", "constructor", "prototype"];

function reservedKeyError(component: string, where: string, key: string): EdgeAuthArgumentError {
    const error = new EdgeAuthArgumentError(where, key, "", "", component);
    error.message = `${component}: ${where} has an entry named ${JSON.stringify(key)}, a name JavaScript objects reserve ` +
        `(the plugin would drop or misread it, silently losing the entry). Fix: rename the entry; ${RESERVED_KEYS.map((k) => JSON.stringify(k)).join(", ")} cannot name a map entry`;
    return error;
}

/**
 * A name-keyed map (role gates, routes, clients...) with a reserved key is refused. `__proto__`
 * is the one the wire loses before `construct` runs (google-protobuf's Struct.toJavaScript
 * assigns it, which sets the prototype); ./host.ts refuses it on the raw request, and here an
 * object whose prototype was replaced betrays it.
 */
function refuseReservedMapKeys(map: Record<string, unknown>, where: string, component: string): void {
    for (const key of Object.keys(map)) {
        if (RESERVED_KEYS.includes(key)) {
            throw reservedKeyError(component, where, key);
        }
    }
    const prototype = Object.getPrototypeOf(map);
    if (prototype !== Object.prototype && prototype !== null) {
        throw reservedKeyError(component, where, "__proto__");
    }
}

/**
 * Whether decoding this protobuf map met a `__proto__` key: google-protobuf's Map keeps its entries
 * in a plain object by key (`map_`, minified in the package), so that key replaced the object's
 * prototype instead of adding an entry. The map's one plain object then has another prototype.
 */
function lostProtoKey(map: object): boolean {
    return Object.values(map).some((v) => v !== null && typeof v === "object" && !Array.isArray(v)
        && Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null);
}

/**
 * Refuses a reserved key anywhere in a Construct request's raw inputs, before the server decodes
 * them. `__proto__` is already gone from the maps' entries by then (google-protobuf's binary
 * decoding drops it, see lostProtoKey), `constructor` and `prototype` are still there. Object types of the schema have no such member, so a reserved
 * key is always a map entry (or junk). `component` is `<Class> "<name>"`.
 */
export function refuseReservedWireKeys(component: string, inputs: Struct | undefined): void {
    const SIG = pulumi.runtime.specialSigKey;
    const visitValue = (value: Value, where: string): void => {
        if (value.hasStructValue()) {
            visitStruct(value.getStructValue()!, where);
        } else if (value.hasListValue()) {
            value.getListValue()!.getValuesList().forEach((item, i) => visitValue(item, `${where}[${i}]`));
        }
    };
    const visitStruct = (struct: Struct, where: string): void => {
        const fields = struct.getFieldsMap();
        if (lostProtoKey(fields)) {
            throw reservedKeyError(component, where, "__proto__");
        }
        if (fields.has(SIG)) {
            // A secret or an output value: its `value` is the property itself.
            const inner = fields.get("value");
            if (inner) {
                visitValue(inner, where);
            }
            return;
        }
        fields.forEach((value, key) => {
            if (RESERVED_KEYS.includes(key)) {
                throw reservedKeyError(component, where, key);
            }
            visitValue(value, /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${where}.${key}` : `${where}[${JSON.stringify(key)}]`);
        });
    };
    if (inputs && lostProtoKey(inputs.getFieldsMap())) {
        throw reservedKeyError(component, "inputs", "__proto__");
    }
    inputs?.getFieldsMap().forEach((value, key) => {
        if (RESERVED_KEYS.includes(key)) {
            throw reservedKeyError(component, "inputs", key);
        }
        visitValue(value, key);
    });
}

async function unwrapOutput(output: pulumi.Output<unknown>): Promise<{ value: unknown; known: boolean; secret: boolean; dependencies: pulumi.Resource[]; urns: string[] }> {
    const internal = output as unknown as {
        promise(withUnknowns?: boolean): Promise<unknown>;
        isKnown: Promise<boolean>;
        isSecret: Promise<boolean>;
        resources(): Set<pulumi.Resource>;
    };
    const dependencies = [...internal.resources()];
    const urns = await Promise.all(dependencies.map((r) => (r.urn as unknown as { promise(): Promise<string> }).promise()));
    return { value: await internal.promise(true), known: await internal.isKnown, secret: await internal.isSecret, dependencies, urns };
}

/** An Output of `value` with what it was unwrapped from: dependencies, secretness, unknown parts. */
function rewrap(value: unknown, carried: Carried): pulumi.Output<unknown> {
    // The same constructor the provider server uses to wrap inputs (@pulumi/pulumi/provider/server).
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { Output } = require("@pulumi/pulumi/output");
    const known = !pulumi.isUnknown(value);
    return new Output(carried.dependencies, Promise.resolve(known ? value : undefined), Promise.resolve(known),
        Promise.resolve(carried.secret), Promise.resolve([]));
}

/** The error for a value still unknown during preview where edge-auth must check it. */
export function unknownError(component: string, argument: string): EdgeAuthArgumentError {
    const error = new EdgeAuthArgumentError(argument, undefined, "", "", component);
    error.message = `${component}: ${argument} is unknown during preview, and edge-auth checks it before anything is created. ` +
        "Fix: pass a value known at preview (a plain value, or the `reference` output of an edge-auth component)";
    return error;
}

/** The error for an Output where a plain value is required, in edge-auth's error shape. */
export function notPlainError(component: string, argument: string): EdgeAuthArgumentError {
    const error = new EdgeAuthArgumentError(argument, undefined, "", "", component);
    error.message = `${component}: ${argument} is an Output (computed by another resource, unknown during preview, or secret), ` +
        "not a plain value. Fix: pass a plain value here; edge-auth checks this argument before anything is created";
    return error;
}

/**
 * Renames the TypeScript argument path of an error to the schema's names, so a Python or Go user
 * reads the name they wrote: `routes["GET /"].public` becomes `routes["GET /"].isPublic`.
 */
export function toSchemaNames(error: unknown, renames: Readonly<Record<string, string>>): unknown {
    if (!(error instanceof EdgeAuthArgumentError)) {
        return error;
    }
    let message = error.message;
    for (const [schemaName, tsName] of Object.entries(renames)) {
        // Only path segments and the `name: value` form of fixes, never words of the sentence.
        message = message
            .replace(new RegExp(`^([^:]*: )${tsName}(?=[\\s.\\[])`), `$1${schemaName}`)
            .replace(new RegExp(`\\.${tsName}(?=[\\s.\\[])`, "g"), `.${schemaName}`)
            .replace(new RegExp(`(^|[\\s,(])${tsName}(?=: )`, "g"), `$1${schemaName}`);
    }
    error.message = message;
    return error;
}
