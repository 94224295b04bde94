/**
 * `edge-auth check <program-dir> --stack <name> [--config <file>] [--policy-config <file>]
 *  [--stack-outputs <file>] [--allow-unevaluated <type>[,<type>]] [--timeout <seconds>] [--format text|json]`
 *
 * The policy gate for any Pulumi TypeScript/JavaScript program, offline: runs the program in its
 * own Node process (its folder as working directory, its node_modules, its own @pulumi/pulumi
 * under mocks: runProgram.js), then judges every resource it registered with the edge-auth policy
 * pack, started in its own process and driven over gRPC as the engine drives it
 * (scripts/harness/policyHarness.ts).
 *
 * Exit codes are the offline plan's: 0 clean, 1 mandatory violation, 2 cannot evaluate (with the
 * reason): no program, no stack config, the program throws or never finishes, the pack does not
 * start, or components whose children mocks cannot create ("not evaluated", below) that were not
 * allowed with `--allow-unevaluated`.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { CapturedResource, capturedResources, evaluate, PolicyPackConfig, preparePolicyPack, stopPolicyPack, Violation } from "../harness/policyHarness";
import { parseStackConfig } from "../plan/stackConfig";
import { renderViolations } from "../plan/render";
import { plainValue } from "../plan/graph";

const ROOT = path.resolve(__dirname, "../..");
const RUNNER = path.join(__dirname, "runProgram.js");

export const EXIT = { clean: 0, mandatoryViolation: 1, cannotEvaluate: 2 } as const;

export const USAGE = "usage: edge-auth check <program-dir> --stack <name> [--config <file>] [--policy-config <file>] [--stack-outputs <file>] "
    + "[--allow-unevaluated <type>[,<type>]] [--timeout <seconds>] [--format text|json]";
const FORMATS = ["text", "json"] as const;
const VALUE_FLAGS = ["--stack", "--config", "--policy-config", "--stack-outputs", "--allow-unevaluated", "--timeout", "--format"];
/** How long the program may take to register its resources (its @pulumi/aws load included), and the pack to start. */
const DEFAULT_TIMEOUT_S = 120;

/** Why the program cannot be evaluated: printed, and exit code 2. */
class CannotEvaluate extends Error {}

export interface CheckOptions {
    programDir: string;
    stack: string;
    configFile: string;
    policyConfigFile: string;
    stackOutputsFile?: string;
    /** Remote component types whose children may stay unevaluated without failing the check. */
    allowUnevaluated: string[];
    timeoutMs: number;
    format: (typeof FORMATS)[number];
}

/** A Pulumi.yaml, as far as running the program needs it. */
interface Project {
    name: string;
    main?: string;
    typescript: boolean;
    /** Project-level config defaults (`config:` in Pulumi.yaml), namespaced. */
    config: Record<string, string>;
    stackConfigDir: string;
}

function parseArgs(argv: string[]): CheckOptions {
    for (const flag of argv.filter((a) => a.startsWith("--"))) {
        if (!VALUE_FLAGS.includes(flag)) {
            throw new CannotEvaluate(`unknown option ${flag}. ${USAGE}`);
        }
    }
    const positional = argv.filter((a, i) => !a.startsWith("--") && !(i > 0 && VALUE_FLAGS.includes(argv[i - 1])));
    const values = (name: string) => argv.flatMap((a, i) => (a === name && i + 1 < argv.length ? [argv[i + 1]] : []));
    const flag = (name: string) => values(name).pop();
    if (positional.length !== 1) {
        throw new CannotEvaluate(positional.length === 0 ? `no program folder given. ${USAGE}` : `one program folder at a time, got ${positional.join(", ")}. ${USAGE}`);
    }
    const programDir = path.resolve(positional[0]);
    if (!fs.existsSync(path.join(programDir, "Pulumi.yaml"))) {
        throw new CannotEvaluate(fs.existsSync(programDir)
            ? `${programDir} is not a Pulumi program: it has no Pulumi.yaml. Fix: pass the folder that holds the program's Pulumi.yaml`
            : `no program folder ${programDir}`);
    }
    const format = (flag("--format") ?? "text") as CheckOptions["format"];
    if (!FORMATS.includes(format)) {
        throw new CannotEvaluate(`unknown --format "${format}". Fix: use one of ${FORMATS.join(", ")}`);
    }
    const configFlag = flag("--config");
    const stack = flag("--stack") ?? (configFlag ? /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(configFlag))?.[1] : undefined);
    if (!stack) {
        throw new CannotEvaluate(`no stack given. Fix: --stack <name> (its config is read from Pulumi.<name>.yaml next to the program). ${USAGE}`);
    }
    const project = readProject(programDir);
    const configFile = path.resolve(configFlag ?? path.join(programDir, project.stackConfigDir, `Pulumi.${stack}.yaml`));
    if (!fs.existsSync(configFile)) {
        throw new CannotEvaluate(`no stack config ${configFile}. Fix: pass the stack's config file with --config <file> `
            + `(\`pulumi config --show-secrets=false --stack ${stack}\` lists it; an empty file means a stack without config)`);
    }
    const policyConfigFile = path.resolve(flag("--policy-config") ?? defaultPolicyConfig(stack));
    if (!fs.existsSync(policyConfigFile)) {
        throw new CannotEvaluate(`no policy config ${policyConfigFile}. Fix: pass an existing file to --policy-config (the baselines are policies/config/{dev,staging,prod}.json)`);
    }
    const stackOutputsFile = flag("--stack-outputs") && path.resolve(flag("--stack-outputs")!);
    if (stackOutputsFile && !fs.existsSync(stackOutputsFile)) {
        throw new CannotEvaluate(`no stack outputs file ${stackOutputsFile}`);
    }
    const timeout = Number(flag("--timeout") ?? DEFAULT_TIMEOUT_S);
    if (!(timeout > 0)) {
        throw new CannotEvaluate(`--timeout must be a number of seconds above 0, got ${flag("--timeout")}`);
    }
    const allowUnevaluated = values("--allow-unevaluated").flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
    return { programDir, stack, configFile, policyConfigFile, stackOutputsFile, allowUnevaluated, timeoutMs: timeout * 1000, format };
}

/** The baseline of the environment the stack is named after, else the strictest (prod). */
function defaultPolicyConfig(stack: string): string {
    const env = ["dev", "staging", "prod"].find((e) => stack === e || stack.endsWith(`-${e}`) || stack.endsWith(`/${e}`)) ?? "prod";
    return path.join(ROOT, "policies", "config", `${env}.json`);
}

function readProject(programDir: string): Project {
    let doc: any;
    try {
        doc = YAML.parse(fs.readFileSync(path.join(programDir, "Pulumi.yaml"), "utf8")) ?? {};
    } catch (err) {
        throw new CannotEvaluate(`${path.join(programDir, "Pulumi.yaml")} is not valid YAML: ${(err as Error).message}`);
    }
    const runtime = typeof doc.runtime === "string" ? { name: doc.runtime } : doc.runtime ?? {};
    if (runtime.name !== "nodejs") {
        throw new CannotEvaluate(`the program's runtime is ${JSON.stringify(runtime.name)}; edge-auth check runs Node.js programs (runtime: nodejs). `
            + "Fix: for other languages run `pulumi preview --policy-pack <edge-auth>/policies` (policies/README.md)");
    }
    if (typeof doc.name !== "string" || doc.name === "") {
        throw new CannotEvaluate(`${path.join(programDir, "Pulumi.yaml")} has no project name`);
    }
    // Project-level config: `key: value`, or `key: { default | value: ... }` (typed declarations).
    const config: Record<string, string> = {};
    for (const [rawKey, entry] of Object.entries<any>(doc.config ?? {})) {
        const key = rawKey.includes(":") ? rawKey : `${doc.name}:${rawKey}`;
        const value = entry !== null && typeof entry === "object" && !Array.isArray(entry) ? entry.value ?? entry.default : entry;
        if (value !== undefined && value !== null) {
            config[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return { name: doc.name, main: doc.main, typescript: runtime.options?.typescript !== false, config, stackConfigDir: doc.stackConfigDir ?? "." };
}

/** What the program's run sent back. */
interface ProgramRun {
    requests: any[];
    states: Record<string, unknown>;
    pulumi: { dir: string; version: string };
    output: string;
}

/** Runs the program in its own process (runProgram.js); every failure becomes a CannotEvaluate with the reason. */
function runProgram(options: CheckOptions, project: Project, config: Record<string, string>, secretKeys: string[], log: (line: string) => void): Promise<ProgramRun> {
    // Loaded here so that a usage error does not pay for the protobuf modules.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { RegisterResourceRequest } = require("@pulumi/pulumi/proto/resource_pb");
    const childOptions = {
        programDir: options.programDir,
        main: project.main,
        project: project.name,
        stack: options.stack,
        config,
        secretKeys,
        typescript: project.typescript,
        stackOutputs: options.stackOutputsFile ? JSON.parse(fs.readFileSync(options.stackOutputsFile, "utf8")) : undefined,
    };
    return new Promise((resolve, reject) => {
        const child: ChildProcess = spawn(process.execPath, [RUNNER], {
            cwd: options.programDir,
            env: { ...process.env, EDGE_AUTH_CHECK_OPTIONS: JSON.stringify(childOptions) },
            stdio: ["ignore", "pipe", "pipe", "ipc"],
        });
        let output = "";
        let settled = false;
        const tail = () => (output.trim() ? `\nthe program's last output:\n${output.trim().split("\n").slice(-15).map((l) => `  ${l}`).join("\n")}` : "");
        const finish = (err: Error | undefined, run?: ProgramRun) => {
            if (settled) {
                return;
            }
            settled = true;
            clearTimeout(timer);
            if (child.exitCode === null && child.signalCode === null) {
                child.kill("SIGKILL");
            }
            return err ? reject(err) : resolve(run!);
        };
        const timer = setTimeout(() => finish(new CannotEvaluate(`the program did not finish within ${options.timeoutMs / 1000} s: an Output that never resolves, `
            + `a promise it awaits or a call to the network keeps it waiting. Fix: raise --timeout if it is only slow${tail()}`)), options.timeoutMs);
        for (const stream of [child.stdout!, child.stderr!]) {
            stream.on("data", (d) => {
                output += d;
                if (output.length > 200_000) {
                    output = output.slice(-100_000);
                }
            });
        }
        child.on("message", (message: any) => {
            if (message.kind === "failed") {
                finish(new CannotEvaluate(`${message.reason}${tail()}`));
            } else if (message.kind === "done") {
                const requests = message.registrations.map((b64: string) => RegisterResourceRequest.deserializeBinary(Buffer.from(b64, "base64")));
                finish(undefined, { requests, states: message.states, pulumi: message.pulumi, output });
            }
        });
        child.on("error", (err) => finish(new CannotEvaluate(`could not start node for the program: ${err.message}`)));
        child.on("exit", (code, signal) => finish(new CannotEvaluate(`the program exited (${signal ?? `code ${code}`}) before it finished${tail()}`)));
        log(`running ${options.programDir} (project ${project.name}, stack ${options.stack}) under mocks`);
    });
}

/** A remote component's package: the first part of its type token (`awsx:lb:ApplicationLoadBalancer`). */
const packageOf = (type: string) => type.split(":")[0];

interface NotEvaluated { type: string; name: string; urn: string; allowed: boolean }

/** The check's result, the `--format json` document. */
export interface CheckDocument {
    formatVersion: 1;
    program: string;
    project?: string;
    stack?: string;
    config?: string;
    policyConfig?: string;
    pulumi?: { dir: string; version: string };
    verdict: "clean" | "mandatory violation" | "cannot evaluate";
    exitCode: number;
    /** Why the program could not be evaluated (verdict "cannot evaluate"). */
    reason?: string;
    /** Keys whose values are encrypted (`secure:`): the program ran with stand-in values. */
    secretStandIns?: string[];
    /** What the pack judged: each resource with its inputs as the pack received them (secrets masked). */
    resources?: Array<{ urn: string; type: string; name: string; inputs: unknown }>;
    notEvaluated?: NotEvaluated[];
    policies?: { mandatory: number; advisory: number; violations: Violation[] };
}

/** Runs the check; returns the exit code. Output goes to stdout (text, or the JSON document). */
export async function main(argv: string[]): Promise<number> {
    const started = Date.now();
    const json = argv.includes("--format") && argv[argv.indexOf("--format") + 1] === "json";
    const log = (line: string) => (json ? console.error(line) : console.log(line));
    const doc: CheckDocument = { formatVersion: 1, program: path.resolve(argv.find((a, i) => !a.startsWith("--") && !(i > 0 && VALUE_FLAGS.includes(argv[i - 1]))) ?? "."), verdict: "cannot evaluate", exitCode: EXIT.cannotEvaluate };
    try {
        const options = parseArgs(argv);
        const project = readProject(options.programDir);
        Object.assign(doc, { program: options.programDir, project: project.name, stack: options.stack, config: options.configFile, policyConfig: options.policyConfigFile });
        let stackConfig;
        try {
            stackConfig = parseStackConfig(fs.readFileSync(options.configFile, "utf8"), project.name);
        } catch (err) {
            throw new CannotEvaluate(`${options.configFile} is not a stack config: ${(err as Error).message}`);
        }
        let policyConfig: PolicyPackConfig;
        try {
            policyConfig = JSON.parse(fs.readFileSync(options.policyConfigFile, "utf8"));
        } catch (err) {
            throw new CannotEvaluate(`${options.policyConfigFile} is not JSON: ${(err as Error).message}`);
        }
        // Encrypted values cannot be read offline: the program gets a stand-in, marked secret.
        const config = { ...project.config, ...stackConfig.values };
        for (const key of stackConfig.secretKeys) {
            config[key] = `offline-stand-in-for-${key}`;
        }
        doc.secretStandIns = stackConfig.secretKeys;
        log(`edge-auth check: ${options.programDir}, stack ${options.stack} (${options.configFile}), policy config ${options.policyConfigFile}, offline`);
        if (stackConfig.secretKeys.length > 0) {
            log(`secrets cannot be decrypted offline; the program gets stand-in values for: ${stackConfig.secretKeys.join(", ")}`);
        }

        // The pack boots in its own process while the program runs.
        preparePolicyPack(Math.max(options.timeoutMs, 60_000));
        const run = await runProgram(options, project, config, stackConfig.secretKeys, log);
        doc.pulumi = run.pulumi;
        log(`@pulumi/pulumi ${run.pulumi.version} from ${run.pulumi.dir}`);
        const resources: CapturedResource[] = capturedResources(run.requests, { stack: options.stack, project: project.name, stateOf: (urn) => run.states[urn], config });
        const judged = resources.filter((r) => !r.type.startsWith("pulumi:providers:"));
        doc.resources = judged.map((r) => ({ urn: r.urn, type: r.type, name: r.name, inputs: plainValue(r.inputs) }));
        doc.notEvaluated = resources.filter((r) => r.remote).map((r) => ({ type: r.type, name: r.name, urn: r.urn, allowed: options.allowUnevaluated.includes(r.type) }));

        const violations = await evaluate(resources, policyConfig);
        const count = (level: string) => violations.filter((v) => v.enforcementLevel === level).length;
        doc.policies = { mandatory: count("mandatory"), advisory: count("advisory"), violations };
        const blocking = doc.notEvaluated.filter((n) => !n.allowed);
        if (doc.policies.mandatory > 0) {
            Object.assign(doc, { verdict: "mandatory violation", exitCode: EXIT.mandatoryViolation });
        } else if (blocking.length > 0) {
            doc.reason = `${blocking.length} component(s) not evaluated: ${blocking.map((n) => `${n.type} ${n.name}`).join(", ")}. `
                + `Fix: check them another way (\`pulumi preview --policy-pack\`), then allow their types with --allow-unevaluated ${[...new Set(blocking.map((n) => n.type))].join(",")}`;
        } else {
            Object.assign(doc, { verdict: "clean", exitCode: EXIT.clean });
        }

        if (!json) {
            console.log(`\nResources evaluated: ${judged.length - doc.notEvaluated.length}`);
            if (doc.notEvaluated.length > 0) {
                console.log(`\nNot evaluated (${doc.notEvaluated.length}): remote components, whose children their package's plugin creates under the engine; mocks cannot run it, so nothing inside them was judged:`);
                for (const n of doc.notEvaluated) {
                    console.log(`  not evaluated: ${n.type} ${n.name} (package ${packageOf(n.type)})${n.allowed ? " [allowed by --allow-unevaluated]" : ""}`);
                }
            }
            const summary = renderViolations(violations);
            console.log(`\nPolicies (${options.policyConfigFile}): ${summary.lines[0]}`);
            summary.lines.slice(1).forEach((l) => console.log(l));
        }
    } catch (err) {
        if (!(err instanceof CannotEvaluate)) {
            // The pack or the harness failed: still "cannot evaluate", with the reason.
            doc.reason = `edge-auth check failed: ${(err as Error).message}`;
        } else {
            doc.reason = err.message;
        }
    } finally {
        // A pack still starting (the program failed first) is not waited for: the process's exit ends it.
        if (doc.policies) {
            await stopPolicyPack();
        }
    }
    if (json) {
        console.log(JSON.stringify(doc, null, 2));
    }
    if (doc.verdict === "cannot evaluate") {
        console.error(`\ncannot evaluate: ${doc.reason}`);
    }
    log(`\n${doc.verdict} (exit ${doc.exitCode}); check finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return doc.exitCode;
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
        console.error(err instanceof Error ? err.stack : err);
        process.exit(EXIT.cannotEvaluate);
    });
}
