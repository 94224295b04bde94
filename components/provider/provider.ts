/**
 * The edge-auth resource provider that other languages talk to: `GetSchema` infers the package
 * schema from the TypeScript declarations in ./schema with Pulumi's ComponentProvider, and
 * `Construct` runs the TypeScript components themselves (./builders).
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider, ComponentResourceConstructor } from "@pulumi/pulumi/provider/experimental";
import type { ComponentBuilder } from "./builders";
import { readSourceDocs, SourceDocs, typeScriptDeclaration } from "./docs";
import { registerForeignResourceModules } from "./foreignResources";
import { INTEGER_PROPERTIES, ObjectTypeSpec, PropertySpec, REFERENCE_COMPONENTS, decodeInputs, renamesOf, toSchemaNames, typeScriptName } from "./wire";

/** The package name: type tokens are `edge-auth:index:<Class>`. */
export const PACKAGE = "edge-auth";

/**
 * The public components, in schema order. Names only: the plugin answers GetSchema without
 * loading the components (and @pulumi/aws); ./builders is loaded at the first Construct.
 */
export const COMPONENT_NAMES = [
    "Auth0Api", "WebApplication", "SpaApplication", "MachineApplication", "PostLoginFlow",
    "HttpsLoadBalancer", "AlbOidcLogin", "AlbJwtValidation", "HttpApi", "RestApiLambdaAuthorizer", "RestApi",
] as const;
const TOKEN_PREFIX = `${PACKAGE}:index:`;

interface ResourceSpec extends ObjectTypeSpec {
    description?: string;
    inputProperties?: Record<string, PropertySpec & { description?: string }>;
    properties?: Record<string, PropertySpec & { description?: string }>;
}

/** The parts of a package schema this provider reads and completes. */
export interface PackageSchema {
    name: string;
    version: string;
    description?: string;
    resources: Record<string, ResourceSpec>;
    types?: Record<string, ObjectTypeSpec & { description?: string; properties?: Record<string, PropertySpec & { description?: string }> }>;
    [key: string]: unknown;
}

export class EdgeAuthProvider implements pulumi.provider.Provider {
    readonly version: string;
    private readonly root: string;
    private readonly manifest: Record<string, any>;
    private readonly inference: ComponentProvider;
    private inferred?: Promise<PackageSchema>;
    /** Components constructed by this process, by URN: references to them resolve to the instance. */
    private readonly constructed = new Map<string, pulumi.ComponentResource>();

    constructor(root: string = packageRoot()) {
        this.root = root;
        this.manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
        this.version = this.manifest.version;
        this.inference = new ComponentProvider({
            name: PACKAGE,
            version: this.version,
            // ComponentProvider reads package.json and tsconfig.json from this folder: the
            // declarations only, so the analyzer does not parse the whole repository.
            dirname: path.join(root, "components", "provider", "schema"),
            // ComponentProvider only reads the names here (to find the declarations); it never
            // constructs: construct() below does, through ./builders.
            components: COMPONENT_NAMES.map((name) => ({ name })) as unknown as ComponentResourceConstructor[],
        });
    }

    async getSchema(): Promise<string> {
        return JSON.stringify(await this.packageSchema());
    }

    /** The inferred schema, completed with the TypeScript docs and the package metadata; computed once. */
    packageSchema(): Promise<PackageSchema> {
        this.inferred ??= this.inference.getSchema().then((text) => {
            const schema = JSON.parse(text) as PackageSchema;
            applyIntegerTypes(schema);
            applySourceDocs(schema, readSourceDocs(path.join(this.root, "components")), readSourceDocs(path.join(this.root, "components", "provider", "schema")));
            schema.description = this.manifest.description;
            for (const key of ["keywords", "license", "homepage"] as const) {
                if (this.manifest[key] !== undefined) {
                    schema[key] = this.manifest[key];
                }
            }
            const repository = this.manifest.repository;
            if (repository !== undefined) {
                schema.repository = typeof repository === "string" ? repository : repository.url;
            }
            return schema;
        });
        return this.inferred;
    }

    async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<pulumi.provider.ConstructResult> {
        // The plugin registers these before serving (./host.ts): the server decodes a Construct's
        // inputs before this method runs. Here for a provider used in process; idempotent.
        registerForeignResourceModules();
        const className = type.startsWith(TOKEN_PREFIX) ? type.slice(TOKEN_PREFIX.length) : "";
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const { BUILDERS } = require("./builders") as { BUILDERS: readonly ComponentBuilder[] };
        const builder = BUILDERS.find((b) => b.component.name === className);
        if (!builder) {
            throw new Error(`edge-auth has no component ${JSON.stringify(type)}; it has ${COMPONENT_NAMES.map((n) => TOKEN_PREFIX + n).join(", ")}`);
        }
        const schema = await this.packageSchema();
        const spec = schema.resources[type];
        const component = `${className} "${name}"`;
        const renames = renamesOf(className, spec.inputProperties ?? {}, schema.types ?? {});
        const referenceOf = (component: pulumi.ComponentResource): unknown =>
            BUILDERS.find((b) => component instanceof b.component)?.reference?.(component);
        let instance: pulumi.ComponentResource;
        try {
            const args = await decodeInputs(inputs, spec.inputProperties ?? {}, { component, types: schema.types ?? {}, constructed: this.constructed, referenceOf });
            instance = await builder.build(name, args, options);
        } catch (error) {
            throw toSchemaNames(error, renames);
        }
        const urn = await (instance.urn as unknown as { promise(): Promise<string> }).promise();
        this.constructed.set(urn, instance);
        // Exactly the outputs the schema declares, read from the TypeScript component.
        const fields = instance as unknown as Record<string, unknown>;
        const state: Record<string, unknown> = {};
        for (const [key, property] of Object.entries(spec.properties ?? {})) {
            const value = key === "reference" && builder.reference ? builder.reference(instance) : fields[typeScriptName(className, key, true)];
            // An output typed as a reference holds the plain reference, never the component
            // (AlbOidcLogin.application is the WebApplication it created, in TypeScript).
            const referenceType = property.$ref?.split(":").pop();
            state[key] = referenceType && REFERENCE_COMPONENTS[referenceType] && value instanceof pulumi.ComponentResource ? referenceOf(value) : value;
        }
        return { urn: instance.urn, state };
    }
}

/**
 * Descriptions from the TypeScript sources: a component's inputs from `<Class>Args`, its outputs
 * from the class, a type `<T>` from `<T>Args` or `<T>`. A member without TypeScript docs keeps the
 * declaration's own (`declarations`: ./schema); a renamed member says its TypeScript name.
 */
export function applySourceDocs(schema: PackageSchema, docs: SourceDocs, declarations: SourceDocs): void {
    const fill = (owner: string, declaration: string, properties: Record<string, { description?: string }> | undefined) => {
        const members = docs.members(declaration);
        for (const [key, property] of Object.entries(properties ?? {})) {
            const tsName = typeScriptName(owner, key, properties === schema.resources[`${TOKEN_PREFIX}${owner}`]?.properties);
            const text = members?.get(tsName)?.text;
            if (text) {
                property.description = text;
            }
            if (tsName !== key) {
                property.description = `${property.description ?? ""}\n\n(\`${tsName}\` in TypeScript.)`.trim();
            }
        }
    };
    for (const [token, resource] of Object.entries(schema.resources)) {
        const name = token.slice(TOKEN_PREFIX.length);
        resource.description = docs.declaration(name) ?? resource.description;
        fill(name, `${name}Args`, resource.inputProperties);
        fill(name, name, resource.properties);
    }
    for (const [token, type] of Object.entries(schema.types ?? {})) {
        const name = token.slice(TOKEN_PREFIX.length);
        const declaration = typeScriptDeclaration(name, docs);
        type.description = docs.declaration(declaration) ?? type.description ?? declarations.declaration(name);
        fill(name, declaration, type.properties);
    }
}

/**
 * The schema analyzer types every TypeScript `number` as `number` (a double in Java, C# and Go);
 * the whole numbers among them (priorities, ports, seconds, days, sizes) are made `integer`, so
 * `priority(100)` compiles in Java and Go takes an `int`.
 */
export function applyIntegerTypes(schema: PackageSchema): void {
    for (const [owner, names] of Object.entries(INTEGER_PROPERTIES)) {
        const token = `${TOKEN_PREFIX}${owner}`;
        const resource = schema.resources[token];
        const groups = resource ? [resource.inputProperties, resource.properties] : [schema.types?.[token]?.properties];
        for (const name of names) {
            let found = false;
            for (const properties of groups) {
                const property = properties?.[name];
                const numeric = property && [property, property.items, property.additionalProperties].find((p) => p?.type === "number");
                if (numeric) {
                    numeric.type = "integer";
                    found = true;
                }
            }
            if (!found) {
                throw new Error(`edge-auth schema: ${owner}.${name} is listed in INTEGER_PROPERTIES but is not a number in the schema`);
            }
        }
    }
}

/** The folder of edge-auth's package.json, from the sources or from a build. */
export function packageRoot(): string {
    let dir = __dirname;
    for (;;) {
        const manifest = path.join(dir, "package.json");
        if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === PACKAGE) {
            return dir;
        }
        const parent = path.dirname(dir);
        if (parent === dir) {
            throw new Error(`edge-auth provider: no package.json named "${PACKAGE}" above ${__dirname}`);
        }
        dir = parent;
    }
}
