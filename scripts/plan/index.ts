/**
 * `npm run plan -- <stack> [--config <file>] [--policy-config <file>] [--discovery <file>] [--stack-outputs <file>] [--against <git-ref>] [--format text|mermaid|json]`
 *
 * The check a pull request gets without cloud credentials: runs the stack program under the
 * Pulumi mock runtime with the stack's config, prints the resources it would create as a tree
 * and the values synced between Auth0 and AWS, evaluates the policy pack with the stack's policy
 * config (stacks/policy-config/<stack>.json, else the baseline policies/config/<stack>.json),
 * prints every violation in full, and exits 1 on any mandatory violation (2 when the program
 * itself fails). `--format mermaid` prints the sync graph as a diagram GitHub renders,
 * `--format json` the resources, synced values and violations for tools (progress lines then
 * go to stderr).
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { registerRequests, resolve, settle, setupMocks } from "../../test/support/mocks";
import { captureStack, evaluate, preparePolicyPack, stopPolicyPack } from "../../test/support/policyHarness";
import { checkRoleGatesEnforced } from "../../components/auth0/flowOwnership";
import { loadStackOutputs, packConfigWithContracts } from "./stackOutputs";
import { AGAINST_EXIT, planAgainst } from "./against";
import { forbidNetwork } from "./offline";
import { renderSyncedValues, renderTree, renderViolations } from "./render";
import { buildPlanGraph } from "./graph";
import { planDocument } from "./json";
import { renderMermaid } from "./mermaid";
import { parseStackConfig } from "./stackConfig";
import { installDiscoverySnapshots, registrationFailure, renderIdentityProviders } from "./identityProviders";

const ROOT = path.resolve(__dirname, "../..");
/** How long the program may take to register its resources and resolve its outputs under mocks. */
const PROGRAM_TIMEOUT_MS = 120_000;

/** `promise`, or an error naming what did not finish within `ms` (a plan never waits forever). */
function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s; an Output that never resolves (or a promise the program awaits) keeps it waiting`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
const PROJECT = "edge-auth";

interface Options {
    stack: string;
    configFile: string;
    policyConfigFile: string;
    discoveryFile: string;
    format: PlanFormat;
    /** Outputs of other stacks that the program reads (the offline StackReference); optional. */
    stackOutputsFile?: string;
    /** Plan the update from the program at this git ref (see against.ts). */
    against?: string;
}

/** Flags followed by a value (`--format json`), so the value is never taken for the stack. */
const VALUE_FLAGS = new Set(["--config", "--policy-config", "--discovery", "--format", "--against", "--stack-outputs"]);
const FORMATS = ["text", "mermaid", "json"] as const;
type PlanFormat = (typeof FORMATS)[number];

/** The stacks that have a `stacks/Pulumi.<stack>.yaml`. */
function existingStacks(): string[] {
    return fs.readdirSync(path.join(ROOT, "stacks")).filter((f) => /^Pulumi\..+\.yaml$/.test(f)).map((f) => f.split(".")[1]).sort();
}

/** The stack's own policy config (baseline plus its exceptions), else the shipped baseline. */
function defaultPolicyConfig(stack: string): string {
    const own = path.join(ROOT, "stacks", "policy-config", `${stack}.json`);
    return fs.existsSync(own) ? own : path.join(ROOT, "policies", "config", `${stack}.json`);
}


function parseArgs(argv: string[]): Options {
    // The stack is the first argument that is neither a flag nor the value of one.
    const stack = argv.find((a, i) => !a.startsWith("--") && !(i > 0 && VALUE_FLAGS.has(argv[i - 1])));
    const flag = (name: string) => {
        const i = argv.indexOf(name);
        return i >= 0 ? argv[i + 1] : undefined;
    };
    if (!stack) {
        throw new Error(`usage: npm run plan -- <stack> [--config <file>] [--policy-config <file>] [--discovery <file>] [--stack-outputs <file>] [--against <git-ref>] [--format text|mermaid|json]; stacks: ${existingStacks().join(", ")}`);
    }
    const format = (flag("--format") ?? "text") as PlanFormat;
    if (!FORMATS.includes(format)) {
        throw new Error(`unknown --format "${format}". Fix: use one of ${FORMATS.join(", ")}`);
    }
    const configFile = path.resolve(flag("--config") ?? path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`));
    if (!fs.existsSync(configFile)) {
        throw new Error(flag("--config")
            ? `no config file ${configFile}. Fix: pass an existing Pulumi.<stack>.yaml to --config`
            : `unknown stack "${stack}": there is no stacks/Pulumi.${stack}.yaml. Stacks: ${existingStacks().join(", ")}`);
    }
    const policyConfigFile = path.resolve(flag("--policy-config") ?? defaultPolicyConfig(stack));
    if (!fs.existsSync(policyConfigFile)) {
        throw new Error(`no policy config ${path.relative(ROOT, policyConfigFile)}. Fix: add it, or pass --policy-config <file>`);
    }
    const discoveryFile = path.resolve(flag("--discovery") ?? path.join(ROOT, "stacks", `Pulumi.${stack}.discovery.json`));
    return { stack, configFile, policyConfigFile, discoveryFile, format, against: flag("--against"), stackOutputsFile: flag("--stack-outputs") };
}

async function main(): Promise<number> {
    const started = Date.now();
    const options = parseArgs(process.argv.slice(2));
    const config = parseStackConfig(fs.readFileSync(options.configFile, "utf8"), PROJECT);
    const policyConfig = JSON.parse(fs.readFileSync(options.policyConfigFile, "utf8"));

    // The pack boots in its own process while the program runs (an update plan needs none).
    if (!options.against) {
        preparePolicyPack();
    }
    setupMocks(config.values, options.stack);
    const otherStacks = loadStackOutputs(ROOT, options.stack, options.stackOutputsFile);
    // Machine-readable formats keep stdout for the document: progress goes to stderr.
    const log = options.format === "text" ? console.log : console.error;
    log(`edge-auth plan: stack ${options.stack} (${path.relative(ROOT, options.configFile)}), offline`);
    if (config.secretKeys.length > 0) {
        log(`secrets not available offline, left out: ${config.secretKeys.join(", ")}`);
    }
    if (otherStacks) {
        log(`other stacks' outputs from ${path.relative(ROOT, otherStacks.file)}: ${otherStacks.stacks.join(", ")}`);
    }

    // Offline: identity providers are checked against the committed discovery snapshot, never the network.
    installDiscoverySnapshots(options.discoveryFile, ROOT);
    if (options.against) {
        // Both sides offline; each takes its own stack files (the ref's from the ref).
        forbidNetwork();
        return planAgainst({
            root: ROOT,
            ref: options.against,
            stack: options.stack,
            working: { configFile: options.configFile, discoveryFile: options.discoveryFile, stackOutputsFile: otherStacks?.file },
        });
    }

    const outputs: Record<string, string> = {};
    try {
        // A split stack's program resolves after reading the other stack (see stacks/split).
        const program = require(path.join(ROOT, "stacks"));
        await bounded((async () => {
            const exported = await Promise.race([program, registrationFailure]);
            // The program has constructed everything: a role gate no flow enforces fails it here.
            checkRoleGatesEnforced();
            // A failed registration (a discovery check) fails the plan as it fails a preview.
            await Promise.race([settle(), registrationFailure]);
            for (const [key, value] of Object.entries(exported)) {
                if (value === undefined || typeof value === "function") {
                    continue;
                }
                const secret = pulumi.Output.isInstance(value) && (await (value as any).isSecret);
                outputs[key] = secret ? "[secret]" : JSON.stringify(await resolve(value as pulumi.Input<unknown>));
            }
            await settle();
        })(), PROGRAM_TIMEOUT_MS, "the program");
    } catch (err) {
        console.error(`\nthe program failed: ${(err as Error).message}`);
        return 2;
    }

    const resources = await bounded(captureStack(registerRequests, config.values), PROGRAM_TIMEOUT_MS, "capturing the registered resources");
    // An application stack is judged against the identity stack's contracts it reads.
    const pack = packConfigWithContracts(policyConfig, otherStacks);
    if (options.format !== "text") {
        const violations = await evaluate(resources, pack.config);
        await stopPolicyPack();
        const graph = buildPlanGraph(resources);
        const policyFile = path.relative(ROOT, options.policyConfigFile);
        if (options.format === "json") {
            const values = Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v === "[secret]" ? v : JSON.parse(v)]));
            console.log(JSON.stringify(planDocument(options.stack, resources, graph, values, policyFile, violations), null, 2));
        } else {
            renderMermaid(graph, `edge-auth plan: ${options.stack}`).forEach((l) => console.log(l));
            const summary = renderViolations(violations);
            console.log(`\nPolicies (${policyFile}): ${summary.lines[0]}`);
            summary.lines.slice(1).forEach((l) => console.log(l));
        }
        log(`plan finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0;
    }
    console.log(`\nResources (${resources.filter((r) => !r.type.startsWith("pulumi:providers:")).length}):`);
    renderTree(resources).forEach((l) => console.log(`  ${l}`));
    console.log("\nSynced between Auth0 and AWS:");
    renderSyncedValues(resources).forEach((l) => console.log(`  ${l}`));
    const providers = renderIdentityProviders(resources, path.relative(ROOT, options.discoveryFile));
    if (providers.length > 0) {
        console.log("\nIdentity providers other than Auth0 (register the redirect URIs in their consoles):");
        providers.forEach((l) => console.log(`  ${l}`));
    }
    console.log("\nOutputs:");
    for (const [key, value] of Object.entries(outputs)) {
        console.log(`  ${key}: ${value}`);
    }

    if (pack.contracts > 0) {
        console.log(`\nThe pack's sync policies get the ${pack.contracts} API and application contracts of ${otherStacks!.stacks.join(", ")}.`);
    }
    const violations = await evaluate(resources, pack.config);
    await stopPolicyPack();
    const summary = renderViolations(violations);
    console.log(`\nPolicies (${path.relative(ROOT, options.policyConfigFile)}): ${summary.lines[0]}`);
    summary.lines.slice(1).forEach((l) => console.log(l));
    console.log(`\nplan finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return summary.mandatory > 0 ? 1 : 0;
}

main().then(
    (code) => process.exit(code),
    (err) => {
        console.error(err instanceof Error ? err.message : err);
        // With --against, 1 means a hazard and nothing else: a plan that could not run is 3.
        process.exit(process.argv.includes("--against") ? AGAINST_EXIT.couldNotRun : 2);
    },
);
