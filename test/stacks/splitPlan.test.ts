import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

interface PlanRun { code: number; stdout: string; stderr: string }

/** Runs `npm run plan`'s script in its own process, as a pull request job would. */
function plan(...args: string[]): Promise<PlanRun> {
    return new Promise((done) => {
        execFile(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", "scripts/plan/index.ts", ...args],
            { cwd: ROOT, timeout: 90_000 },
            (err, stdout, stderr) => done({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr }));
    });
}

const committed = (stack: string) => JSON.parse(fs.readFileSync(path.join(ROOT, "stacks", "stack-outputs", `${stack}.json`), "utf8"));

/** A copy of a committed stack-outputs file with one change, as a file the plan can read. */
function mutated(stack: string, change: (outputs: Record<string, any>) => void): string {
    const doc = committed(stack);
    change(doc[Object.keys(doc)[0]]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "edge-auth-split-")), `${stack}.json`);
    fs.writeFileSync(file, JSON.stringify(doc));
    return file;
}

/** The plan's `Outputs:` section as values (secret ones as the string "[secret]"). */
function outputs(run: PlanRun): Record<string, unknown> {
    const section = run.stdout.split("\nOutputs:\n")[1]?.split("\n\n")[0] ?? "";
    return Object.fromEntries(section.split("\n").filter((l) => l.trim()).map((line) => {
        const [key, ...rest] = line.trim().split(": ");
        const value = rest.join(": ");
        return [key, value === "[secret]" ? value : JSON.parse(value)];
    }));
}

describe("npm run plan of the split reference stacks (identity stack and application stack)", function () {
    this.timeout(120_000);
    const runs: Record<string, PlanRun> = {};

    before(async () => {
        const undeclaredScope = mutated("apps-dev", (o) => { o.colorsApi.permissionNames = ["write:colors"]; });
        const futureContract = mutated("identity-dev", (o) => { o.opsClientUrls.version = 2; });
        const planned: Record<string, Promise<PlanRun>> = {
            identityDev: plan("identity-dev"),
            appsDev: plan("apps-dev"),
            appsProd: plan("apps-prod"),
            undeclaredScope: plan("apps-dev", "--stack-outputs", undeclaredScope),
            futureContract: plan("identity-dev", "--stack-outputs", futureContract),
        };
        for (const [key, run] of Object.entries(planned)) {
            runs[key] = await run;
        }
    });

    it("plans the identity stack from the application stack's exported URLs: Auth0 only, every host registered", () => {
        const run = runs.identityDev;
        assert.equal(run.code, 0, run.stdout + run.stderr);
        assert.match(run.stdout, /other stacks' outputs from stacks\/stack-outputs\/identity-dev\.json: acme\/edge-auth\/apps-dev/);
        assert.match(run.stdout, /Policies \(stacks\/policy-config\/identity-dev\.json\): 0 mandatory, 0 advisory/);
        assert.match(run.stdout, /Auth0 client ops-login-client \(regular_web\): callbacks https:\/\/ops\.dev\.edge-auth\.example\.com\/oauth2\/idpresponse$/m);
        assert.match(run.stdout, /Auth0 client colors-app-client \(spa\): .*origins https:\/\/colors\.dev\.edge-auth\.example\.com, http:\/\/localhost:3000/);
        assert.doesNotMatch(run.stdout, /aws:/, "the identity stack creates nothing in AWS");
    });

    it("plans the application stack from the identity stack's contracts: AWS only, issuer and audience from there", () => {
        for (const run of [runs.appsDev, runs.appsProd]) {
            assert.equal(run.code, 0, run.stdout + run.stderr);
            assert.match(run.stdout, /Policies \(stacks\/policy-config\/apps-\w+\.json\): 0 mandatory/);
            assert.doesNotMatch(run.stdout, /auth0:index/, "the application stack needs no Auth0 credentials");
        }
        assert.match(runs.appsDev.stdout, /HTTP API JWT authorizer colors-http-authorizer: issuer https:\/\/edge-auth-dev\.eu\.auth0\.com\/, audiences urn:colors-api/);
        assert.match(runs.appsDev.stdout, /Lambda authorizer movies-auth-function: issuer https:\/\/edge-auth-dev\.eu\.auth0\.com\/, audience urn:movies-api, scopes per method \{"GET \/movies":\["read:Movies"\]/);
        assert.match(runs.appsProd.stdout, /ALB login rule ops-rule-pages \(priority 201\): issuer https:\/\/edge-auth\.eu\.auth0\.com\/, client ops-login-client-client-id, hosts ops\.edge-auth\.example\.com, status\.edge-auth\.example\.com/);
        // The pack judges the application stack alone against the identity stack's contracts.
        assert.match(runs.appsDev.stdout, /The pack's sync policies get the 5 API and application contracts of acme\/edge-auth\/identity-dev\./);
        assert.doesNotMatch(runs.appsDev.stdout, /(edge-auth-scopes-exist-on-api|edge-auth-issuer-matches-tenant|auth0-client-register-alb-callbacks): cannot be decided/);
        assert.match(runs.appsProd.stdout, /ALB jwt-validation rule ops-machine-rule-status \(priority 100\): .*claims aud=urn:ops-api; scope=read:status/);
    });

    it("the committed stand-ins are exactly what the other stack's plan exports", () => {
        const fromIdentity = outputs(runs.identityDev);
        const fromApps = outputs(runs.appsDev);
        const appsInput = committed("apps-dev")["acme/edge-auth/identity-dev"];
        const identityInput = committed("identity-dev")["acme/edge-auth/apps-dev"];
        for (const key of ["opsApi", "colorsApi", "moviesApi", "colorsSpa"]) {
            assert.deepEqual(appsInput[key], fromIdentity[key], `apps-dev.json ${key}`);
        }
        assert.equal(fromIdentity.opsLogin, "[secret]", "the application contract carries the client secret");
        assert.deepEqual(appsInput.opsLogin.callbackUrls, (fromApps.opsClientUrls as any).callbackUrls);
        for (const key of ["opsClientUrls", "colorsClientUrls"]) {
            assert.deepEqual(identityInput[key], fromApps[key], `identity-dev.json ${key}`);
        }
    });

    it("each split stack's policy config is its environment's baseline, the identity stacks' with the environment's allowedHosts, the application stacks' with GET /colors public only", () => {
        for (const env of ["dev", "staging", "prod"]) {
            const baseline = JSON.parse(fs.readFileSync(path.join(ROOT, "policies", "config", `${env}.json`), "utf8"));
            const own = (stack: string) => JSON.parse(fs.readFileSync(path.join(ROOT, "stacks", "policy-config", `${stack}.json`), "utf8"));
            // The identity stack registers the clients: the environment's hosts are its one exception.
            const withHosts = JSON.parse(JSON.stringify(baseline));
            withHosts["auth0-client-require-allowed-url-hosts"].allowedHosts = own(env)["auth0-client-require-allowed-url-hosts"].allowedHosts;
            assert.deepEqual(own(`identity-${env}`), withHosts);
            const publicColors = JSON.parse(JSON.stringify(baseline));
            publicColors["aws-apigatewayv2-route-require-authorization"].publicRoutes = ["GET /colors"];
            assert.deepEqual(own(`apps-${env}`), publicColors);
        }
    });

    it("a scope the identity stack does not declare fails the application stack's plan, naming the stack and the scope", () => {
        const run = runs.undeclaredScope;
        assert.equal(run.code, 2, run.stdout);
        assert.match(run.stderr, /IdentityStackReference "identity" \(stack "acme\/edge-auth\/identity-dev"\): colorsApi\.permissionNames "read:colors" is not declared by the API urn:colors-api/);
        assert.doesNotMatch(run.stdout, /Resources \(/, "nothing is planned");
    });

    it("a contract version the identity stack does not know fails its plan, naming the application stack", () => {
        const run = runs.futureContract;
        assert.equal(run.code, 2, run.stdout);
        assert.match(run.stderr, /ApplicationStackReference "apps" \(stack "acme\/edge-auth\/apps-dev"\): opsClientUrls\.version 2 is a contract version this reader does not know/);
    });

    it("the identity stack's plan lists the URLs it takes from the application stack", () => {
        const run = runs.identityDev;
        assert.match(run.stdout + run.stderr, /edge-auth: stack "acme\/edge-auth\/apps-dev" output "opsClientUrls" registers callbacks https:\/\/ops\.dev\.edge-auth\.example\.com\/oauth2\/idpresponse; logout URLs https:\/\/ops\.dev\.edge-auth\.example\.com\//);
        assert.match(run.stdout + run.stderr, /output "colorsClientUrls" registers .*web origins https:\/\/colors\.dev\.edge-auth\.example\.com, http:\/\/localhost:3000/);
    });

});

describe("npm run plan of an identity stack whose application stack publishes a host it does not allow", function () {
    this.timeout(120_000);
    let run: PlanRun;

    // Its own plan, after the others: as many plans in parallel as before.
    before(async () => {
        // The review's attack: the application stack publishes a host the identity stack never allowed.
        const unlistedHost = mutated("identity-dev", (o) => {
            o.opsClientUrls.hostnames.push("login-helper.attacker.example");
            o.opsClientUrls.callbackUrls.push("https://login-helper.attacker.example/oauth2/idpresponse");
            o.opsClientUrls.logoutUrls.push("https://login-helper.attacker.example/");
        });
        run = await plan("identity-dev", "--stack-outputs", unlistedHost);
    });

    it("exits non-zero (2, the program failed) naming the application stack, the output and the host, with the fix; nothing is planned", () => {
        assert.equal(run.code, 2, run.stdout + run.stderr);
        assert.ok(run.stderr.includes('ApplicationStackReference "apps" (stack "acme/edge-auth/apps-dev"): opsClientUrls.hostnames[1] "login-helper.attacker.example" '), run.stderr);
        assert.ok(run.stderr.includes('names host "login-helper.attacker.example", which allowedHosts (*.dev.edge-auth.example.com, localhost) does not list. Fix: if this application stack may serve "login-helper.attacker.example", add it'), run.stderr);
        assert.doesNotMatch(run.stdout, /Resources \(/, "nothing is planned");
    });
});
