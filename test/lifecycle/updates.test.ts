/**
 * The edits users make over a stack's life, run through the update simulator: program A is
 * deployed, program B is the edited program, and the plan says per URN what `pulumi up` would
 * create, update, replace or delete, in the engine's order.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as auth0 from "@pulumi/auth0";
import { HttpsLoadBalancer } from "../../components/alb/HttpsLoadBalancer";
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
        const orders = (identifier: string) => () => {
            const api = new Auth0Api("orders", { tenant: { domain: "edge-auth.eu.auth0.com" }, identifier, permissions: [{ name: "read:orders" }],
                roles: [{ name: "clerk", permissions: ["read:orders"] }] });
            new MachineApplication("orders-sync", { api, scopes: ["read:orders"] });
        };

        it("GIVEN the identifier changed THEN the role and its members stay (updated permissions only), the API and its scopes are created before the old are deleted, grants replaced, no 409 (issue 21)", async () => {
            const plan = await simulateUpdate(orders("urn:orders"), orders("urn:orders-v2"));
            assert.deepEqual(cloud(plan, "create").sort(), ["api-urn-orders-v2", "api-urn-orders-v2-permissions"]);
            assert.deepEqual(cloud(plan, "delete").sort(), ["api-urn-orders", "api-urn-orders-permissions"]);
            assert.deepEqual(cloud(plan, "replace"), ["orders-sync-grant"]);
            assert.deepEqual(cloud(plan, "same", "auth0:index/role:Role"), ["role-clerk"], "the role keeps its id, hence its user assignments");
            assert.deepEqual(cloud(plan, "update", "auth0:index/rolePermissions:RolePermissions"), ["role-clerk-permissions"]);
            // The role's permissions move to the new API once its scopes exist, before the old API goes.
            const urnOf = (name: string) => plan.steps.find((s) => s.urn.endsWith(`::${name}`))!.urn;
            assert.ok(plan.indexOf("create", urnOf("api-urn-orders-v2-permissions")) < plan.indexOf("update", urnOf("role-clerk-permissions")));
            assert.ok(plan.indexOf("update", urnOf("role-clerk-permissions")) < plan.indexOf("delete", urnOf("api-urn-orders")));
            assert.deepEqual(plan.hazards, []);
        });

        it("GIVEN a stack deployed by the previous release (roles named after the identifier) THEN upgrading keeps every role: the aliases adopt them", async () => {
            // The previous release's Auth0Api, reduced to its children's names and inputs.
            const previous = (identifier: string) => () => {
                const component = new pulumi.ComponentResource("edge-auth:index:Auth0Api", "orders", {});
                const base = `api-${identifier.replace(/[^a-z0-9]+/g, "-")}`;
                const server = new auth0.ResourceServer(base, { name: "orders", identifier }, { parent: component });
                const scopes = new auth0.ResourceServerScopes(`${base}-permissions`, { resourceServerIdentifier: server.identifier, scopes: [{ name: "read:orders", description: "read:orders" }] }, { parent: component });
                const role = new auth0.Role(`${base}-role-clerk`, { name: "clerk", description: "clerk (managed by edge-auth)" }, { parent: component });
                new auth0.RolePermissions(`${base}-role-clerk-permissions`, { roleId: role.id, permissions: [{ name: "read:orders", resourceServerIdentifier: server.identifier }] },
                    { parent: component, dependsOn: [scopes] });
            };
            const now = () => { new Auth0Api("orders", { tenant: { domain: "edge-auth.eu.auth0.com" }, identifier: "urn:orders", permissions: [{ name: "read:orders" }], roles: [{ name: "clerk", permissions: ["read:orders"] }] }); };
            const plan = await simulateUpdate(previous("urn:orders"), now);
            const roles = plan.steps.filter((s) => s.type === "auth0:index/role:Role" || s.type === "auth0:index/rolePermissions:RolePermissions");
            assert.deepEqual(roles.map((s) => [s.verdict, s.urn.split("::").pop(), s.oldUrn?.split("::").pop()]), [
                ["same", "role-clerk", "api-urn-orders-role-clerk"],
                ["same", "role-clerk-permissions", "api-urn-orders-role-clerk-permissions"],
            ]);
            assert.deepEqual([cloud(plan, "create"), cloud(plan, "delete"), cloud(plan, "replace"), plan.hazards], [[], [], [], []]);
        });
    });

    describe("roles", () => {
        it("GIVEN a role's display name changed with its key THEN the Role is updated in place: its id and user assignments stay (finding 3)", async () => {
            const plan = await planFrom(ops, opsProgram({ roles: [
                { key: "IT Operations", name: "IT Ops", permissions: ["read:status"] },
                { name: "Developers", permissions: ["read:status"] },
            ], allowedRoles: ["IT Ops"], ...BASE }));
            assertNoChurn(plan);
            assert.deepEqual(cloud(plan, "update", "auth0:index/role:Role"), ["role-it-operations"]);
        });

        it("GIVEN a role renamed without a key THEN the plan shows the replacement docs/lifecycle.md warns about", async () => {
            const plan = await planFrom(ops, opsProgram({ roles: [
                { name: "IT Ops", permissions: ["read:status"] }, { name: "Developers", permissions: ["read:status"] },
            ], allowedRoles: ["IT Ops"], ...BASE }));
            assert.deepEqual(cloud(plan, "delete", "auth0:index/role:Role"), ["role-it-operations"]);
            assert.deepEqual(cloud(plan, "create", "auth0:index/role:Role"), ["role-it-ops"]);
        });
        it("GIVEN a role's key changed while its name stays THEN the role is recreated and the plan names the hazard (issue 21)", async () => {
            const plan = await planFrom(ops, ops2({ roles: [
                { key: "it-ops", name: "IT Operations", permissions: ["read:status"] }, { name: "Developers", permissions: ["read:status"] },
            ] }));
            assert.deepEqual([cloud(plan, "create", "auth0:index/role:Role"), cloud(plan, "delete", "auth0:index/role:Role")], [["role-it-ops"], ["role-it-operations"]]);
            assert.ok(plan.hazards.some((h) => /role name "IT Operations" .*tenant-wide/.test(h.message)), renderPlan(plan).join("\n"));
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
            // Rule conditions are sets to the provider: the hosts' order changes no rule (issue 21).
            assert.deepEqual(cloud(plan, "update", RULE), [], renderPlan(plan).join("\n"));
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

    describe("ALB routes with their own priorities (issue 21: no PriorityInUse)", () => {
        type Route = NonNullable<Parameters<typeof opsProgram>[0]>["routes"];
        const xhr = { name: "xhr", pathPatterns: ["/api/*"], onUnauthenticatedRequest: "deny" as const };
        const pages = { name: "pages", pathPatterns: ["/*"] };
        const health = { name: "health", pathPatterns: ["/health"], onUnauthenticatedRequest: "allow" as const };
        const reports = { name: "reports", pathPatterns: ["/reports/*"] };
        const pinned: Route = [{ ...xhr, priority: 210 }, { ...pages, priority: 300 }];
        let deployedPinned: Snapshot;
        before(async () => {
            deployedPinned = (await runProgram(ops2({ routes: pinned }))).snapshot;
        });
        /** Only these rules are created / deleted / updated, nothing else changes, and no hazard. */
        const assertOnly = (plan: UpdatePlan, expected: { create?: string[]; delete?: string[]; update?: string[] }) => {
            const text = renderPlan(plan).join("\n");
            assert.deepEqual({
                create: cloud(plan, "create").sort(), delete: cloud(plan, "delete").sort(), update: cloud(plan, "update").sort(), replace: cloud(plan, "replace"),
            }, { create: expected.create ?? [], delete: expected.delete ?? [], update: expected.update ?? [], replace: [] }, text);
            assert.deepEqual(plan.hazards, [], text);
        };

        it("GIVEN a stack deployed with the default priorities WHEN each route pins the priority it holds THEN nothing changes (the way in)", async () => {
            assertOnly(await planFrom(ops, ops2({ routes: [{ ...xhr, priority: 200 }, { ...pages, priority: 201 }] })), {});
        });
        it("GIVEN a route inserted FIRST with its own priority THEN only its rule is created, nothing moves, no PriorityInUse", async () => {
            assertOnly(await planFrom(deployedPinned, ops2({ routes: [{ ...health, priority: 205 }, ...pinned!] })), { create: ["ops-rule-health"] });
            // Also over a stack deployed with the defaults (200, 201): the others keep theirs.
            assertOnly(await planFrom(ops, ops2({ routes: [{ ...health, priority: 150 }, xhr, pages] })), { create: ["ops-rule-health"] });
        });
        it("GIVEN a route inserted in the MIDDLE with its own priority THEN only its rule is created", async () => {
            assertOnly(await planFrom(deployedPinned, ops2({ routes: [pinned![0], { ...reports, priority: 250 }, pinned![1]] })), { create: ["ops-rule-reports"] });
            // Over the defaults, where 200 and 201 leave no gap: the catch-all moves to a priority no rule holds.
            assertOnly(await planFrom(ops, ops2({ routes: [{ ...xhr, priority: 200 }, { ...reports, priority: 250 }, { ...pages, priority: 300 }] })),
                { create: ["ops-rule-reports"], update: ["ops-rule-pages"] });
        });
        it("GIVEN a pinned route REMOVED THEN only its rule is deleted (the default scheme would shift the others onto its priority)", async () => {
            assertOnly(await planFrom(deployedPinned, ops2({ routes: [pinned![1]] })), { delete: ["ops-rule-xhr"] });
        });
        it("GIVEN routes REORDERED in the list THEN nothing changes where no request matches two of them; overlapping ones must follow their priorities", async () => {
            const three: Route = [{ ...health, priority: 205 }, ...pinned!];
            const base = (await runProgram(ops2({ routes: three }))).snapshot;
            assertOnly(await planFrom(base, ops2({ routes: [three![1], three![0], three![2]] })), {});
            // Reordering overlapping routes changes which rule answers: refused unless the priorities say so.
            await assert.rejects(runProgram(ops2({ routes: [pinned![1], pinned![0]] }), base),
                /AlbOidcLogin "ops": routes\["xhr"\]\.priority 210 is evaluated before routes\["pages"\] \(priority 300\), which is listed first/);
        });
        it("GIVEN two overlapping routes swapped by giving one a priority no rule holds THEN one rule is updated, no PriorityInUse", async () => {
            const json = { name: "json", pathPatterns: ["/*.json"], onUnauthenticatedRequest: "allow" as const };
            const before: Route = [{ ...xhr, priority: 210 }, { ...json, priority: 220 }, { ...pages, priority: 300 }];
            const base = (await runProgram(ops2({ routes: before }))).snapshot;
            const plan = await planFrom(base, ops2({ routes: [{ ...json, priority: 205 }, before![0], before![2]] }));
            assertOnly(plan, { update: ["ops-rule-json"] });
            // Swapping the two numbers instead is the clash AWS refuses, and the plan says so.
            const swapped = await planFrom(base, ops2({ routes: [{ ...json, priority: 210 }, { ...xhr, priority: 220 }, before![2]] }));
            assert.ok(swapped.hazards.some((h) => /PriorityInUse/.test(h.message)), renderPlan(swapped).join("\n"));
        });
    });

    describe("HttpsLoadBalancer egress (issue 21)", () => {
        it("GIVEN targets moved to 0.0.0.0/0 with 443 added THEN the targets' rule is updated and no second 443 rule is created next to the IdP's", async () => {
            const lb = (targetPorts: number[], targetCidrIpv4: string) => () => {
                new HttpsLoadBalancer("edge", { vpcId: "vpc-0a1b2c3d", subnetIds: ["subnet-a", "subnet-b"], certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc", targetPorts, targetCidrIpv4 });
            };
            const plan = await simulateUpdate(lb([8080], "10.0.0.0/16"), lb([443, 8080], "0.0.0.0/0"));
            assert.deepEqual([cloud(plan, "create"), cloud(plan, "delete"), cloud(plan, "replace"), cloud(plan, "update")], [[], [], [], ["edge-egress-targets-8080"]], renderPlan(plan).join("\n"));
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
