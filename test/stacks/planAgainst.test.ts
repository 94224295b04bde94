import { strict as assert } from "assert";
import { execFile, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

interface PlanRun { code: number; stdout: string; stderr: string }

/** Where the plan processes make their temporary directories: checked empty afterwards. */
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "edge-auth-plan-tmp-"));
const PLAN = [require.resolve("ts-node/dist/bin"), "--transpile-only", "scripts/plan/index.ts"];
/** Any socket or DNS lookup in the plan process prints this marker and throws. */
const NO_NETWORK = ["--require", path.join(ROOT, "test", "support", "noNetwork.js")];

function plan(...args: string[]): Promise<PlanRun> {
    return new Promise((done) => {
        execFile(process.execPath, [...NO_NETWORK, ...PLAN, ...args],
            { cwd: ROOT, timeout: 120_000, env: { ...process.env, TMPDIR: TMP } },
            (err, stdout, stderr) => done({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr }));
    });
}

/**
 * A commit holding the working tree's components/ and stacks/ (edited by `edit`), made with
 * a temporary index: no branch, index or working tree changes, only new git objects.
 */
function snapshotCommit(edit: Record<string, (text: string) => string> = {}): string {
    const index = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "edge-auth-index-")), "index");
    const env = { ...process.env, GIT_INDEX_FILE: index };
    const git = (args: string[], input?: string) => execFileSync("git", args, { cwd: ROOT, env, input }).toString().trim();
    git(["read-tree", "HEAD"]);
    git(["add", "--", "components", "stacks"]);
    for (const [file, change] of Object.entries(edit)) {
        const blob = git(["hash-object", "-w", "--stdin"], change(fs.readFileSync(path.join(ROOT, file), "utf8")));
        git(["update-index", "--cacheinfo", `100644,${blob},${file}`]);
    }
    const tree = git(["write-tree"]);
    return git(["commit-tree", tree, "-m", "edge-auth plan --against test"]);
}

describe("npm run plan -- <stack> --against <git-ref> (the update simulator on the reference stacks)", function () {
    this.timeout(180_000);
    const runs: Record<string, PlanRun> = {};

    before(async () => {
        const same = snapshotCommit();
        // The deployed version named its HTTP API component differently, without aliases.
        const renamed = snapshotCommit({ "stacks/examples/colorsApi.ts": (text) => text.replace(`new HttpApi("colors-http"`, `new HttpApi("colors-http-v0"`) });
        // The deployed version's stack file lacked a host the working tree's stacks/Pulumi.prod.yaml has.
        const oneHost = snapshotCommit({ "stacks/Pulumi.prod.yaml": (text) => text.replace("      - status.edge-auth.example.com\n", "") });
        const planned = {
            same: plan("dev", "--against", same),
            renamed: plan("prod", "--against", renamed),
            hostAdded: plan("prod", "--against", oneHost),
            lineDemo: plan("line-demo", "--against", "HEAD"),
            unknown: plan("dev", "--against", "no-such-ref-xyz"),
        };
        for (const [key, run] of Object.entries(planned)) {
            runs[key] = await run;
        }
    });

    after(() => fs.rmSync(TMP, { recursive: true, force: true }));

    it("GIVEN the deployed program equals the working tree THEN every URN of the stack is listed unchanged", () => {
        const run = runs.same;
        assert.equal(run.code, 0, run.stdout + run.stderr);
        assert.match(run.stdout, /^ {2}same {5}urn:pulumi:dev::edge-auth::edge-auth:index:PostLoginFlow\$auth0:index\/triggerActions:TriggerActions::edge-auth-post-login$/m);
        assert.match(run.stdout, /^ {2}same {5}urn:pulumi:dev::edge-auth::edge-auth:index:HttpsLoadBalancer\$aws:lb\/loadBalancer:LoadBalancer::ops-alb$/m);
        assert.match(run.stdout, /0 to create, 0 to update, 0 to replace, 0 to delete, \d+ unchanged/);
    });

    it("GIVEN a component renamed since the deployed version THEN the plan lists what it would create and delete", () => {
        const run = runs.renamed;
        assert.equal(run.code, 0, run.stdout + run.stderr);
        assert.match(run.stdout, /^ {2}create {3}urn:pulumi:prod::edge-auth::edge-auth:index:HttpApi\$aws:apigatewayv2\/api:Api::colors-http-api$/m);
        assert.match(run.stdout, /^ {2}delete {3}urn:pulumi:prod::edge-auth::edge-auth:index:HttpApi\$aws:apigatewayv2\/api:Api::colors-http-v0-api$/m);
        assert.match(run.stdout, /^ {2}same {5}urn:pulumi:prod::edge-auth::edge-auth:index:Auth0Api\$auth0:index\/resourceServer:ResourceServer::api-urn-colors-api$/m);
    });

    it("GIVEN a host added only in the stack config (stacks/Pulumi.prod.yaml) THEN the deployed side runs with the ref's config and the host shows as in-place updates (finding 1)", () => {
        const run = runs.hostAdded;
        assert.equal(run.code, 0, run.stdout + run.stderr);
        const updated = (type: string, name: string) => new RegExp(`^ {2}update {3}urn:pulumi:prod::edge-auth::[^ ]*\\$${type.replace(/[/$]/g, (c) => `\\${c}`)}::${name} \\(([^)]*)\\)$`, "m");
        assert.match(run.stdout, updated("auth0:index/client:Client", "ops-app-client"), run.stdout);
        assert.match(run.stdout.match(updated("auth0:index/client:Client", "ops-app-client"))![1], /callbacks/);
        assert.match(run.stdout.match(updated("aws:lb/listenerRule:ListenerRule", "ops-rule-pages"))?.[1] ?? "", /conditions/, run.stdout);
        assert.match(run.stdout, /0 to create, [1-9]\d* to update, 0 to replace, 0 to delete/);
        assert.match(run.stdout, /deployed side: [0-9a-f]+ \([0-9a-f]{12}\) with its own stacks\/Pulumi\.prod\.yaml/);
    });

    it("GIVEN line-demo (no Auth0, a LINE discovery snapshot) against HEAD with every socket and DNS lookup refused THEN it plans offline and exits 0 (finding 2)", () => {
        const run = runs.lineDemo;
        assert.doesNotMatch(run.stderr, /NETWORK ATTEMPT/);
        assert.equal(run.code, 0, run.stdout + run.stderr);
        assert.match(run.stdout, /^ {2}same {5}urn:pulumi:line-demo::edge-auth::edge-auth:index:AlbOidcLogin\$aws:lb\/listenerRule:ListenerRule::login-rule-pages$/m);
        assert.match(run.stdout, /0 to create, 0 to update, 0 to replace, 0 to delete, \d+ unchanged/);
    });

    it("GIVEN an unknown ref THEN it says so and exits 3 (could not run), never 1 (the hazard code)", () => {
        assert.equal(runs.unknown.code, 3);
        assert.match(runs.unknown.stderr, /could not run: --against no-such-ref-xyz: not a commit of this repository/);
    });

    it("GIVEN every plan above finished THEN no edge-auth-against-* directory is left behind", () => {
        assert.ok(Object.keys(runs).length >= 5);
        assert.deepEqual(fs.readdirSync(TMP).filter((f) => f.startsWith("edge-auth-against-")), []);
    });

    it("GIVEN a plan stopped with SIGTERM while its programs run THEN its temporary checkout is removed", async () => {
        const own = fs.mkdtempSync(path.join(os.tmpdir(), "edge-auth-plan-sig-"));
        try {
            const child = spawn(process.execPath, [...PLAN, "dev", "--against", "HEAD"], { cwd: ROOT, env: { ...process.env, TMPDIR: own }, stdio: "ignore" });
            const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
            const deadline = Date.now() + 60_000;
            while (!fs.readdirSync(own).some((f) => f.startsWith("edge-auth-against-"))) {
                assert.ok(Date.now() < deadline, "the plan made no checkout within 60 s");
                await new Promise((r) => setTimeout(r, 50));
            }
            child.kill("SIGTERM");
            assert.equal(await exited, 143);
            assert.deepEqual(fs.readdirSync(own).filter((f) => f.startsWith("edge-auth-against-")), []);
        } finally {
            fs.rmSync(own, { recursive: true, force: true });
        }
    });
});
