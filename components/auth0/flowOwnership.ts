/**
 * Who owns the tenant's post-login flow, and which role gates it enforces, within one program.
 *
 * `TriggerActions` owns the whole flow of a trigger: two of them in one program overwrite each
 * other, and a role gate that no flow binds is no gate at all (seed 000: every user of the
 * tenant passes the ALB). Both are facts about the whole program, so they are kept here:
 *
 * - a second PostLoginFlow on the same provider fails at construction, naming both;
 * - a declared role gate that no flow claims fails the program at its end: under the Pulumi
 *   runtime on `beforeExit` (the event Pulumi itself treats as "the program registered
 *   everything", see @pulumi/pulumi cmd/run/index.js), under mocks when the test or the update
 *   simulator calls {@link checkRoleGatesEnforced}. The gated listener rules wait for the claim,
 *   so an unenforced login rule is never registered at all.
 */
import * as pulumi from "@pulumi/pulumi";
import { EdgeAuthArgumentError } from "../core/errors";

/** What a declared gate carries; the flow reads `clientId`, `roles` and `message`. */
export interface DeclaredGate {
    clientId: pulumi.Input<string>;
    roles: string[];
    message?: string;
}

interface GateRecord {
    owner: string;
    /** Reported as unenforced already (the program failed). */
    failed?: boolean;
    roles: string[];
    claimedBy?: string;
    resolve: () => void;
    reject: (err: Error) => void;
    enforced: Promise<void>;
}

interface FlowRecord {
    owner: string;
    provider: unknown;
}

/** How long a mocked program may leave a gate unclaimed before it fails instead of hanging. */
export const MOCKED_GATE_BOUND_MS = 5_000;

let flows: FlowRecord[] = [];
let gates = new Map<object, GateRecord>();
let exitHookInstalled = false;

/** Forgets flows and gates: the start of a new program in the same process (tests, simulator). */
export function resetFlowOwnership(): void {
    for (const gate of gates.values()) {
        if (!gate.claimedBy) {
            // Unblock anything still waiting on a gate of the previous program; nothing listens.
            gate.enforced.catch(() => undefined);
            gate.reject(new Error(`${gate.owner}: the program ended`));
        }
    }
    flows = [];
    gates = new Map();
}

/**
 * Records that `owner` (e.g. `PostLoginFlow "tenant-post-login"`) binds the post-login flow
 * through `provider` (undefined = the default provider), or throws naming the first owner.
 */
export function claimPostLoginFlow(owner: string, provider: unknown): void {
    const other = flows.find((f) => f.provider === provider);
    // The same name twice is the same URN twice, which the engine itself refuses.
    if (other && other.owner !== owner) {
        throw new EdgeAuthArgumentError("name", owner, `is a second post-login flow for the same tenant; ${other.owner} already owns it, and each TriggerActions overwrites the other's bindings`,
            `create one PostLoginFlow per tenant and pass every gate, claim and connection scope to it (merge ${owner} into ${other.owner})`);
    }
    if (!other) {
        flows.push({ owner, provider });
    }
}

function mocked(): boolean {
    const monitor = pulumi.runtime.getMonitor() as { constructor?: { name?: string } } | undefined;
    return monitor?.constructor?.name === "MockMonitor";
}

/**
 * Declares a role gate of `owner`. Returns the gate object to hand to the tenant's
 * PostLoginFlow and a promise that settles once a flow claims it (or fails at program end).
 */
export function declareRoleGate(owner: string, gate: DeclaredGate): { gate: DeclaredGate; enforced: Promise<void> } {
    let resolve!: () => void;
    let reject!: (err: Error) => void;
    const enforced = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
    // Nobody may be left with an unhandled rejection; the program-end check reports the error.
    enforced.catch(() => undefined);
    const record: GateRecord = { owner, roles: [...gate.roles], resolve, reject, enforced };
    const declared: DeclaredGate = { clientId: gate.clientId, roles: [...gate.roles], message: gate.message };
    gates.set(declared, record);
    if (!exitHookInstalled) {
        exitHookInstalled = true;
        // `beforeExit` fires once nothing else is pending: no flow can be created any more.
        // Throwing here is an uncaught exception, which fails the Pulumi program.
        process.on("beforeExit", () => checkRoleGatesEnforced());
    }
    if (mocked()) {
        // A test runner keeps the process alive, so `beforeExit` may never come: bound the
        // wait so the gated rules fail instead of hanging a test's settle().
        const timer = setTimeout(() => {
            if (!record.claimedBy) {
                record.reject(unenforcedError([record]));
            }
        }, MOCKED_GATE_BOUND_MS);
        timer.unref();
    }
    return { gate: declared, enforced };
}

/** Called by PostLoginFlow for each gate it binds; gates declared elsewhere are ignored. */
export function claimRoleGate(gate: object, flowOwner: string): void {
    const record = gates.get(gate);
    if (record && !record.claimedBy) {
        record.claimedBy = flowOwner;
        record.resolve();
    }
}

function unenforcedError(records: readonly GateRecord[]): EdgeAuthArgumentError {
    const names = records.map((r) => `${r.owner} (roles ${r.roles.map((x) => JSON.stringify(x)).join(", ")})`);
    return new EdgeAuthArgumentError("roleGate", records.map((r) => r.owner),
        `is declared but no PostLoginFlow enforces it: ${names.join("; ")}; without the flow's Action every user of the tenant could log in, so the gated listener rules were not registered`,
        "pass each component's `roleGate` output to the tenant's PostLoginFlow `roleGates` (e.g. roleGates: { ops: login.roleGate })");
}

/**
 * Throws when a declared role gate is claimed by no flow, naming each such gate, and fails the
 * gated rules' wait. Runs by itself at the end of a real program; tests call it directly.
 */
export function checkRoleGatesEnforced(): void {
    const open = [...gates.values()].filter((g) => !g.claimedBy && !g.failed);
    if (open.length === 0) {
        return;
    }
    const error = unenforcedError(open);
    for (const gate of open) {
        gate.failed = true;
        gate.reject(error);
    }
    throw error;
}
