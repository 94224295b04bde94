import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";

const ROOT = path.resolve(__dirname, "../..");

interface PlanRun { code: number; stdout: string; stderr: string }

/** Runs `npm run plan`'s script in its own process, as a pull request job would. */
function plan(...args: string[]): Promise<PlanRun> {
    return new Promise((done) => {
        execFile(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", "scripts/plan/index.ts", ...args],
            { cwd: ROOT, timeout: 60_000 },
            (err, stdout, stderr) => done({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr }));
    });
}

/** line-demo's config with one change, in a temporary file. */
function lineDemoWith(mutate: (settings: Record<string, any>) => void): string {
    const doc = YAML.parse(fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.line-demo.yaml"), "utf8"));
    mutate(doc.config["edge-auth:oidcAlb"]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "edge-auth-line-")), "Pulumi.line-demo.yaml");
    fs.writeFileSync(file, YAML.stringify(doc));
    return file;
}

// Scope order and registered redirect URIs fail at construction like any argument (exit 2); they
// are tested on the component (test/alb/AlbOidcLoginProviders.test.ts), not with more processes.
describe("npm run plan -- line-demo (seed 001: LINE in front of an ALB, no Auth0)", function () {
    this.timeout(120_000);
    const runs: Record<string, PlanRun> = {};

    before(async () => {
        const planned: Record<string, Promise<PlanRun>> = {
            lineDemo: plan("line-demo"),
            issuerWithPath: plan("line-demo", "--config", lineDemoWith((s) => { s.identityProvider.issuer = "https://access.line.me/oauth2/v2.1"; })),
            noSnapshot: plan("line-demo", "--discovery", path.join(os.tmpdir(), "edge-auth-no-such-snapshot.json")),
        };
        for (const [key, run] of Object.entries(planned)) {
            runs[key] = await run;
        }
    });

    it("plans with zero mandatory violations and exits 0", () => {
        assert.equal(runs.lineDemo.code, 0, runs.lineDemo.stdout + runs.lineDemo.stderr);
        assert.match(runs.lineDemo.stdout, /Policies \(stacks\/policy-config\/line-demo\.json\): 0 mandatory/);
    });

    it("shows LINE's issuer, its endpoints, the scope in LINE's order and the redirect URIs to register, under LINE's name", () => {
        const out = runs.lineDemo.stdout;
        const block = out.slice(out.indexOf("Identity providers other than Auth0"), out.indexOf("\nOutputs:"));
        assert.equal(block.trim().split("\n").slice(1).map((l) => l.trim()).join("\n"), [
            "LINE, issuer https://access.line.me (login \"login\"; discovery checked against stacks/Pulumi.line-demo.discovery.json)",
            "authorization https://access.line.me/oauth2/v2.1/authorize",
            "token https://api.line.me/oauth2/v2.1/token",
            "userinfo https://api.line.me/oauth2/v2.1/userinfo",
            "scope \"profile openid\" (login-rule-pages)",
            "redirect URIs to register at LINE: https://demo.edge.lab.com/oauth2/idpresponse",
        ].join("\n"));
        assert.match(out, /ALB login rule login-rule-pages \(priority 100\): issuer https:\/\/access\.line\.me, client 1657000000, hosts demo\.edge\.lab\.com/);
        assert.match(out, /ALB target login-echo verifies x-amzn-oidc-data: issuer https:\/\/access\.line\.me, client 1657000000/);
    });

    it("creates no Auth0 resource (and no Auth0 provider)", () => {
        const tree = runs.lineDemo.stdout.slice(runs.lineDemo.stdout.indexOf("Resources ("), runs.lineDemo.stdout.indexOf("Synced between"));
        assert.match(tree, /aws:lb\/listenerRule:ListenerRule {2}login-rule-pages/);
        assert.doesNotMatch(tree, /auth0/i);
    });

    it("GIVEN seed 001's issuer with LINE's path THEN the plan fails before deploy, naming the 561 after login and the issuer to write", () => {
        const run = runs.issuerWithPath;
        assert.equal(run.code, 2, run.stdout + run.stderr);
        assert.match(run.stderr, /the program failed: LINE \(https:\/\/access\.line\.me\/oauth2\/v2\.1\) does not match its discovery document \(stacks\/Pulumi\.line-demo\.discovery\.json\):\n {2}issuer "https:\/\/access\.line\.me\/oauth2\/v2\.1" differs from the document's issuer "https:\/\/access\.line\.me": the ALB answers 561 Authentication Error after login \(seed 001\)[^\n]*Fix: write issuer: "https:\/\/access\.line\.me"/);
    });

    it("GIVEN no discovery snapshot THEN the plan fails naming the file to commit, without going to the network", () => {
        assert.equal(runs.noSnapshot.code, 2);
        assert.match(runs.noSnapshot.stderr, /LINE \(https:\/\/access\.line\.me\) has no discovery snapshot in .*edge-auth-no-such-snapshot\.json\. Fix: save https:\/\/access\.line\.me\/\.well-known\/openid-configuration into that file/);
    });
});
