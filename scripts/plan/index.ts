/**
 * `npm run plan -- <stack> [--config <file>] [--policy-config <file>] [--stack-outputs <file>] [--against <git-ref>]`
 *
 * The check a pull request gets without cloud credentials: runs the stack program under the
 * Pulumi mock runtime with the stack's config, prints the resources it would create as a tree
 * and the values synced between Auth0 and AWS, evaluates the policy pack with the stack's policy
 * config (stacks/policy-config/<stack>.json, else the baseline policies/config/<stack>.json),
 * prints every violation in full, and exits 1 on any mandatory violation (2 when the program
 * itself fails).
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { registerRequests, resolve, settle, setupMocks } from "../../test/support/mocks";
import { loadStackOutputs, packConfigWithContracts } from "./stackOutputs";
import { captureStack, evaluate, preparePolicyPack, stopPolicyPack } from "../../test/support/policyHarness";
import { checkRoleGatesEnforced } from "../../components/auth0/flowOwnership";
import { planAgainst } from "./against";
import { renderSyncedValues, renderTree, renderViolations } from "./render";
import { parseStackConfig } from "./stackConfig";

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
    /** Outputs of other stacks that the program reads (the offline StackReference); optional. */
    stackOutputsFile?: string;
    /** Plan the update from the program at this git ref (see against.ts). */
    against?: string;
}

/** The stack's own policy config (baseline plus its exceptions), else the shipped baseline. */
function defaultPolicyConfig(stack: string): string {
    const own = path.join(ROOT, "stacks", "policy-config", `${stack}.json`);
    return fs.existsSync(own) ? own : path.join(ROOT, "policies", "config", `${stack}.json`);
}

function parseArgs(argv: string[]): Options {
    const stack = argv.find((a) => !a.startsWith("--"));
    const flag = (name: string) => {
        const i = argv.indexOf(name);
        return i >= 0 ? argv[i + 1] : undefined;
    };
    if (!stack) {
        const stacks = fs.readdirSync(path.join(ROOT, "stacks")).filter((f) => /^Pulumi\..+\.yaml$/.test(f)).map((f) => f.split(".")[1]);
        throw new Error(`usage: npm run plan -- <stack> [--config <file>] [--policy-config <file>] [--stack-outputs <file>] [--against <git-ref>]; stacks: ${stacks.join(", ")}`);
    }
    return {
        stack,
        configFile: path.resolve(flag("--config") ?? path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`)),
        policyConfigFile: path.resolve(flag("--policy-config") ?? defaultPolicyConfig(stack)),
        stackOutputsFile: flag("--stack-outputs"),
        against: flag("--against"),
    };
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
    console.log(`edge-auth plan: stack ${options.stack} (${path.relative(ROOT, options.configFile)}), offline`);
    if (config.secretKeys.length > 0) {
        console.log(`secrets not available offline, left out: ${config.secretKeys.join(", ")}`);
    }
    if (otherStacks) {
        console.log(`other stacks' outputs from ${path.relative(ROOT, otherStacks.file)}: ${otherStacks.stacks.join(", ")}`);
    }

    if (options.against) {
        return planAgainst(ROOT, options.against);
    }

    const outputs: Record<string, string> = {};
    try {
        await bounded((async () => {
            // A split stack's program resolves after reading the other stack (see stacks/split).
            const program = await require(path.join(ROOT, "stacks"));
            // The program has constructed everything: a role gate no flow enforces fails it here.
            checkRoleGatesEnforced();
            await settle();
            for (const [key, value] of Object.entries(program)) {
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
    console.log(`\nResources (${resources.filter((r) => !r.type.startsWith("pulumi:providers:")).length}):`);
    renderTree(resources).forEach((l) => console.log(`  ${l}`));
    console.log("\nSynced between Auth0 and AWS:");
    renderSyncedValues(resources).forEach((l) => console.log(`  ${l}`));
    console.log("\nOutputs:");
    for (const [key, value] of Object.entries(outputs)) {
        console.log(`  ${key}: ${value}`);
    }

    const pack = packConfigWithContracts(policyConfig, otherStacks);
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
        process.exit(2);
    },
);
