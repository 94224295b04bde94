import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import * as pulumi from "@pulumi/pulumi";
import * as edgeAuth from "../../components";
import { readSourceDocs, typeScriptDeclaration } from "../../components/provider/docs";
import { COMPONENT_NAMES } from "../../components/provider/provider";
import { OUTPUT_RENAMES, RENAMES, typeScriptName } from "../../components/provider/wire";
import { BootedPlugin, ROOT, bootPlugin } from "../support/plugin";

/** The committed schema: what other languages' SDKs are generated from. Review changes to it. */
const GOLDEN = path.join(ROOT, "components", "provider", "edge-auth.schema.json");
/**
 * Pulumi's package metaschema, verbatim from pulumi/pulumi `pkg/codegen/schema/pulumi.json` at
 * commit bd47908e0d1dc907596f419a001dcbd0f76a4425 (Apache-2.0).
 */
const METASCHEMA = path.join(__dirname, "fixtures", "pulumi-package-metaschema.json");
const BOOT_AND_SCHEMA_BUDGET_MS = 15_000;

/** Every public component of the TypeScript API: each must be in the schema. */
const COMPONENTS = [
    "Auth0Api", "WebApplication", "SpaApplication", "MachineApplication", "PostLoginFlow",
    "HttpsLoadBalancer", "AlbOidcLogin", "AlbJwtValidation", "HttpApi", "RestApiLambdaAuthorizer", "RestApi",
];

/**
 * TypeScript members that the schema leaves out on purpose, with the reason. Anything else a
 * TypeScript user sees must be in the schema under the same name (or a listed rename).
 */
const NOT_IN_SCHEMA: Record<string, Record<string, string>> = {
    AlbJwtValidation: { clients: "the created MachineApplication components: the schema cannot reference components of its own package (clientIds has their ids)" },
    RestApi: { authorizer: "the RestApiLambdaAuthorizer component it creates: the schema cannot reference components of its own package" },
};

/** Schema types without a TypeScript interface of their own, with the reason. */
const SCHEMA_ONLY_TYPES: Record<string, string> = {
    SpaApi: "TypeScript types SpaApplication.apis as Pick<Auth0Api, \"identifier\" | \"offlineAccess\">",
};

/** Outputs only the schema has: the component as the plain reference other components take. */
const SCHEMA_ONLY_OUTPUTS: Record<string, string[]> = {
    Auth0Api: ["reference"], WebApplication: ["reference"], SpaApplication: ["reference"], HttpsLoadBalancer: ["reference"],
};

describe("edge-auth as a Pulumi component package (PulumiPlugin.yaml)", function () {
    let plugin: BootedPlugin;
    let schemaText: string;
    let schemaMs: number;

    before(async function () {
        this.timeout(60_000);
        const started = Date.now();
        plugin = await bootPlugin(BOOT_AND_SCHEMA_BUDGET_MS);
        schemaText = await plugin.getSchema(BOOT_AND_SCHEMA_BUDGET_MS);
        schemaMs = Date.now() - started;
    });

    after(async () => {
        await plugin?.stop();
    });

    it("GIVEN the plugin host WHEN it runs the package folder THEN the plugin prints its port and answers GetSchema within 15 s", () => {
        assert.ok(schemaMs < BOOT_AND_SCHEMA_BUDGET_MS, `boot ${plugin.bootMs} ms, boot + GetSchema ${schemaMs} ms`);
        console.log(`      plugin boot ${plugin.bootMs} ms, boot + GetSchema ${schemaMs} ms`);
    });

    it("THEN the schema equals the committed golden file (UPDATE_GOLDEN=1 rewrites it)", () => {
        const actual = `${JSON.stringify(JSON.parse(schemaText), null, 2)}\n`;
        if (process.env.UPDATE_GOLDEN === "1") {
            fs.writeFileSync(GOLDEN, actual);
        }
        const golden = fs.readFileSync(GOLDEN, "utf8");
        assert.equal(actual, golden, "the inferred schema changed: review the difference, then run UPDATE_GOLDEN=1 npx mocha test/provider/plugin.test.ts");
    });

    it("THEN the schema is valid against Pulumi's package metaschema, and an invalid one is not", () => {
        const ajv = new Ajv2020({ strict: false, allErrors: true });
        ajv.addFormat("regex", (value: string) => { try { new RegExp(value, "u"); return true; } catch { return false; } });
        ajv.addFormat("uri-reference", (value: string) => { try { new URL(value, "https://example.com/"); return true; } catch { return false; } });
        const validate = ajv.compile(JSON.parse(fs.readFileSync(METASCHEMA, "utf8")));
        const schema = JSON.parse(schemaText);
        assert.ok(validate(schema), JSON.stringify(validate.errors, null, 2));
        // The validator does reject: a schema whose package name breaks the metaschema's pattern.
        assert.equal(validate(Object.assign({}, schema, { name: "1edge auth" })), false);
    });

    it("THEN the package's list of components is every ComponentResource the TypeScript API exports", () => {
        const exported = Object.entries(edgeAuth)
            .filter(([, value]) => typeof value === "function" && value.prototype instanceof pulumi.ComponentResource)
            .map(([name]) => name);
        assert.deepEqual([...COMPONENT_NAMES].sort(), exported.sort());
        assert.deepEqual([...COMPONENTS].sort(), exported.sort());
    });

    it("THEN every public component is a resource edge-auth:index:<Class>, and nothing else is", () => {
        const schema = JSON.parse(schemaText);
        assert.equal(schema.name, "edge-auth");
        assert.equal(schema.version, JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version);
        assert.deepEqual(Object.keys(schema.resources).sort(), COMPONENTS.map((c) => `edge-auth:index:${c}`).sort());
        for (const token of Object.keys(schema.resources)) {
            assert.equal(schema.resources[token].isComponent, true, token);
        }
    });

    it("THEN inputs have the TypeScript names and optionality (renames listed), and outputs are TypeScript fields", () => {
        const schema = JSON.parse(schemaText);
        const docs = readSourceDocs(path.join(ROOT, "components"));
        for (const component of COMPONENTS) {
            const resource = schema.resources[`edge-auth:index:${component}`];
            const tsArgs = docs.members(`${component}Args`)!;
            assert.ok(tsArgs, `${component}Args not found in the TypeScript sources`);
            const expectedInputs = [...tsArgs.entries()].map(([name, doc]) => ({ name, optional: doc.optional })).sort(byName);
            const actualInputs = Object.keys(resource.inputProperties).map((name) => ({
                name: typeScriptName(component, name),
                optional: !(resource.requiredInputs ?? []).includes(name),
            })).sort(byName);
            assert.deepEqual(actualInputs, expectedInputs, component);

            const tsFields = docs.members(component)!;
            const excluded = NOT_IN_SCHEMA[component] ?? {};
            assert.deepEqual(
                Object.keys(resource.properties).map((key) => typeScriptName(component, key, true)).sort(),
                [...[...tsFields.keys()].filter((f) => !(f in excluded)), ...(SCHEMA_ONLY_OUTPUTS[component] ?? [])].sort(),
                `${component} outputs`);
        }
        for (const [token, type] of Object.entries<any>(schema.types)) {
            if (type.enum) {
                continue;
            }
            const name = token.split(":")[2];
            if (SCHEMA_ONLY_TYPES[name]) {
                continue;
            }
            const members = docs.members(typeScriptDeclaration(name, docs));
            assert.ok(members, `no TypeScript interface ${name}Args or ${name} for ${token}`);
            const expected = [...members.entries()].map(([member, doc]) => ({ name: member, optional: doc.optional })).sort(byName);
            const actual = Object.keys(type.properties).map((member) => ({
                name: typeScriptName(name, member),
                optional: !(type.required ?? []).includes(member),
            })).sort(byName);
            assert.deepEqual(actual, expected, token);
        }
    });

    it("THEN every component, type and property has a description, and documented defaults are stated in the text", () => {
        const schema = JSON.parse(schemaText);
        const missing: string[] = [];
        const check = (where: string, described: { description?: string }) => {
            if (!described.description?.trim()) {
                missing.push(where);
            }
        };
        for (const [token, resource] of Object.entries<any>(schema.resources)) {
            check(token, resource);
            for (const [key, property] of Object.entries<any>({ ...resource.inputProperties })) {
                check(`${token} input ${key}`, property);
            }
            for (const [key, property] of Object.entries<any>(resource.properties)) {
                check(`${token} output ${key}`, property);
            }
        }
        for (const [token, type] of Object.entries<any>(schema.types)) {
            check(token, type);
            for (const [key, property] of Object.entries<any>(type.properties ?? {})) {
                check(`${token}.${key}`, property);
            }
        }
        assert.deepEqual(missing, []);
        const api = schema.resources["edge-auth:index:Auth0Api"].inputProperties;
        assert.match(api.signingAlg.description, /Default: "RS256"\.$/);
        assert.match(api.displayName.description, /Default: the component name\.$/);
    });

    it("THEN the references keep their plain parts plain and their Input parts Inputs (SDKs type them so)", () => {
        const types = JSON.parse(schemaText).types;
        const plainness = (name: string) => Object.fromEntries(Object.entries<any>(types[`edge-auth:index:${name}`].properties).map(([key, p]) => [key, p.plain === true]));
        assert.deepEqual(plainness("ApiReference"), { identifier: true, identityProvider: true, permissionNames: true, signingAlg: true, rbacEnabled: true, offlineAccess: true, source: true });
        assert.deepEqual(plainness("ListenerReference"), { listenerArn: false, loadBalancerArn: false, region: false, listenerKey: true });
        assert.deepEqual(plainness("ApplicationReference"), { clientId: false, clientSecret: false, callbackUrls: true, logoutUrls: true, source: true });
        assert.deepEqual(plainness("SpaReference"), { origins: true, refreshTokens: true, source: true });
    });

    it("THEN every type reachable from inputs marks plain exactly the members its declaration does not type pulumi.Input", () => {
        const schema = JSON.parse(schemaText);
        const declarations = readSourceDocs(path.join(ROOT, "components", "provider", "schema"));
        const reachable = new Set<string>();
        const visit = (spec: any): void => {
            const name = spec?.$ref?.startsWith("#/types/edge-auth:index:") ? spec.$ref.split(":").pop() : undefined;
            if (name && !reachable.has(name)) {
                reachable.add(name);
                Object.values<any>(schema.types[`edge-auth:index:${name}`].properties ?? {}).forEach(visit);
            }
            if (spec?.items) visit(spec.items);
            if (spec?.additionalProperties) visit(spec.additionalProperties);
        };
        Object.values<any>(schema.resources).forEach((r) => Object.values(r.inputProperties).forEach(visit));
        assert.ok(reachable.has("ListenerReference") && reachable.has("RoleGate"));
        const wrong: string[] = [];
        for (const name of reachable) {
            const type = schema.types[`edge-auth:index:${name}`];
            for (const [key, property] of Object.entries<any>(type.properties ?? {})) {
                const declared = declarations.members(name)?.get(key);
                if (declared && (property.plain === true) === declared.input) {
                    wrong.push(`${name}.${key}`);
                }
            }
        }
        assert.deepEqual(wrong, []);
    });

    it("THEN renamed keywords say their TypeScript name", () => {
        const schema = JSON.parse(schemaText);
        for (const [owner, renames] of [...Object.entries(RENAMES), ...Object.entries(OUTPUT_RENAMES)]) {
            const resource = schema.resources[`edge-auth:index:${owner}`];
            const spec = resource ? { ...resource.inputProperties, ...resource.properties } : schema.types[`edge-auth:index:${owner}`]?.properties;
            if (!spec) {
                continue;
            }
            for (const [schemaName, tsName] of Object.entries(renames)) {
                assert.ok(spec[schemaName], `${owner}.${schemaName} missing`);
                assert.equal(spec[tsName], undefined, `${owner}.${tsName} should be renamed`);
                assert.match(spec[schemaName].description, new RegExp(`\\(\`${tsName}\` in TypeScript\\.\\)$`));
            }
        }
    });
});

function byName(a: { name: string }, b: { name: string }): number {
    return a.name.localeCompare(b.name);
}
