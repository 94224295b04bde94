/**
 * Resource references in the harness (scripts/harness/policyHarness.ts), in-process: a resource
 * passed as an input reaches the pack as the engine sends it to an analyzer (the id, else the URN),
 * not as the reference object the SDK sends to the engine (which the policy SDK refuses with
 * "Unrecognized signature"). test/check/check.test.ts proves the same through the command.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { asEngineSends, evaluate, loadPolicyConfig } from "../support/policyHarness";
import { setupMocks } from "../support/mocks";
import { captureProgram } from "../policies/fixture";

const SIG = "4dabf18193072939515e22adb298388d";
const RESOURCE = "5cf8f73096256a8f31e491e813e4eb8e";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("resource references as the engine sends them to the pack", () => {
    before(() => setupMocks({ "aws:region": "us-east-1" }));

    it("a custom resource's reference becomes its id; an id not known yet becomes the unknown sentinel; a component's becomes its URN", () => {
        const urn = "urn:pulumi:prod::shop::pulumi:pulumi:Stack$acme:web:Site::site";
        assert.deepEqual(asEngineSends({
            function: { [SIG]: RESOURCE, urn: "urn:pulumi:prod::shop::aws:lambda/function:Function::fn", id: "fn-123", packageVersion: "7.0.0" },
            pending: { [SIG]: RESOURCE, urn: "urn:pulumi:prod::shop::aws:lambda/function:Function::next", id: "" },
            nested: [{ site: { [SIG]: RESOURCE, urn } }],
            secret: { [SIG]: "1b47061264138c4ac30d75fd1eb44270", value: "s" },
        }), {
            function: "fn-123",
            pending: UNKNOWN,
            nested: [{ site: "urn:pulumi:prod::shop::acme:web:Site::site" }],
            secret: { [SIG]: "1b47061264138c4ac30d75fd1eb44270", value: "s" },
        });
    });

    it("GIVEN a Lambda permission with `function: fn` (the resource itself) WHEN the pack judges it THEN no RPC fails and the pack gets the function's id", async () => {
        const stack = await captureProgram(() => {
            const role = new aws.iam.Role("ref-role", { assumeRolePolicy: "{}" });
            const fn = new aws.lambda.Function("ref-fn", { runtime: "nodejs20.x", handler: "index.handler", role: role.arn, code: new pulumi.asset.AssetArchive({}) });
            new aws.lambda.Permission("ref-invoke", { action: "lambda:InvokeFunction", function: fn, principal: "apigateway.amazonaws.com" });
            new aws.lb.TargetGroupAttachment("ref-attach", { targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1", targetId: fn.arn });
        });
        const permission = stack.find((r) => r.name === "ref-invoke")!;
        assert.equal(permission.inputs.function, "ref-fn-id");
        assert.equal(permission.outputs.function, "ref-fn-id");
        const violations = await evaluate(stack, loadPolicyConfig("prod"));
        assert.ok(Array.isArray(violations));
    });
});
