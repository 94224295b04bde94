import { strict as assert } from "assert";
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

interface PlanRun { code: number; stdout: string; stderr: string }

function plan(...args: string[]): Promise<PlanRun> {
    return new Promise((done) => {
        execFile(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", "scripts/plan/index.ts", ...args],
            { cwd: ROOT, timeout: 120_000 },
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
        const planned = { same: plan("dev", "--against", same), renamed: plan("prod", "--against", renamed), unknown: plan("dev", "--against", "no-such-ref-xyz") };
        for (const [key, run] of Object.entries(planned)) {
            runs[key] = await run;
        }
    });

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

    it("GIVEN an unknown ref THEN it says so and exits 2", () => {
        assert.equal(runs.unknown.code, 2);
        assert.match(runs.unknown.stderr, /--against no-such-ref-xyz: not a commit of this repository/);
    });
});
