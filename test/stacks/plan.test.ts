import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { parseStackConfig } from "../../scripts/plan/stackConfig";

const ROOT = path.resolve(__dirname, "../..");

interface PlanRun { code: number; stdout: string; stderr: string }

/** Runs `npm run plan`'s script in its own process, exactly as a pull request job would. */
function plan(...args: string[]): Promise<PlanRun> {
    return new Promise((done) => {
        execFile(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", "scripts/plan/index.ts", ...args],
            { cwd: ROOT, timeout: 150_000 },
            (err, stdout, stderr) => done({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr }));
    });
}

function withConfig(stack: string, mutate: (config: Record<string, any>) => void): string {
    const doc = YAML.parse(fs.readFileSync(path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8"));
    mutate(doc.config);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "edge-auth-plan-")), `Pulumi.${stack}.yaml`);
    fs.writeFileSync(file, YAML.stringify(doc));
    return file;
}

describe("npm run plan (offline plan of a stack)", function () {
    // Six plans at once, each with its program and its policy pack process: generous on a loaded CI box.
    this.timeout(180_000);
    const runs: Record<string, PlanRun> = {};

    // All runs start at once: each is its own process, and together they take as long as the slowest.
    before(async () => {
        const localhostInProd = withConfig("prod", (config) => {
            config["edge-auth:httpApi"].appOrigins.push("http://localhost:3000");
            config["edge-auth:httpApi"].allowLocalhost = true;
        });
        const schemeInHostname = withConfig("dev", (config) => { config["edge-auth:alb"].hostnames = ["https://ops.dev.edge-auth.example.com"]; });
        const planned: Record<string, Promise<PlanRun>> = {
            dev: plan("dev"),
            staging: plan("staging"),
            prod: plan("prod"),
            localhostInProd: plan("prod", "--config", localhostInProd),
            schemeInHostname: plan("dev", "--config", schemeInHostname),
            noStack: plan(),
        };
        for (const [key, run] of Object.entries(planned)) {
            runs[key] = await run;
        }
    });

    for (const stack of ["dev", "staging", "prod"]) {
        it(`plans ${stack} with zero mandatory violations and exits 0`, () => {
            const run = runs[stack];
            assert.equal(run.code, 0, run.stdout + run.stderr);
            assert.match(run.stdout, /Policies \(stacks\/policy-config\/\w+\.json\): 0 mandatory/);
        });

        it(`prints ${stack}'s resource tree and the values synced between Auth0 and AWS`, () => {
            const out = runs[stack].stdout;
            const domain = YAML.parse(fs.readFileSync(path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8")).config["auth0:domain"];
            assert.match(out, /^ {2}edge-auth:index:HttpsLoadBalancer {2}ops$/m);
            assert.match(out, /^ {4}aws:lb\/listener:Listener {2}ops-https$/m, "children are indented under their component");
            assert.match(out, new RegExp(`HTTP API JWT authorizer colors-http-authorizer: issuer https://${domain.replace(/\./g, "\\.")}/, audiences urn:colors-api`));
            assert.match(out, /HTTP API route GET \/my\/colors: JWT scopes read:colors/);
            assert.match(out, /HTTP API route GET \/colors: NONE/);
            assert.match(out, new RegExp(`ALB login rule ops-rule-pages \\(priority 201\\): issuer https://${domain.replace(/\./g, "\\.")}/`));
            assert.match(out, /Auth0 client ops-app-client \(regular_web\): callbacks https:\/\/ops\.[a-z.-]*example\.com\/oauth2\/idpresponse/);
            assert.match(out, /Lambda authorizer movies-auth-function: .*"GET \/movies":\["read:Movies"\]/);
        });
    }

    it("registers every prod ALB host as a callback, one to one", () => {
        const line = runs.prod.stdout.split("\n").find((l) => l.includes("Auth0 client ops-app-client"))!;
        assert.match(line, /callbacks https:\/\/ops\.edge-auth\.example\.com\/oauth2\/idpresponse, https:\/\/status\.edge-auth\.example\.com\/oauth2\/idpresponse$/);
    });

    it("allows localhost for the SPA in dev only", () => {
        assert.match(runs.dev.stdout, /colors-app-client \(spa\): callbacks .*http:\/\/localhost:3000/);
        assert.doesNotMatch(runs.prod.stdout, /localhost/);
        assert.doesNotMatch(runs.staging.stdout, /localhost/);
    });

    it("GIVEN a prod config that lets localhost in WHEN planned THEN the pack reports it and the plan exits 1", () => {
        const run = runs.localhostInProd;
        assert.equal(run.code, 1, run.stdout + run.stderr);
        assert.match(run.stdout, /\[mandatory\] auth0-client-require-https-urls \(high\)\n +resource: auth0:index\/client:Client colors-app-client\n +problem: +\w+\[\d+\] "http:\/\/localhost:3000" is a local http URL.*\n +fix: +Register https URLs only/);
        assert.match(run.stdout, /Policies \(stacks\/policy-config\/prod\.json\): [1-9]\d* mandatory/);
    });

    it("GIVEN a config the components reject WHEN planned THEN it names the argument and exits 2", () => {
        const run = runs.schemeInHostname;
        assert.equal(run.code, 2, run.stdout + run.stderr);
        assert.match(run.stderr, /AlbOidcLogin "ops": hostnames\[0\] "https:\/\/ops\.dev\.edge-auth\.example\.com" includes a scheme/);
    });

    it("names the stacks when none is given", () => {
        const run = runs.noStack;
        assert.equal(run.code, 2);
        const listed = /usage: npm run plan -- <stack>.*stacks: (.*)/.exec(run.stderr)?.[1].split(", ") ?? [];
        for (const stack of ["dev", "staging", "prod", "line-demo", "identity-dev", "apps-dev"]) {
            assert.ok(listed.includes(stack), `${stack} in ${run.stderr}`);
        }
    });
});

describe("stack config as the CLI hands it to a program", () => {
    it("namespaces project keys, serialises objects as JSON and leaves secrets out", () => {
        const parsed = parseStackConfig([
            "config:",
            "  aws:region: eu-west-1",
            "  greeting: hello",
            "  edge-auth:alb:",
            "    hostnames: [a.example.com]",
            "  auth0:clientSecret:",
            "    secure: AAABAJxyz",
        ].join("\n"), "edge-auth");
        assert.deepEqual(parsed.values, {
            "aws:region": "eu-west-1",
            "edge-auth:greeting": "hello",
            "edge-auth:alb": "{\"hostnames\":[\"a.example.com\"]}",
        });
        assert.deepEqual(parsed.secretKeys, ["auth0:clientSecret"]);
    });

    it("rejects a file that is not a mapping", () => {
        assert.throws(() => parseStackConfig("- a\n- b\n", "edge-auth"), /must be a YAML mapping/);
    });
});
