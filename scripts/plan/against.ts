/**
 * `npm run plan -- <stack> --against <git-ref>`: what `pulumi up` of this working tree would do
 * to the stack deployed from <git-ref>. The program at <git-ref> (its components/ and stacks/,
 * taken with `git archive` into a temporary directory) runs first, then the working tree's,
 * both under the mocks with this stack's config, and the update simulator prints per URN
 * create / update / replace / delete / same, plus the hazards a cloud would hit (Auth0's 409,
 * an emptied post-login flow, ALB priorities in use). Exit code 1 when there is a hazard, 2 when
 * a resource type is missing from the replace-on-change table.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planUpdate, renderPlan, runProgram, Snapshot } from "../../test/support/updateSimulator";

/** The directories a program version consists of; everything else comes from the working tree. */
const PROGRAM_DIRS = ["components", "stacks"];

function git(root: string, args: string[], input?: Buffer): Buffer {
    return execFileSync("git", args, { cwd: root, input, maxBuffer: 256 * 1024 * 1024, stdio: ["pipe", "pipe", "pipe"] });
}

/** Extracts the program at `ref` into a temporary directory that resolves packages from `root`. */
export function checkout(root: string, ref: string): { dir: string; commit: string } {
    let commit: string;
    try {
        commit = git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).toString().trim();
    } catch {
        throw new Error(`--against ${ref}: not a commit of this repository (try a branch, a tag or a commit id, e.g. --against main)`);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-auth-against-"));
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
    return { dir, commit };
}

/** The old program's inputs with its directory written as the working tree's (asset paths). */
function relocate(snapshot: Snapshot, from: string, to: string): Snapshot {
    const move = <T>(value: T): T => JSON.parse(JSON.stringify(value).split(from).join(to));
    const resources = snapshot.resources.map((r) => ({ ...r, inputs: move(r.inputs), outputs: move(r.outputs) }));
    return { resources, byUrn: new Map(resources.map((r) => [r.urn, r])) };
}

/** Runs both versions and prints the plan; returns the exit code. */
export async function planAgainst(root: string, ref: string, log: (line: string) => void = console.log): Promise<number> {
    const { dir, commit } = checkout(root, ref);
    try {
        const old = await runProgram(() => require(path.join(dir, "stacks")));
        const olds = relocate(old.snapshot, dir, root);
        const now = await runProgram(() => require(path.join(root, "stacks")), olds);
        if (now.failures.length > 0) {
            throw new Error(now.failures.join("\n"));
        }
        const plan = planUpdate(olds, now.snapshot, now.matches);
        log(`\nUpdate from ${ref} (${commit.slice(0, 12)}) to the working tree:`);
        renderPlan(plan).forEach((line) => log(`  ${line}`));
        // A type the table lacks could hide a replacement: the verdicts are not trustworthy.
        return plan.tableGaps.length > 0 ? 2 : plan.hazards.length > 0 ? 1 : 0;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
