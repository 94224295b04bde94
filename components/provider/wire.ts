/**
 * Inputs as `construct` receives them from another language, before a TypeScript component sees
 * them: checks that plain arguments are plain, and the names that differ between the schema and
 * TypeScript.
 */
import * as pulumi from "@pulumi/pulumi";
import { EdgeAuthArgumentError } from "../core/errors";

/**
 * Schema names that differ from TypeScript, by schema type (or component) and schema property.
 * Keywords of the target languages (`public` and `default` in C# and Java, `type` in Go) and
 * names that read as something else there (`function`) are renamed; docs/other-languages.md
 * lists them.
 */
export const RENAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
    HttpRoute: { isPublic: "public", lambdaFunction: "function" },
    RestApiLambdaAuthorizer: { authorizerType: "type" },
};

/** The TypeScript name of a schema property. */
export function typeScriptName(owner: string, property: string): string {
    return RENAMES[owner]?.[property] ?? property;
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

const TYPE_REF = "#/types/edge-auth:index:";

/**
 * The path of the first Output (a computed value, an unknown or a secret) found where the schema
 * declares a plain value, or undefined. TypeScript takes those arguments plain so that edge-auth
 * can check them before anything is created; another language can still send an Output there.
 */
export function outputInPlainPosition(value: unknown, spec: PropertySpec, types: Record<string, ObjectTypeSpec>, where: string): string | undefined {
    if (value === undefined || value === null || !spec.plain) {
        return undefined;
    }
    if (pulumi.Output.isInstance(value) || isRpcSecret(value)) {
        return where;
    }
    if (spec.$ref?.startsWith(TYPE_REF) && typeof value === "object") {
        const name = spec.$ref.slice(TYPE_REF.length);
        for (const [key, inner] of Object.entries(types[`edge-auth:index:${name}`]?.properties ?? {})) {
            const found = outputInPlainPosition((value as Record<string, unknown>)[key], inner, types, `${where}.${key}`);
            if (found) {
                return found;
            }
        }
    } else if (spec.type === "array" && Array.isArray(value) && spec.items) {
        for (let i = 0; i < value.length; i++) {
            const found = outputInPlainPosition(value[i], spec.items, types, `${where}[${i}]`);
            if (found) {
                return found;
            }
        }
    } else if (spec.type === "object" && spec.additionalProperties && typeof value === "object") {
        for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
            const found = outputInPlainPosition(inner, spec.additionalProperties, types, `${where}[${JSON.stringify(key)}]`);
            if (found) {
                return found;
            }
        }
    }
    return undefined;
}

/** Secrets nested in a deserialized value arrive as `{ 4dabf18193072939515e22adb298388d: <sig>, value }`. */
function isRpcSecret(value: unknown): boolean {
    return pulumi.runtime.isRpcSecret(value);
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
            .replace(new RegExp(`\\.${tsName}(?=[\\s.\\[])`, "g"), `.${schemaName}`)
            .replace(new RegExp(`(^|[\\s,(])${tsName}(?=: )`, "g"), `$1${schemaName}`);
    }
    error.message = message;
    return error;
}
