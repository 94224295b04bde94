/**
 * Reads a stack's `Pulumi.<stack>.yaml` the way the Pulumi CLI hands config to a program:
 * every key namespaced (`aws:region`), objects and lists as JSON strings (what
 * `config.requireObject` parses), secrets left out because they cannot be decrypted offline.
 */
import * as YAML from "yaml";

export interface StackConfig {
    /** Config as `pulumi.runtime.setAllConfig` takes it. */
    values: Record<string, string>;
    /** Keys whose values are encrypted (`secure:`); the offline plan runs without them. */
    secretKeys: string[];
}

export function parseStackConfig(text: string, project: string): StackConfig {
    const doc = YAML.parse(text) ?? {};
    if (typeof doc !== "object" || Array.isArray(doc)) {
        throw new Error("a stack config file must be a YAML mapping with a `config:` key");
    }
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [rawKey, value] of Object.entries<unknown>(doc.config ?? {})) {
        // Keys without a namespace belong to the project, as in the CLI.
        const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
        if (value !== null && typeof value === "object" && !Array.isArray(value) && "secure" in value) {
            secretKeys.push(key);
            continue;
        }
        values[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return { values, secretKeys };
}
