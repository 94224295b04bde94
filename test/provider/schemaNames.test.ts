import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { FRACTIONAL_PROPERTIES, INTEGER_PROPERTIES, RENAMES, OUTPUT_RENAMES } from "../../components/provider/wire";

/*
 * GIVEN the committed schema (what `pulumi package add` generates every SDK from), THEN the names
 * it declares compile in each language Pulumi supports: no member named like its class (C#
 * CS0542), no keyword where a language uses the name as is, no clash with the members every
 * resource has, no two generated identifiers alike (Go's `<T>Args`, `<T>Output`...), and whole
 * numbers typed `integer` (Java `Integer`, Go `int`) rather than `number` (a double).
 */

const GOLDEN = path.join(__dirname, "..", "..", "components", "provider", "edge-auth.schema.json");
const schema = JSON.parse(fs.readFileSync(GOLDEN, "utf8"));
const PREFIX = "edge-auth:index:";

/** Reserved words, per language, where the generated code uses a schema name in that casing. */
// C# is not listed: its code generator escapes a keyword used as a parameter name with `@`
// (`@namespace`; csharpIdentifier in pkg/codegen/dotnet/gen.go, pulumi/pulumi), and members are
// PascalCase, which no C# keyword is. Its hazard is the member named like its class, below.
const KEYWORDS = {
    /** Java: builder methods and getters are the camelCase names (JLS 3.9, contextual keywords included). */
    java: "abstract assert boolean break byte case catch char class const continue default do double else enum extends final finally float for goto if implements import instanceof int interface long native new package private protected public return short static strictfp super switch synchronized this throw throws transient try void volatile while true false null var record yield sealed permits",
    /** Go: struct fields are PascalCase, but function parameters and the generated helpers use camelCase. */
    go: "break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var",
    /** Python: keyword arguments are the snake_case names. */
    python: "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield",
    /** TypeScript/JavaScript: names that mean something on every object. */
    typescript: "constructor __proto__ prototype",
};

/** Members every resource already has, per language, in that language's casing. */
const RESOURCE_MEMBERS = {
    csharp: ["Urn", "Id", "GetResourceName", "GetResourceType"],
    go: ["URN", "ID", "ResourceState", "CustomResourceState"],
    python: ["urn", "id", "resource_name", "opts", "get", "pulumi_type"],
    java: ["urn", "id", "getResourceName", "getResourceType"],
    typescript: ["urn", "id", "getProvider"],
};

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
/** Pulumi's Python names: camelCase to snake_case (`jwksUri` → `jwks_uri`, `targetCidrIpv4` → `target_cidr_ipv4`). */
const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2").toLowerCase();

interface Named {
    /** e.g. `resource RestApi output restApi`. */
    where: string;
    owner: string;
    name: string;
    /** The C# class whose member this is: `RestApi`, `RestApiArgs`, `Inputs.XArgs`, `Outputs.X`. */
    csharpClass: string;
    resource: boolean;
}

function allNames(): Named[] {
    const named: Named[] = [];
    for (const [token, resource] of Object.entries<any>(schema.resources)) {
        const owner = token.slice(PREFIX.length);
        for (const name of Object.keys(resource.inputProperties ?? {})) {
            named.push({ where: `resource ${owner} input ${name}`, owner, name, csharpClass: `${owner}Args`, resource: false });
        }
        for (const name of Object.keys(resource.properties ?? {})) {
            named.push({ where: `resource ${owner} output ${name}`, owner, name, csharpClass: owner, resource: true });
        }
    }
    for (const [token, type] of Object.entries<any>(schema.types)) {
        const owner = token.slice(PREFIX.length);
        for (const name of Object.keys(type.properties ?? {})) {
            // An object type is generated twice in C#: Inputs.<T>Args and Outputs.<T>.
            named.push({ where: `type ${owner} property ${name}`, owner, name, csharpClass: owner, resource: false });
            named.push({ where: `type ${owner} property ${name}`, owner, name, csharpClass: `${owner}Args`, resource: false });
        }
    }
    return named;
}

describe("The golden schema's names in every SDK language", () => {
    const named = allNames();

    it("THEN there are names to check", () => {
        assert.ok(named.length > 200, `${named.length} names`);
        assert.ok(named.some((n) => n.where === "resource RestApi output awsRestApi"));
    });

    it("C#: no member is named like its class (CS0542), in resources, Args classes and types", () => {
        const clashes = named.filter((n) => pascal(n.name) === n.csharpClass).map((n) => `${n.where} → ${n.csharpClass}.${pascal(n.name)}`);
        assert.deepEqual(clashes, []);
        // The check does find the clash main had: RestApi's output `restApi`.
        assert.equal(pascal("restApi"), "RestApi");
    });

    it("C#: no enum value is named like its enum", () => {
        const clashes: string[] = [];
        for (const [token, type] of Object.entries<any>(schema.types)) {
            for (const value of type.enum ?? []) {
                if (pascal(String(value.name ?? value.value)) === token.slice(PREFIX.length)) {
                    clashes.push(`${token} ${value.value}`);
                }
            }
        }
        assert.deepEqual(clashes, []);
    });

    for (const [language, words] of Object.entries(KEYWORDS)) {
        it(`${language}: no name is a reserved word in the casing ${language} uses`, () => {
            const reserved = new Set(words.split(" "));
            const cased = language === "python" ? snake : (n: string) => n;
            const hits = [...new Set(named.filter((n) => reserved.has(cased(n.name))).map((n) => `${n.where} (${cased(n.name)})`))];
            assert.deepEqual(hits, []);
        });
    }

    it("renamed keywords stay renamed: no TypeScript name of RENAMES is a schema name", () => {
        for (const [owner, renames] of Object.entries({ ...RENAMES, ...OUTPUT_RENAMES })) {
            for (const tsName of Object.values(renames)) {
                assert.ok(!named.some((n) => n.owner === owner && n.name === tsName), `${owner}.${tsName} should be renamed in the schema`);
            }
        }
    });

    for (const [language, members] of Object.entries(RESOURCE_MEMBERS)) {
        it(`${language}: no resource input or output clashes with a member every resource has`, () => {
            const cased = language === "python" ? snake : language === "csharp" || language === "go" ? pascal : (n: string) => n;
            const hits = named.filter((n) => n.csharpClass === n.owner || n.csharpClass === `${n.owner}Args`)
                .filter((n) => schema.resources[`${PREFIX}${n.owner}`] && members.includes(cased(n.name)))
                .map((n) => n.where);
            assert.deepEqual(hits, []);
        });
    }

    it("Go: the identifiers generated per resource, type and enum value are all distinct", () => {
        const seen = new Map<string, string>();
        const clashes: string[] = [];
        const add = (identifier: string, from: string) => {
            const other = seen.get(identifier);
            if (other !== undefined && other !== from) {
                clashes.push(`${identifier}: ${other} and ${from}`);
            }
            seen.set(identifier, from);
        };
        for (const token of Object.keys(schema.resources)) {
            const name = token.slice(PREFIX.length);
            for (const suffix of ["", "Args", "Input", "Output", "Array", "ArrayInput", "ArrayOutput", "Map", "MapInput", "MapOutput", "State"]) {
                add(`${name}${suffix}`, `resource ${name}`);
            }
            add(`New${name}`, `resource ${name}`);
            add(`Get${name}`, `resource ${name}`);
        }
        for (const [token, type] of Object.entries<any>(schema.types)) {
            const name = token.slice(PREFIX.length);
            for (const suffix of ["", "Args", "Input", "Output", "Ptr", "PtrInput", "PtrOutput", "Array", "ArrayInput", "ArrayOutput", "Map", "MapInput", "MapOutput"]) {
                add(`${name}${suffix}`, `type ${name}`);
            }
            for (const value of type.enum ?? []) {
                add(`${name}${pascal(String(value.name ?? value.value).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? "").toUpperCase()))}`, `type ${name}`);
            }
        }
        assert.deepEqual(clashes, []);
    });

    it("whole numbers are `integer`: every `number` left is listed as fractional with a reason", () => {
        const numbers: string[] = [];
        const integers: string[] = [];
        const visit = (owner: string, properties: Record<string, any> | undefined) => {
            for (const [name, property] of Object.entries(properties ?? {})) {
                const types = [property.type, property.items?.type, property.additionalProperties?.type];
                if (types.includes("number")) {
                    numbers.push(`${owner}.${name}`);
                }
                if (types.includes("integer")) {
                    integers.push(`${owner}.${name}`);
                }
            }
        };
        for (const [token, resource] of Object.entries<any>(schema.resources)) {
            visit(token.slice(PREFIX.length), resource.inputProperties);
            visit(token.slice(PREFIX.length), resource.properties);
        }
        for (const [token, type] of Object.entries<any>(schema.types)) {
            visit(token.slice(PREFIX.length), type.properties);
        }
        const fractional = Object.entries(FRACTIONAL_PROPERTIES).flatMap(([owner, names]) => Object.keys(names).map((n) => `${owner}.${n}`));
        assert.deepEqual(numbers.sort(), [...new Set(fractional)].sort(), "a `number` that is a whole number belongs in INTEGER_PROPERTIES (components/provider/wire.ts)");
        const listed = Object.entries(INTEGER_PROPERTIES).flatMap(([owner, names]) => names.map((n) => `${owner}.${n}`));
        assert.deepEqual([...new Set(integers)].sort(), [...new Set(listed)].sort());
        // Names that are counts, ports, priorities, sizes or durations are whole numbers.
        const wholeByName = /priorit|port|seconds|days|lifetime|timeout|size|age|count|burst/i;
        assert.deepEqual(numbers.filter((n) => wholeByName.test(n.split(".")[1])), []);
        for (const expected of ["AlbOidcLogin.priority", "Auth0Api.tokenLifetime", "HttpsLoadBalancer.targetPorts", "RestApi.memorySize"]) {
            assert.ok(integers.includes(expected), `${expected} is not integer`);
        }
    });
});
