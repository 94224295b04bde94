import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { clearDiscoverySnapshots, useDiscoverySnapshots } from "../../components/core/discovery";
import { recordedOfType, resolve, setupMocks } from "../support/mocks";
import { plain } from "../alb/fixtures";
import { lineBehindAlb } from "./examples/lineBehindAlb";
import { createEchoHandler } from "../../stacks/targets/albEcho";
import { albToken, newSigner, startAlbKeyServer } from "../support/albTokens";

const ROOT = path.join(__dirname, "../..");

describe("docs/identity-providers.md example: LINE in front of the ALB (seed 001)", () => {
    before(() => setupMocks());
    after(() => clearDiscoverySnapshots());

    it("GIVEN the program with LINE's discovery document THEN the rule has LINE's values and it outputs the callbacks to register", async () => {
        const snapshot = JSON.parse(fs.readFileSync(path.join(ROOT, "stacks/Pulumi.line-demo.discovery.json"), "utf8"));
        useDiscoverySnapshots(snapshot, "stacks/Pulumi.line-demo.discovery.json");
        const out = lineBehindAlb({
            channelId: "1657000000",
            channelSecretId: "line-demo/channel-secret",
            hostnames: ["demo.edge.lab.com"],
            vpcId: "vpc-0abc",
            subnetIds: ["subnet-a", "subnet-b"],
            certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/demo",
            targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/demo/73e2d6bc24d8a067",
        });
        assert.deepEqual(out.redirectUris, ["https://demo.edge.lab.com/oauth2/idpresponse"]);
        assert.equal((await resolve(out.oidcData)).issuer, "https://access.line.me");
        const [rule] = await recordedOfType("demo", "aws:lb/listenerRule:ListenerRule");
        const oidc = plain(rule.inputs).actions[0].authenticateOidc;
        assert.equal(oidc.scope, "profile openid");
        assert.equal(oidc.tokenEndpoint, "https://api.line.me/oauth2/v2.1/token");
        assert.equal(oidc.clientSecret, "mock-secret-of-line-demo/channel-secret");

        // The target verifies x-amzn-oidc-data with exactly the login's values.
        const data = await resolve(out.oidcData);
        const keys = await startAlbKeyServer();
        try {
            const signer = await newSigner();
            keys.keys.set(signer.kid, signer.pem);
            const handler = createEchoHandler({ ...data, logoutUrl: "https://demo.edge.lab.com/" }, { jwksUri: keys.baseUrl, fetcher: keys.fetcher });
            const asLine = await albToken(signer, { albArn: data.albArn, issuer: "https://access.line.me", clientId: "1657000000" });
            const ok = await handler({ httpMethod: "GET", path: "/", multiValueHeaders: { "x-amzn-oidc-data": [asLine] } });
            assert.equal(ok.statusCode, 200, ok.body);
            // Seed 001's typo, had it reached a token, is refused by the target too.
            const typo = await albToken(signer, { albArn: data.albArn, issuer: "https://access.line.me/oauth2/v2.1", clientId: "1657000000" });
            assert.equal((await handler({ httpMethod: "GET", path: "/", multiValueHeaders: { "x-amzn-oidc-data": [typo] } })).statusCode, 401);
        } finally {
            await keys.stop();
        }
    });

    it("GIVEN docs/identity-providers.md THEN every fragment of the example is in the example, in order", () => {
        const docs = fs.readFileSync(path.join(ROOT, "docs/identity-providers.md"), "utf8");
        const example = fs.readFileSync(path.join(ROOT, "test/core/examples/lineBehindAlb.ts"), "utf8").split("\n");
        const fragments = [...docs.matchAll(/```ts\n\/\/ fragment of test\/core\/examples\/lineBehindAlb\.ts\n([\s\S]*?)```/g)];
        assert.ok(fragments.length > 0, "the docs show the example");
        for (const [, body] of fragments) {
            let at = 0;
            for (const line of body.split("\n").filter((l) => l.trim() !== "" && l.trim() !== "// ...")) {
                const found = example.indexOf(line, at);
                assert.ok(found >= 0, `not in the example (in order): ${line}`);
                at = found + 1;
            }
        }
    });
});
