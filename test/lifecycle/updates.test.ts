/**
 * The edits users make over a stack's life, run through the update simulator: program A is
 * deployed, program B is the edited program, and the plan says per URN what `pulumi up` would
 * create, update, replace or delete, in the engine's order.
 */
import { strict as assert } from "assert";
import * as auth0 from "@pulumi/auth0";
import { RestApiLambdaAuthorizer } from "../../components/apigateway/RestApiLambdaAuthorizer";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { MachineApplication } from "../../components/auth0/MachineApplication";
import { PostLoginFlow } from "../../components/auth0/PostLoginFlow";
import { WebApplication } from "../../components/auth0/WebApplication";
import { opsAlb } from "../../stacks/systems/opsAlb";
import { setupMocks } from "../support/mocks";
import { REPLACE_ON_CHANGE } from "../support/replaceOnChange";
import { Snapshot, UpdatePlan, Verdict, planUpdate, renderPlan, runProgram, simulateUpdate } from "../support/updateSimulator";
import { colorsParts, opsProgram } from "./fixtures";

const RULE = "aws:lb/listenerRule:ListenerRule";
/** The deployed stack every edit starts from: the reference ALB system plus a machine client. */
const BASE = { reporter: "reporter", ingress: ["0.0.0.0/0", "10.0.0.0/8"] };
const ops2 = (k: Parameters<typeof opsProgram>[0] = {}) => opsProgram({ ...BASE, ...k });
const BINDING = "auth0:index/triggerActions:TriggerActions";
const ACTION = "auth0:index/action:Action";

/** Plans B over a stack deployed with the baseline A. */
async function planFrom(olds: Snapshot, programB: () => unknown): Promise<UpdatePlan> {
    const b = await runProgram(programB, olds);
    assert.deepEqual(b.failures, []);
    return planUpdate(olds, b.snapshot, b.matches);
}

/** The cloud resources (not edge-auth's bookkeeping components) with a given verdict. */
function cloud(plan: UpdatePlan, verdict: Verdict, type?: string): string[] {
    return plan.steps.filter((s) => !s.type.startsWith("edge-auth:") && s.verdict === verdict && (!type || s.type === type))
        .map((s) => s.urn.split("::").pop()!);
}

/** Nothing is created, replaced or deleted in a cloud, and no hazard: updates at most. */
function assertNoChurn(plan: UpdatePlan): void {
    const churn = plan.steps.filter((s) => !s.type.startsWith("edge-auth:") && ["create", "replace", "delete"].includes(s.verdict));
    assert.deepEqual(churn.map((s) => `${s.verdict} ${s.urn}`), [], renderPlan(plan).join("\n"));
    assert.deepEqual(plan.hazards, [], renderPlan(plan).join("\n"));
}

describe("Life of a stack: the update simulator", function () {
    this.timeout(60_000);
    let ops: Snapshot;
    let colors: Snapshot;

    before(async () => {
        setupMocks({ "aws:region": "eu-west-1" });
        ops = (await runProgram(opsProgram(BASE))).snapshot;
        colors = (await runProgram(() => colorsParts())).snapshot;
    });

    describe("the simulator itself", () => {
        it("GIVEN the same program twice THEN every resource is unchanged", async () => {
            const plan = await planFrom(ops, ops2());
            assert.ok(plan.steps.length > 20);
            assert.deepEqual(plan.steps.filter((s) => s.verdict !== "same").map((s) => s.urn), []);
        });

        it("knows the replace-on-change properties of every resource type the programs create", async () => {
            const types = new Set([...ops.resources, ...colors.resources].filter((r) => r.custom).map((r) => r.type));
            assert.deepEqual([...types].filter((t) => !REPLACE_ON_CHANGE[t]), []);
            const unknown = await simulateUpdate(() => undefined, () => { new auth0.Organization("org", { name: "acme" }); });
            assert.deepEqual(unknown.tableGaps, ["auth0:index/organization:Organization"]);
        });

        it("GIVEN today's main naming (the binding named after the flow) WHEN the flow is renamed THEN it reports the emptied flow", async () => {
            const flow = (name: string) => () => {
                const action = new auth0.Action(`${name}-claims`, { code: "x", runtime: "node22", supportedTriggers: { id: "post-login", version: "v3" }, deploy: true });
                new auth0.TriggerActions(`${name}-post-login`, { trigger: "post-login", actions: [{ id: action.id, displayName: "claims" }] });
            };
            const plan = await simulateUpdate(flow("colors-login"), flow("tenant-post-login"));
            assert.ok(plan.indexOf("create", plan.steps.find((s) => s.urn.endsWith("::tenant-post-login-post-login"))!.urn) < plan.indexOf("delete", plan.steps.find((s) => s.urn.endsWith("::colors-login-post-login"))!.urn));
            assert.equal(plan.hazards.length, 1);
            assert.match(plan.hazards[0].message, /trigger post-login .* writes an empty binding list/);
        });

        it("GIVEN today's main naming (the API named after the component) WHEN the API is renamed THEN it reports Auth0's 409", async () => {
            const api = (name: string) => () => { new auth0.ResourceServer(`${name}-api`, { identifier: "urn:colors-api" }); };
            const plan = await simulateUpdate(api("colors"), api("colors-v2"));
            assert.deepEqual([cloud(plan, "create"), cloud(plan, "delete")], [["colors-v2-api"], ["colors-api"]]);
            assert.match(plan.hazards[0].message, /identifier urn:colors-api .*409/);
        });

        it("GIVEN a replace-on-change property THEN replace, and the original goes last unless deleteBeforeReplace", async () => {
            const grant = (audience: string, dbr: boolean) => () => {
                new auth0.ClientGrant("grant", { clientId: "abc", audience, scopes: ["read:x"] }, { deleteBeforeReplace: dbr });
            };
            const plan = await simulateUpdate(grant("urn:a", false), grant("urn:b", false));
            const urn = plan.steps[0].urn;
            assert.deepEqual([plan.verdictOf(urn), plan.steps[0].replaceBecause], ["replace", ["audience"]]);
            assert.ok(plan.indexOf("create-replacement", urn) < plan.indexOf("delete-replaced", urn));
            const first = await simulateUpdate(grant("urn:a", true), grant("urn:b", true));
            assert.ok(first.indexOf("delete-replaced", urn) < first.indexOf("create-replacement", urn));
        });
    });

    describe("renaming each component, with the aliases docs/lifecycle.md gives", () => {
        it("GIVEN every ALB-system component renamed (HttpsLoadBalancer, AlbOidcLogin, AlbJwtValidation, MachineApplication with aliases; Auth0Api and PostLoginFlow without) THEN no Auth0 or AWS resource is created, replaced or deleted (findings 1, 4)", async () => {
            const plan = await planFrom(ops, ops2({
                names: { alb: "edge", login: "edge-login", machines: "edge-machines", api: "machine-api", flow: "identity-flow" },
                was: { alb: "ops", login: "ops", machines: "ops-machine" },
                reporter: "metrics-reporter", reporterWas: "reporter",
            }));
            assertNoChurn(plan);
            assert.deepEqual(cloud(plan, "same", BINDING), ["edge-auth-post-login"]);
            assert.ok(plan.steps.some((s) => s.oldUrn?.endsWith("::ops-alb")), "the load balancer is found under its alias");
        });

        it("GIVEN the HttpsLoadBalancer renamed WITHOUT aliases THEN the plan shows the load balancer replaced by a new one (why the aliases matter)", async () => {
            const plan = await planFrom(ops, ops2({ names: { alb: "edge" } }));
            assert.ok(cloud(plan, "create").includes("edge-alb"));
            assert.ok(cloud(plan, "delete").includes("ops-alb"));
        });

        it("GIVEN a standalone WebApplication and a RestApiLambdaAuthorizer renamed with aliases THEN only the authorizer's explicitly named log group is replaced, and the role policy and function follow it in place (finding 3)", async () => {
            const program = (web: string, rest: string, was?: { web: string; rest: string }) => () => {
                new WebApplication(web, { callbackUrls: ["https://app.example.com/callback"] }, was ? { aliases: [{ name: was.web }] } : {});
                const api = new Auth0Api("movies-api", { tenant: { domain: "edge-auth.eu.auth0.com" }, identifier: "https://movies.example.com/", permissions: [{ name: "read:Movies" }] });
                new RestApiLambdaAuthorizer(rest, { api, routes: { "GET /movies": { scopes: ["read:Movies"] } } }, was ? { aliases: [{ name: was.rest }] } : {});
            };
            const plan = await simulateUpdate(program("portal", "movies-auth"), program("portal-v2", "movies-authorizer", { web: "portal", rest: "movies-auth" }));
            // The group's name carries the component name and is ForceNew (logs/group.go): a new group, the old one's logs deleted last.
            const replaced = plan.steps.filter((s) => s.verdict === "replace");
            assert.deepEqual(replaced.map((s) => [s.urn.split("::").pop(), s.replaceBecause]), [["movies-authorizer-logs", ["name"]]], renderPlan(plan).join("\n"));
            assert.deepEqual([cloud(plan, "create"), cloud(plan, "delete"), plan.hazards], [[], [], []]);
            const changed = (name: string) => plan.steps.find((s) => s.urn.endsWith(`::${name}`))?.changed;
            assert.deepEqual(changed("movies-authorizer-logging"), ["policy"], "the role policy grants the new group's ARN");
            assert.deepEqual(changed("movies-authorizer-function"), ["loggingConfig"]);
            assert.ok(plan.indexOf("create-replacement", replaced[0].urn) < plan.indexOf("update", plan.steps.find((s) => s.urn.endsWith("::movies-authorizer-logging"))!.urn));
            assert.equal(plan.verdictOf(plan.steps.find((s) => s.urn.endsWith("::portal-v2-client"))!.urn), "update", "the Auth0 client's display name updates in place");
        });

        it("GIVEN every colors component renamed with aliases (Auth0Api, SpaApplication, HttpApi, PostLoginFlow) THEN nothing is created, replaced or deleted", async () => {
            const plan = await planFrom(colors, () => colorsParts({
                names: { api: "paint-api", spa: "paint-app", http: "paint-http", flow: "paint-login" },
                was: { api: "colors-api", spa: "colors-app", http: "colors-http", flow: "colors-login" },
            }));
            assertNoChurn(plan);
        });
    });

    describe("the API identifier", () => {
        it("GIVEN the identifier changed THEN a new API with its roles is created before the old is deleted, grants are replaced, and no 409", async () => {
            const program = (identifier: string) => () => {
                const api = new Auth0Api("orders", { tenant: { domain: "edge-auth.eu.auth0.com" }, identifier, permissions: [{ name: "read:orders" }],
                    roles: [{ name: "clerk", permissions: ["read:orders"] }] });
                new MachineApplication("orders-sync", { api, scopes: ["read:orders"] });
            };
            const plan = await simulateUpdate(program("urn:orders"), program("urn:orders-v2"));
            assert.deepEqual(cloud(plan, "create").sort(), ["api-urn-orders-v2", "api-urn-orders-v2-permissions", "api-urn-orders-v2-role-clerk", "api-urn-orders-v2-role-clerk-permissions"]);
            assert.deepEqual(cloud(plan, "delete").sort(), ["api-urn-orders", "api-urn-orders-permissions", "api-urn-orders-role-clerk", "api-urn-orders-role-clerk-permissions"]);
            assert.deepEqual(cloud(plan, "replace"), ["orders-sync-grant"]);
            assert.deepEqual(plan.hazards, []);
        });
    });

    describe("roles", () => {
        it("GIVEN a role's display name changed with its key THEN the Role is updated in place: its id and user assignments stay (finding 3)", async () => {
            const plan = await planFrom(ops, opsProgram({ roles: [
                { key: "IT Operations", name: "IT Ops", permissions: ["read:status"] },
                { name: "Developers", permissions: ["read:status"] },
            ], allowedRoles: ["IT Ops"], ...BASE }));
            assertNoChurn(plan);
            assert.deepEqual(cloud(plan, "update", "auth0:index/role:Role"), ["api-https-ops-example-com-machine-role-it-operations"]);
        });

        it("GIVEN a role renamed without a key THEN the plan shows the replacement docs/lifecycle.md warns about", async () => {
            const plan = await planFrom(ops, opsProgram({ roles: [
                { name: "IT Ops", permissions: ["read:status"] }, { name: "Developers", permissions: ["read:status"] },
            ], allowedRoles: ["IT Ops"], ...BASE }));
            assert.deepEqual(cloud(plan, "delete", "auth0:index/role:Role"), ["api-https-ops-example-com-machine-role-it-operations"]);
            assert.deepEqual(cloud(plan, "create", "auth0:index/role:Role"), ["api-https-ops-example-com-machine-role-it-ops"]);
        });
    });

    describe("reordering each list argument", () => {
        it("GIVEN hostnames, permissions, roles, machine clients and ingress ranges reordered THEN nothing is created, replaced or deleted (finding 5)", async () => {
            const plan = await planFrom(ops, ops2({
                hostnames: ["status.example.com", "ops.example.com"],
                permissions: ["write:events", "read:status"],
                roles: [{ name: "Developers", permissions: ["read:status"] }, { name: "IT Operations", permissions: ["read:status"] }],
                machineClients: { shipper: { scopes: ["write:events"] }, monitor: { scopes: ["read:status"] } },
                ingress: ["10.0.0.0/8", "0.0.0.0/0"],
            }));
            assertNoChurn(plan);
            assert.deepEqual(cloud(plan, "update", "auth0:index/resourceServer:ResourceServer"), [], "the API identifier never follows the host order");
        });

        it("GIVEN the SPA's origins reordered THEN nothing is created, replaced or deleted", async () => {
            assertNoChurn(await planFrom(colors, () => colorsParts({ origins: ["https://paint.example.com", "https://colors.example.com"] })));
        });

        it("GIVEN ALB routes swapped in place THEN the plan reports the priority clash AWS would refuse (documented; the fix is a new base priority)", async () => {
            const routes = [
                { name: "health", pathPatterns: ["/health"] },
                { name: "xhr", pathPatterns: ["/api/*"], onUnauthenticatedRequest: "deny" as const },
                { name: "pages", pathPatterns: ["/*"] },
            ];
            const base = (await runProgram(opsProgram({ routes }))).snapshot;
            const swapped = [routes[1], routes[0], routes[2]];
            const plan = await planFrom(base, opsProgram({ routes: swapped }));
            // (swapping two routes is a change of meaning, so it is allowed, but never silently)
            assert.deepEqual(cloud(plan, "update", RULE).sort(), ["ops-rule-health", "ops-rule-xhr"]);
            assert.ok(plan.hazards.some((h) => /PriorityInUse/.test(h.message)), renderPlan(plan).join("\n"));
        });
    });

    describe("adding and removing", () => {
        it("GIVEN a host, a permission and a machine client added THEN only the client's three resources are created, the rest updated in place", async () => {
            const plan = await planFrom(ops, ops2({
                hostnames: ["ops.example.com", "status.example.com", "ops2.example.com"],
                permissions: ["read:status", "write:events", "read:metrics"],
                machineClients: { monitor: { scopes: ["read:status"] }, shipper: { scopes: ["write:events"] }, auditor: { scopes: ["read:metrics"] } },
            }));
            assert.deepEqual(cloud(plan, "create").sort(), ["ops-machine-client-auditor-client", "ops-machine-client-auditor-credentials", "ops-machine-client-auditor-grant"]);
            assert.deepEqual(cloud(plan, "delete").concat(cloud(plan, "replace")), [], renderPlan(plan).join("\n"));
            for (const updated of ["ops-app-client", "api-https-ops-example-com-machine-permissions", "ops-rule-pages", "ops-machine-rule-status"]) {
                assert.ok(cloud(plan, "update").includes(updated), updated);
            }
            assert.deepEqual(plan.hazards, []);
        });

        it("GIVEN a host, a permission (with its route) and a machine client removed THEN only the client's resources and the route's rule are deleted", async () => {
            const plan = await planFrom(ops, ops2({
                hostnames: ["ops.example.com"],
                permissions: ["read:status"],
                machineClients: { monitor: { scopes: ["read:status"] } },
                machineRoutes: [{ name: "status", pathPatterns: ["/machine/status"], scopes: ["read:status"] }],
            }));
            assert.deepEqual(cloud(plan, "delete").sort(), ["ops-machine-client-shipper-client", "ops-machine-client-shipper-credentials", "ops-machine-client-shipper-grant", "ops-machine-rule-events"]);
            assert.deepEqual(cloud(plan, "create").concat(cloud(plan, "replace")), []);
            assert.deepEqual(plan.hazards, []);
        });

        it("GIVEN a route inserted before the catch-all THEN the shifted priorities clash; GIVEN a new base priority in the same change THEN one rule is created and nothing else", async () => {
            const routes = [
                { name: "health", pathPatterns: ["/health"], onUnauthenticatedRequest: "allow" as const },
                { name: "xhr", pathPatterns: ["/api/*"], onUnauthenticatedRequest: "deny" as const },
                { name: "pages", pathPatterns: ["/*"] },
            ];
            const inserted = await planFrom(ops, ops2({ routes }));
            assert.deepEqual(cloud(inserted, "create"), ["ops-rule-health"]);
            assert.ok(inserted.hazards.some((h) => /ops-rule-health takes priority 200 .*PriorityInUse/.test(h.message)), renderPlan(inserted).join("\n"));
            const moved = await planFrom(ops, ops2({ routes, priority: 300 }));
            assert.deepEqual([cloud(moved, "create"), cloud(moved, "delete"), cloud(moved, "replace"), moved.hazards], [["ops-rule-health"], [], [], []]);
        });

        it("GIVEN a route removed THEN its rule is deleted, nothing else", async () => {
            const removed = await planFrom(ops, ops2({ routes: [{ name: "pages", pathPatterns: ["/*"] }] }));
            assert.deepEqual([cloud(removed, "create"), cloud(removed, "delete"), cloud(removed, "replace")], [[], ["ops-rule-xhr"], []]);
        });

    });

    describe("the tenant and the post-login flow", () => {
        it("GIVEN a switch to the tenant's custom domain THEN issuers and endpoints are updated in place, nothing replaced", async () => {
            const plan = await planFrom(ops, ops2({ tenant: { domain: "edge-auth.eu.auth0.com", customDomain: "login.example.com" } }));
            assertNoChurn(plan);
            assert.ok(cloud(plan, "update", RULE).length >= 4, renderPlan(plan).join("\n"));
        });

        it("GIVEN the flow moved from the colors example's to the reference program's THEN the binding is updated, never deleted (finding 1)", async () => {
            const plan = await planFrom(colors, () => {
                const parts = colorsParts({ ownsFlow: false });
                new PostLoginFlow("tenant-post-login", { claims: parts.claims });
            });
            assertNoChurn(plan);
            assert.deepEqual(cloud(plan, "same", BINDING), ["edge-auth-post-login"]);
        });

        it("GIVEN a piece removed from the flow THEN the binding is rewritten before the removed Action is deleted", async () => {
            const claims = { namespace: "https://colors.example.com/", include: ["email" as const] };
            const plan = await simulateUpdate(
                () => new PostLoginFlow("tenant-post-login", { roleGates: { app: { clientId: "abc", roles: ["admin"] } }, claims }),
                () => new PostLoginFlow("tenant-post-login", { claims }));
            const binding = plan.steps.find((s) => s.type === BINDING)!;
            const gate = plan.steps.find((s) => s.type === ACTION && s.urn.endsWith("::edge-auth-role-gate"))!;
            assert.deepEqual([binding.verdict, gate.verdict], ["update", "delete"]);
            assert.ok(plan.indexOf("update", binding.urn) < plan.indexOf("delete", gate.urn));
            assert.deepEqual(plan.hazards, []);
        });
    });

    describe("the reference stack's machine API (finding 5)", () => {
        const settings = (hostnames: string[]) => ({
            hostnames, certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/x", allowedRoles: ["IT Operations"],
        });
        const program = (hostnames: string[]) => () => {
            const ops = opsAlb("edge-auth.eu.auth0.com", settings(hostnames));
            new PostLoginFlow("tenant-post-login", { roleGates: { ops: ops.roleGate } });
        };

        it("GIVEN the hosts reordered THEN the API identifier, the grants and every M2M audience stay", async () => {
            const plan = await simulateUpdate(program(["ops.example.com", "status.example.com"]), program(["status.example.com", "ops.example.com"]));
            assertNoChurn(plan);
            assert.deepEqual(cloud(plan, "update", "auth0:index/resourceServer:ResourceServer"), []);
        });
    });
});
