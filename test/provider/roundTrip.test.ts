import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as auth0 from "@pulumi/auth0";
import * as aws from "@pulumi/aws";
import { HttpApi } from "../../components/apigateway/HttpApi";
import { RestApi } from "../../components/apigateway/RestApi";
import { HttpsLoadBalancer } from "../../components/alb/HttpsLoadBalancer";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { MachineApplication } from "../../components/auth0/MachineApplication";
import { PostLoginFlow } from "../../components/auth0/PostLoginFlow";
import { resetFlowOwnership } from "../../components/auth0/flowOwnership";
import { apiReference as toApiReference } from "../../components/core/references";
import { FakeEngine, KnownResource, Registration } from "../support/fakeEngine";
import { recordedOne, registerRequests, resolve, settle, setupMocks } from "../support/mocks";
import { wire } from "../support/wireInputs";

/*
 * GIVEN the edge-auth plugin booted as the engine boots it (run-plugin, port on stdout) and
 * pointed at a fake engine (ResourceMonitor and Engine over gRPC on 127.0.0.1), WHEN the engine
 * calls Construct with inputs encoded as the Python, Go and YAML SDKs send them, THEN the plugin
 * registers exactly the children (types, names, inputs, secrets, dependencies) the TypeScript
 * twin registers in process under the mocks, and refuses what it must refuse.
 *
 * Each group runs in a fresh plugin, and its first call is that plugin's first Construct: the
 * case the in-process tests cannot see (their process has loaded @pulumi/aws already).
 */

/** Booting the plugin and loading the components (ts-node, transpile only) on a loaded machine. */
const BOOT_MS = 90_000;
const CONSTRUCT_MS = 90_000;
const AWS_VERSION: string = require("@pulumi/aws/package.json").version;

/** A registration as compared: raw wire inputs (secrets and references as signature objects). */
type Comparable = Omit<Registration, "urn">;

function comparable(r: Comparable): Comparable {
    return {
        type: r.type, name: r.name, custom: r.custom, parent: r.parent, inputs: r.inputs,
        dependencies: [...r.dependencies].sort(),
        propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).filter(([, urns]) => urns.length > 0)
            .map(([key, urns]): [string, string[]] => [key, [...urns].sort()]).sort(([a], [b]) => a.localeCompare(b))),
    };
}

/**
 * The component registered under `urn` and everything below it, sorted. Registrations come
 * parents first; a child belongs when its parent does (child URNs alone can collide: the mock
 * URN scheme keeps only the parent's type, and PostLoginFlow's children have fixed names).
 */
function subtree(all: Comparable[], urn: string, urnOf: (r: Comparable) => string): Comparable[] {
    const inTree = new Set<string>();
    const picked: Comparable[] = [];
    for (const r of all) {
        if ((urnOf(r) === urn && inTree.size === 0) || (inTree.size > 0 && inTree.has(r.parent))) {
            inTree.add(urnOf(r));
            picked.push(comparable(r));
        }
    }
    return picked.sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
}

/** In-process registrations (the TypeScript twin's), as the mock monitor received them. */
function inProcess(from = 0): Array<Comparable & { urn: string }> {
    return registerRequests.slice(from).map((req) => {
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((deps: any, key: string) => { propertyDependencies[key] = deps.getUrnsList(); });
        const parent: string = req.getParent();
        const type: string = req.getType();
        const qualified = parent ? `${parent.split("::")[2].split("$").pop()}$${type}` : type;
        return {
            urn: `urn:pulumi:test::edge-auth::${qualified}::${req.getName()}`,
            type, name: req.getName(), custom: req.getCustom(), parent,
            inputs: req.getObject()?.toJavaScript() ?? {}, dependencies: req.getDependenciesList(), propertyDependencies,
        };
    });
}

/** THEN the plugin's registrations under `urn` equal the twin's, and there are children. */
async function assertSameAsTwin(engine: FakeEngine, urn: string, from = 0): Promise<void> {
    await settle();
    const twin = subtree(inProcess(from), urn, (r: any) => r.urn);
    const plugin = subtree(engine.registrations, urn, (r) => (r as Registration).urn);
    assert.ok(twin.length > 1, `the TypeScript twin registered nothing under ${urn}`);
    assert.deepEqual(plugin, twin);
}

/** A resource of the program as the engine knows it, from what the mocks gave it in process. */
async function known(resource: pulumi.CustomResource, type: string, name: string): Promise<KnownResource> {
    const record = await recordedOne(type, name);
    const [state] = await pulumi.runtime.serializeResourceProperties(`known ${name}`, record.state);
    return { urn: await resolve(resource.urn), id: record.id, state };
}

/** A reference as the Python/Go SDK sends a resource: URN, id and the SDK package's version. */
async function reference(resource: pulumi.CustomResource, packageVersion: string) {
    return { ...wire.resource(await resolve(resource.urn), await resolve(resource.id)), packageVersion };
}

/** Plain JSON, as another language holds a written-out reference. */
function plain<T>(value: T): T {
    return JSON.parse(JSON.stringify(value));
}

const tenant = { domain: "acme.us.auth0.com" };
const apiArgs = {
    tenant,
    identifier: "urn:rt-colors",
    permissions: [{ name: "read:colors" }, { name: "write:colors" }],
    roles: [{ name: "member", permissions: ["read:colors"] }],
};

describe("Construct over gRPC from a fake engine (Python/Go/YAML wire inputs, fresh plugins)", function () {
    this.timeout(BOOT_MS + 4 * CONSTRUCT_MS);
    let fn: aws.lambda.Function;
    let colorsTs: Auth0Api;
    let apiReference: Record<string, unknown>;

    before(async () => {
        setupMocks();
        fn = new aws.lambda.Function("rt-fn", { role: "arn:aws:iam::123456789012:role/fn", runtime: "nodejs22.x", handler: "index.handler" });
        // The API the HTTP and REST APIs check tokens for: in process, its reference written out
        // as another stack (or a YAML program) would hold it.
        colorsTs = new Auth0Api("rt-colors", apiArgs);
        apiReference = plain(toApiReference("reference", colorsTs)) as unknown as Record<string, unknown>;
        await settle();
    });

    describe("fresh plugin 1: HttpApi first, then component references", () => {
        let engine: FakeEngine;
        before(async function () {
            this.timeout(BOOT_MS);
            engine = await FakeEngine.start([await known(fn, "aws:lambda/function:Function", "rt-fn")], BOOT_MS);
        });
        after(async () => { await engine?.stop(); });

        it("GIVEN the plugin's first Construct is an HttpApi whose routes reference an @pulumi/aws Lambda THEN it succeeds with the TypeScript twin's resources", async () => {
            const routesTs = {
                "GET /colors": { function: fn, public: true as const },
                "GET /my/colors": { function: fn, scopes: ["read:colors" as const] },
            };
            const http = new HttpApi("rt-http", { api: apiReference as any, routes: routesTs });
            const ref = await reference(fn, AWS_VERSION);
            const result = await engine.construct({
                type: "edge-auth:index:HttpApi", name: "rt-http", timeoutMs: CONSTRUCT_MS,
                inputs: { api: apiReference, routes: { "GET /colors": { lambdaFunction: ref, isPublic: true }, "GET /my/colors": { lambdaFunction: ref, scopes: ["read:colors"] } } },
                inputDependencies: { routes: [await resolve(fn.urn)] },
            });
            assert.equal(result.urn, await resolve(http.urn));
            await assertSameAsTwin(engine, result.urn);
            assert.deepEqual(result.state.scopesUsed, ["read:colors"]);
        });

        it("GIVEN an Auth0Api, then a MachineApplication passed the Auth0Api itself (its URN) THEN the twin's client and grant", async () => {
            const api = await engine.construct({ type: "edge-auth:index:Auth0Api", name: "rt-colors", inputs: plain(apiArgs), timeoutMs: CONSTRUCT_MS });
            await assertSameAsTwin(engine, api.urn);
            new MachineApplication("rt-reporter", { api: colorsTs, scopes: ["read:colors"] });
            const reporter = await engine.construct({
                type: "edge-auth:index:MachineApplication", name: "rt-reporter", timeoutMs: CONSTRUCT_MS,
                inputs: { api: wire.resource(api.urn), scopes: ["read:colors"] },
                inputDependencies: { api: [api.urn] },
            });
            await assertSameAsTwin(engine, reporter.urn);
        });

        it("GIVEN an API reference naming another API but depending only on the Auth0Api THEN refused, nothing registered", async () => {
            const other = { ...apiReference, identifier: "urn:rt-other-api" };
            const apiUrn = "urn:pulumi:test::edge-auth::edge-auth:index:Auth0Api::rt-colors";
            await assert.rejects(engine.construct({
                type: "edge-auth:index:MachineApplication", name: "rt-confused", timeoutMs: CONSTRUCT_MS,
                inputs: { api: wire.output(other, [apiUrn]), scopes: ["read:colors"] },
                inputDependencies: { api: [apiUrn] },
            }), /MachineApplication "rt-confused": api depends only on Auth0Api "rt-colors", but its identifier "urn:rt-other-api" differs from that component's "urn:rt-colors"\. Fix: /);
            assert.deepEqual(engine.registrations.filter((r) => r.name.startsWith("rt-confused")), []);
        });

        it("GIVEN a role gate keyed \"__proto__\" (legal in Python, Go and YAML) THEN refused naming the component, argument and key", async () => {
            const roleGates = { __PROTO__: { clientId: "abc", roles: ["admin"] }, ops: { clientId: "def", roles: ["ops"] } };
            await assert.rejects(engine.construct({ type: "edge-auth:index:PostLoginFlow", name: "rt-proto", inputs: { roleGates }, rawKeys: { __PROTO__: "__proto__" }, timeoutMs: CONSTRUCT_MS }),
                /PostLoginFlow "rt-proto": roleGates has an entry named "__proto__", a name JavaScript objects reserve/);
            assert.deepEqual(engine.registrations.filter((r) => r.name.startsWith("rt-proto")), []);
        });
    });

    describe("fresh plugin 2: RestApi first (a reference of a newer pulumi_aws), then secrets, output values and unknowns", () => {
        let engine: FakeEngine;
        let handler: aws.lambda.Function;
        before(async function () {
            this.timeout(BOOT_MS);
            handler = new aws.lambda.Function("rt-movies-fn", { role: "arn:aws:iam::123456789012:role/fn", runtime: "nodejs22.x", handler: "index.handler" });
            await settle();
            engine = await FakeEngine.start([await known(handler, "aws:lambda/function:Function", "rt-movies-fn")], BOOT_MS);
        });
        after(async () => { await engine?.stop(); });

        it("GIVEN the plugin's first Construct is a RestApi whose handler reference says pulumi_aws 99.1.0 THEN it succeeds with the twin's resources", async () => {
            const routes = { "GET /colors": { scopes: ["read:colors" as const] } };
            const restTs = new RestApi("rt-rest", { api: apiReference as any, routes, handler });
            const result = await engine.construct({
                type: "edge-auth:index:RestApi", name: "rt-rest", timeoutMs: CONSTRUCT_MS,
                inputs: { api: apiReference, routes: plain(routes), handler: await reference(handler, "99.1.0") },
                inputDependencies: { handler: [await resolve(handler.urn)] },
            });
            assert.equal(result.urn, await resolve(restTs.urn));
            await assertSameAsTwin(engine, result.urn);
            // The renamed output (C# CS0542) is the REST API, a reference to an @pulumi/aws resource.
            const awsRestApi = result.state.awsRestApi as Record<string, unknown>;
            assert.equal(awsRestApi[pulumi.runtime.specialSigKey], pulumi.runtime.specialResourceSig);
            assert.match(String(awsRestApi.urn), /aws:apigateway\/restApi:RestApi::rt-rest-api$/);
        });

        it("GIVEN a secret certificate, a subnet as an output value and a VPC id with dependencies THEN the twin's load balancer, the secret kept", async () => {
            const vpc = "urn:pulumi:test::edge-auth::aws:ec2/vpc:Vpc::main";
            const subnet = "urn:pulumi:test::edge-auth::aws:ec2/subnet:Subnet::a";
            const common = { targetPorts: [5601], targetCidrIpv4: "10.0.0.0/16" };
            const lbTs = new HttpsLoadBalancer("rt-lb", {
                vpcId: pulumi.output("vpc-1"), subnetIds: ["subnet-a", "subnet-b"], certificateArn: pulumi.secret("arn:aws:acm:us-east-1:123456789012:certificate/abc"), ...common,
            });
            const result = await engine.construct({
                type: "edge-auth:index:HttpsLoadBalancer", name: "rt-lb", timeoutMs: CONSTRUCT_MS,
                inputs: { vpcId: "vpc-1", subnetIds: [wire.output("subnet-a", [subnet]), "subnet-b"], certificateArn: wire.secret("arn:aws:acm:us-east-1:123456789012:certificate/abc"), ...common },
                inputDependencies: { vpcId: [vpc] },
            });
            assert.equal(result.urn, await resolve(lbTs.urn));
            const listener = engine.registrations.find((r) => r.type === "aws:lb/listener:Listener" && r.name === "rt-lb-https");
            assert.deepEqual(listener?.inputs.certificateArn, wire.secret("arn:aws:acm:us-east-1:123456789012:certificate/abc"));
            // The twin depends on nothing outside; the wire one on the VPC and subnet: compare the rest.
            const strip = (rs: Comparable[]) => rs.map((r) => ({ ...r, dependencies: r.dependencies.filter((u) => u !== vpc && u !== subnet),
                propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, us]) => [k, us.filter((u) => u !== vpc && u !== subnet)]).filter(([, us]) => us.length > 0)) }));
            await settle();
            assert.deepEqual(strip(subtree(engine.registrations, result.urn, (r) => (r as Registration).urn)), strip(subtree(inProcess(), result.urn, (r: any) => r.urn)));
            const loadBalancer = engine.registrations.find((r) => r.type === "aws:lb/loadBalancer:LoadBalancer" && r.name === "rt-lb-alb")!;
            assert.deepEqual(loadBalancer.propertyDependencies.subnets, [subnet]);
        });

        it("GIVEN an unknown VPC id during preview THEN the load balancer is planned; an unknown plain value is refused with the documented wording", async () => {
            const vpc = "urn:pulumi:test::edge-auth::aws:ec2/vpc:Vpc::later";
            await engine.construct({
                type: "edge-auth:index:HttpsLoadBalancer", name: "rt-lb-preview", dryRun: true, timeoutMs: CONSTRUCT_MS,
                inputs: { vpcId: wire.unknown, subnetIds: ["subnet-a", "subnet-b"], certificateArn: "arn:cert", targetPorts: [5601], targetCidrIpv4: "10.0.0.0/16" },
                inputDependencies: { vpcId: [vpc] },
            });
            const group = engine.registrations.find((r) => r.type === "aws:ec2/securityGroup:SecurityGroup" && r.name.startsWith("rt-lb-preview"));
            assert.equal(group?.inputs.vpcId, wire.unknown);
            await assert.rejects(engine.construct({
                type: "edge-auth:index:Auth0Api", name: "rt-unknown-id", dryRun: true, timeoutMs: CONSTRUCT_MS,
                inputs: { ...plain(apiArgs), identifier: wire.output(undefined, [vpc]) },
            }), /Auth0Api "rt-unknown-id": identifier is an Output \(computed by another resource, unknown during preview, or secret\), not a plain value\. Fix: pass a plain value here/);
        });
    });

    describe("fresh plugin 3: PostLoginFlow first, a role gate's clientId from an @pulumi/auth0 Client", () => {
        let engine: FakeEngine;
        let client: auth0.Client;
        before(async function () {
            this.timeout(BOOT_MS);
            client = new auth0.Client("rt-existing-client", { name: "existing", appType: "regular_web" });
            await settle();
            engine = await FakeEngine.start([await known(client, "auth0:index/client:Client", "rt-existing-client")], BOOT_MS);
        });
        after(async () => { await engine?.stop(); });

        it("GIVEN role gates (one clientId an output value of the Client, one secret) and claims with the API reference THEN the twin's actions and binding", async () => {
            const clientUrn = await resolve(client.urn);
            const claims = { namespace: "https://colors.example.com/", include: ["roles" as const, "email" as const] };
            resetFlowOwnership();
            // Only registrations from here on: other flows of the suite have children of the same names.
            const mark = registerRequests.length;
            const flowTs = new PostLoginFlow("rt-flow", {
                // Keys in the order the wire delivers them (sorted): the gates' order in the Action's code follows it.
                roleGates: { audit: { clientId: pulumi.secret("audit-client"), roles: ["Auditor"] }, ops: { clientId: client.clientId, roles: ["IT Operations"] } },
                claims: { ...claims, api: apiReference as any },
            });
            await settle();
            const result = await engine.construct({
                type: "edge-auth:index:PostLoginFlow", name: "rt-flow", timeoutMs: CONSTRUCT_MS,
                inputs: {
                    roleGates: { ops: { clientId: wire.output("rt-existing-client-client-id", [clientUrn]), roles: ["IT Operations"] }, audit: { clientId: wire.secret("audit-client"), roles: ["Auditor"] } },
                    claims: { ...claims, api: apiReference },
                },
                inputDependencies: { roleGates: [clientUrn] },
            });
            assert.equal(result.urn, await resolve(flowTs.urn));
            await assertSameAsTwin(engine, result.urn, mark);
        });
    });
});
