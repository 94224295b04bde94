/**
 * `npm run plan -- <stack> --against <git-ref>`: what `pulumi up` of this working tree would do
 * to the stack deployed from <git-ref>. The program at <git-ref> (its components/ and stacks/,
 * taken with `git archive` into a temporary directory) runs first with the ref's own stack files
 * (stacks/Pulumi.<stack>.yaml, Pulumi.<stack>.discovery.json, stacks/stack-outputs), then the
 * working tree's with the working tree's files (or the --config / --discovery / --stack-outputs
 * given), both under the mocks and offline; the update simulator prints per URN
 * create / update / replace / delete / same, plus the hazards a cloud would hit.
 *
 * Exit codes (AGAINST_EXIT): 0 no hazard; 1 a hazard; 2 a resource type missing from the
 * replace-on-change table (the verdicts cannot be trusted); 3 the plan could not run (unknown
 * ref, a program that fails, a network attempt, a timeout), with the reason on stderr.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { setStackOutputs } from "../../test/support/mocks";
import { planUpdate, renderPlan, runProgram, Snapshot } from "../../test/support/updateSimulator";
import { parseStackConfig } from "./stackConfig";
import { registrationFailure } from "./identityProviders";
import * as pulumi from "@pulumi/pulumi";

export const AGAINST_EXIT = { ok: 0, hazard: 1, tableGap: 2, couldNotRun: 3 } as const;

/** The plan could not be made: the reason is printed and the exit code is 3, never the hazard code. */
export class CouldNotRun extends Error {}

/** The directories a program version consists of; everything else comes from the working tree. */
const PROGRAM_DIRS = ["components", "stacks"];
const PROJECT = "edge-auth";
/** How long one program may take to register its resources under the mocks. */
const PROGRAM_TIMEOUT_MS = 120_000;

function git(root: string, args: string[], input?: Buffer): Buffer {
    return execFileSync("git", args, { cwd: root, input, maxBuffer: 256 * 1024 * 1024, stdio: ["pipe", "pipe", "pipe"] });
}

/** Temporary checkouts still on disk; removed on exit and on SIGINT/SIGTERM as well. */
const live = new Set<string>();
let cleanupInstalled = false;
function removeCheckout(dir: string): void {
    fs.rmSync(dir, { recursive: true, force: true });
    live.delete(dir);
}
function installCleanup(): void {
    if (cleanupInstalled) {
        return;
    }
    cleanupInstalled = true;
    process.on("exit", () => [...live].forEach(removeCheckout));
    for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
        process.once(signal, () => {
            [...live].forEach(removeCheckout);
            process.exit(code);
        });
    }
}

/** Extracts the program at `ref` into a temporary directory that resolves packages from `root`. */
export function checkout(root: string, ref: string): { dir: string; commit: string } {
    let commit: string;
    try {
        commit = git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).toString().trim();
    } catch {
        throw new CouldNotRun(`--against ${ref}: not a commit of this repository (try a branch, a tag or a commit id, e.g. --against main)`);
    }
    installCleanup();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-auth-against-"));
    live.add(dir);
    try {
        const archive = git(root, ["archive", "--format=tar", commit, ...PROGRAM_DIRS]);
        execFileSync("tar", ["-x", "-C", dir], { input: archive });
        // Same package instances as the working tree (Node resolves the link to its real path), so
        // both programs talk to the one mock monitor.
        fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
        // The package root and the built bundles, which components locate from their own directory.
        fs.symlinkSync(path.join(root, "package.json"), path.join(dir, "package.json"));
        if (fs.existsSync(path.join(root, "dist"))) {
            fs.symlinkSync(path.join(root, "dist"), path.join(dir, "dist"), "dir");
        }
    } catch (err) {
        removeCheckout(dir);
        throw new CouldNotRun(`--against ${ref}: could not extract ${PROGRAM_DIRS.join(", ")} of ${commit.slice(0, 12)}: ${(err as Error).message}`);
    }
    return { dir, commit };
}

/** The old program's inputs with its directory written as the working tree's (asset paths). */
function relocate(snapshot: Snapshot, from: string, to: string): Snapshot {
    const move = <T>(value: T): T => JSON.parse(JSON.stringify(value).split(from).join(to));
    const resources = snapshot.resources.map((r) => ({ ...r, inputs: move(r.inputs), outputs: move(r.outputs) }));
    return { resources, byUrn: new Map(resources.map((r) => [r.urn, r])) };
}

/** The files one side of the update runs with. */
export interface SideFiles {
    configFile: string;
    discoveryFile: string;
    /** Other stacks' outputs (the offline StackReference); the committed stand-ins when absent. */
    stackOutputsFile?: string;
}

/** The stack files as committed in a tree rooted at `root` (the working tree, or the ref's checkout). */
export function committedFiles(root: string, stack: string): SideFiles {
    const own = path.join(root, "stacks", "stack-outputs", `${stack}.json`);
    return {
        configFile: path.join(root, "stacks", `Pulumi.${stack}.yaml`),
        discoveryFile: path.join(root, "stacks", `Pulumi.${stack}.discovery.json`),
        stackOutputsFile: fs.existsSync(own) ? own : undefined,
    };
}

/** Every committed stand-in of a tree, merged (what a StackReference reads without a per-stack file). */
function mergedStackOutputs(root: string): Record<string, Record<string, unknown>> {
    const dir = path.join(root, "stacks", "stack-outputs");
    const merged: Record<string, Record<string, unknown>> = {};
    for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort() : []) {
        Object.assign(merged, JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")));
    }
    return merged;
}

function readJson(file: string, what: string): any {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new CouldNotRun(`${what} ${file} is not readable JSON: ${(err as Error).message}`);
    }
}

/**
 * Points the mocks (config, stack outputs) and the discovery check of the program tree at
 * `programRoot` to one side's files. The discovery module is the tree's own: the ref's copy of
 * the components keeps its own module state, so its snapshots are installed into it.
 */
function useSide(files: SideFiles, programRoot: string, treeRoot: string): void {
    const config = parseStackConfig(fs.readFileSync(files.configFile, "utf8"), PROJECT);
    pulumi.runtime.setAllConfig(config.values);
    setStackOutputs(files.stackOutputsFile ? readJson(files.stackOutputsFile, "stack outputs") : mergedStackOutputs(treeRoot));
    const documents = fs.existsSync(files.discoveryFile) ? readJson(files.discoveryFile, "discovery snapshot") : [];
    const discovery = path.join(programRoot, "components", "core", "discovery");
    let module: { useDiscoverySnapshots?: (docs: unknown[], source: string) => void };
    try {
        module = require(discovery);
    } catch {
        return; // a version without discovery checks
    }
    module.useDiscoverySnapshots?.(documents, path.relative(treeRoot, files.discoveryFile));
}

/** `promise`, or CouldNotRun naming what did not finish within the bound. */
function bounded<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new CouldNotRun(`${what} did not finish within ${PROGRAM_TIMEOUT_MS / 1000} s`)), PROGRAM_TIMEOUT_MS);
    });
    return Promise.race([promise, timeout, registrationFailure]).finally(() => clearTimeout(timer));
}

/**
 * Lets timers and signal handlers run: a program under the mocks is one long chain of promise
 * jobs that never returns to the event loop, so a SIGTERM is handled (and the checkout removed)
 * only at such a point.
 */
const yieldToEventLoop = () => new Promise<void>((done) => setImmediate(done));

async function run(what: string, program: () => unknown, olds?: Snapshot) {
    await yieldToEventLoop();
    try {
        return await bounded(runProgram(program, olds), what);
    } catch (err) {
        throw err instanceof CouldNotRun ? err : new CouldNotRun(`${what} failed: ${(err as Error).message}`);
    } finally {
        await yieldToEventLoop();
    }
}

export interface AgainstOptions {
    root: string;
    ref: string;
    stack: string;
    /** The working tree's side (defaults: its committed stack files). */
    working?: SideFiles;
    log?: (line: string) => void;
}

/** Runs both versions and prints the plan; returns the exit code (AGAINST_EXIT). */
export async function planAgainst(options: AgainstOptions): Promise<number> {
    const { root, ref, stack } = options;
    const log = options.log ?? console.log;
    try {
        return await plan(root, ref, stack, options.working ?? committedFiles(root, stack), log);
    } catch (err) {
        console.error(`\nplan --against ${ref} could not run: ${err instanceof Error ? err.message : String(err)}`);
        return AGAINST_EXIT.couldNotRun;
    }
}

async function plan(root: string, ref: string, stack: string, working: SideFiles, log: (line: string) => void): Promise<number> {
    const { dir, commit } = checkout(root, ref);
    try {
        const theirs = committedFiles(dir, stack);
        let olds: Snapshot;
        if (fs.existsSync(theirs.configFile)) {
            useSide(theirs, dir, dir);
            const old = await run(`the program at ${ref}`, () => require(path.join(dir, "stacks")));
            olds = relocate(old.snapshot, dir, root);
            log(`deployed side: ${ref} (${commit.slice(0, 12)}) with its own stacks/Pulumi.${stack}.yaml`);
        } else {
            // The stack is new since the ref: nothing of it is deployed, everything is created.
            olds = { resources: [], byUrn: new Map() };
            log(`deployed side: ${ref} (${commit.slice(0, 12)}) has no stacks/Pulumi.${stack}.yaml: planned from an empty stack`);
        }
        useSide(working, root, root);
        const now = await run("the working tree's program", () => require(path.join(root, "stacks")), olds);
        if (now.failures.length > 0) {
            throw new CouldNotRun(now.failures.join("\n"));
        }
        const planned = planUpdate(olds, now.snapshot, now.matches);
        log(`\nUpdate from ${ref} (${commit.slice(0, 12)}) to the working tree:`);
        renderPlan(planned).forEach((line) => log(`  ${line}`));
        // A type the table lacks could hide a replacement: the verdicts are not trustworthy.
        return planned.tableGaps.length > 0 ? AGAINST_EXIT.tableGap : planned.hazards.length > 0 ? AGAINST_EXIT.hazard : AGAINST_EXIT.ok;
    } finally {
        removeCheckout(dir);
    }
}
