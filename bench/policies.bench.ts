/**
 * Evaluates the policy pack, through its real gRPC analyzer, on synthetic stacks of 500, 1,000
 * and 2,000 HTTP API routes across 100 APIs (each API with its JWT authorizer and its Auth0
 * API and scopes), under the prod config. Prints the times and fails when growth is not
 * linear or 2,000 routes take more than 10 s.
 *
 * It also runs a fixed baseline in the same run: the pack as it was at BASELINE_COMMIT (before
 * the URL-field registry, TLS tables and practice policies), extracted from git and served in
 * its own process next to the current one. Both judge the same 2,000-route stack, alternately,
 * and the bench fails when the current pack takes more than 1.5x the baseline's time.
 *
 *     npm run bench:policies
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { CapturedResource, evaluate, loadPolicyConfig, PackServer, PolicyPackConfig, startPolicyPack, stopPack, stopPolicyPack, violationsOf } from "../test/support/policyHarness";

/** The pack before issue 10's additions: the "today's time" the 1.5x budget refers to. */
const BASELINE_COMMIT = "92c10d902b70f65c61ef6250447f8bf2c3c5031a";
const MAX_RATIO = 1.5;
const ROUNDS = 3;
const ROOT = path.resolve(__dirname, "..");

const APIS = 100;
const SIZES = [500, 1000, 2000];
const LIMIT_MS = 10_000;
const ISSUER = "https://acme.us.auth0.com/";
const PREFIX = "urn:pulumi:bench::edge-auth::";

function resource(type: string, name: string, props: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}, provider?: string): CapturedResource {
    return { urn: `${PREFIX}${type}::${name}`, type, name, custom: true, inputs: props, outputs: props, provider, dependencies: Object.values(propertyDependencies).flat(), propertyDependencies };
}

/** `routes` routes spread over 100 APIs, each route requiring a scope its Auth0 API declares. */
export function syntheticStack(routes: number): CapturedResource[] {
    const auth0 = resource("pulumi:providers:auth0", "default_3_49_0", { domain: "acme.us.auth0.com", version: "3.49.0" });
    const aws = resource("pulumi:providers:aws", "default_7_48_0", { region: "us-east-1", version: "7.48.0" });
    const stack: CapturedResource[] = [auth0, aws];
    const authorizers: CapturedResource[] = [];
    for (let a = 0; a < APIS; a++) {
        const identifier = `urn:bench-api-${a}`;
        const server = resource("auth0:index/resourceServer:ResourceServer", `api-${a}`, { identifier, signingAlg: "RS256", enforcePolicies: true }, {}, auth0.urn);
        const scopes = resource("auth0:index/resourceServerScopes:ResourceServerScopes", `api-${a}-scopes`, {
            resourceServerIdentifier: identifier,
            scopes: [{ name: "read:items" }, { name: "write:items" }],
        }, { resourceServerIdentifier: [server.urn] }, auth0.urn);
        const api = resource("aws:apigatewayv2/api:Api", `http-${a}`, { protocolType: "HTTP" }, {}, aws.urn);
        const authorizer = resource("aws:apigatewayv2/authorizer:Authorizer", `http-${a}-jwt`, {
            apiId: `http-${a}-id`,
            authorizerType: "JWT",
            identitySources: ["$request.header.Authorization"],
            jwtConfiguration: { issuer: ISSUER, audiences: [identifier] },
        }, { apiId: [api.urn], jwtConfiguration: [server.urn] }, aws.urn);
        stack.push(server, scopes, api, authorizer);
        authorizers.push(authorizer);
    }
    for (let r = 0; r < routes; r++) {
        const a = r % APIS;
        stack.push(resource("aws:apigatewayv2/route:Route", `http-${a}-route-${r}`, {
            apiId: `http-${a}-id`,
            routeKey: `GET /items/${r}`,
            authorizationType: "JWT",
            authorizerId: `http-${a}-jwt-id`,
            authorizationScopes: [r % 2 === 0 ? "read:items" : "write:items"],
        }, { apiId: [`${PREFIX}aws:apigatewayv2/api:Api::http-${a}`], authorizerId: [authorizers[a].urn] }, aws.urn));
    }
    return stack;
}

/** Extracts the baseline pack from git into a folder inside the repository (so it resolves the root node_modules). */
function extractBaseline(): { dir: string; config: PolicyPackConfig } {
    const target = path.join(ROOT, ".tmp", `bench-baseline-${process.pid}`);
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(target, { recursive: true });
    try {
        const archive = execFileSync("git", ["archive", "--format=tar", BASELINE_COMMIT, "policies"], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 30_000 });
        execFileSync("tar", ["-x", "-C", target], { input: archive, timeout: 30_000 });
    } catch (err) {
        throw new Error(`cannot extract the baseline pack at ${BASELINE_COMMIT} from git (${(err as Error).message.split("\n")[0]}); in a shallow clone run \`git fetch --unshallow\``);
    }
    const dir = path.join(target, "policies");
    return { dir, config: JSON.parse(fs.readFileSync(path.join(dir, "config", "prod.json"), "utf8")) };
}

/** Milliseconds one evaluation of `stack` takes; fails when the stack is not compliant. */
async function time(stack: CapturedResource[], config: PolicyPackConfig, pack?: PackServer): Promise<number> {
    const start = process.hrtime.bigint();
    const violations = await evaluate(stack, config, pack);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (violations.length > 0) {
        throw new Error(`the synthetic stack should be compliant; got ${violations.length} diagnostics (${violationsOf(violations).length} mandatory): ${violations[0].message}`);
    }
    return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
    const prod = loadPolicyConfig("prod");
    const baseline = extractBaseline();
    let baselinePack: PackServer | undefined;
    try {
        baselinePack = await startPolicyPack(baseline.dir);
        // Warm-up: starts the analyzers and compiles the rules' hot paths.
        await time(syntheticStack(100), prod);
        await time(syntheticStack(100), baseline.config, baselinePack);

        const times: number[] = [];
        for (const size of SIZES) {
            const stack = syntheticStack(size);
            const ms = await time(stack, prod);
            times.push(ms);
            console.log(`${String(size).padStart(5)} routes, ${String(stack.length).padStart(5)} resources: ${ms.toFixed(0).padStart(6)} ms (${(ms / size).toFixed(2)} ms/route)`);
        }
        const perRoute = times.map((t, i) => t / SIZES[i]);
        const growth = perRoute[perRoute.length - 1] / perRoute[0];
        const marginal = SIZES.slice(1).map((size, i) => (times[i + 1] - times[i]) / (size - SIZES[i]));
        console.log(`marginal cost per added route: ${marginal.map((m) => `${m.toFixed(2)} ms`).join(", ")}`);
        console.log(`per-route cost at 2,000 vs 500 routes: x${growth.toFixed(2)} (at most x2 allowed; quadratic growth would give x4)`);

        // Same stack, alternating packs, so machine load hits both alike.
        const largest = syntheticStack(SIZES[SIZES.length - 1]);
        const current: number[] = [];
        const base: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
            base.push(await time(largest, baseline.config, baselinePack));
            current.push(await time(largest, prod));
        }
        const ratio = median(current) / median(base);
        console.log(`baseline (pack at ${BASELINE_COMMIT.slice(0, 7)}), 2,000 routes: ${median(base).toFixed(0)} ms (median of ${ROUNDS}: ${base.map((t) => t.toFixed(0)).join(", ")})`);
        console.log(`current pack, 2,000 routes:                 ${median(current).toFixed(0)} ms (median of ${ROUNDS}: ${current.map((t) => t.toFixed(0)).join(", ")})`);
        console.log(`current / baseline: x${ratio.toFixed(2)} (at most x${MAX_RATIO} allowed)`);

        if (times[times.length - 1] > LIMIT_MS) {
            throw new Error(`2,000 routes took ${times[times.length - 1].toFixed(0)} ms, over the ${LIMIT_MS} ms budget`);
        }
        if (growth > 2) {
            throw new Error(`per-route cost grew x${growth.toFixed(2)} from 500 to 2,000 routes: not linear`);
        }
        if (ratio > MAX_RATIO) {
            throw new Error(`the pack takes x${ratio.toFixed(2)} the baseline's time at 2,000 routes, over x${MAX_RATIO}`);
        }
    } finally {
        await Promise.all([stopPolicyPack(), baselinePack && stopPack(baselinePack)]);
        fs.rmSync(path.dirname(baseline.dir), { recursive: true, force: true });
    }
}

main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});
