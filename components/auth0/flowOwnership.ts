/**
 * Who owns the tenant's post-login flow, and which role gates it enforces, within one program.
 *
 * `TriggerActions` owns the whole flow of a trigger: two of them in one program overwrite each
 * other, and a role gate that no flow binds is no gate at all (seed 000: every user of the
 * tenant passes the ALB). Both are facts about the whole program, so they are kept here:
 *
 * - a second PostLoginFlow on the same provider fails at construction, naming both;
 * - what a gate protects (the ALB's login rules) is created only when a flow binds the gate;
 *   a gate no flow binds fails the program at its end: under the Pulumi runtime on
 *   `beforeExit` (the event Pulumi itself treats as "the program registered everything", see
 *   @pulumi/pulumi cmd/run/index.js), under mocks when the test, the plan or the update
 *   simulator calls {@link checkRoleGatesEnforced}.
 *
 * It also orders the binding against the ALB login rules (issue 21), both ways safe:
 * - a gated rule depends on the binding, so the gate is live before the rule opens the login
 *   (a new gate, or a login moved to Auth0 with a gate);
 * - the binding depends on every ungated login rule of the program, so a binding that drops a
 *   gate (the login moved from Auth0 to another identity provider, e.g. LINE) is written only
 *   after the rule stopped sending users to Auth0: no window of ungated Auth0 logins.
 */
import { EdgeAuthArgumentError } from "../core/errors";
import type * as pulumi from "@pulumi/pulumi";

/** What a declared gate carries; the flow reads `clientId`, `roles` and `message`. */
export interface DeclaredGate {
    clientId: pulumi.Input<string>;
    roles: string[];
    message?: string;
}

interface GateRecord {
    owner: string;
    roles: string[];
    claimedBy?: string;
    /** Reported as unenforced already (the program failed). */
    failed?: boolean;
    /** Its protected resources were created. */
    enforced?: boolean;
    /** Creates what the gate protects, after the flow's binding; runs once, when a flow binds the gate. */
    onEnforced: (binding: pulumi.Resource) => void;
}

interface FlowRecord {
    owner: string;
    provider: unknown;
}

let flows: FlowRecord[] = [];
let gates = new Map<object, GateRecord>();
/** Listener rules of logins without a gate, constructed in this program so far. */
let ungatedRules: pulumi.Resource[] = [];
let exitHookInstalled = false;

/** Forgets flows and gates: the start of a new program in the same process (tests, simulator). */
export function resetFlowOwnership(): void {
    flows = [];
    gates = new Map();
    ungatedRules = [];
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

/**
 * Declares a role gate of `owner`. Returns the gate object to hand to the tenant's
 * PostLoginFlow; `onEnforced` runs when a flow binds it (never, if none does), with the
 * binding the protected resources must depend on.
 */
export function declareRoleGate(owner: string, gate: DeclaredGate, onEnforced: (binding: pulumi.Resource) => void): DeclaredGate {
    const declared: DeclaredGate = { clientId: gate.clientId, roles: [...gate.roles], message: gate.message };
    gates.set(declared, { owner, roles: [...gate.roles], onEnforced });
    if (!exitHookInstalled) {
        exitHookInstalled = true;
        // `beforeExit` fires once nothing else is pending: no flow can be created any more.
        // Throwing here is an uncaught exception, which fails the Pulumi program.
        process.on("beforeExit", () => checkRoleGatesEnforced());
    }
    return declared;
}

/** Called by PostLoginFlow for each gate it binds; gates declared elsewhere are ignored. */
export function claimRoleGate(gate: object, flowOwner: string): void {
    const record = gates.get(gate);
    if (record && !record.claimedBy) {
        record.claimedBy = flowOwner;
    }
}

/** Called by PostLoginFlow once its binding exists: creates what its claimed gates protect. */
export function enforceClaimedGates(flowOwner: string, binding: pulumi.Resource): void {
    for (const record of gates.values()) {
        if (record.claimedBy === flowOwner && !record.enforced) {
            record.enforced = true;
            record.onEnforced(binding);
        }
    }
}

/** Records listener rules that log users in without a gate (see the ordering note above). */
export function registerUngatedLoginRules(rules: readonly pulumi.Resource[]): void {
    ungatedRules.push(...rules);
}

/**
 * The ungated login rules of this program, once its synchronous part has run (logins are
 * often constructed after the flow): what the binding waits for.
 */
export function ungatedLoginRules(): Promise<pulumi.Resource[]> {
    return new Promise((done) => setImmediate(() => done([...ungatedRules])));
}

/**
 * Throws when a declared role gate is bound by no flow, naming each such gate. Runs by itself
 * at the end of a real program; tests, the plan and the simulator call it directly.
 */
export function checkRoleGatesEnforced(): void {
    const open = [...gates.values()].filter((g) => !g.claimedBy && !g.failed);
    if (open.length === 0) {
        return;
    }
    open.forEach((g) => { g.failed = true; });
    const names = open.map((r) => `${r.owner} (roles ${r.roles.map((x) => JSON.stringify(x)).join(", ")})`);
    throw new EdgeAuthArgumentError("roleGate", open.map((r) => r.owner),
        `is declared but no PostLoginFlow enforces it: ${names.join("; ")}; without the flow's Action every user of the tenant could log in, so the gated listener rules were not created`,
        "pass each component's `roleGate` output to the tenant's PostLoginFlow `roleGates` (e.g. roleGates: { ops: login.roleGate })");
}
