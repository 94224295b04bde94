/**
 * Issue 21, finding 7: a login moved from Auth0 (with a role gate) to another identity provider
 * must not leave a window where Auth0 logins pass ungated, and a gate added to a login must be
 * live before the rule sends users to Auth0. Both follow from dependencies the components set
 * (flowOwnership.ts), which the engine honours: a resource registers once what it depends on
 * has been created or updated, so the simulator's operation order is the engine's.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AlbOidcLogin } from "../../components/alb/AlbOidcLogin";
import { HttpsLoadBalancer } from "../../components/alb/HttpsLoadBalancer";
import { PostLoginFlow } from "../../components/auth0/PostLoginFlow";
import { linePreset } from "../../components/core/presets";
import { setupMocks } from "../support/mocks";
import { UpdatePlan, renderPlan, simulateUpdate } from "../support/updateSimulator";

const LISTENER = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/gate/50dc6c495c0c9188/f2f7dc8efc522ab2";
const TENANT = { domain: "acme.eu.auth0.com" };

/** One login; Auth0 with a role gate, or LINE (no gate: LINE users are not Auth0 users). */
function program(idp: "auth0-gated" | "auth0" | "line", flowFirst = false) {
    return () => {
        const alb = new HttpsLoadBalancer("gate", {
            existingListener: { arn: LISTENER, loadBalancerArn: LISTENER.replace(":listener/", ":loadbalancer/").replace(/\/f2f7dc8efc522ab2$/, ""), protocol: "HTTPS" },
        });
        const claims = { namespace: "https://gate.example.com/", include: ["email" as const], tokens: ["id" as const] };
        const flowWith = (gate?: AlbOidcLogin["roleGate"]) => new PostLoginFlow("tenant-post-login", { claims, ...(gate ? { roleGates: { ops: gate } } : {}) });
        if (flowFirst) {
            flowWith();
        }
        const common = {
            loadBalancer: alb,
            hostnames: ["gate.example.com"],
            routes: [{ name: "pages", pathPatterns: ["/*"] }],
            targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/gate/73e2d6bc24d8a067",
            priority: 300,
        };
        const login = idp === "line"
            ? new AlbOidcLogin("gate-login", { ...common, tenant: { ...linePreset(), discovery: { check: "off" } }, clientId: "1657000000", clientSecret: pulumi.secret("s"), scope: "profile openid" })
            : new AlbOidcLogin("gate-login", { ...common, tenant: TENANT, ...(idp === "auth0-gated" ? { roleGate: { roles: ["IT Operations"] } } : {}) });
        if (!flowFirst) {
            flowWith(login.roleGate);
        }
    };
}

const urnOf = (plan: UpdatePlan, suffix: string) => plan.steps.find((s) => s.urn.endsWith(`::${suffix}`))!.urn;

describe("Life of a stack: the role gate and the login rule change in a safe order (issue 21)", function () {
    this.timeout(60_000);
    before(() => setupMocks({ "aws:region": "eu-west-1" }));

    for (const flowFirst of [false, true]) {
        it(`GIVEN an Auth0 login with a role gate WHEN it moves to LINE (flow constructed ${flowFirst ? "before" : "after"} the login) THEN the rule is updated before the binding drops the gate, and the gate Action is deleted last`, async () => {
            const plan = await simulateUpdate(program("auth0-gated"), program("line", flowFirst));
            const text = renderPlan(plan).join("\n");
            const rule = plan.indexOf("update", urnOf(plan, "gate-login-rule-pages"));
            const binding = plan.indexOf("update", urnOf(plan, "edge-auth-post-login"));
            const gateDelete = plan.indexOf("delete", urnOf(plan, "edge-auth-role-gate"));
            assert.ok(rule >= 0 && binding >= 0 && gateDelete >= 0, text);
            assert.ok(rule < binding, `the binding drops the gate while the rule still logs users in through Auth0:\n${text}`);
            assert.ok(binding < gateDelete, text);
            assert.deepEqual(plan.hazards, [], text);
        });
    }

    it("GIVEN an ungated Auth0 login WHEN a role gate is added THEN the binding with the gate is written before the rule changes (the rule depends on it)", async () => {
        const plan = await simulateUpdate(program("line"), program("auth0-gated"));
        const text = renderPlan(plan).join("\n");
        const binding = plan.indexOf("update", urnOf(plan, "edge-auth-post-login"));
        const rule = plan.indexOf("update", urnOf(plan, "gate-login-rule-pages"));
        assert.ok(binding >= 0 && rule >= 0 && binding < rule, text);
        assert.ok(plan.indexOf("create", urnOf(plan, "edge-auth-role-gate")) < binding, text);
    });

    it("GIVEN a first deploy with a gate THEN the binding is created before the gated rule", async () => {
        const plan = await simulateUpdate(() => undefined, program("auth0-gated"));
        assert.ok(plan.indexOf("create", urnOf(plan, "edge-auth-post-login")) < plan.indexOf("create", urnOf(plan, "gate-login-rule-pages")), renderPlan(plan).join("\n"));
    });
});
