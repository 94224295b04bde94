/**
 * A fake Pulumi engine for the edge-auth plugin: a gRPC ResourceMonitor and Engine on 127.0.0.1
 * answering as the CLI does while a Python, Go or YAML program runs, and a client that calls the
 * plugin's `Construct` with inputs encoded as those SDKs send them (protobuf Structs with Pulumi's
 * signature objects for secrets, resource references, output values and unknowns).
 *
 * The monitor gives custom resources the outputs of the component-test mocks (./mocks.ts
 * `computedOutputs`, `mocks.call`), so what the plugin builds can be compared with the TypeScript
 * twin constructed in process under `setMocks`: same URN scheme (that of Pulumi's MockMonitor:
 * the parent's last type, then the type), same project and stack ("edge-auth", "test"). Resources
 * the program created before the Construct (a Lambda function...) are `known`: the monitor answers
 * `pulumi:pulumi:getResource` for them, as the engine does for a rehydrated reference.
 * Every wait is bounded and says what it waited for.
 */
import { strict as assert } from "assert";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { computedOutputs, mocks } from "./mocks";
import { BootedPlugin, bootPlugin } from "./plugin";

/* eslint-disable @typescript-eslint/no-var-requires */
const resourceRpc = require("@pulumi/pulumi/proto/resource_grpc_pb");
const resourceProto = require("@pulumi/pulumi/proto/resource_pb");
const engineRpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
const engineProto = require("@pulumi/pulumi/proto/engine_pb");
const providerRpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const providerProto = require("@pulumi/pulumi/proto/provider_pb");
const emptyProto = require("google-protobuf/google/protobuf/empty_pb");
/* eslint-enable @typescript-eslint/no-var-requires */

export const PROJECT = "edge-auth";
export const STACK = "test";
const SIG = pulumi.runtime.specialSigKey;

/** One RegisterResource the plugin sent: the raw wire values (signature objects kept). */
export interface Registration {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent: string;
    inputs: Record<string, unknown>;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
}

/** A resource of the program, as the engine knows it: what `getResource` returns. */
export interface KnownResource {
    urn: string;
    id: string;
    /** Its outputs, wire-encoded. */
    state: Record<string, unknown>;
}

/** What a Construct call returns: the raw wire state, and per output the URNs it depends on. */
export interface ConstructResult {
    urn: string;
    state: Record<string, unknown>;
    stateDependencies: Record<string, string[]>;
}

/** What the program sends: inputs as another SDK encodes them, per-input dependencies, preview or up. */
export interface ConstructCall {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    inputDependencies?: Record<string, string[]>;
    dryRun?: boolean;
    config?: Record<string, string>;
    timeoutMs?: number;
    /**
     * Map keys google-protobuf's JavaScript encoder cannot hold (`__proto__`: its Map keeps
     * entries in a plain object), written as same-length placeholders in `inputs` and put into
     * the request's bytes, as Python, Go and YAML encode them.
     */
    rawKeys?: Record<string, string>;
}

/** The URN Pulumi's MockMonitor gives (runtime/mocks.ts `newUrn`), so both sides compare. */
export function mockUrn(parent: string, type: string, name: string): string {
    const qualified = parent ? `${parent.split("::")[2].split("$").pop()}$${type}` : type;
    return `urn:pulumi:${STACK}::${PROJECT}::${qualified}::${name}`;
}

/**
 * A wire value as a provider of the clouds would read it: secrets unwrapped, resource references
 * as their ids (what a provider receives), the rest as is. Only for computing mock outputs.
 */
function plainInputs(value: unknown): any {
    if (Array.isArray(value)) {
        return value.map(plainInputs);
    }
    if (value && typeof value === "object") {
        const object = value as Record<string, unknown>;
        if (object[SIG] === pulumi.runtime.specialSecretSig || object[SIG] === pulumi.runtime.specialOutputValueSig) {
            return plainInputs(object.value);
        }
        if (object[SIG] === pulumi.runtime.specialResourceSig) {
            return object.id ?? object.urn;
        }
        return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, plainInputs(v)]));
    }
    return value;
}

/** A protobuf Struct of a JSON-like value (undefined members left out, as JSON leaves them). */
function toStruct(value: unknown): Struct {
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(value ?? {})));
}

/** A handler whose exceptions reach the caller with their message (gRPC would say "Unknown error"). */
function handler(body: (call: any) => unknown): grpc.handleUnaryCall<any, any> {
    return (call, callback) => {
        try {
            callback(null, body(call));
        } catch (error) {
            callback({ code: grpc.status.INTERNAL, details: `fake engine: ${(error as Error).stack ?? error}` }, null);
        }
    };
}

export class FakeEngine {
    readonly registrations: Registration[] = [];
    /** RegisterResourceOutputs by URN (raw wire values). */
    readonly outputs = new Map<string, Record<string, unknown>>();
    /** Engine.Log messages: `<severity> <message>`. */
    readonly logs: string[] = [];
    /** Features the monitor was asked about. */
    readonly featuresAsked = new Set<string>();
    private readonly resources = new Map<string, KnownResource>();
    private plugin?: BootedPlugin;
    private client?: grpc.Client & Record<string, any>;

    private constructor(private readonly server: grpc.Server, readonly address: string) {}

    /** Starts the monitor and engine services on 127.0.0.1 and boots a fresh plugin pointed at them. */
    static async start(known: KnownResource[] = [], bootTimeoutMs = 20_000): Promise<FakeEngine> {
        const server = new grpc.Server();
        const port = await new Promise<number>((resolve, reject) => {
            server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
        });
        const engine = new FakeEngine(server, `127.0.0.1:${port}`);
        known.forEach((r) => engine.resources.set(r.urn, r));
        server.addService(resourceRpc.ResourceMonitorService, engine.monitorService());
        server.addService(engineRpc.EngineService, engine.engineService());
        try {
            engine.plugin = await bootPlugin(bootTimeoutMs, [engine.address]);
        } catch (error) {
            server.forceShutdown();
            throw error;
        }
        engine.client = new providerRpc.ResourceProviderClient(engine.plugin.address, grpc.credentials.createInsecure());
        return engine;
    }

    /** Calls the plugin's Construct as the engine does for a program's remote component. */
    construct(call: ConstructCall): Promise<ConstructResult> {
        const request = new providerProto.ConstructRequest();
        request.setProject(PROJECT);
        request.setStack(STACK);
        request.setOrganization("organization");
        request.setDryrun(call.dryRun ?? false);
        request.setParallel(16);
        request.setMonitorendpoint(this.address);
        request.setType(call.type);
        request.setName(call.name);
        request.setParent("");
        request.setInputs(Struct.fromJavaScript(call.inputs as any));
        request.setAcceptsOutputValues(true);
        for (const [key, urns] of Object.entries(call.inputDependencies ?? {})) {
            const dependencies = new providerProto.ConstructRequest.PropertyDependencies();
            dependencies.setUrnsList(urns);
            request.getInputdependenciesMap().set(key, dependencies);
        }
        for (const [key, value] of Object.entries(call.config ?? {})) {
            request.getConfigMap().set(key, value);
        }
        const timeoutMs = call.timeoutMs ?? 20_000;
        const method = providerRpc.ResourceProviderService.construct;
        const serialize = (message: any): Buffer => {
            let bytes: Buffer = method.requestSerialize(message);
            for (const [placeholder, key] of Object.entries(call.rawKeys ?? {})) {
                assert.equal(Buffer.byteLength(placeholder), Buffer.byteLength(key), "a raw key and its placeholder must have the same length");
                bytes = Buffer.from(bytes.toString("latin1").split(placeholder).join(key), "latin1");
            }
            return bytes;
        };
        return new Promise((resolve, reject) => {
            this.client!.makeUnaryRequest(method.path, serialize, method.responseDeserialize, request, { deadline: Date.now() + timeoutMs }, (err: grpc.ServiceError | null, response: any) => {
                if (err) {
                    const timedOut = err.code === grpc.status.DEADLINE_EXCEEDED;
                    const error = new Error(timedOut
                        ? `Construct ${call.type} "${call.name}" gave no answer within ${timeoutMs} ms.\nplugin stderr: ${this.plugin?.stderr()}\nengine log: ${this.logs.join("\n")}`
                        : `${err.details || err.message}${process.env.FAKE_ENGINE_DEBUG ? `\nplugin stderr: ${this.plugin?.stderr()}\nengine log: ${this.logs.join("\n")}` : ""}`);
                    reject(error);
                    return;
                }
                const stateDependencies: Record<string, string[]> = {};
                response.getStatedependenciesMap().forEach((deps: any, key: string) => { stateDependencies[key] = deps.getUrnsList(); });
                resolve({ urn: response.getUrn(), state: response.getState()?.toJavaScript() ?? {}, stateDependencies });
            });
        });
    }

    /** What the plugin wrote to stderr. */
    stderr(): string {
        return this.plugin?.stderr() ?? "";
    }

    /** Stops the plugin (waiting for it to exit) and the services. */
    async stop(): Promise<void> {
        this.client?.close();
        await this.plugin?.stop();
        await new Promise<void>((resolve) => {
            const timer = setTimeout(() => { this.server.forceShutdown(); resolve(); }, 2_000);
            this.server.tryShutdown(() => { clearTimeout(timer); resolve(); });
        });
    }

    private monitorService(): grpc.UntypedServiceImplementation {
        return {
            supportsFeature: (call: any, callback: any) => {
                const id = call.request.getId();
                this.featuresAsked.add(id);
                const response = new resourceProto.SupportsFeatureResponse();
                // What the CLI supports that matters to a Node.js provider's serialisation.
                response.setHassupport(["secrets", "resourceReferences", "outputValues", "deletedWith", "aliasSpecs"].includes(id));
                callback(null, response);
            },
            registerResource: (call: any, callback: any) => {
                const req = call.request;
                const type: string = req.getType();
                const name: string = req.getName();
                const parent: string = req.getParent();
                const urn = mockUrn(parent, type, name);
                const inputs = (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
                const propertyDependencies: Record<string, string[]> = {};
                req.getPropertydependenciesMap().forEach((deps: any, key: string) => { propertyDependencies[key] = deps.getUrnsList(); });
                this.registrations.push({ urn, type, name, custom: req.getCustom(), parent, inputs, dependencies: req.getDependenciesList(), propertyDependencies });
                const response = new resourceProto.RegisterResourceResponse();
                response.setUrn(urn);
                if (req.getCustom()) {
                    const id = req.getImportid() || `${name}-id`;
                    const state = { ...inputs, ...computedOutputs(type, name, plainInputs(inputs)) };
                    this.resources.set(urn, { urn, id, state });
                    response.setId(id);
                    response.setObject(toStruct(state));
                } else {
                    response.setObject(Struct.fromJavaScript({}));
                }
                callback(null, response);
            },
            registerResourceOutputs: (call: any, callback: any) => {
                this.outputs.set(call.request.getUrn(), (call.request.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>);
                callback(null, new emptyProto.Empty());
            },
            invoke: handler((call) => {
                const req = call.request;
                const token: string = req.getTok();
                const args = plainInputs(req.getArgs()?.toJavaScript() ?? {});
                const response = new providerProto.InvokeResponse();
                if (token === "pulumi:pulumi:getResource") {
                    const known = this.resources.get(args.urn);
                    if (!known) {
                        throw new Error(`no resource ${args.urn}`);
                    }
                    response.setReturn(toStruct({ urn: known.urn, id: known.id, state: known.state }));
                } else {
                    response.setReturn(toStruct(mocks.call({ token, inputs: args, provider: req.getProvider() })));
                }
                return response;
            }),
            registerPackage: (_call: any, callback: any) => {
                const response = new resourceProto.RegisterPackageResponse();
                response.setRef("fake-engine-package");
                callback(null, response);
            },
        };
    }

    private engineService(): grpc.UntypedServiceImplementation {
        return {
            log: (call: any, callback: any) => {
                this.logs.push(`${call.request.getSeverity()} ${call.request.getMessage()}`);
                callback(null, new emptyProto.Empty());
            },
            getRootResource: (_call: any, callback: any) => {
                const response = new engineProto.GetRootResourceResponse();
                response.setUrn("");
                callback(null, response);
            },
            setRootResource: (_call: any, callback: any) => callback(null, new engineProto.SetRootResourceResponse()),
        };
    }
}
