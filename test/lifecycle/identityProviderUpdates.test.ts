/**
 * Second deploys of a login whose identity provider changes, through the update simulator:
 * program A is deployed, program B is the edited one, and the plan says per URN what `pulumi up`
 * would do.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AlbOidcLogin } from "../../components/alb/AlbOidcLogin";
import { HttpsLoadBalancer } from "../../components/alb/HttpsLoadBalancer";
import { IdentityProviderArgs } from "../../components/core/identityProvider";
import { linePreset } from "../../components/core/presets";
import { setupMocks } from "../support/mocks";
import { Snapshot, UpdatePlan, planUpdate, renderPlan, runProgram } from "../support/updateSimulator";

const LISTENER = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/idp/50dc6c495c0c9188/f2f7dc8efc522ab2";

/** One login on an adopted listener; only its identity provider varies. */
function login(tenant: IdentityProviderArgs | undefined, client: { clientId?: string; clientSecret?: pulumi.Input<string> } = {}) {
    return () => {
        const alb = new HttpsLoadBalancer("idp", {
            existingListener: { arn: LISTENER, loadBalancerArn: LISTENER.replace(":listener/", ":loadbalancer/").replace(/\/f2f7dc8efc522ab2$/, ""), protocol: "HTTPS" },
        });
        new AlbOidcLogin("idp-login", {
            loadBalancer: alb,
            ...(tenant === undefined ? {} : { tenant }),
            ...client,
            hostnames: ["demo.example.com"],
            routes: [{ name: "pages", pathPatterns: ["/*"] }],
            targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/idp/73e2d6bc24d8a067",
            priority: 300,
            scope: tenant && "issuer" in tenant ? "profile openid" : "openid",
        });
    };
}

async function planFrom(olds: Snapshot, programB: () => unknown): Promise<UpdatePlan> {
    const b = await runProgram(programB, olds);
    assert.deepEqual(b.failures, []);
    return planUpdate(olds, b.snapshot, b.matches);
}

const verdicts = (plan: UpdatePlan) => plan.steps.filter((s) => !s.type.startsWith("edge-auth:") && s.verdict !== "same")
    .map((s) => `${s.verdict} ${s.type} ${s.urn.split("::").pop()}`).sort();

describe("Life of a stack: changing the identity provider of a login", function () {
    this.timeout(60_000);
    let auth0: Snapshot;

    before(async () => {
        setupMocks({ "aws:region": "eu-west-1", "auth0:domain": "acme.eu.auth0.com" });
        auth0 = (await runProgram(login({ domain: "acme.eu.auth0.com" }))).snapshot;
    });
    after(() => setupMocks({}));

    it("GIVEN tenant { domain } WHEN it is left out for the stack's auth0:domain THEN nothing changes", async () => {
        const plan = await planFrom(auth0, login(undefined));
        assert.deepEqual(verdicts(plan), [], renderPlan(plan).join("\n"));
    });

    it("GIVEN an Auth0 login WHEN it moves to LINE THEN the rule is updated in place and only the Auth0 application and its credentials are deleted", async () => {
        const plan = await planFrom(auth0, login({ ...linePreset(), discovery: { check: "off" } }, { clientId: "1657000000", clientSecret: pulumi.secret("s") }));
        const changes = verdicts(plan);
        assert.ok(changes.includes("update aws:lb/listenerRule:ListenerRule idp-login-rule-pages"), renderPlan(plan).join("\n"));
        assert.ok(!changes.some((c) => c.includes("ListenerRule") && !c.startsWith("update")), "the rule is neither replaced nor recreated");
        assert.ok(changes.filter((c) => c.startsWith("delete")).every((c) => c.includes("auth0:")), changes.join("\n"));
        assert.ok(changes.some((c) => c === "delete auth0:index/client:Client idp-login-app-client"), changes.join("\n"));
        assert.deepEqual(changes.filter((c) => c.startsWith("create") || c.startsWith("replace")), []);
        assert.deepEqual(plan.hazards, [], renderPlan(plan).join("\n"));
    });
});
