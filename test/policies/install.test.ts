/**
 * The pack behaves the same whether `policies/node_modules` is installed (as its README and the
 * shipped workflow tell users to do, and .ci/run does) or not (the repository's copy serves it):
 * the harness and `npm run plan` run it in its own process, never patching a gRPC copy.
 */
import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { evaluate, loadPolicyConfig, PackServer, startPolicyPack, stopPack, Violation } from "../support/policyHarness";
import { compliantStack, mutate } from "./fixture";

const ROOT = path.resolve(__dirname, "../..");
const POLICIES = path.join(ROOT, "policies");

function run(file: string, args: string[], cwd: string, timeout: number): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((done) => {
        execFile(file, args, { cwd, timeout }, (err, stdout, stderr) => done({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr }));
    });
}

/** Installs policies/ from its lockfile when it is not installed yet (a fresh clone without .ci/run). */
async function ensureInstalled(): Promise<void> {
    if (fs.existsSync(path.join(POLICIES, "node_modules", "@pulumi", "policy", "package.json"))) {
        return;
    }
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const result = await run(npm, ["ci", "--no-audit", "--no-fund"], POLICIES, 180_000);
    assert.equal(result.code, 0, `npm ci in policies/ failed:\n${result.stderr}`);
}

/** A copy of the pack's sources with no node_modules of its own, resolving from the repository's. */
function copyWithoutNodeModules(): string {
    const dir = path.join(ROOT, ".tmp", `pack-${process.pid}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(POLICIES, dir, { recursive: true, filter: (src) => path.basename(src) !== "node_modules" });
    return dir;
}

const summary = (violations: Violation[]) => violations.map((v) => `${v.enforcementLevel} ${v.policyName} ${v.message}`).sort();

describe("policies/ installed or not", function () {
    this.timeout(240_000);
    let copy: string;
    let bare: PackServer | undefined;
    let installed: PackServer | undefined;

    before(async () => {
        await ensureInstalled();
        copy = copyWithoutNodeModules();
        [installed, bare] = await Promise.all([startPolicyPack(POLICIES), startPolicyPack(copy)]);
    });

    after(async () => {
        await Promise.all([installed && stopPack(installed), bare && stopPack(bare)]);
        fs.rmSync(copy, { recursive: true, force: true });
    });

    it("policies/ has its own lockfile and resolves @pulumi/policy and gRPC from its own node_modules", () => {
        const lock = JSON.parse(fs.readFileSync(path.join(POLICIES, "package-lock.json"), "utf8"));
        assert.equal(lock.packages[""].name, "edge-auth-policies");
        const policy = require.resolve("@pulumi/policy", { paths: [POLICIES] });
        assert.ok(policy.startsWith(path.join(POLICIES, "node_modules")), policy);
        const grpc = require.resolve("@grpc/grpc-js", { paths: [path.dirname(policy)] });
        assert.ok(grpc.startsWith(path.join(POLICIES, "node_modules")), grpc);
    });

    it("type-checks as `pulumi preview --policy-pack` compiles it: the pack's own TypeScript, no tsconfig, module nodenext", () => {
        // @pulumi/pulumi's run-policy-pack: ts-node with typeCheck, skipProject without a tsconfig.json,
        // target ES2020, module/moduleResolution nodenext for TypeScript >= 4.7; it reports the pack's files.
        const ts: typeof import("typescript") = require(require.resolve("typescript", { paths: [POLICIES] }));
        assert.ok(require.resolve("typescript", { paths: [POLICIES] }).startsWith(path.join(POLICIES, "node_modules")), "the pack depends on its own typescript (else Pulumi falls back to its vendored 3.8)");
        assert.ok(!fs.existsSync(path.join(POLICIES, "tsconfig.json")));
        const options = { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true };
        const program = ts.createProgram([path.join(POLICIES, "index.ts")], options);
        const own = program.getSourceFiles().filter((f) => f.fileName.startsWith(POLICIES) && !f.fileName.includes("node_modules"));
        assert.ok(own.length > 10, "the pack's sources were not found");
        const errors = own.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)]);
        assert.deepEqual(errors.map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`), []);
    });

    it("GIVEN the same stacks WHEN judged by the installed pack and by a copy without node_modules THEN the verdicts are identical", async () => {
        const prod = loadPolicyConfig("prod");
        const compliant = await compliantStack();
        const failing = mutate(compliant, "pf-https", (p) => { p.sslPolicy = "ELBSecurityPolicy-2016-08"; });
        for (const stack of [compliant, failing]) {
            const [a, b] = await Promise.all([evaluate(stack, prod, installed), evaluate(stack, prod, bare)]);
            assert.deepEqual(summary(a), summary(b));
        }
        assert.ok((await evaluate(failing, prod, installed)).some((v) => v.enforcementLevel === "mandatory"));
    });

    it("the installed pack loads nothing from the repository's node_modules (only the harness's ts-node), as in a consumer's repo", async () => {
        const report = path.join(ROOT, ".tmp", `pack-modules-${process.pid}.json`);
        fs.mkdirSync(path.dirname(report), { recursive: true });
        const pack = await startPolicyPack(POLICIES, { EDGE_AUTH_PACK_MODULES: report });
        try {
            await evaluate(await compliantStack(), loadPolicyConfig("prod"), pack);
        } finally {
            await stopPack(pack);
        }
        const loaded: string[] = JSON.parse(fs.readFileSync(report, "utf8"));
        fs.rmSync(report, { force: true });
        // Allowed from the repository: the harness's ts-node with its dependencies and the compiler it
        // picks (the engine brings its own), and optional peers the pack's packages probe with a
        // try/require (debug's supports-color), which resolve wherever Node finds them.
        const rootModules = path.join(ROOT, "node_modules");
        const allowed = new Set<string>();
        const closure = (name: string) => {
            if (allowed.has(name)) {
                return;
            }
            allowed.add(name);
            const pkg = JSON.parse(fs.readFileSync(path.join(rootModules, name, "package.json"), "utf8"));
            Object.keys(pkg.dependencies ?? {}).filter((d) => fs.existsSync(path.join(rootModules, d))).forEach(closure);
        };
        closure("ts-node");
        closure("typescript");
        const packModules = path.join(POLICIES, "node_modules");
        for (const entry of fs.readdirSync(packModules)) {
            for (const name of entry.startsWith("@") ? fs.readdirSync(path.join(packModules, entry)).map((n) => `${entry}/${n}`) : [entry]) {
                const manifest = path.join(packModules, name, "package.json");
                const pkg = fs.existsSync(manifest) ? JSON.parse(fs.readFileSync(manifest, "utf8")) : {};
                const optional = [...Object.keys(pkg.optionalDependencies ?? {}), ...Object.entries<any>(pkg.peerDependenciesMeta ?? {}).filter(([, m]) => m.optional).map(([n]) => n)];
                optional.filter((d) => fs.existsSync(path.join(rootModules, d))).forEach(closure);
            }
        }
        const packageOf = (file: string) => {
            const parts = path.relative(rootModules, file).split(path.sep);
            return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
        };
        const fromRoot = loaded.filter((f) => f.startsWith(rootModules + path.sep) && !allowed.has(packageOf(f)));
        assert.ok(loaded.some((f) => f.startsWith(path.join(POLICIES, "node_modules", "@pulumi", "policy"))), "the pack did not load its own @pulumi/policy");
        assert.deepEqual([...new Set(fromRoot.map(packageOf))], []);
    });

    it("GIVEN a pack that never serves or crashes WHEN started THEN the wait ends with a message, never a hang", async () => {
        const dir = path.join(ROOT, ".tmp", `pack-broken-${process.pid}`);
        fs.mkdirSync(dir, { recursive: true });
        try {
            fs.writeFileSync(path.join(dir, "index.ts"), "setInterval(() => undefined, 1000);\n");
            await assert.rejects(startPolicyPack(dir, {}, 1_500), /printed no analyzer port within 1\.5 s/);
            fs.writeFileSync(path.join(dir, "index.ts"), "throw new Error(\"no @pulumi/policy here\");\n");
            await assert.rejects(startPolicyPack(dir, {}, 30_000), /exited \(1\) before serving\n[\s\S]*no @pulumi\/policy here/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("GIVEN policies/node_modules installed WHEN `npm run plan -- prod` runs THEN it completes and judges the stack", async () => {
        const result = await run(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", "scripts/plan/index.ts", "prod"], ROOT, 120_000);
        assert.equal(result.code, 0, result.stdout + result.stderr);
        assert.match(result.stdout, /Policies \([^)]+\): 0 mandatory/);
        assert.match(result.stdout, /plan finished in/);
    });
});
