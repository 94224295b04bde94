/**
 * CrossGuard offline: runs the real edge-auth policy pack (policies/index.ts) as the engine runs it
 * and drives its gRPC analyzer with the RPCs the Pulumi engine uses (`configure`, `analyze`
 * per resource, `analyzeStack` once), on resources captured from the mock monitor.
 *
 *     setupMocks({ "auth0:domain": "acme.us.auth0.com" });
 *     new Auth0Api(...);
 *     const violations = await evaluate(registerRequests, loadPolicyConfig("prod"));
 *     // or evaluate(await captureStack(requests), ...) to inspect or mutate the capture first
 *
 * Used by the tests (through test/support/policyHarness.ts), `npm run plan` and `edge-auth check`.
 *
 * The pack runs in its own Node process, started as the engine starts it (working directory
 * policies/, port read from stdout), on first use and kept until the run ends; so it loads
 * @pulumi/policy and gRPC from policies/node_modules when that is installed, else from the
 * repository, and behaves the same either way. Every wait (start, each RPC, stop) is bounded.
 *
 * Fidelity: requests carry what the engine sends (type, name, URN, inputs in wire form, parent,
 * provider with its inputs, dependencies and property dependencies; outputs for analyzeStack).
 * Resource references are sent as the engine sends them to an analyzer: the referenced resource's
 * id, else its URN (see `asEngineSends`).
 * Remaining gaps: the mock monitor resolves every output, as during `pulumi up`; a real preview
 * sends provider-computed values as unknown sentinels, which tests model by writing
 * UNKNOWN_STRING (policies/lib/plain.ts) into a capture. The engine's provider-side defaults
 * (Check) are not applied, and resource options other than `parent` are left at their defaults.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";

/** One resource as the engine knows it: inputs for `analyze`, outputs for `analyzeStack`. */
export interface CapturedResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent?: string;
    /** Inputs in wire form (secrets as signature objects, unknowns as sentinel strings). */
    inputs: Record<string, unknown>;
    /** Outputs in wire form: inputs plus what the provider computed. */
    outputs: Record<string, unknown>;
    /**
     * A component whose children the engine gets from its package's provider plugin (`remote: true`,
     * e.g. awsx v2+): a mock run registers the component itself and none of its children.
     */
    remote?: boolean;
    /** URN of the provider resource (explicit, or the synthesized default provider). */
    provider?: string;
    dependencies: string[];
    /** Input property name to the URNs its value was computed from. */
    propertyDependencies: Record<string, string[]>;
}

/** An environment's policy config, as given to `pulumi preview --policy-pack-config <file>`. */
export type PolicyPackConfig = Record<string, string | ({ enforcementLevel?: string } & Record<string, unknown>)>;

/** One diagnostic of the pack, structured (renderers such as the plan print it; nothing is cut). */
export interface Violation {
    policyName: string;
    enforcementLevel: "advisory" | "mandatory" | "remediate" | "disabled";
    /** The diagnostic as the engine prints it: the policy's description, then the finding. */
    message: string;
    /** The finding alone: what is wrong, with the offending field and value. */
    finding: string;
    /** The policy's remediation steps (from the analyzer's GetAnalyzerInfo, as the engine reads them). */
    remediation: string;
    severity: "low" | "medium" | "high" | "critical" | "unspecified";
    urn: string;
    /** Which RPC reported it. */
    phase: "analyze" | "analyzeStack";
}

const SEVERITIES: Record<number, Violation["severity"]> = { 0: "unspecified", 1: "low", 2: "medium", 3: "high", 4: "critical" };

const LEVELS: Record<string, analyzerpb.EnforcementLevel> = {
    advisory: analyzerpb.EnforcementLevel.ADVISORY,
    mandatory: analyzerpb.EnforcementLevel.MANDATORY,
    disabled: analyzerpb.EnforcementLevel.DISABLED,
    remediate: analyzerpb.EnforcementLevel.REMEDIATE,
};
const LEVEL_NAMES = Object.fromEntries(Object.entries(LEVELS).map(([k, v]) => [v, k])) as Record<number, Violation["enforcementLevel"]>;

const POLICIES_DIR = path.resolve(__dirname, "../../policies");
/** Pulumi's wire signatures (sdk/nodejs/runtime/rpc.ts). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Reads the shipped baseline `policies/config/<env>.json`. */
export function loadPolicyConfig(env: "dev" | "staging" | "prod"): PolicyPackConfig {
    return JSON.parse(fs.readFileSync(path.join(POLICIES_DIR, "config", `${env}.json`), "utf8"));
}

function toJs(value: unknown): Record<string, unknown> {
    if (value && typeof (value as Struct).toJavaScript === "function") {
        return (value as Struct).toJavaScript() as Record<string, unknown>;
    }
    return (value as Record<string, unknown>) ?? {};
}

/** The provider reference `<urn>::<id>` names its provider by the part before the last `::`. */
function providerUrn(reference: string): string {
    return reference.slice(0, reference.lastIndexOf("::"));
}

/**
 * A value as the engine sends it to an analyzer. The engine marshals analyzer properties without
 * `KeepResources` (pulumi/pulumi sdk/go/common/resource/plugin/analyzer_plugin.go, Analyze and
 * AnalyzeStack), so a resource reference (`function: fn` on a Lambda permission) arrives as the
 * referenced resource's id when it has one (an empty id, not known before creation, as the unknown
 * sentinel), else as its URN (sdk/go/common/resource/plugin/rpc.go, MarshalPropertyValue); the
 * policy SDK rejects the reference object itself ("Unrecognized signature").
 */
export function asEngineSends(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(asEngineSends);
    }
    if (value === null || typeof value !== "object") {
        return value;
    }
    const object = value as Record<string, unknown>;
    if (object[SIG_KEY] === RESOURCE_SIG) {
        return typeof object.id === "string" ? (object.id === "" ? UNKNOWN : object.id) : engineUrn(String(object.urn));
    }
    return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, asEngineSends(v)]));
}

/**
 * The URN the engine gives a resource. The mock monitor qualifies a child's type with its parent's
 * type even when the parent is the root `pulumi:pulumi:Stack` (a program run by the language host
 * parents everything to it); the engine does not (pulumi/pulumi sdk/go/common/resource/urn.go,
 * NewURN), so `...::pulumi:pulumi:Stack$aws:s3/bucket:Bucket::b` is `...::aws:s3/bucket:Bucket::b`.
 */
function engineUrn(urn: string): string {
    return urn.replace(/^(urn:pulumi:[^:]*::[^:]*::)pulumi:pulumi:Stack\$/, "$1");
}

/** Where captured requests were registered: the stack, project and the mock monitor's state per URN. */
export interface CaptureContext {
    stack: string;
    project: string;
    /** The state the mock monitor holds for a URN (inputs plus computed outputs), if any. */
    stateOf: (urn: string) => unknown;
    /** The stack config, `namespace:key` to value: the default providers' inputs. */
    config: Record<string, string>;
}

/**
 * Turns captured RegisterResourceRequests into resources as the engine sees them. URNs are
 * computed as the mock monitor computes them; outputs come from the monitor's state. Custom
 * resources without an explicit provider get the engine's default provider for their package,
 * whose inputs are the stack config of that package (e.g. `auth0:domain` becomes `domain`).
 */
export async function captureStack(requests: readonly any[], config: Record<string, string> = pulumi.runtime.allConfig()): Promise<CapturedResource[]> {
    await require("@pulumi/pulumi/runtime/settings").waitForRPCs();
    const state = (pulumi.runtime.getMonitor() as any).getRegisteredResources?.() as Map<string, { state: unknown }> | undefined;
    return capturedResources(requests, { stack: pulumi.getStack(), project: pulumi.getProject(), stateOf: (urn) => state?.get(urn)?.state, config });
}

/** captureStack for requests registered elsewhere (another process, another copy of @pulumi/pulumi). */
export function capturedResources(requests: readonly any[], context: CaptureContext): CapturedResource[] {
    const { stack, project, config } = context;
    const newUrn = (parent: string, type: string, name: string) => {
        const qualified = parent ? `${parent.split("::")[2].split("$").pop()}$${type}` : type;
        return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
    };
    const defaults = new Map<string, CapturedResource>();
    const defaultProvider = (pkg: string, version: string): string => {
        const name = version ? `default_${version.replace(/[.-]/g, "_")}` : "default";
        const urn = `urn:pulumi:${stack}::${project}::pulumi:providers:${pkg}::${name}`;
        if (!defaults.has(urn)) {
            const inputs: Record<string, unknown> = version ? { version } : {};
            for (const [key, value] of Object.entries(config)) {
                if (key.startsWith(`${pkg}:`)) {
                    inputs[key.slice(pkg.length + 1)] = value;
                }
            }
            defaults.set(urn, { urn, type: `pulumi:providers:${pkg}`, name, custom: true, inputs, outputs: inputs, dependencies: [], propertyDependencies: {} });
        }
        return urn;
    };
    const resources = requests.map((req): CapturedResource => {
        const type: string = req.getType();
        const mockUrn = newUrn(req.getParent(), type, req.getName());
        const urn = engineUrn(mockUrn);
        const inputs = asEngineSends(toJs(req.getObject())) as Record<string, unknown>;
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
            propertyDependencies[key] = deps.getUrnsList().map(engineUrn);
        });
        const custom: boolean = req.getCustom();
        let provider: string | undefined;
        if (req.getProvider()) {
            provider = engineUrn(providerUrn(req.getProvider()));
        } else if (custom && !type.startsWith("pulumi:providers:")) {
            provider = defaultProvider(type.split(":")[0], req.getVersion());
        }
        return {
            urn,
            type,
            name: req.getName(),
            custom,
            ...(req.getRemote() ? { remote: true } : {}),
            parent: req.getParent() ? engineUrn(req.getParent()) : undefined,
            inputs,
            outputs: custom ? asEngineSends(toJs(context.stateOf(mockUrn) ?? inputs)) as Record<string, unknown> : inputs,
            provider,
            dependencies: req.getDependenciesList().map(engineUrn),
            propertyDependencies,
        };
    });
    return [...defaults.values(), ...resources];
}

/** A policy pack served by its own Node process, as the Pulumi engine serves it. */
export interface PackServer {
    /** The pack's folder (its `index.ts`, `package.json`, `node_modules` if installed). */
    dir: string;
    client: AnalyzerClient;
    child: ChildProcess;
    /** Serializes evaluations: `configure` sets the pack's config for the whole pack process. */
    queue: Promise<unknown>;
    /** Policy name to remediation steps, read on first evaluation. */
    remediations?: Promise<Map<string, string>>;
}

/** How long the pack may take to print its port (ts-node compiles it first). */
const START_TIMEOUT_MS = 60_000;
/** How long one RPC may take; a whole 2,000-route stack is analyzed in a few seconds. */
const RPC_TIMEOUT_MS = 60_000;
const CHILD_GUARD = path.join(__dirname, "packChildGuard.js");
const children = new Set<ChildProcess>();

// A pack process must never outlive the test run or the plan, whatever ends them.
process.on("exit", () => children.forEach((c) => c.kill()));

/**
 * Starts the pack in `dir` the way the engine does: `node index.ts` (through ts-node) with the
 * pack's folder as working directory, reading the analyzer port from its stdout. The pack
 * therefore loads @pulumi/policy and @grpc/grpc-js from wherever Node resolves them from its
 * folder (`policies/node_modules` when installed, else the repository's): nothing here depends
 * on which copy that is. `env` adds variables (e.g. NODE_PATH for a pack outside the repo).
 */
export function startPolicyPack(dir = POLICIES_DIR, env: Record<string, string> = {}, startTimeoutMs = START_TIMEOUT_MS): Promise<PackServer> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["-r", CHILD_GUARD, "-r", require.resolve("ts-node/register/transpile-only"), "index.ts"], {
            cwd: dir,
            env: { ...process.env, ...env },
            stdio: ["pipe", "pipe", "pipe"],
        });
        children.add(child);
        let stdout = "";
        let stderr = "";
        const fail = (why: string) => {
            clearTimeout(timer);
            child.kill();
            reject(new Error(`policy pack ${path.relative(process.cwd(), dir) || dir}: ${why}${stderr ? `\n${stderr.trim().split("\n").slice(-20).join("\n")}` : ""}`));
        };
        const timer = setTimeout(() => fail(`printed no analyzer port within ${startTimeoutMs / 1000} s (is its node_modules complete? try \`npm ci\` in that folder)`), startTimeoutMs);
        child.stderr!.on("data", (d) => (stderr += d));
        child.stdout!.on("data", (d) => {
            stdout += d;
            const m = /^(\d+)\s*$/m.exec(stdout);
            if (m) {
                clearTimeout(timer);
                child.stdout!.removeAllListeners("data");
                child.stdout!.resume();
                const client = new AnalyzerClient(`127.0.0.1:${m[1]}`, grpc.credentials.createInsecure(), { "grpc.max_receive_message_length": 400 * 1024 * 1024 });
                resolve({ dir, client, child, queue: Promise.resolve() });
            }
        });
        child.on("error", (err) => fail(`could not start node: ${err.message}`));
        child.on("exit", (code, signal) => {
            children.delete(child);
            fail(`exited (${signal ?? code}) before serving`);
        });
    });
}

/** Stops a pack process and waits (bounded) for it to exit. */
export async function stopPack(pack: PackServer): Promise<void> {
    pack.client.close();
    if (pack.child.exitCode !== null || pack.child.signalCode !== null) {
        return;
    }
    await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
            pack.child.kill("SIGKILL");
            resolve();
        }, 5_000);
        pack.child.once("exit", () => {
            clearTimeout(timer);
            resolve();
        });
        pack.child.kill();
    });
}

/** One RPC with a deadline, so a pack that stops answering fails the run instead of hanging it. */
function call<Req, Res>(name: string, fn: (req: Req, metadata: grpc.Metadata, options: Partial<grpc.CallOptions>, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => fn(req, new grpc.Metadata(), { deadline: Date.now() + RPC_TIMEOUT_MS }, (err, res) => {
        if (err) {
            reject(new Error(`policy pack RPC ${name} failed: ${err.message}${err.code === grpc.status.DEADLINE_EXCEEDED ? ` (no answer within ${RPC_TIMEOUT_MS / 1000} s)` : ""}`));
        } else {
            resolve(res);
        }
    }));
}

function options(r: CapturedResource): analyzerpb.AnalyzerResourceOptions {
    const opts = new analyzerpb.AnalyzerResourceOptions();
    opts.setProtect(false);
    if (r.parent) {
        opts.setParent(r.parent);
    }
    return opts;
}

function providerOf(r: CapturedResource, byUrn: Map<string, CapturedResource>): analyzerpb.AnalyzerProviderResource | undefined {
    const p = r.provider ? byUrn.get(r.provider) : undefined;
    if (!p) {
        return undefined;
    }
    const provider = new analyzerpb.AnalyzerProviderResource();
    provider.setType(p.type);
    provider.setName(p.name);
    provider.setUrn(p.urn);
    provider.setProperties(Struct.fromJavaScript(p.inputs as any));
    return provider;
}

function diagnostics(res: analyzerpb.AnalyzeResponse, phase: Violation["phase"], remediations: Map<string, string>): Violation[] {
    return res.getDiagnosticsList().map((d) => {
        const message = d.getMessage();
        const description = d.getDescription();
        // A plain report is "<description>\n<finding>"; an object report (undecided) is the finding alone.
        const finding = description && message.startsWith(`${description}\n`) ? message.slice(description.length + 1) : message;
        return {
            policyName: d.getPolicyname(),
            enforcementLevel: LEVEL_NAMES[d.getEnforcementlevel()],
            message,
            finding,
            remediation: remediations.get(d.getPolicyname()) ?? "",
            severity: SEVERITIES[d.getSeverity()] ?? "unspecified",
            urn: d.getUrn(),
            phase,
        };
    });
}

/** Remediation steps per policy, read once per pack through GetAnalyzerInfo as the engine does. */
async function remediationsOf(pack: PackServer): Promise<Map<string, string>> {
    const info = await call("getAnalyzerInfo", pack.client.getAnalyzerInfo.bind(pack.client) as any, new Empty()) as analyzerpb.AnalyzerInfo;
    return new Map(info.getPoliciesList().map((p) => [p.getName(), p.getRemediationSteps()]));
}

let defaultPack: Promise<PackServer> | undefined;

/** The repository's pack (policies/), started on first use and kept until stopPolicyPack(). */
function repositoryPack(startTimeoutMs = START_TIMEOUT_MS): Promise<PackServer> {
    return (defaultPack ??= startPolicyPack(POLICIES_DIR, {}, startTimeoutMs));
}

/**
 * Starts the repository's pack now, so its process boots while the caller does other work (the
 * plan runs the program meanwhile). A start failure is reported by the next evaluate().
 */
export function preparePolicyPack(startTimeoutMs = START_TIMEOUT_MS): void {
    repositoryPack(startTimeoutMs).catch(() => undefined);
}

/**
 * Evaluates the pack on a stack under an environment's config: `analyze` for every resource
 * (inputs), then `analyzeStack` (outputs). Calls are serialized per pack, since `configure`
 * sets the pack's config for its whole process. `pack` defaults to the repository's pack.
 */
export function evaluate(stack: readonly CapturedResource[] | readonly any[], config: PolicyPackConfig, pack?: PackServer): Promise<Violation[]> {
    // Raw RegisterResourceRequests (e.g. `registerRequests` itself) are captured first.
    const resources = async () => (stack.length > 0 && typeof (stack[0] as any).getType === "function" ? captureStack(stack) : (stack as CapturedResource[]));
    const served = pack ? Promise.resolve(pack) : repositoryPack();
    const run = served.then((p) => {
        const next = p.queue.then(async () => evaluateNow(p.client, await resources(), config, await (p.remediations ??= remediationsOf(p))));
        p.queue = next.catch(() => undefined);
        return next;
    });
    return run;
}

async function evaluateNow(client: AnalyzerClient, stack: readonly CapturedResource[], config: PolicyPackConfig, remediations: Map<string, string>): Promise<Violation[]> {
    const configure = new analyzerpb.ConfigureAnalyzerRequest();
    for (const [policy, value] of Object.entries(config)) {
        const { enforcementLevel, ...properties } = typeof value === "string" ? { enforcementLevel: value } : value;
        const entry = new analyzerpb.PolicyConfig();
        entry.setEnforcementlevel(LEVELS[enforcementLevel ?? "mandatory"]);
        entry.setProperties(Struct.fromJavaScript(properties as any));
        configure.getPolicyconfigMap().set(policy, entry);
    }
    await call("configure", client.configure.bind(client), configure);

    const byUrn = new Map(stack.map((r) => [r.urn, r]));
    const violations: Violation[] = [];
    // The engine analyzes resources as it registers them; a bounded batch keeps the RPCs concurrent.
    const analyzed = stack.filter((r) => !r.type.startsWith("pulumi:providers:"));
    for (let i = 0; i < analyzed.length; i += 64) {
        const batch = analyzed.slice(i, i + 64).map((r) => {
            const req = new analyzerpb.AnalyzeRequest();
            req.setType(r.type);
            req.setName(r.name);
            req.setUrn(r.urn);
            req.setProperties(Struct.fromJavaScript(r.inputs as any));
            req.setOptions(options(r));
            const provider = providerOf(r, byUrn);
            if (provider) {
                req.setProvider(provider);
            }
            return call("analyze", client.analyze.bind(client), req);
        });
        for (const res of await Promise.all(batch)) {
            violations.push(...diagnostics(res as analyzerpb.AnalyzeResponse, "analyze", remediations));
        }
    }

    const stackReq = new analyzerpb.AnalyzeStackRequest();
    stackReq.setResourcesList(stack.map((r) => {
        const res = new analyzerpb.AnalyzerResource();
        res.setType(r.type);
        res.setName(r.name);
        res.setUrn(r.urn);
        res.setProperties(Struct.fromJavaScript(r.outputs as any));
        res.setOptions(options(r));
        res.setParent(r.parent ?? "");
        res.setDependenciesList(r.dependencies);
        for (const [key, urns] of Object.entries(r.propertyDependencies)) {
            const deps = new analyzerpb.AnalyzerPropertyDependencies();
            deps.setUrnsList(urns);
            res.getPropertydependenciesMap().set(key, deps);
        }
        const provider = providerOf(r, byUrn);
        if (provider) {
            res.setProvider(provider);
        }
        return res;
    }));
    violations.push(...diagnostics(await call("analyzeStack", client.analyzeStack.bind(client), stackReq) as analyzerpb.AnalyzeResponse, "analyzeStack", remediations));
    return violations;
}

/**
 * Stops the repository's pack process. Under mocha test/support/policyHarness.ts does it in a
 * root `after` hook; scripts call it when they are done. A later evaluate() starts a fresh one.
 */
export async function stopPolicyPack(): Promise<void> {
    const pack = defaultPack;
    defaultPack = undefined;
    const started = pack && (await pack.catch(() => undefined));
    if (started) {
        await stopPack(started);
    }
}

/** Only the violations at `level` (default mandatory), optionally of one policy. */
export function violationsOf(violations: readonly Violation[], policyName?: string, level: Violation["enforcementLevel"] = "mandatory"): Violation[] {
    return violations.filter((v) => v.enforcementLevel === level && (policyName === undefined || v.policyName === policyName));
}

/**
 * The config with every route allowlist emptied: a stack's config (stacks/policy-config/) allowlists
 * its deliberate public and any-token routes, and tests of the rules themselves want the strict
 * baseline (which the shipped policies/config files already are).
 */
export function withoutRouteAllowlists(config: PolicyPackConfig): PolicyPackConfig {
    const strict: PolicyPackConfig = {};
    for (const [policy, value] of Object.entries(config)) {
        strict[policy] = typeof value === "string" || !("publicRoutes" in value || "anyValidTokenRoutes" in value)
            ? value
            : { ...value, ...("publicRoutes" in value ? { publicRoutes: [] } : {}), ...("anyValidTokenRoutes" in value ? { anyValidTokenRoutes: [] } : {}) };
    }
    return strict;
}
