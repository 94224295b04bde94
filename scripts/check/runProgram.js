// The child process of `edge-auth check` (scripts/check/index.ts): runs one Pulumi program under
// the mock runtime, with the program's folder as working directory and the program's own copy of
// @pulumi/pulumi, and sends every resource registration to the parent, which judges them with the
// policy pack.
//
// The program is started by its own @pulumi/pulumi's language-host code (cmd/run/run.js `run`,
// what `pulumi preview` runs): the entry point from Pulumi.yaml `main` or package.json
// (`exports`, `main`), TypeScript through ts-node with the program's tsconfig.json, ES modules
// through import(), an exported function called, the root `pulumi:pulumi:Stack` resource, and
// uncaught errors reported as program failures. Only the engine is replaced: the mock monitor of
// that same @pulumi/pulumi, answered by edge-auth's cloud stand-ins (test/support/mocks.ts).
//
// Plain JavaScript, so that nothing here registers a TypeScript compiler before the program's own.
"use strict";
const fs = require("fs");
const Module = require("module");
const path = require("path");

/** Set by the parent: programDir, main, project, stack, config, secretKeys, typescript, stackOutputs. */
const options = JSON.parse(process.env.EDGE_AUTH_CHECK_OPTIONS || "{}");
const EDGE_ROOT = path.resolve(__dirname, "..", "..");

function send(message) {
    return new Promise((resolve) => process.send(message, () => resolve()));
}

async function fail(reason) {
    await send({ kind: "failed", reason });
    process.exit(3);
}

/** The message of anything a program throws, with the program's own stack frames (not Node's or its packages'). */
function describe(err) {
    if (!(err instanceof Error)) {
        return String(err);
    }
    const frames = (err.stack || "").split("\n").filter((l) => /^\s+at /.test(l) && !/node:internal|node_modules/.test(l));
    return [`${err.name === "Error" ? "" : `${err.name}: `}${err.message}`, ...frames.slice(0, 3)].join("\n");
}

/**
 * Loads one of edge-auth's TypeScript modules without registering a compiler for the process
 * (the program's run registers its own, as the language host does).
 */
function loadEdgeAuthTs(file) {
    const tsNode = require(require.resolve("ts-node", { paths: [EDGE_ROOT] }));
    const service = tsNode.create({
        transpileOnly: true,
        skipProject: true,
        compilerOptions: { module: "commonjs", target: "es2022", esModuleInterop: true },
    });
    const loaded = new Module(file, module);
    loaded.filename = file;
    loaded.paths = Module._nodeModulePaths(path.dirname(file));
    loaded._compile(service.compile(fs.readFileSync(file, "utf8"), file), file);
    return loaded.exports;
}

async function main() {
    const programDir = options.programDir;
    let pulumiDir;
    try {
        pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [programDir] }));
    } catch {
        return fail(`@pulumi/pulumi does not resolve from ${programDir}: the program's dependencies are not installed. Fix: run \`npm ci\` (or your package manager's install) in that folder first`);
    }
    const version = JSON.parse(fs.readFileSync(path.join(pulumiDir, "package.json"), "utf8")).version;
    const runFile = path.join(pulumiDir, "cmd", "run", "run.js");
    if (!fs.existsSync(runFile)) {
        return fail(`@pulumi/pulumi ${version} (${pulumiDir}) has no language host (cmd/run/run.js); edge-auth check needs @pulumi/pulumi 3.x`);
    }
    const pulumi = require(pulumiDir);
    const settings = require(path.join(pulumiDir, "runtime", "settings"));
    const log = require(path.join(pulumiDir, "log"));

    const { providerMocks, setStackOutputs } = loadEdgeAuthTs(path.join(EDGE_ROOT, "test", "support", "mocks.ts"));
    if (options.stackOutputs) {
        setStackOutputs(options.stackOutputs);
    }
    await pulumi.runtime.setMocks(providerMocks, options.project, options.stack, false);
    pulumi.runtime.setAllConfig(options.config, options.secretKeys);
    const monitor = pulumi.runtime.getMonitor();
    const requests = [];
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        requests.push(req);
        return register(req, callback);
    };

    // cmd/run/run.js requires its folder's index.js only for an exit code constant; loading that
    // index would start a language host that wants an engine address, so it is stood in for.
    const hostIndex = path.join(pulumiDir, "cmd", "run", "index.js");
    const standIn = new Module(hostIndex, module);
    standIn.filename = hostIndex;
    standIn.loaded = true;
    standIn.exports = { nodeJSProcessExitedAfterLoggingUserActionableMessage: 32 };
    require.cache[hostIndex] = standIn;
    const { run } = require(runFile);
    if (typeof run !== "function") {
        return fail(`@pulumi/pulumi ${version} (${pulumiDir}) has no language-host run(); edge-auth check needs @pulumi/pulumi 3.x`);
    }

    // As the language host sets them for `runtime: nodejs` (options.typescript defaults to true).
    // Compiled transpile-only: the verdict is about resources, and type errors are the build's job.
    process.env.PULUMI_NODEJS_TYPESCRIPT = options.typescript === false ? "false" : "true";
    process.env.PULUMI_NODEJS_TRANSPILE_ONLY = "true";
    process.env.PULUMI_NODEJS_PROJECT = options.project;
    process.env.PULUMI_NODEJS_STACK = options.stack;

    const errors = [];
    try {
        await run({ _: [options.main || "."] }, () => undefined, (err) => errors.push(err), (err) => errors.includes(err));
        await settings.waitForRPCs();
    } catch (err) {
        errors.push(err);
    }
    if (errors.length > 0) {
        const missing = errors[0] && errors[0].code === "MODULE_NOT_FOUND"
            ? `\nFix: install the program's dependencies first (\`npm ci\` in ${programDir})` : "";
        return fail(`the program failed: ${describe(errors[0])}${missing}`);
    }
    if (log.hasErrors()) {
        return fail("the program logged errors (pulumi.log.error or a failed resource registration): see its output above");
    }

    const registered = monitor.getRegisteredResources ? monitor.getRegisteredResources() : new Map();
    const states = {};
    for (const [urn, entry] of registered) {
        const state = entry.state;
        states[urn] = state && typeof state.toJavaScript === "function" ? state.toJavaScript() : state;
    }
    await send({
        kind: "done",
        pulumi: { dir: pulumiDir, version },
        registrations: requests.map((req) => Buffer.from(req.serializeBinary()).toString("base64")),
        states,
    });
    process.exit(0);
}

main().catch((err) => fail(`edge-auth check could not run the program: ${describe(err)}`));
