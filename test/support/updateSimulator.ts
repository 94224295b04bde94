/**
 * The update simulator: what `pulumi up` would do to a stack deployed with program A when it
 * runs program B. Both run under the mocks; the verdict per URN follows the engine's rules:
 *
 * - identity is the URN `urn:pulumi:<stack>::<project>::<parent types $ joined>$<type>::<name>`
 *   (the root stack's type left out); the engine's own URNs, not the mock monitor's, which keep
 *   only the last parent type;
 * - a new URN first looks for an old resource under its aliases, expanded as the engine does
 *   (pulumi/pulumi pkg/resource/deploy/step_generator.go `generateAliases`: the resource's own
 *   aliases, then its parent's old URN with the parent-name prefix of the child's name swapped);
 * - a matched resource whose inputs differ is replaced when a changed property is in
 *   replaceOnChange.ts, updated otherwise; unchanged otherwise;
 * - creates, updates and replacements run in registration order; replaced originals and
 *   unmatched old resources are deleted last, in reverse order of the old program, unless
 *   `deleteBeforeReplace` (then the original goes just before its replacement).
 *
 * A matched resource keeps the old id and provider-computed outputs in program B (as in a
 * real update), so only genuine changes ripple into dependents; a replacement gets new ones.
 * Hazards name what the engine would not refuse but the cloud would: a second
 * `ResourceServer` with a live identifier, a `TriggerActions` deleted after its successor was
 * written, an Action deleted while still bound.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as pulumi from "@pulumi/pulumi";
import { checkRoleGatesEnforced } from "../../components/auth0/flowOwnership";
import { setRegisterHook, settle } from "./mocks";
import { startProgram } from "./programState";
import { REPLACE_ON_CHANGE, UNIQUE_KEYS } from "./replaceOnChange";

export type Verdict = "create" | "update" | "replace" | "delete" | "same";

export interface SimResource {
    urn: string;
    type: string;
    name: string;
    parent?: string;
    custom: boolean;
    /** Inputs as sent to the engine (wire form; secrets unwrapped). */
    inputs: Record<string, unknown>;
    id: string;
    /** What the program saw back: inputs plus provider-computed values (wire form). */
    outputs: Record<string, unknown>;
    deleteBeforeReplace: boolean;
    /**
     * Engine URNs this resource waits for: its inputs' resources and `dependsOn`, as the SDK sends
     * them (`RegisterResourceRequest.dependencies`), and its parent. The step executor starts a
     * step only after the steps of these; steps without such a path between them run in parallel.
     */
    dependencies?: string[];
}

export interface Snapshot {
    resources: SimResource[];
    byUrn: Map<string, SimResource>;
}

export interface Step {
    urn: string;
    type: string;
    verdict: Verdict;
    /** The old URN the resource was found under, when an alias matched. */
    oldUrn?: string;
    /** Changed top-level inputs (update or replace). */
    changed: string[];
    /** The changed inputs that force the replacement. */
    replaceBecause: string[];
    deleteBeforeReplace: boolean;
}

/** One engine operation, in the order the engine runs them. */
export interface Operation {
    op: "create" | "update" | "create-replacement" | "delete-replaced" | "delete";
    urn: string;
    type: string;
}

export interface Hazard {
    urn: string;
    message: string;
}

export interface UpdatePlan {
    /** Custom resource types of either program missing from replaceOnChange.ts. */
    tableGaps: string[];
    steps: Step[];
    operations: Operation[];
    hazards: Hazard[];
    /**
     * Per REST API stage of program B: the routes its deployment serves after the update,
     * against the routes B declares (aws.apigateway.Method). See restStageServing.
     */
    servedRoutes: ServedRoutes[];
    /** The verdict for a URN of either program (its new URN for matched resources). */
    verdictOf(urn: string): Verdict | undefined;
    /** The URNs of program B a resource's step waits for, transitively (the engine's ordering). */
    waitsFor(urn: string): Set<string>;
    /** Index of an operation in `operations`, or -1. */
    indexOf(op: Operation["op"], urn: string): number;
    /** Count per verdict. */
    summary(): Record<Verdict, number>;
}

/** What a REST API stage serves once the update is done. */
export interface ServedRoutes {
    stage: string;
    /** `<METHOD> <path>` of every method of the stage's REST API in program B, sorted. */
    declared: string[];
    /** The methods in the snapshot of the deployment the stage points to after the update, sorted. */
    served: string[];
    /** Declared methods the deployment may be created without (no dependency orders them first). */
    racing: string[];
}

const ROOT_STACK = "pulumi:pulumi:Stack";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

function toJs(value: unknown): Record<string, unknown> {
    if (value && typeof (value as Struct).toJavaScript === "function") {
        return (value as Struct).toJavaScript() as Record<string, unknown>;
    }
    return (value as Record<string, unknown>) ?? {};
}

/** Replaces wire-form secrets by their values: a secret that did not change is no change. */
function unwrapSecrets(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(unwrapSecrets);
    }
    if (value && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (record[SECRET_SIG] === SECRET_VALUE && "value" in record) {
            return unwrapSecrets(record.value);
        }
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}

const qualifiedType = (urn: string) => urn.split("::")[2];
const urnName = (urn: string) => urn.split("::").slice(3).join("::");

function newUrn(type: string, name: string, parent: string | undefined): string {
    const parentType = parent ? qualifiedType(parent) : undefined;
    const qualified = parentType && parentType !== ROOT_STACK ? `${parentType}$${type}` : type;
    return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
}

/** The mock monitor's URN for a request: it keeps only the parent's last type segment. */
function mockUrn(type: string, name: string, parentMockUrn: string): string {
    const qualified = parentMockUrn ? `${qualifiedType(parentMockUrn).split("$").pop()}$${type}` : type;
    return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
}

function deepEqual(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

function changedKeys(olds: Record<string, unknown>, news: Record<string, unknown>, ignored: readonly string[]): string[] {
    // An autoname (REPLACE_ON_CHANGE[type].autonamed) is absent from the program's inputs on both
    // sides, so it never shows as changed; an explicit name (the REST authorizer's log group) is
    // an input like any other and replaces when the provider says so.
    const skip = new Set(ignored);
    const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
    return [...keys].filter((k) => !k.startsWith("__") && !skip.has(k) && !deepEqual(olds[k], news[k])).sort();
}

interface Match {
    old?: SimResource;
    verdict: Verdict;
    changed: string[];
    replaceBecause: string[];
}

interface RunState {
    olds?: Snapshot;
    /** mock URN → engine URN, for parents and alias parents. */
    mockToUrn: Map<string, string>;
    /** new URN → old URN it was matched under (when different): the engine's `sg.aliases`. */
    matchedOld: Map<string, string>;
    claimedOld: Set<string>;
    resources: SimResource[];
    matches: Map<string, Match>;
    failures: string[];
}

function aliasUrns(req: any, urn: string, type: string, name: string, parent: string | undefined, state: RunState): string[] {
    const result: string[] = [];
    const add = (u: string) => { if (u !== urn && !result.includes(u)) result.push(u); };
    const collapse = (alias: any): string => {
        if (alias.getUrn && alias.getUrn()) {
            return alias.getUrn();
        }
        const spec = alias.getSpec();
        let aliasParent = parent;
        if (spec.getNoparent()) {
            aliasParent = undefined;
        } else if (spec.getParenturn()) {
            const given = spec.getParenturn();
            const known = state.mockToUrn.get(given) ?? given;
            aliasParent = state.matchedOld.get(known) ?? known;
        }
        return newUrn(spec.getType() || type, spec.getName() || name, aliasParent);
    };
    const own = (req.getAliasesList?.() ?? []).map(collapse);
    own.forEach(add);
    if (parent) {
        const parentOld = state.matchedOld.get(parent);
        if (parentOld) {
            const inherit = (childType: string, childName: string) => {
                const parentName = urnName(parent);
                const aliasName = childName.startsWith(parentName) ? urnName(parentOld) + childName.slice(parentName.length) : childName;
                return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualifiedType(parentOld)}$${childType}::${aliasName}`;
            };
            add(inherit(type, name));
            for (const alias of own) {
                add(inherit(qualifiedType(alias).split("$").pop()!, urnName(alias)));
            }
        }
    }
    return result;
}

function judge(type: string, custom: boolean, old: SimResource | undefined, inputs: Record<string, unknown>, ignored: readonly string[], state: RunState): Match {
    if (!old) {
        return { verdict: "create", changed: [], replaceBecause: [] };
    }
    if (old.type !== type) {
        return { old, verdict: "replace", changed: ["(type)"], replaceBecause: ["(type)"] };
    }
    // `ignoreChanges` keeps the old value: the engine diffs as if the input had not changed.
    const changed = changedKeys(old.inputs, inputs, ignored);
    if (changed.length === 0) {
        return { old, verdict: "same", changed, replaceBecause: [] };
    }
    if (!custom) {
        return { old, verdict: "update", changed, replaceBecause: [] };
    }
    const rule = REPLACE_ON_CHANGE[type];
    if (!rule) {
        state.failures.push(`no replace-on-change entry for ${type}: add it to test/support/replaceOnChange.ts with its provider source`);
        return { old, verdict: "update", changed, replaceBecause: [] };
    }
    const replaceBecause = changed.filter((k) => rule.replaceOnChange.includes(k));
    return { old, verdict: replaceBecause.length > 0 ? "replace" : "update", changed, replaceBecause };
}

/** What the program sees for a replaced resource: new ids and computed values. */
function freshen(value: unknown): unknown {
    return typeof value === "string" ? `${value}~replaced` : value;
}

function hook(state: RunState) {
    return (req: any, callback: (err: any, response: any) => void) => {
        const type: string = req.getType();
        const name: string = req.getName();
        const parentMock: string = req.getParent();
        const parent = parentMock ? state.mockToUrn.get(parentMock) ?? parentMock : undefined;
        const urn = newUrn(type, name, parent);
        state.mockToUrn.set(mockUrn(type, name, parentMock), urn);
        const inputs = unwrapSecrets(toJs(req.getObject())) as Record<string, unknown>;
        const custom: boolean = req.getCustom();
        const dependencies = [...new Set([...(req.getDependenciesList?.() ?? []).map((u: string) => state.mockToUrn.get(u) ?? u), ...(parent ? [parent] : [])])];

        let old: SimResource | undefined;
        if (state.olds) {
            const candidates = [urn, ...aliasUrns(req, urn, type, name, parent, state)];
            const found = candidates.find((u) => state.olds!.byUrn.has(u) && !state.claimedOld.has(u));
            if (found) {
                old = state.olds.byUrn.get(found);
                state.claimedOld.add(found);
                if (found !== urn) {
                    state.matchedOld.set(urn, found);
                }
            }
        }
        const match = state.olds ? judge(type, custom, old, inputs, req.getIgnorechangesList?.() ?? [], state) : { verdict: "create" as Verdict, changed: [], replaceBecause: [] };
        state.matches.set(urn, match);

        return (err: any, response: any) => {
            if (!err && response && custom) {
                const fresh = unwrapSecrets(toJs(response.getObject())) as Record<string, unknown>;
                let id: string = response.getId();
                let outputs = fresh;
                if (match.old && match.verdict !== "replace") {
                    // The resource lives on: its id and computed values are the old ones.
                    id = match.old.id;
                    outputs = { ...fresh };
                    for (const [key, value] of Object.entries(match.old.outputs)) {
                        if (!(key in inputs)) {
                            outputs[key] = value;
                        }
                    }
                } else if (match.old) {
                    id = `${match.old.id}~replaced`;
                    outputs = { ...fresh };
                    for (const [key, value] of Object.entries(match.old.outputs)) {
                        if (!(key in inputs) && deepEqual(fresh[key], value)) {
                            outputs[key] = freshen(value);
                        }
                    }
                }
                response.setId(id);
                response.setObject(Struct.fromJavaScript(outputs as any));
                state.resources.push({ urn, type, name, parent, custom, inputs, id, outputs, deleteBeforeReplace: req.getDeletebeforereplace(), dependencies });
            } else if (!err) {
                state.resources.push({ urn, type, name, parent, custom, inputs, id: "", outputs: {}, deleteBeforeReplace: false, dependencies });
            }
            callback(err, response);
        };
    };
}

/**
 * Runs one program under the mocks from a clean slate and returns what it registered. With
 * `olds`, it runs as the next deployment of that stack (ids of matched resources are kept).
 * Throws when the program fails, including a role gate no flow enforces.
 */
export async function runProgram(program: () => unknown, olds?: Snapshot): Promise<{ snapshot: Snapshot; matches: Map<string, Match>; failures: string[] }> {
    startProgram();
    const state: RunState = { olds, mockToUrn: new Map(), matchedOld: new Map(), claimedOld: new Set(), resources: [], matches: new Map(), failures: [] };
    setRegisterHook(hook(state));
    try {
        await program();
        // The program has constructed everything: a gate no flow claimed fails it now.
        checkRoleGatesEnforced();
        await settle();
    } finally {
        setRegisterHook(undefined);
    }
    const byUrn = new Map<string, SimResource>();
    for (const r of state.resources) {
        if (byUrn.has(r.urn)) {
            throw new Error(`duplicate URN ${r.urn}: the engine refuses a program that registers it twice`);
        }
        byUrn.set(r.urn, r);
    }
    return { snapshot: { resources: state.resources, byUrn }, matches: state.matches, failures: state.failures };
}

/** The plan of deploying B over a stack deployed with A. */
export function planUpdate(olds: Snapshot, news: Snapshot, matches: Map<string, Match>): UpdatePlan {
    const steps: Step[] = [];
    const operations: Operation[] = [];
    const claimed = new Set<string>();
    for (const r of news.resources) {
        if (r.type.startsWith("pulumi:providers:")) {
            continue;
        }
        const m = matches.get(r.urn)!;
        if (m.old) {
            claimed.add(m.old.urn);
        }
        const dbr = m.verdict === "replace" && r.deleteBeforeReplace;
        steps.push({ urn: r.urn, type: r.type, verdict: m.verdict, oldUrn: m.old && m.old.urn !== r.urn ? m.old.urn : undefined, changed: m.changed, replaceBecause: m.replaceBecause, deleteBeforeReplace: dbr });
        if (m.verdict === "create") {
            operations.push({ op: "create", urn: r.urn, type: r.type });
        } else if (m.verdict === "update") {
            operations.push({ op: "update", urn: r.urn, type: r.type });
        } else if (m.verdict === "replace") {
            if (dbr) {
                operations.push({ op: "delete-replaced", urn: m.old!.urn, type: r.type });
            }
            operations.push({ op: "create-replacement", urn: r.urn, type: r.type });
        }
    }
    const deleted = olds.resources.filter((r) => !claimed.has(r.urn) && !r.type.startsWith("pulumi:providers:"));
    // Deletes last, dependents first (reverse registration order of the old program).
    const tail: Operation[] = [];
    for (const r of [...olds.resources].reverse()) {
        if (!claimed.has(r.urn)) {
            tail.push({ op: "delete", urn: r.urn, type: r.type });
            steps.push({ urn: r.urn, type: r.type, verdict: "delete", changed: [], replaceBecause: [], deleteBeforeReplace: false });
        } else {
            const step = steps.find((s) => (s.oldUrn ?? s.urn) === r.urn);
            if (step && step.verdict === "replace" && !step.deleteBeforeReplace) {
                tail.push({ op: "delete-replaced", urn: r.urn, type: r.type });
            }
        }
    }
    operations.push(...tail.filter((o) => !o.type.startsWith("pulumi:providers:")));

    const hazards = [...findHazards(olds, news, operations, deleted, steps), ...targetGroupHazards(olds, news, operations, steps), ...gateWindowHazards(olds, news, steps)];
    const servedRoutes = restStageServing(olds, news, operations, steps);
    for (const served of servedRoutes) {
        const stale = served.served.filter((r) => !served.declared.includes(r));
        if (stale.length > 0) {
            hazards.push({ urn: served.stage, message: `${served.stage} keeps serving ${stale.join(", ")} after this update: its new Deployment is created while the removed methods still exist (removed resources are deleted at the end of the update), so the deployment snapshots them; the stage serves them until a later deployment` });
        }
        const missing = served.declared.filter((r) => !served.served.includes(r));
        if (missing.length > 0) {
            hazards.push({ urn: served.stage, message: `${served.stage} may not serve ${missing.join(", ")} after this update: ${served.racing.length > 0 ? "its Deployment does not depend on their methods, so it can be created before them" : "no new Deployment is created for them"}` });
        }
    }
    const verdictOf = (urn: string) => steps.find((s) => s.urn === urn || s.oldUrn === urn)?.verdict;
    const tableGaps = [...new Set([...olds.resources, ...news.resources]
        .filter((r) => r.custom && !r.type.startsWith("pulumi:providers:") && !REPLACE_ON_CHANGE[r.type]).map((r) => r.type))].sort();
    return {
        tableGaps,
        steps,
        operations,
        hazards,
        servedRoutes,
        verdictOf,
        waitsFor: (urn) => waitsFor(news, urn),
        indexOf: (op, urn) => operations.findIndex((o) => o.op === op && o.urn === urn),
        summary: () => {
            const counts: Record<Verdict, number> = { create: 0, update: 0, replace: 0, delete: 0, same: 0 };
            for (const s of steps) {
                // edge-auth's components are bookkeeping; count what the clouds see.
                if (!s.type.startsWith("edge-auth:")) {
                    counts[s.verdict]++;
                }
            }
            return counts;
        },
    };
}

function findHazards(olds: Snapshot, news: Snapshot, operations: readonly Operation[], deleted: readonly SimResource[], steps: readonly Step[]): Hazard[] {
    const hazards: Hazard[] = [];
    const stepOf = new Map(steps.map((s) => [s.urn, s]));
    // A unique value written (create, replacement or update) while another resource of the old
    // stack still holds it and gives it up only in this same update (or at its end).
    for (const op of operations) {
        if (op.op !== "create" && op.op !== "create-replacement" && op.op !== "update") {
            continue;
        }
        const unique = UNIQUE_KEYS[op.type];
        const value = unique?.key(news.byUrn.get(op.urn)!.inputs);
        if (!unique || value === undefined) {
            continue;
        }
        const self = stepOf.get(op.urn);
        const ownOld = olds.byUrn.get(self?.oldUrn ?? op.urn);
        if (op.op === "update" && ownOld && unique.key(ownOld.inputs) === value) {
            continue;
        }
        for (const holder of olds.resources) {
            if (holder.type !== op.type || unique.key(holder.inputs) !== value) {
                continue;
            }
            const isSelf = holder.urn === (self?.oldUrn ?? op.urn);
            if (isSelf && op.op !== "create-replacement") {
                continue;
            }
            if (isSelf && self?.deleteBeforeReplace) {
                continue;
            }
            hazards.push({ urn: op.urn, message: `${op.op} of ${op.urn} takes ${value} while ${holder.urn} still holds it: ${unique.effect}` });
        }
    }
    // An Action deleted while the final binding still lists its id.
    const bound = new Set(news.resources.filter((r) => r.type === "auth0:index/triggerActions:TriggerActions")
        .flatMap((r) => ((r.inputs.actions as Array<{ id: string }> | undefined) ?? []).map((a) => a.id)));
    for (const r of deleted) {
        if (r.type === "auth0:index/action:Action" && bound.has(r.id)) {
            hazards.push({ urn: r.urn, message: `delete of ${r.urn} while a binding still lists it: Auth0 refuses to delete a bound Action (409)` });
        }
    }
    return hazards;
}

/**
 * The URNs a resource of program B waits for, transitively: the engine's step executor starts a
 * step only once the steps of its dependencies are done (pulumi/pulumi pkg/resource/deploy
 * step_executor.go: a step's chain waits for its dependencies' completion), and the SDK sends a
 * registration only once its inputs' resources are registered. Anything else may run in parallel.
 */
function waitsFor(news: Snapshot, urn: string): Set<string> {
    const seen = new Set<string>();
    const pending = [urn];
    while (pending.length > 0) {
        for (const dep of news.byUrn.get(pending.pop()!)?.dependencies ?? []) {
            if (!seen.has(dep)) {
                seen.add(dep);
                pending.push(dep);
            }
        }
    }
    return seen;
}

const stepFor = (steps: readonly Step[], urn: string) => steps.find((s) => s.urn === urn && s.verdict !== "delete") ?? steps.find((s) => s.oldUrn === urn || s.urn === urn);

const METHOD = "aws:apigateway/method:Method";
const DEPLOYMENT = "aws:apigateway/deployment:Deployment";

/** `<METHOD> <path>` of each method of one REST API in a snapshot, by URN. */
function routeKeys(snapshot: Snapshot, restApiId: unknown): Map<string, string> {
    const tree = new Map<unknown, { parentId: unknown; pathPart: unknown }>();
    for (const r of snapshot.resources.filter((x) => x.type === "aws:apigateway/resource:Resource")) {
        tree.set(r.id, { parentId: r.inputs.parentId, pathPart: r.inputs.pathPart });
    }
    const pathOf = (resourceId: unknown) => {
        const parts: string[] = [];
        for (let id = resourceId, hops = 0; tree.has(id) && hops < 64; hops++) {
            parts.unshift(String(tree.get(id)!.pathPart));
            id = tree.get(id)!.parentId;
        }
        return `/${parts.join("/")}`;
    };
    return new Map(snapshot.resources.filter((r) => r.type === METHOD && r.inputs.restApi === restApiId)
        .map((r) => [r.urn, `${r.inputs.httpMethod} ${pathOf(r.inputs.resourceId)}`]));
}

/**
 * What each REST API stage of B serves after the update. A deployment is a snapshot of the
 * methods that exist when it is created (API Gateway CreateDeployment); the stage serves the
 * deployment its `deployment` input names. A Deployment created or replaced in this update is
 * created while the program runs, after the steps it waits for; methods removed from the program
 * are deleted only at the end of the update (deletes run after every create and update), so it
 * snapshots them; a method it does not wait for may be created after it. A Deployment kept as is
 * still serves the previous program's methods.
 */
function restStageServing(olds: Snapshot, news: Snapshot, operations: readonly Operation[], steps: readonly Step[]): ServedRoutes[] {
    const result: ServedRoutes[] = [];
    for (const stage of news.resources.filter((r) => r.type === "aws:apigateway/stage:Stage")) {
        const apiId = stage.inputs.restApi;
        const deployment = news.resources.find((r) => r.type === DEPLOYMENT && r.id === stage.inputs.deployment);
        if (!deployment) {
            continue;
        }
        const declaredByUrn = routeKeys(news, apiId);
        const declared = [...new Set(declaredByUrn.values())].sort();
        const oldByUrn = routeKeys(olds, apiId);
        const step = stepFor(steps, deployment.urn);
        const served = new Set<string>();
        const racing: string[] = [];
        if (step && (step.verdict === "create" || step.verdict === "replace")) {
            const before = waitsFor(news, deployment.urn);
            for (const [urn, key] of oldByUrn) {
                const s = stepFor(steps, urn);
                // An original deleted before its replacement (deleteBeforeReplace) is gone once
                // the deployment waits for that replacement; any other old method still exists.
                const goneFirst = s?.verdict === "replace" && s.deleteBeforeReplace && before.has(s.urn);
                if (!goneFirst) {
                    served.add(key);
                }
            }
            for (const [urn, key] of declaredByUrn) {
                const s = stepFor(steps, urn);
                if (s?.verdict === "create" || s?.verdict === "replace") {
                    if (before.has(urn)) {
                        served.add(key);
                    } else if (!served.has(key)) {
                        racing.push(key);
                    }
                } else {
                    served.add(key);
                }
            }
        } else {
            oldByUrn.forEach((key) => served.add(key));
        }
        result.push({ stage: stage.urn, declared, served: [...served].sort(), racing: racing.sort() });
    }
    return result;
}

const RULE_TYPE = "aws:lb/listenerRule:ListenerRule";
const LISTENER_TYPE = "aws:lb/listener:Listener";

/** Target group ARNs a listener or rule forwards to. */
function forwardedTargetGroups(inputs: Record<string, unknown>): string[] {
    const actions = [...((inputs.actions as any[]) ?? []), ...((inputs.defaultActions as any[]) ?? [])];
    return actions.flatMap((a) => [a?.targetGroupArn, ...((a?.forward?.targetGroups as any[]) ?? []).map((t) => t?.arn)]).filter((x): x is string => typeof x === "string");
}

/** The load balancer a listener or rule belongs to, from the listener resources of a snapshot (else the listener ARN). */
function loadBalancerOf(r: SimResource, snapshots: Snapshot[]): string {
    if (r.type === LISTENER_TYPE) {
        return String(r.inputs.loadBalancerArn);
    }
    for (const snapshot of snapshots) {
        const listener = snapshot.resources.find((l) => l.type === LISTENER_TYPE && l.outputs.arn === r.inputs.listenerArn);
        if (listener) {
            return String(listener.inputs.loadBalancerArn);
        }
    }
    // arn:...:listener/app/<lb name>/<lb id>/<listener id>
    return String(r.inputs.listenerArn).replace(/:listener\/(app\/[^/]+\/[^/]+)\/[^/]+$/, ":loadbalancer/$1");
}

/**
 * A target group behind a new load balancer while the old one's rules still use it. ELBv2 keeps
 * a target group with one load balancer (CreateRule / CreateListener answer
 * TargetGroupAssociationLimit, "the following target groups cannot be associated with more than
 * one load balancer"); the old rules go only at the end of the update.
 */
function targetGroupHazards(olds: Snapshot, news: Snapshot, operations: readonly Operation[], steps: readonly Step[]): Hazard[] {
    const hazards: Hazard[] = [];
    // Old listeners and rules alive until the end: removed, or replaced without deleteBeforeReplace.
    const lingering = olds.resources.filter((r) => (r.type === RULE_TYPE || r.type === LISTENER_TYPE) && operations.some((o) => o.urn === r.urn && (o.op === "delete" || o.op === "delete-replaced"))
        && !(stepFor(steps, r.urn)?.deleteBeforeReplace));
    for (const op of operations.filter((o) => (o.op === "create" || o.op === "create-replacement") && (o.type === RULE_TYPE || o.type === LISTENER_TYPE))) {
        const rule = news.byUrn.get(op.urn)!;
        const lb = loadBalancerOf(rule, [news, olds]);
        for (const holder of lingering) {
            const holderLb = loadBalancerOf(holder, [olds]);
            const shared = forwardedTargetGroups(rule.inputs).filter((tg) => forwardedTargetGroups(holder.inputs).includes(tg));
            if (shared.length > 0 && holderLb !== lb) {
                hazards.push({ urn: op.urn, message: `${op.op} of ${op.urn} forwards to ${shared.join(", ")} on a new load balancer while ${holder.urn} of the old one still does (it is deleted only at the end of the update): a target group serves one load balancer only (TargetGroupAssociationLimit), so the update fails half-way. Fix: keep the load balancer by giving the renamed component aliases: [{ name: "<old name>" }] (docs/lifecycle.md)` });
                break;
            }
        }
    }
    return hazards;
}

/** Client ids a binding's Actions deny logins for (edge-auth's role gate: api.access.deny per gated client). */
function gatedClients(binding: SimResource | undefined, snapshot: Snapshot): Set<string> {
    const gated = new Set<string>();
    for (const bound of (binding?.inputs.actions as Array<{ id?: string }> | undefined) ?? []) {
        const action = snapshot.resources.find((a) => a.type === "auth0:index/action:Action" && a.id === bound.id);
        const code = typeof action?.inputs.code === "string" ? action.inputs.code : "";
        if (code.includes("api.access.deny")) {
            for (const m of code.matchAll(/"clientId"\s*:\s*"([^"]+)"/g)) {
                gated.add(m[1]);
            }
        }
    }
    return gated;
}

/**
 * A role gate lifted from a client while a listener rule that logs users in with that client is
 * changed away from it in the same update: unless the binding's update waits for the rule's
 * step, it can run first, and users log in through the old client ungated until the rule
 * changes (keeping the ALB session for its lifetime).
 */
function gateWindowHazards(olds: Snapshot, news: Snapshot, steps: readonly Step[]): Hazard[] {
    const hazards: Hazard[] = [];
    for (const binding of news.resources.filter((r) => r.type === "auth0:index/triggerActions:TriggerActions")) {
        const step = stepFor(steps, binding.urn);
        const old = olds.byUrn.get(step?.oldUrn ?? binding.urn);
        const before = gatedClients(old, olds);
        const after = gatedClients(binding, news);
        for (const client of [...before].filter((c) => !after.has(c))) {
            // What lifts the gate: the binding dropping the Action, or an Action's code dropping the client.
            const lifters = [
                ...(step?.verdict === "update" || step?.verdict === "replace" ? [step] : []),
                ...steps.filter((s) => s.type === "auth0:index/action:Action" && s.verdict === "update"
                    && gatedClients({ inputs: { actions: [{ id: olds.byUrn.get(s.oldUrn ?? s.urn)?.id }] } } as any, olds).has(client)
                    && !gatedClients({ inputs: { actions: [{ id: news.byUrn.get(s.urn)?.id }] } } as any, news).has(client)),
            ];
            for (const rule of olds.resources.filter((r) => r.type === RULE_TYPE && ((r.inputs.actions as any[]) ?? []).some((a) => a?.authenticateOidc?.clientId === client))) {
                const ruleStep = stepFor(steps, rule.urn);
                const now = ruleStep && ruleStep.verdict !== "delete" ? news.byUrn.get(ruleStep.urn) : undefined;
                const stillUses = now && ((now.inputs.actions as any[]) ?? []).some((a) => a?.authenticateOidc?.clientId === client);
                if (!ruleStep || ruleStep.verdict === "same" || stillUses) {
                    continue; // the login keeps the client: lifting its gate is the edit itself, not an ordering
                }
                for (const lifter of lifters) {
                    if (ruleStep.verdict !== "delete" && waitsFor(news, lifter.urn).has(ruleStep.urn)) {
                        continue;
                    }
                    hazards.push({ urn: lifter.urn, message: `${lifter.verdict} of ${lifter.urn} lifts the role gate of client ${client} while ${rule.urn} still logs users in with that client until its own ${ruleStep.verdict} (${ruleStep.verdict === "delete" ? "at the end of the update" : "nothing orders it before the gate's removal"}): users can log in ungated in between and keep the session for its lifetime. Fix: switch the login first and lift the gate in a second update, or make the flow wait for the login's rules` });
                }
            }
        }
    }
    return hazards;
}

/** Runs A, then B as the next deployment, and plans the update. Throws on table gaps. */
export async function simulateUpdate(programA: () => unknown, programB: () => unknown): Promise<UpdatePlan> {
    const a = await runProgram(programA);
    const b = await runProgram(programB, a.snapshot);
    if (b.failures.length > 0) {
        throw new Error(b.failures.join("\n"));
    }
    return planUpdate(a.snapshot, b.snapshot, b.matches);
}

/** Human-readable lines: one per URN with its verdict, then hazards. */
export function renderPlan(plan: UpdatePlan): string[] {
    const lines = plan.steps
        .filter((s) => !s.type.startsWith("edge-auth:") || s.verdict !== "same")
        .map((s) => {
            const detail = s.verdict === "replace" ? ` (${s.replaceBecause.join(", ")}${s.deleteBeforeReplace ? "; delete first" : ""})`
                : s.verdict === "update" ? ` (${s.changed.join(", ")})` : "";
            const from = s.oldUrn ? ` [was ${urnName(s.oldUrn)}]` : "";
            return `${s.verdict.padEnd(8)} ${s.urn}${from}${detail}`;
        });
    const counts = plan.summary();
    lines.push(`${counts.create} to create, ${counts.update} to update, ${counts.replace} to replace, ${counts.delete} to delete, ${counts.same} unchanged`);
    for (const hazard of plan.hazards) {
        lines.push(`HAZARD ${hazard.message}`);
    }
    for (const type of plan.tableGaps) {
        lines.push(`UNKNOWN ${type}: no replace-on-change entry; add it to test/support/replaceOnChange.ts with its provider source`);
    }
    return lines;
}
