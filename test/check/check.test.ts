/**
 * `edge-auth check` on a corpus of small programs written the way other teams write them
 * (test/check/programs/, one folder per program with its Pulumi.yaml, package.json and stack
 * config), run as a user runs it: the command in its own process (`node bin/edge-auth.js check`,
 * once through `npx edge-auth`), judged by its exit code and its text and JSON output.
 */
import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import type { CheckDocument } from "../../scripts/check";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin", "edge-auth.js");
const PROGRAMS = path.join(__dirname, "programs");

interface Run { code: number; stdout: string; stderr: string; doc?: CheckDocument }

function exec(file: string, args: string[]): Promise<Run> {
    return new Promise((done) => {
        execFile(file, args, { cwd: ROOT, timeout: 200_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
            const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
            let doc: CheckDocument | undefined;
            if (args.includes("json")) {
                try {
                    doc = JSON.parse(stdout);
                } catch {
                    // Left undefined: the test that wanted it fails with the output.
                }
            }
            done({ code, stdout, stderr, doc });
        });
    });
}

const check = (...args: string[]) => () => exec(process.execPath, [BIN, "check", ...args]);
const program = (name: string) => path.join(PROGRAMS, name);
const show = (run: Run) => `exit ${run.code}\n${run.stdout}\n${run.stderr}`;
const policies = (run: Run) => (run.doc?.policies?.violations ?? []).map((v) => `${v.enforcementLevel} ${v.policyName} ${v.urn.split("::").slice(2).join("::")}`).sort();

/**
 * A copy of a program with its own node_modules: its own @pulumi/pulumi (a copy of the
 * repository's, so a different module instance at a different path) and its component package.
 * It sits under the repository (.tmp/) so that the packages it does not hold (@pulumi/aws and the
 * dependencies of @pulumi/pulumi) resolve from the repository's node_modules, as hoisting would.
 */
function installedCopy(): string {
    const dir = path.join(ROOT, ".tmp", `check-own-modules-${process.pid}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(program("own-modules"), dir, { recursive: true });
    fs.cpSync(path.join(ROOT, "node_modules", "@pulumi", "pulumi"), path.join(dir, "node_modules", "@pulumi", "pulumi"), { recursive: true });
    fs.cpSync(path.join(__dirname, "packages", "acme-web"), path.join(dir, "node_modules", "@acme", "web"), { recursive: true });
    return dir;
}

/** A program folder outside any node_modules tree: its dependencies were never installed. */
function uninstalledProgram(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-auth-check-"));
    fs.cpSync(program("alb-http-js"), dir, { recursive: true });
    return dir;
}

describe("edge-auth check <program-dir> (the corpus, through the command)", function () {
    // Each run is a check process, a program process and a pack process; three at a time.
    this.timeout(400_000);
    const runs: Record<string, Run> = {};
    let ownModules: string;
    let uninstalled: string;

    before(async () => {
        ownModules = installedCopy();
        uninstalled = uninstalledProgram();
        const planned: Record<string, () => Promise<Run>> = {
            httpApi: check(program("http-api-ts"), "--stack", "prod", "--format", "json"),
            albHttp: check(program("alb-http-js"), "--stack", "prod", "--stack-outputs", path.join(program("alb-http-js"), "network-outputs.json")),
            esm: check(program("esm-module"), "--stack", "prod", "--format", "json"),
            // TypeScript through the ESM loader is the slowest start: the default 120 s is short on a loaded box.
            esmTs: check(program("esm-ts"), "--stack", "prod", "--timeout", "300", "--format", "json"),
            albLogin: check(program("auth0-alb-login"), "--stack", "prod", "--format", "json"),
            remote: check(program("awsx-remote"), "--stack", "prod"),
            remoteAllowed: check(program("awsx-remote"), "--stack", "prod", "--allow-unevaluated", "awsx:ec2:Vpc,awsx:lb:ApplicationLoadBalancer", "--format", "json"),
            ownModules: check(ownModules, "--stack", "prod", "--format", "json"),
            missingPackage: check(program("own-modules"), "--stack", "prod"),
            throws: check(program("throws"), "--stack", "prod"),
            neverFinishes: check(program("never-finishes"), "--stack", "prod", "--timeout", "8", "--format", "json"),
            uninstalled: check(uninstalled, "--stack", "prod"),
            noStackConfig: check(program("http-api-ts"), "--stack", "staging"),
            notAProgram: check(path.join(ROOT, "docs"), "--stack", "prod"),
            npx: () => exec(process.platform === "win32" ? "npx.cmd" : "npx", ["--no-install", "edge-auth", "check"]),
        };
        const queue = Object.entries(planned);
        const worker = async () => {
            for (let next = queue.shift(); next; next = queue.shift()) {
                runs[next[0]] = await next[1]();
            }
        };
        await Promise.all([worker(), worker(), worker()]);
    });

    after(() => {
        fs.rmSync(ownModules, { recursive: true, force: true });
        fs.rmSync(uninstalled, { recursive: true, force: true });
    });

    describe("exit 0: clean", () => {
        it("GIVEN a TypeScript (CommonJS) HTTP API behind an Auth0 JWT authorizer WHEN checked under prod THEN exit 0, zero violations, every resource judged", () => {
            const run = runs.httpApi;
            assert.equal(run.code, 0, show(run));
            assert.equal(run.doc!.verdict, "clean");
            assert.deepEqual(policies(run), []);
            const types = run.doc!.resources!.map((r) => r.type);
            for (const type of ["auth0:index/resourceServer:ResourceServer", "aws:apigatewayv2/authorizer:Authorizer", "aws:apigatewayv2/route:Route", "aws:lambda/permission:Permission"]) {
                assert.ok(types.includes(type), `${type} not judged: ${types.join(", ")}`);
            }
            assert.deepEqual(run.doc!.notEvaluated, []);
        });

        it("a resource passed as an input (`function: handler` on a Lambda permission) reaches the pack as the engine sends it: the function's id", () => {
            const permission = runs.httpApi.doc!.resources!.find((r) => r.type === "aws:lambda/permission:Permission")!;
            assert.equal((permission.inputs as Record<string, unknown>).function, "orders-id");
        });

        it("URNs are the engine's: resources under the root stack carry no `pulumi:pulumi:Stack$` qualifier", () => {
            const route = runs.httpApi.doc!.resources!.find((r) => r.name === "list-orders")!;
            assert.equal(route.urn, "urn:pulumi:prod::orders-api::aws:apigatewayv2/route:Route::list-orders");
        });

    });

    describe("exit 1: mandatory violation", () => {
        it("GIVEN plain JavaScript (CommonJS, no package.json main) reading another stack (--stack-outputs) with an ALB forwarding on port 80 THEN exit 1 naming the policy, the listener and the fix", () => {
            const run = runs.albHttp;
            assert.equal(run.code, 1, show(run));
            assert.match(run.stdout, /\[mandatory\] aws-alb-listener-disallow-plain-http \(high\)\n\s+resource: aws:lb\/listener:Listener http/);
            assert.match(run.stdout, /fix: /);
            assert.match(run.stdout, /Policies \(.*policies\/config\/prod\.json\): 1 mandatory, 0 advisory violation\(s\)/);
            assert.match(run.stdout, /mandatory violation \(exit 1\)/);
        });

        it("GIVEN an ES module program (type module, exported async function) THEN it runs and its open DELETE route fails", () => {
            const run = runs.esm;
            assert.equal(run.code, 1, show(run));
            assert.ok(policies(run).includes("mandatory aws-apigatewayv2-route-require-authorization aws:apigatewayv2/route:Route::delete-color"), policies(run).join("\n"));
            assert.ok(!policies(run).some((p) => p.startsWith("mandatory") && p.endsWith("get-colors")), policies(run).join("\n"));
        });

        it("GIVEN a TypeScript ES module program (module nodenext, a local import with its .js extension) THEN it runs and its listener's missing TLS policy fails", () => {
            const run = runs.esmTs;
            assert.equal(run.code, 1, show(run));
            assert.deepEqual(policies(run).filter((p) => p.startsWith("mandatory")), ["mandatory aws-alb-listener-configure-tls-policy aws:lb/listener:Listener::https"]);
            assert.ok(run.doc!.resources!.some((r) => r.type === "aws:lb/loadBalancer:LoadBalancer" && r.name === "grafana"), "the imported module's resource");
        });

        it("GIVEN an Auth0 client and an ALB login (TypeScript with its own tsconfig, a secret in the stack config, VPC and certificate lookups) THEN the unregistered callback and the slash-less issuer fail", () => {
            const run = runs.albLogin;
            assert.equal(run.code, 1, show(run));
            const found = policies(run);
            assert.ok(found.includes("mandatory edge-auth-issuer-matches-tenant aws:lb/listenerRule:ListenerRule::login"), found.join("\n"));
            assert.ok(found.some((p) => p.startsWith("mandatory auth0-client-register-alb-callbacks")), found.join("\n"));
            assert.deepEqual(run.doc!.secretStandIns, ["ops-portal:clientSecret"]);
            const credentials = run.doc!.resources!.find((r) => r.type === "auth0:index/clientCredentials:ClientCredentials")!;
            assert.equal((credentials.inputs as Record<string, unknown>).clientSecret, "[secret]");
            // Its VPC, subnet and certificate lookups got answers of the right shape, so it went on.
            const https = run.doc!.resources!.find((r) => r.type === "aws:lb/listener:Listener" && r.name === "https")!;
            assert.equal((https.inputs as Record<string, unknown>).certificateArn, "arn:aws:acm:eu-west-1:123456789012:certificate/ops.acme.example.com");
        });

        it("GIVEN a program with its own node_modules (its own @pulumi/pulumi, a component package) THEN that copy is the one mocked and the component's children are judged", () => {
            const run = runs.ownModules;
            assert.equal(run.code, 1, show(run));
            assert.equal(run.doc!.pulumi!.dir, path.join(ownModules, "node_modules", "@pulumi", "pulumi"));
            assert.ok(policies(run).includes("mandatory aws-alb-listener-configure-tls-policy acme:web:PublicSite$aws:lb/listener:Listener::status-https"), policies(run).join("\n"));
        });
    });

    describe("exit 2: cannot evaluate, with the reason", () => {
        it("GIVEN awsx v3 remote components THEN each is reported by type and name as not evaluated, and the check fails", () => {
            const run = runs.remote;
            assert.equal(run.code, 2, show(run));
            assert.match(run.stdout, /not evaluated: awsx:ec2:Vpc shop/);
            assert.match(run.stdout, /not evaluated: awsx:lb:ApplicationLoadBalancer shop/);
            assert.match(run.stderr, /cannot evaluate: 2 component\(s\) not evaluated: .*--allow-unevaluated awsx:ec2:Vpc,awsx:lb:ApplicationLoadBalancer/);
        });

        it("WHEN their types are allowed THEN the rest decides (exit 0) and they are still listed, marked allowed", () => {
            const run = runs.remoteAllowed;
            assert.equal(run.code, 0, show(run));
            assert.deepEqual(run.doc!.notEvaluated!.map((n) => `${n.type} ${n.name} ${n.allowed}`).sort(),
                ["awsx:ec2:Vpc shop true", "awsx:lb:ApplicationLoadBalancer shop true"]);
            assert.ok(run.doc!.resources!.some((r) => r.type === "aws:s3/bucket:Bucket"));
        });

        it("GIVEN a program that throws THEN exit 2 with its message and its own stack frame", () => {
            const run = runs.throws;
            assert.equal(run.code, 2, show(run));
            assert.match(run.stderr, /cannot evaluate: the program failed: needs-vpc: set the VPC/);
            assert.match(run.stderr, /src\/main\.js:8/);
        });

        it("GIVEN a program that never finishes THEN exit 2 after --timeout, in the JSON document too", () => {
            const run = runs.neverFinishes;
            assert.equal(run.code, 2, show(run));
            assert.equal(run.doc!.verdict, "cannot evaluate");
            assert.match(run.doc!.reason!, /did not finish within 8 s/);
        });

        it("GIVEN a component package that is not installed THEN exit 2 naming the module and the fix", () => {
            const run = runs.missingPackage;
            assert.equal(run.code, 2, show(run));
            assert.match(run.stderr, /Cannot find module '@acme\/web'/);
            assert.match(run.stderr, /Fix: install the program's dependencies/);
        });

        it("GIVEN a program whose dependencies were never installed THEN exit 2: @pulumi/pulumi does not resolve", () => {
            const run = runs.uninstalled;
            assert.equal(run.code, 2, show(run));
            assert.match(run.stderr, /@pulumi\/pulumi does not resolve from .*npm ci/);
        });

        it("GIVEN a stack without a config file, or a folder without Pulumi.yaml THEN exit 2 naming the file", () => {
            assert.equal(runs.noStackConfig.code, 2, show(runs.noStackConfig));
            assert.match(runs.noStackConfig.stderr, /no stack config .*Pulumi\.staging\.yaml/);
            assert.equal(runs.notAProgram.code, 2, show(runs.notAProgram));
            assert.match(runs.notAProgram.stderr, /is not a Pulumi program: it has no Pulumi\.yaml/);
        });

        it("`npx edge-auth check` runs the command from a clone (here without a program: the usage)", () => {
            assert.equal(runs.npx.code, 2, show(runs.npx));
            assert.match(runs.npx.stderr, /no program folder given\. usage: edge-auth check <program-dir> --stack <name>/);
        });
    });
});

describe("policies/README.md's CI job for another repository", () => {
    it("runs as written: the clone's bin, installs with lockfiles, only options the command knows", () => {
        const readme = fs.readFileSync(path.join(ROOT, "policies", "README.md"), "utf8");
        const section = readme.slice(readme.indexOf("## Check any program offline"));
        const block = /```yaml\n([\s\S]*?)```/.exec(section);
        assert.ok(block, "no yaml block in the check section");
        const steps: Array<Record<string, any>> = YAML.parse(block[1]).jobs["edge-auth-check"].steps;
        const clone = steps.find((s) => s.with?.repository === "edge-auth/edge-auth")!.with.path as string;
        const runs = steps.filter((s) => typeof s.run === "string");
        const install = runs.find((s) => s["working-directory"] === clone)!;
        for (const prefix of [".", ...[...install.run.matchAll(/--prefix (\S+)/g)].map((m) => m[1])]) {
            assert.ok(fs.existsSync(path.join(ROOT, prefix, "package-lock.json")), `npm ci in ${prefix} has no lockfile`);
        }
        const command = runs.map((s) => s.run as string).find((r) => r.includes("edge-auth.js check"))!;
        const bin = /node (\S+) check/.exec(command)![1];
        assert.equal(path.join(ROOT, path.relative(clone, bin)), BIN);
        const { USAGE } = require("../../scripts/check") as typeof import("../../scripts/check");
        for (const [flag] of command.matchAll(/--[a-z-]+/g)) {
            assert.ok(USAGE.includes(`${flag} `) || USAGE.includes(`${flag}]`), `${flag} is not an option of edge-auth check`);
        }
    });
});
