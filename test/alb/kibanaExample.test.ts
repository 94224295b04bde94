import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";
import { recordedOfType, recordedOne, resolve, setupMocks } from "../support/mocks";
import { kibanaBehindAlb } from "./examples/kibanaBehindAlb";
import { plain } from "./fixtures";

const EXAMPLE = "test/alb/examples/kibanaBehindAlb.ts";
const RULE = "aws:lb/listenerRule:ListenerRule";

describe("docs/alb.md example: Kibana behind the ALB (seed 000)", () => {
    before(() => setupMocks());

    it("GIVEN docs/alb.md THEN it shows the example program verbatim", () => {
        const root = path.join(__dirname, "../..");
        const docs = fs.readFileSync(path.join(root, "docs/alb.md"), "utf8");
        const match = new RegExp(`<!-- BEGIN ${EXAMPLE} -->\\n\`\`\`ts\\n([\\s\\S]*?)\`\`\`\\n<!-- END ${EXAMPLE} -->`).exec(docs);
        assert.ok(match, "docs/alb.md lacks the example block");
        assert.equal(match[1], fs.readFileSync(path.join(root, EXAMPLE), "utf8"));
    });

    it("GIVEN the program under mocks THEN Auth0 and the ALB agree on every shared value", async () => {
        const out = kibanaBehindAlb({
            auth0Domain: "acme.us.auth0.com",
            hostname: "kibana.example.com",
            zoneId: "Z123",
            certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/kibana",
        });

        const client = await recordedOne("auth0:index/client:Client", "kibana-app-client");
        assert.deepEqual(client.inputs.callbacks, ["https://kibana.example.com/oauth2/idpresponse"]);

        const https = await recordedOne("aws:lb/listener:Listener", "ops-https");
        assert.equal(https.inputs.sslPolicy, "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09");
        const rules = (await recordedOfType("kibana", RULE)).map((r) => ({ name: r.name, ...plain(r.inputs) }));
        assert.deepEqual(rules.map((r) => [r.name, r.priority, r.actions[0].type]).sort(), [
            ["kibana-ingest-rule-ingest", 10, "jwt-validation"],
            ["kibana-rule-app", 101, "authenticate-oidc"],
            ["kibana-rule-xhr", 100, "authenticate-oidc"],
        ]);
        assert.ok(rules.every((r) => r.listenerArn === https.state.arn));
        const xhr = rules.find((r) => r.name === "kibana-rule-xhr")!;
        assert.equal(xhr.actions[0].authenticateOidc.onUnauthenticatedRequest, "deny");
        assert.equal(xhr.actions[0].authenticateOidc.scope, "openid email profile");

        const gate = (await recordedOfType("edge-auth-role-gate", "auth0:index/action:Action")).find((a) => a.inputs.code.includes("kibana-app-client-client-id"))!;
        const sandbox = { exports: {} as any };
        vm.runInNewContext(gate.inputs.code, sandbox);
        const denied: string[] = [];
        await sandbox.exports.onExecutePostLogin({ client: { client_id: "kibana-app-client-client-id" }, authorization: { roles: ["Developers"] } },
            { access: { deny: (reason: string) => denied.push(reason) } });
        assert.deepEqual(denied, ["Kibana is for IT Operations."]);

        assert.equal((await resolve(out.oidcData)).clientId, "kibana-app-client-client-id");
        assert.deepEqual(await resolve(out.shipperClientId), { shipper: "kibana-ingest-client-shipper-client-client-id" });
    });
});
