import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

/*
 * The other-language examples of docs/other-languages.md cannot run here (no Pulumi CLI, Python,
 * Go or .NET). What can be checked: that they use the names of the committed schema, the one the
 * SDKs are generated from. The YAML program is checked in full, the Python program's component
 * calls, argument types and outputs by name.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "components", "provider", "edge-auth.schema.json"), "utf8"));
const doc = fs.readFileSync(path.join(ROOT, "docs", "other-languages.md"), "utf8");
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

function block(language: string, text = doc): string {
    const match = new RegExp("```" + language + "\\n([\\s\\S]*?)```").exec(text);
    assert.ok(match, `no ${language} block`);
    return match[1];
}

const TYPE_REF = "#/types/edge-auth:index:";

/** Problems of `value` against a schema property: unknown or missing names, values outside enums. */
function check(value: any, spec: any, where: string, problems: string[]): void {
    if (value === undefined || value === null || (typeof value === "string" && value.startsWith("${"))) {
        return; // interpolations are typed by the other resource
    }
    if (spec.$ref?.startsWith(TYPE_REF)) {
        const type = schema.types[`edge-auth:index:${spec.$ref.slice(TYPE_REF.length)}`];
        if (type.enum) {
            if (!type.enum.some((e: any) => e.value === value)) {
                problems.push(`${where}: ${JSON.stringify(value)} is not one of the enum`);
            }
            return;
        }
        checkObject(value, type.properties, type.required ?? [], where, problems);
    } else if (spec.type === "array") {
        (value as unknown[]).forEach((item, i) => check(item, spec.items, `${where}[${i}]`, problems));
    } else if (spec.type === "object" && spec.additionalProperties) {
        Object.entries(value).forEach(([key, item]) => check(item, spec.additionalProperties, `${where}.${key}`, problems));
    }
}

function checkObject(value: any, properties: Record<string, any>, required: string[], where: string, problems: string[]): void {
    for (const key of Object.keys(value)) {
        if (!properties[key]) {
            problems.push(`${where}.${key} is not in the schema`);
        } else {
            check(value[key], properties[key], `${where}.${key}`, problems);
        }
    }
    for (const key of required) {
        if (value[key] === undefined) {
            problems.push(`${where}.${key} is required`);
        }
    }
}

function camel(name: string): string {
    return name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

describe("docs/other-languages.md examples use the schema's names", () => {
    it("GIVEN the YAML program THEN every edge-auth resource's properties, required inputs, enums and output references match the schema", () => {
        const program = parse(block("yaml"));
        const problems: string[] = [];
        const edgeAuth = Object.entries<any>(program.resources).filter(([, r]) => r.type.startsWith("edge-auth:"));
        assert.deepEqual(edgeAuth.map(([, r]) => r.type).sort(), ["edge-auth:Auth0Api", "edge-auth:HttpApi", "edge-auth:PostLoginFlow", "edge-auth:SpaApplication"]);
        const typeOf = new Map<string, string>();
        for (const [name, resource] of edgeAuth) {
            const token = `edge-auth:index:${resource.type.split(":")[1]}`;
            typeOf.set(name, token);
            const spec = schema.resources[token];
            checkObject(resource.properties, spec.inputProperties, spec.requiredInputs ?? [], name, problems);
        }
        for (const [, resourceName, output] of block("yaml").matchAll(/\$\{(\w+)\.(\w+)\}/g)) {
            const token = typeOf.get(resourceName);
            if (token && !schema.resources[token].properties[output]) {
                problems.push(`${resourceName}.${output} is not an output of ${token}`);
            }
        }
        assert.deepEqual(problems, []);
        // The check does fail: a TypeScript name where the schema renames it.
        const wrong: string[] = [];
        checkObject({ api: "${x}", routes: { "GET /": { function: "${fn}", public: true } } }, schema.resources["edge-auth:index:HttpApi"].inputProperties, [], "HttpApi", wrong);
        assert.deepEqual(wrong, ["HttpApi.routes.GET /.function is not in the schema", "HttpApi.routes.GET /.public is not in the schema"]);
    });

    it("GIVEN the Python program THEN its components, argument types, keyword arguments and outputs are in the schema", () => {
        const source = block("python");
        assert.ok([...source.matchAll(/edge_auth\.(\w+)\(/g)].length >= 8);
        assert.deepEqual(pythonProblems(source), []);
        assert.deepEqual(pythonProblems(block("python", readme)), [], "README.md");
        // The check does fail: TypeScript names, a missing required argument, an unknown output.
        assert.deepEqual(pythonProblems([
            "route = edge_auth.HttpRouteArgs(function=fn, public=True)",
            // tenant is optional (the stack's auth0:domain); permissions is not.
            "api = edge_auth.Auth0Api(\"a\", identifier=\"urn:a\")",
            "pulumi.export(\"x\", api.audiences)",
        ].join("\n")), [
            "edge_auth.HttpRouteArgs: function is not in the schema",
            "edge_auth.HttpRouteArgs: public is not in the schema",
            "edge_auth.Auth0Api: permissions is required",
            "api.audiences is not an output of edge-auth:index:Auth0Api",
        ]);
    });
});

/** Names of a Python program's edge_auth calls and outputs that the schema does not have. */
function pythonProblems(program: string): string[] {
    const source = program.replace(/#.*$/gm, "");
    const problems: string[] = [];
    const variables = new Map<string, string>();
    for (const call of source.matchAll(/(?:(\w+) = )?edge_auth\.(\w+)\(/g)) {
        const [, variable, name] = call;
        const args = balanced(source, call.index! + call[0].length);
        // Keyword arguments at the top level of this call only.
        const keywords = [...topLevel(args).matchAll(/(?:^|,)\s*(\w+)=/g)].map((m) => camel(m[1]));
        let properties: Record<string, any> | undefined;
        let required: string[] = [];
        if (name.endsWith("Args")) {
            const type = schema.types[`edge-auth:index:${name.slice(0, -4)}`];
            properties = type?.properties;
            required = type?.required ?? [];
        } else {
            const resource = schema.resources[`edge-auth:index:${name}`];
            properties = resource?.inputProperties;
            required = resource?.requiredInputs ?? [];
            if (variable) {
                variables.set(variable, `edge-auth:index:${name}`);
            }
        }
        if (!properties) {
            problems.push(`edge_auth.${name} is not in the schema`);
            continue;
        }
        keywords.filter((k) => !properties![k]).forEach((k) => problems.push(`edge_auth.${name}: ${k} is not in the schema`));
        required.filter((r) => !keywords.includes(r)).forEach((r) => problems.push(`edge_auth.${name}: ${r} is required`));
    }
    for (const [, variable, attribute] of source.matchAll(/\b(\w+)\.(\w+)\b(?!\()/g)) {
        const token = variables.get(variable);
        if (token && !schema.resources[token].properties[camel(attribute)]) {
            problems.push(`${variable}.${attribute} is not an output of ${token}`);
        }
    }
    return problems;
}

/** The text from `start` up to the parenthesis that closes the one before it. */
function balanced(source: string, start: number): string {
    let depth = 1;
    for (let i = start; i < source.length; i++) {
        if ("([{".includes(source[i])) depth++;
        if (")]}".includes(source[i])) depth--;
        if (depth === 0) {
            return source.slice(start, i);
        }
    }
    throw new Error("unbalanced call");
}

/** `text` with every nested (), [] and {} group blanked out. */
function topLevel(text: string): string {
    let depth = 0;
    let out = "";
    for (const ch of text) {
        if ("([{".includes(ch)) depth++;
        out += depth === 0 ? ch : " ";
        if (")]}".includes(ch)) depth--;
    }
    return out;
}
