/**
 * The package as a consumer gets it: `npm pack` of this checkout, installed into a Pulumi program
 * in a temporary directory outside the repository (test/consumer/program), compiled with the
 * lowest TypeScript edge-auth supports, run under the mocks and judged by the policy pack.
 *
 * Offline and fast: the consumer's peers (@pulumi/*) and aws-jwt-verify are `file:` links to this
 * repository's node_modules, so `npm install` needs neither the registry nor the npm cache, and the
 * program shares the test process's @pulumi/pulumi (one runtime, as npm's peer resolution gives a
 * real consumer). Needs dist/ (built by `pretest`, i.e. `npm run build`).
 */
import { strict as assert } from "assert";
import { spawnSync, SpawnSyncOptions } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { recordedOne, setupMocks } from "../support/mocks";
import { captureProgram, withAllowedHosts } from "../policies/fixture";
import { evaluate, loadPolicyConfig, violationsOf } from "../support/policyHarness";

const ROOT = path.resolve(__dirname, "../..");
const PROGRAM = path.join(__dirname, "program");
const NODE_MODULES = path.join(ROOT, "node_modules");
/** The TypeScript floor stated in package.json, installed as the alias "typescript-floor". */
const TSC_FLOOR = path.join(NODE_MODULES, "typescript-floor", "lib", "tsc.js");
const LINKED = ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/auth0", "aws-jwt-verify"];
/** Everything a consumer may find in the tarball; anything else is a packaging mistake. */
// npm always packs the file `main` names; `main` is the component-package plugin entry (PulumiPlugin.yaml
// loads the package through it), while Node consumers resolve through `exports`.
// npm always packs a package.json `bin`: edge-auth's only says that `edge-auth check` runs from a clone.
const SHIPPED = [/^bin\/edge-auth\.js$/, /^components\/provider\/plugin\.js$/, /^package\.json$/, /^README\.md$/, /^LICENSE$/, /^CHANGELOG\.md$/, /^dist\/components\/.+\.(js|d\.ts)$/, /^dist\/bundles\/rest-authorizer\/index\.js$/];

function run(command: string, args: string[], options: SpawnSyncOptions): string {
    // Every child is bounded: a hung npm or tsc fails the test instead of the CI job's clock.
    const result = spawnSync(command, args, { encoding: "utf8", timeout: 60_000, ...options });
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
    if (result.error || result.status !== 0) {
        throw new Error(`"${command} ${args.join(" ")}" in ${options.cwd} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`);
    }
    return String(result.stdout);
}

const npm = (args: string[], cwd: string) => run(process.platform === "win32" ? "npm.cmd" : "npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, env: { ...process.env, npm_config_update_notifier: "false" } });

describe("a consumer program installs the packed tarball", function () {
    this.timeout(90_000);
    let temp: string;
    let consumer: string;
    let packed: { filename: string; files: { path: string }[] };

    before(() => {
        for (const built of ["dist/components/index.js", "dist/components/targets.d.ts", "dist/bundles/rest-authorizer/index.js"]) {
            assert.ok(fs.existsSync(path.join(ROOT, built)), `${built} is missing. Fix: npm run build (npm test's pretest does it)`);
        }
        temp = fs.mkdtempSync(path.join(os.tmpdir(), "edge-auth-consumer-"));
        consumer = path.join(temp, "program");
        // --ignore-scripts: pretest has just built dist/; prepare would build it again.
        [packed] = JSON.parse(npm(["pack", "--json", "--ignore-scripts", "--pack-destination", temp], ROOT));
        fs.cpSync(PROGRAM, consumer, { recursive: true });
        const dependencies = Object.fromEntries(LINKED.map((name) => [name, `file:${path.join(NODE_MODULES, name)}`]));
        fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true, main: "bin/index.js", dependencies }, null, 2));
        npm(["install", "--offline", "--ignore-scripts", "--no-package-lock", path.join(temp, packed.filename)], consumer);
    });

    after(() => {
        if (temp) {
            fs.rmSync(temp, { recursive: true, force: true });
        }
    });

    it("GIVEN npm pack THEN the tarball holds the compiled components, their types, the authorizer bundle and the license, and nothing else", () => {
        const files = packed.files.map((f) => f.path).sort();
        assert.deepEqual(files.filter((f) => !SHIPPED.some((re) => re.test(f))), [], "files a consumer does not need (tests, stacks, sources, maps)");
        for (const needed of ["LICENSE", "CHANGELOG.md", "dist/components/index.js", "dist/components/index.d.ts", "dist/components/targets.js", "dist/components/targets.d.ts", "dist/bundles/rest-authorizer/index.js"]) {
            assert.ok(files.includes(needed), `${needed} is not in the tarball`);
        }
        // Every compiled module ships with its declarations.
        for (const js of files.filter((f) => f.startsWith("dist/components/") && f.endsWith(".js"))) {
            assert.ok(files.includes(js.replace(/\.js$/, ".d.ts")), `${js} has no .d.ts`);
        }
    });

    it("GIVEN the installed package.json THEN Pulumi and the clouds' SDKs are peers, the only runtime dependency is aws-jwt-verify", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(consumer, "node_modules/edge-auth/package.json"), "utf8"));
        assert.deepEqual(Object.keys(pkg.dependencies), ["aws-jwt-verify"]);
        assert.deepEqual(Object.keys(pkg.peerDependencies).sort(), ["@pulumi/auth0", "@pulumi/aws", "@pulumi/pulumi", "typescript"]);
        assert.equal(pkg.peerDependenciesMeta.typescript.optional, true);
        // The TypeScript floor the package states is the one this test compiles with.
        const floor = require(path.join(NODE_MODULES, "typescript-floor", "package.json")).version as string;
        assert.equal(pkg.peerDependencies.typescript, `>=${floor.replace(/\.\d+$/, ".0")}`);
    });

    it("GIVEN the installed `edge-auth` bin THEN `edge-auth check` exits 2 saying it runs from a clone (the pack is not in the package)", () => {
        const result = spawnSync(process.execPath, [path.join(consumer, "node_modules/edge-auth/bin/edge-auth.js"), "check", "."], { cwd: consumer, encoding: "utf8", timeout: 30_000 });
        assert.equal(result.status, 2, `${result.stdout}${result.stderr}`);
        assert.match(result.stderr, /edge-auth check runs from a clone of the edge-auth repository/);
    });

    // The program's tsconfig is Pulumi's TypeScript template: no skipLibCheck, so edge-auth's .d.ts
    // files are checked too (with skipLibCheck, TypeScript 5.3 would silently read NoInfer as any).
    it("GIVEN the program THEN it and edge-auth's declarations compile with the TypeScript floor (5.4)", () => {
        run(process.execPath, [TSC_FLOOR, "-p", consumer], { cwd: consumer });
        assert.ok(fs.existsSync(path.join(consumer, "bin/index.js")));
    });

    it("GIVEN edge-auth/targets THEN a target loads the verifier and logout helper without any Pulumi module", () => {
        const probe = `
            const before = new Set(Object.keys(require.cache));
            const targets = require("edge-auth/targets");
            const loaded = Object.keys(require.cache).filter((f) => !before.has(f));
            let deep;
            try { require("edge-auth/dist/components/alb/verifyOidcData"); deep = "resolved"; } catch (e) { deep = e.code; }
            console.log(JSON.stringify({
                exports: Object.keys(targets).sort(),
                pulumi: loaded.filter((f) => /[\\\\/]@pulumi[\\\\/]/.test(f)),
                edgeAuth: loaded.filter((f) => f.includes("edge-auth")).length,
                bundle: require.resolve("edge-auth/bundles/rest-authorizer"),
                deep,
            }));`;
        const result = JSON.parse(run(process.execPath, ["-e", probe], { cwd: consumer }));
        for (const name of ["createOidcDataVerifier", "albLogoutResponse", "EdgeAuthArgumentError"]) {
            assert.ok(result.exports.includes(name), `edge-auth/targets does not export ${name}`);
        }
        assert.ok(result.edgeAuth > 0, "the probe loaded nothing from edge-auth");
        assert.deepEqual(result.pulumi, []);
        assert.equal(fs.realpathSync(result.bundle), fs.realpathSync(path.join(consumer, "node_modules/edge-auth/dist/bundles/rest-authorizer/index.js")));
        assert.equal(result.deep, "ERR_PACKAGE_PATH_NOT_EXPORTED", "deep imports are closed by the exports map");
    });

    it("GIVEN the compiled program under mocks THEN it deploys the installed bundle with one Pulumi runtime and passes the prod policy pack", async () => {
        const entry = path.join(consumer, "bin/index.js");
        if (!fs.existsSync(entry)) {
            run(process.execPath, [TSC_FLOOR, "-p", consumer], { cwd: consumer });
        }
        // The installed edge-auth resolves the same @pulumi/pulumi as this process: one runtime.
        const theirs = require.resolve("@pulumi/pulumi", { paths: [path.join(consumer, "node_modules/edge-auth")] });
        assert.equal(fs.realpathSync(theirs), fs.realpathSync(require.resolve("@pulumi/pulumi")));

        setupMocks({ "auth0:domain": "acme.us.auth0.com", "aws:region": "us-east-1" });
        let outputs: Record<string, any> = {};
        const stack = await captureProgram(() => { outputs = require(entry); });
        assert.ok(outputs.authorizerId && outputs.oidcData, "the program exported its outputs");

        // The authorizer function deploys the bundle inside the installed package.
        await recordedOne("aws:lambda/function:Function", "consumer-rest-function");
        // The file exports["."] names (a directory require would take `main`, the plugin entry).
        const installed = require(path.join(consumer, "node_modules/edge-auth/dist/components/index.js"));
        assert.equal(fs.realpathSync(installed.bundlePath()), fs.realpathSync(path.join(consumer, "node_modules/edge-auth/dist/bundles/rest-authorizer/index.js")));

        // The program's hosts, as the consumer lists them in its prod config.
        const violations = violationsOf(await evaluate(stack, withAllowedHosts(loadPolicyConfig("prod"), ["orders.example.com", "orders-admin.example.com"])));
        assert.deepEqual(violations, []);
    });
});
