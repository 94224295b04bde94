import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import * as pulumi from "@pulumi/pulumi";
import { listenerReference } from "../../components/core/references";
import { notPlainError, unknownError } from "../../components/provider/wire";

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

    it("GIVEN the Go program THEN its struct literals name schema fields, nest the schema's types, set required fields and take pointers where Go needs them", () => {
        const source = block("go");
        assert.ok([...source.matchAll(/edgeauth\.New\w+\(/g)].length >= 4);
        assert.deepEqual(goProblems(source), []);
        // The check does fail: the missing pointer of issue 22, a plain optional scalar without a
        // pointer, a list literal of the wrong type, a TypeScript name.
        assert.deepEqual(goProblems([
            "api, err := edgeauth.NewAuth0Api(ctx, \"a\", &edgeauth.Auth0ApiArgs{",
            "    Tenant: edgeauth.Auth0Tenant{Domain: \"acme.us.auth0.com\"},",
            "    Identifier: \"urn:a\",",
            "    Permissions: []edgeauth.Permission{{Name: \"read:a\", Description: \"x\"}},",
            "    Roles: []edgeauth.Permission{{Name: \"r\"}},",
            "})",
            "http, err := edgeauth.NewHttpApi(ctx, \"h\", &edgeauth.HttpApiArgs{",
            "    Api: api.Reference,",
            "    Routes: map[string]edgeauth.HttpRoute{\"GET /\": {Function: fn, IsPublic: pulumi.BoolRef(true)}},",
            "})",
        ].join("\n")), [
            "Auth0ApiArgs.Tenant: an optional plain object is a pointer in Go: write &edgeauth.Auth0Tenant{...}",
            "Auth0ApiArgs.Permissions[0].Description: an optional plain value is a pointer in Go (pulumi.StringRef(...))",
            "Auth0ApiArgs.Roles: a list of edgeauth.Role, not edgeauth.Permission",
            "HttpApiArgs.Routes[\"GET /\"].Function is not a field of HttpRoute",
        ]);
    });

    it("GIVEN the C# program THEN its initializers name schema members, set required arguments, and its reference helpers copy every member", () => {
        const source = block("csharp");
        assert.ok([...source.matchAll(/new EdgeAuth\.\w+\("/g)].length >= 4);
        assert.deepEqual(csharpProblems(source), []);
        // The check does fail: a helper dropping members (issue 22), an unknown member, a missing required one.
        assert.deepEqual(csharpProblems([
            "var api = new EdgeAuth.Auth0Api(\"a\", new EdgeAuth.Auth0ApiArgs { Identifier = \"urn:a\", Audience = \"x\" });",
            "static EdgeAuth.Inputs.SpaReferenceArgs ToSpaArgs(EdgeAuth.Outputs.SpaReference r) => new()",
            "{",
            "    Origins = new List<string>(r.Origins),",
            "};",
        ].join("\n")), [
            "EdgeAuth.Auth0ApiArgs.Audience is not a member",
            "EdgeAuth.Auth0ApiArgs.Permissions is required",
            "ToSpaArgs drops SpaReference members: RefreshTokens, Source",
        ]);
    });

    it("GIVEN the errors the docs quote THEN they are the plugin's and the components' own wording", () => {
        const quoted = (text: string) => doc.replace(/\s+/g, " ").includes(text.replace(/\s+/g, " "));
        const notPlain = notPlainError("X", "arg").message.replace(/^X: arg /, "");
        assert.ok(quoted(notPlain.slice(0, notPlain.indexOf(" Fix: ") + " Fix: pass a plain value here".length)), notPlain);
        const unknown = unknownError("X", "arg").message.replace(/^X: arg /, "");
        assert.ok(quoted(unknown.slice(0, unknown.indexOf(" Fix: ") + " Fix: pass a value known at preview".length)), unknown);
        let listener = "";
        assert.throws(() => listenerReference("loadBalancer", { listenerArn: pulumi.output("arn:listener"), loadBalancerArn: "arn:lb" }), (e: Error) => { listener = e.message; return true; });
        const fix = listener.slice(listener.indexOf("Fix: "));
        assert.ok(quoted(`loadBalancer.listenerKey (missing) ... ${fix}`), listener);
        assert.match(doc, /`listenerKey` whenever `listenerArn` is an Output/);
    });
});

/** Names of a Python program's edge_auth calls and outputs that the schema does not have. */
/** `text` split at the commas outside any (), [], {} or string. */
function splitTop(text: string): string[] {
    const parts: string[] = [];
    let depth = 0;
    let quote: string | undefined;
    let current = "";
    for (const ch of text) {
        if (quote) {
            quote = ch === quote ? undefined : quote;
        } else if (ch === "\"" || ch === "`") {
            quote = ch;
        } else if ("([{".includes(ch)) {
            depth++;
        } else if (")]}".includes(ch)) {
            depth--;
        } else if (ch === "," && depth === 0) {
            parts.push(current.trim());
            current = "";
            continue;
        }
        current += ch;
    }
    if (current.trim()) {
        parts.push(current.trim());
    }
    return parts;
}

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
/** Go's name of an enum value: the type name, then the value's name without separators. */
const goEnumValue = (type: string, value: any) => `${type}${pascal(String(value.name ?? value.value).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ?? "").toUpperCase()))}`;

/** Problems of a Go program's edge-auth struct literals against the schema. */
function goProblems(program: string): string[] {
    const source = program.replace(/(^|\s)\/\/ .*$/gm, "$1");
    const problems: string[] = [];
    for (const call of source.matchAll(/edgeauth\.New(\w+)\(ctx, "[^"]*", &edgeauth\.(\w+)\{/g)) {
        const [, component, argsType] = call;
        const resource = schema.resources[`edge-auth:index:${component}`];
        if (!resource || argsType !== `${component}Args`) {
            problems.push(`edgeauth.New${component}: no such component, or its arguments are not ${component}Args`);
            continue;
        }
        goStruct(balanced(source, call.index! + call[0].length), resource.inputProperties, resource.requiredInputs ?? [], argsType, problems);
    }
    return problems;
}

function goStruct(body: string, properties: Record<string, any>, required: string[], where: string, problems: string[]): void {
    const given = new Set<string>();
    for (const entry of splitTop(body)) {
        const match = /^(\w+):\s*([\s\S]*)$/.exec(entry);
        if (!match) {
            problems.push(`${where}: cannot read ${entry}`);
            continue;
        }
        const [, field, value] = match;
        const name = Object.keys(properties).find((key) => pascal(key) === field);
        if (!name) {
            problems.push(`${where}.${field} is not a field of ${where.split(/[.[]/)[0].replace(/Args$/, "").replace(/^.*\./, "") === where ? where : typeNameOf(where)}`);
            continue;
        }
        given.add(name);
        goValue(value.trim(), properties[name], !required.includes(name), `${where}.${field}`, problems);
    }
    required.filter((r) => !given.has(r)).forEach((r) => problems.push(`${where}.${pascal(r)} is required`));
}

/** The schema type a literal path stands in (for messages): the last `edgeauth.T` met. */
const literalTypes = new Map<string, string>();
function typeNameOf(where: string): string {
    return literalTypes.get(where) ?? where;
}

function goValue(value: string, spec: any, optional: boolean, where: string, problems: string[]): void {
    const ref: string | undefined = spec.$ref?.startsWith(TYPE_REF) ? spec.$ref.slice(TYPE_REF.length) : undefined;
    const type = ref ? schema.types[`edge-auth:index:${ref}`] : undefined;
    if (type?.properties) {
        const literal = /^(&?)edgeauth\.(\w+)\{/.exec(value);
        if (!literal) {
            return; // an expression (an Output, a variable): typed by the Go compiler
        }
        const [, pointer, name] = literal;
        if (spec.plain) {
            if (name !== ref) {
                problems.push(`${where}: a ${ref}, not edgeauth.${name}`);
            } else if (optional && !pointer) {
                problems.push(`${where}: an optional plain object is a pointer in Go: write &edgeauth.${ref}{...}`);
            } else if (!optional && pointer) {
                problems.push(`${where}: a required plain object is a value in Go: write edgeauth.${ref}{...}`);
            }
        } else if (name !== `${ref}Args`) {
            problems.push(`${where}: an Input of ${ref} is written &edgeauth.${ref}Args{...}, not edgeauth.${name}`);
        }
        literalTypes.set(where, ref!);
        goStruct(value.slice(literal[0].length, value.lastIndexOf("}")), type.properties, type.required ?? [], where, problems);
        return;
    }
    if (spec.type === "array" || (spec.type === "object" && spec.additionalProperties)) {
        const inner = spec.items ?? spec.additionalProperties;
        const innerRef: string | undefined = inner.$ref?.startsWith(TYPE_REF) ? inner.$ref.slice(TYPE_REF.length) : undefined;
        const literal = /^(\[\]|map\[string\])edgeauth\.(\w+)\{/.exec(value);
        if (!literal || !innerRef) {
            return;
        }
        if (literal[2] !== innerRef) {
            problems.push(`${where}: a ${spec.type === "array" ? "list" : "map"} of edgeauth.${innerRef}, not edgeauth.${literal[2]}`);
            return;
        }
        const innerType = schema.types[`edge-auth:index:${innerRef}`];
        splitTop(value.slice(literal[0].length, value.lastIndexOf("}"))).forEach((element, i) => {
            const keyed = /^("[^"]*"):\s*([\s\S]*)$/.exec(element);
            const path = keyed ? `${where}[${keyed[1]}]` : `${where}[${i}]`;
            const item = keyed ? keyed[2] : element;
            if (innerType.enum) {
                if (!innerType.enum.some((v: any) => item === `edgeauth.${goEnumValue(innerRef, v)}`)) {
                    problems.push(`${path}: ${item} is not a value of ${innerRef}`);
                }
                return;
            }
            literalTypes.set(path, innerRef);
            goStruct(item.trim().replace(/^\{/, "").replace(/\}$/, ""), innerType.properties, innerType.required ?? [], path, problems);
        });
        return;
    }
    if (spec.plain && optional && ["string", "boolean", "integer", "number"].includes(spec.type)) {
        if (!/^(pulumi\.(String|Bool|Int|Float64)Ref\(|&)/.test(value)) {
            const helper = { string: "StringRef", boolean: "BoolRef", integer: "IntRef", number: "Float64Ref" }[spec.type as string];
            problems.push(`${where}: an optional plain value is a pointer in Go (pulumi.${helper}(...))`);
        }
    }
}

/** Problems of a C# program's edge-auth initializers against the schema. */
function csharpProblems(program: string): string[] {
    const source = program.replace(/(^|\s)\/\/ .*$/gm, "$1");
    const problems: string[] = [];
    const members = (body: string) => splitTop(body).map((e) => /^(\w+)\s*=/.exec(e)?.[1]).filter((m): m is string => m !== undefined);
    const check = (names: string[], properties: Record<string, any>, required: string[], where: string) => {
        names.filter((m) => !Object.keys(properties).some((k) => pascal(k) === m)).forEach((m) => problems.push(`${where}.${m} is not a member`));
        required.filter((r) => !names.includes(pascal(r))).forEach((r) => problems.push(`${where}.${pascal(r)} is required`));
    };
    for (const call of source.matchAll(/new EdgeAuth\.(\w+)\("[^"]*", new EdgeAuth\.(\w+)Args\s*\{/g)) {
        const resource = schema.resources[`edge-auth:index:${call[1]}`];
        if (!resource || call[2] !== call[1]) {
            problems.push(`EdgeAuth.${call[1]}: no such component, or its arguments are not ${call[1]}Args`);
            continue;
        }
        check(members(balanced(source, call.index! + call[0].length)), resource.inputProperties, resource.requiredInputs ?? [], `EdgeAuth.${call[1]}Args`);
    }
    for (const init of source.matchAll(/new EdgeAuth\.Inputs\.(\w+)Args\s*\{/g)) {
        const type = schema.types[`edge-auth:index:${init[1]}`];
        if (!type) {
            problems.push(`EdgeAuth.Inputs.${init[1]}Args is not a type of the schema`);
            continue;
        }
        check(members(balanced(source, init.index! + init[0].length)), type.properties, type.required ?? [], `EdgeAuth.Inputs.${init[1]}Args`);
    }
    // Helpers that copy a reference output into its input type keep every member, nested ones too.
    for (const helper of source.matchAll(/static EdgeAuth\.Inputs\.(\w+)Args (\w+)\(EdgeAuth\.Outputs\.\w+ \w+\) => new\(\)\s*\{/g)) {
        const body = balanced(source, helper.index! + helper[0].length);
        const missing: string[] = [];
        const complete = (text: string, typeName: string) => {
            const names = members(text);
            Object.keys(schema.types[`edge-auth:index:${typeName}`].properties).map(pascal).filter((m) => !names.includes(m)).forEach((m) => missing.push(m));
        };
        complete(body, helper[1]);
        for (const nested of body.matchAll(/new EdgeAuth\.Inputs\.(\w+)Args\s*\{/g)) {
            complete(balanced(body, nested.index! + nested[0].length), nested[1]);
        }
        if (missing.length > 0) {
            problems.push(`${helper[2]} drops ${helper[1]} members: ${missing.join(", ")}`);
        }
    }
    return problems;
}

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
