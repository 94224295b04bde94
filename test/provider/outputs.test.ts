import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { COMPONENT_NAMES, EdgeAuthProvider } from "../../components/provider/provider";
import { resetFlowOwnership } from "../../components/auth0/flowOwnership";
import { resolve, settle, setupMocks } from "../support/mocks";
import { arriving, wire } from "../support/wireInputs";

/*
 * GIVEN every component constructed through the provider, WHEN its outputs are encoded as the
 * provider server sends them back (Pulumi's serializer: secrets, resource references, unknowns),
 * THEN each output has the type the golden schema declares: strings, integers, booleans, lists,
 * maps, the package's object types member by member (required members present), enums, and
 * resource references only where the schema declares a resource of that type. A typed SDK
 * (Go, C#, Java) decodes exactly what the schema says.
 */

const GOLDEN = path.join(__dirname, "..", "..", "components", "provider", "edge-auth.schema.json");
const schema = JSON.parse(fs.readFileSync(GOLDEN, "utf8"));
const SIG = pulumi.runtime.specialSigKey;
const TYPE_REF = "#/types/";

/** Where a wire value disagrees with its schema type; empty when it agrees. */
export function schemaMismatches(value: unknown, spec: any, where: string): string[] {
    if (value === null || value === undefined) {
        return [];
    }
    if (value === pulumi.runtime.unknownValue) {
        return [];
    }
    if (typeof value === "object" && (value as any)[SIG] === pulumi.runtime.specialSecretSig) {
        return schemaMismatches((value as any).value, spec, where);
    }
    const isResource = typeof value === "object" && (value as any)[SIG] === pulumi.runtime.specialResourceSig;
    if (spec.$ref && !spec.$ref.startsWith(TYPE_REF)) {
        // A resource of another package: a reference to a resource of exactly that type.
        const type = decodeURIComponent(spec.$ref.split("#/resources/")[1]);
        const urnType = isResource ? String((value as any).urn).split("::")[2]?.split("$").pop() : undefined;
        return urnType === type ? [] : [`${where}: expected a reference to a ${type}, got ${JSON.stringify(value).slice(0, 120)}`];
    }
    if (isResource) {
        return [`${where}: a resource reference (${(value as any).urn}) where the schema declares ${JSON.stringify(spec).slice(0, 120)}`];
    }
    if (spec.$ref) {
        const type = schema.types[spec.$ref.slice(TYPE_REF.length)];
        if (type.enum) {
            return type.enum.some((e: any) => e.value === value) ? [] : [`${where}: ${JSON.stringify(value)} is not one of ${type.enum.map((e: any) => e.value).join(", ")}`];
        }
        if (typeof value !== "object" || Array.isArray(value)) {
            return [`${where}: expected a ${spec.$ref.slice(TYPE_REF.length)} object, got ${JSON.stringify(value).slice(0, 120)}`];
        }
        const problems: string[] = [];
        for (const required of type.required ?? []) {
            if ((value as any)[required] === undefined || (value as any)[required] === null) {
                problems.push(`${where}.${required}: required by ${spec.$ref.slice(TYPE_REF.length)}, missing`);
            }
        }
        for (const [key, member] of Object.entries<any>(value as object)) {
            const memberSpec = type.properties?.[key];
            problems.push(...(memberSpec ? schemaMismatches(member, memberSpec, `${where}.${key}`) : member === undefined ? [] : [`${where}.${key}: not a member of ${spec.$ref.slice(TYPE_REF.length)}`]));
        }
        return problems;
    }
    switch (spec.type) {
        case "string":
            return typeof value === "string" ? [] : [`${where}: expected a string, got ${JSON.stringify(value).slice(0, 120)}`];
        case "boolean":
            return typeof value === "boolean" ? [] : [`${where}: expected a boolean, got ${JSON.stringify(value)}`];
        case "integer":
            return Number.isInteger(value) ? [] : [`${where}: expected an integer, got ${JSON.stringify(value)}`];
        case "number":
            return typeof value === "number" ? [] : [`${where}: expected a number, got ${JSON.stringify(value)}`];
        case "array":
            return Array.isArray(value) ? value.flatMap((item, i) => schemaMismatches(item, spec.items, `${where}[${i}]`)) : [`${where}: expected a list, got ${JSON.stringify(value).slice(0, 120)}`];
        case "object":
            if (typeof value !== "object" || Array.isArray(value)) {
                return [`${where}: expected a map, got ${JSON.stringify(value).slice(0, 120)}`];
            }
            return spec.additionalProperties
                ? Object.entries(value as object).flatMap(([key, item]) => schemaMismatches(item, spec.additionalProperties, `${where}[${JSON.stringify(key)}]`))
                : [];
        default:
            return [`${where}: the schema type ${JSON.stringify(spec)} is not understood by this check`];
    }
}

describe("Every component's outputs match their schema types (golden schema)", function () {
    this.timeout(120_000);
    let provider: EdgeAuthProvider;
    const constructed = new Map<string, { urn: string; state: Record<string, unknown> }>();

    async function construct(component: string, name: string, properties: Record<string, unknown>, dependencies: Record<string, string[]> = {}) {
        const inputs = await arriving(properties, dependencies);
        const result = await provider.construct(name, `edge-auth:index:${component}`, inputs, {});
        const done = { urn: await resolve(result.urn), state: result.state as Record<string, unknown> };
        constructed.set(component, done);
        return done;
    }

    before(async () => {
        setupMocks();
        resetFlowOwnership();
        provider = new EdgeAuthProvider();
        await provider.getSchema();
        const tenant = { domain: "acme.us.auth0.com" };
        const api = await construct("Auth0Api", "out-colors", {
            tenant, identifier: "urn:out-colors", permissions: [{ name: "read:colors" }], roles: [{ name: "member", permissions: ["read:colors"] }], allowOfflineAccess: true,
        });
        const web = await construct("WebApplication", "out-web", { callbackUrls: ["https://kibana.example.com/oauth2/idpresponse"] });
        const spa = await construct("SpaApplication", "out-spa", { origins: ["https://colors.example.com"] });
        await construct("MachineApplication", "out-machine", { api: wire.resource(api.urn), scopes: ["read:colors"] });
        await construct("PostLoginFlow", "out-flow", { roleGates: { ops: { clientId: "abc", roles: ["member"] } }, claims: { namespace: "https://colors.example.com/", include: ["roles"], api: wire.resource(api.urn) } });
        const lb = await construct("HttpsLoadBalancer", "out-lb", { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], certificateArn: "arn:cert", targetPorts: [5601], targetCidrIpv4: "10.0.0.0/16" });
        const targetGroupArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/kibana/73e2d6bc24d8a067";
        // Without `application`: the login creates its WebApplication, and outputs its reference.
        await construct("AlbOidcLogin", "out-login", { loadBalancer: wire.resource(lb.urn), tenant, hostnames: ["kibana.example.com"], routes: [{ name: "pages", pathPatterns: ["/*"] }], targetGroupArn, priority: 100 });
        await construct("AlbJwtValidation", "out-jwt", {
            loadBalancer: wire.resource(lb.urn), api: wire.resource(api.urn), routes: [{ name: "read", pathPatterns: ["/api/*"], scopes: ["read:colors"] }], targetGroupArn, priority: 300,
            clients: { reporter: { scopes: ["read:colors"] } },
        });
        const fn = new aws.lambda.Function("out-fn", { role: "arn:aws:iam::123456789012:role/fn", runtime: "nodejs22.x", handler: "index.handler" });
        const fnRef = wire.resource(await resolve(fn.urn), await resolve(fn.id));
        await construct("HttpApi", "out-http", { api: wire.resource(api.urn), spa: wire.resource(spa.urn), routes: { "GET /colors": { lambdaFunction: fnRef, isPublic: true }, "GET /my": { lambdaFunction: fnRef, scopes: ["read:colors"] } } });
        await construct("RestApiLambdaAuthorizer", "out-authorizer", { api: wire.resource(api.urn), routes: { "GET /colors": { scopes: ["read:colors"] } } });
        await construct("RestApi", "out-rest", { api: wire.resource(api.urn), routes: { "GET /colors": { scopes: ["read:colors"] } }, handler: fnRef });
        assert.ok(web.urn);
        await settle();
    });

    it("THEN every component was constructed", () => {
        assert.deepEqual([...constructed.keys()].sort(), [...COMPONENT_NAMES].sort());
    });

    for (const component of COMPONENT_NAMES) {
        it(`${component}: every declared output is present when required and has its schema type`, async () => {
            const { state } = constructed.get(component)!;
            const spec = schema.resources[`edge-auth:index:${component}`];
            // What the provider server sends back (provider/server.ts construct).
            const [wireState] = await pulumi.runtime.serializeResourceProperties(`outputs of ${component}`, state as pulumi.Inputs);
            const problems: string[] = [];
            for (const required of spec.required ?? []) {
                if (wireState[required] === undefined) {
                    problems.push(`${component}.${required}: required, missing`);
                }
            }
            for (const [key, value] of Object.entries(wireState)) {
                problems.push(...(spec.properties[key] ? schemaMismatches(value, spec.properties[key], `${component}.${key}`) : [`${component}.${key}: not declared`]));
            }
            assert.deepEqual(problems, []);
        });
    }

    it("THEN the check does refuse: a component where an ApplicationReference is declared, a fraction where an integer is", () => {
        const declared = schema.resources["edge-auth:index:AlbOidcLogin"].properties.application;
        assert.notDeepEqual(schemaMismatches({ [SIG]: pulumi.runtime.specialResourceSig, urn: "urn:pulumi:test::edge-auth::edge-auth:index:WebApplication::x" }, declared, "application"), []);
        assert.notDeepEqual(schemaMismatches({ a: 1.5 }, schema.resources["edge-auth:index:AlbOidcLogin"].properties.priorities, "priorities"), []);
        assert.notDeepEqual(schemaMismatches({ clientId: "x" }, declared, "application"), [], "clientSecret is required");
    });
});
