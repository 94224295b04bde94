/**
 * Resources a config names as deliberate exceptions (`[{ name, reason }]`, by Pulumi resource
 * name), each with the reason a reviewer of the config file reads. An entry without a reason is
 * itself a violation, so an exception never passes silently.
 */
import { Finding, violation } from "./findings";
import { asList, asObject } from "./plain";
import { ConfigProperty } from "./policy";

export interface NamedException {
    name: string;
    reason: string;
}

/** The config property of a named-exception list. */
export function namedExceptions(description: string): ConfigProperty {
    return {
        type: "array",
        items: {
            type: "object",
            properties: { name: { type: "string" }, reason: { type: "string", minLength: 1 } },
            required: ["name", "reason"],
        },
        default: [],
        description,
    };
}

/** `"excepted"` when `name` is listed with a reason, a finding when listed without one, else undefined. */
export function exceptionFor(list: unknown, name: string, key: string): "excepted" | Finding | undefined {
    for (const raw of asList(list) as unknown[]) {
        const entry = asObject(raw);
        if (entry?.name === name) {
            return typeof entry.reason === "string" && entry.reason.trim().length > 0
                ? "excepted"
                : violation(`"${name}" is listed in ${key} without a reason; an exception must say why`);
        }
    }
    return undefined;
}
