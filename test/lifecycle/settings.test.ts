/**
 * Setting changes from docs/lifecycle.md's table through the update simulator: offline access,
 * RBAC, the TLS policy. Each is an in-place update of one resource, nothing created or deleted.
 */
import { strict as assert } from "assert";
import { HttpsLoadBalancer } from "../../components/alb/HttpsLoadBalancer";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { setupMocks } from "../support/mocks";
import { UpdatePlan, renderPlan, simulateUpdate } from "../support/updateSimulator";

/** `<verdict> <name> (<changed>)` of every cloud resource that is not unchanged. */
const changes = (plan: UpdatePlan) => plan.steps.filter((s) => !s.type.startsWith("edge-auth:") && s.verdict !== "same")
    .map((s) => `${s.verdict} ${s.urn.split("::").pop()} (${s.changed.join(", ")})`);

describe("Life of a stack: settings changed in place", function () {
    this.timeout(60_000);
    before(() => setupMocks({ "aws:region": "eu-west-1" }));

    const api = (k: { allowOfflineAccess?: boolean; enforcePolicies?: boolean }) => () => {
        new Auth0Api("orders", { tenant: { domain: "edge-auth.eu.auth0.com" }, identifier: "urn:orders", permissions: [{ name: "read:orders" }], ...k });
    };

    it("GIVEN allowOfflineAccess turned on THEN the ResourceServer is updated in place, nothing else", async () => {
        const plan = await simulateUpdate(api({}), api({ allowOfflineAccess: true }));
        assert.deepEqual(changes(plan), ["update api-urn-orders (allowOfflineAccess)"], renderPlan(plan).join("\n"));
        assert.deepEqual(plan.hazards, []);
    });

    it("GIVEN RBAC turned off (enforcePolicies: false) THEN the ResourceServer is updated in place, its token dialect with it", async () => {
        const plan = await simulateUpdate(api({}), api({ enforcePolicies: false }));
        assert.equal(changes(plan).length, 1, renderPlan(plan).join("\n"));
        assert.match(changes(plan)[0], /^update api-urn-orders \(.*enforcePolicies.*tokenDialect.*\)$/);
    });

    it("GIVEN sslPolicy changed THEN only the HTTPS listener is updated", async () => {
        const alb = (sslPolicy?: string) => () => {
            new HttpsLoadBalancer("edge", { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/x", targetPorts: [8080], targetCidrIpv4: "10.0.0.0/16", sslPolicy });
        };
        const plan = await simulateUpdate(alb(), alb("ELBSecurityPolicy-TLS13-1-2-PQ-2025-09"));
        assert.deepEqual(changes(plan), ["update edge-https (sslPolicy)"], renderPlan(plan).join("\n"));
    });
});
