import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { clientSettings, colorsApi } from "../../stacks/examples/colorsApi";
import { ACCOUNT, REGION, clearRecords, recordedOfType, recordedOne, resolve, settle, setupMocks } from "../support/mocks";

const ROOT = path.join(__dirname, "..", "..");
const EXAMPLE = "stacks/examples/colorsApi.ts";

/** The fenced block that docs/http-api.md embeds between the markers naming the example file. */
function documentedExample(): string {
    const doc = fs.readFileSync(path.join(ROOT, "docs/http-api.md"), "utf8");
    const match = new RegExp(`<!-- BEGIN ${EXAMPLE} -->\\n\`\`\`ts\\n([\\s\\S]*?)\`\`\`\\n<!-- END ${EXAMPLE} -->`).exec(doc);
    assert.ok(match, `docs/http-api.md must embed ${EXAMPLE} between BEGIN/END markers`);
    return match[1];
}

describe("Seed 003 colors API example (docs/http-api.md)", () => {
    let parts: ReturnType<typeof colorsApi>;

    before(async () => {
        setupMocks();
        // The example's Auth0 children are named after its identifier, which other tests share.
        await settle();
        clearRecords();
        parts = colorsApi({ auth0Domain: "sandrino.auth0.com", appOrigins: ["http://localhost:3000"], allowLocalhost: true });
    });

    it("GIVEN the documentation THEN its example is the example file, character for character", () => {
        assert.equal(documentedExample(), fs.readFileSync(path.join(ROOT, EXAMPLE), "utf8"));
    });

    it("THEN the authorizer trusts the tenant issuer and the urn:colors-api audience", async () => {
        const authorizer = await recordedOne("aws:apigatewayv2/authorizer:Authorizer", "colors-http-authorizer");
        assert.deepEqual(authorizer.inputs.jwtConfiguration, { issuer: "https://sandrino.auth0.com/", audiences: ["urn:colors-api"] });
    });

    it("THEN GET /colors is public, GET /my/profile takes any valid token, GET /my/colors needs read:colors", async () => {
        const routes = await recordedOfType("colors-http", "aws:apigatewayv2/route:Route");
        const byKey = Object.fromEntries(routes.map((r) => [r.inputs.routeKey, [r.inputs.authorizationType, r.inputs.authorizationScopes]]));
        assert.deepEqual(byKey, {
            "GET /colors": ["NONE", undefined],
            "GET /my/profile": ["JWT", undefined],
            "GET /my/colors": ["JWT", ["read:colors"]],
        });
    });

    it("THEN a role grants read:colors, so RBAC lets its holders obtain the scope", async () => {
        const grant = await recordedOne("auth0:index/rolePermissions:RolePermissions", "role-color-reader-permissions");
        assert.deepEqual(grant.inputs.permissions, [{ name: "read:colors", resourceServerIdentifier: "urn:colors-api" }]);
        const server = await recordedOne("auth0:index/resourceServer:ResourceServer", "api-urn-colors-api");
        assert.equal(server.inputs.enforcePolicies, true);
    });

    it("THEN the SPA's origins, callbacks and logout URLs are localhost:3000 and CORS allows exactly that origin", async () => {
        const client = await recordedOne("auth0:index/client:Client", "colors-app-client");
        assert.deepEqual([client.inputs.callbacks, client.inputs.allowedLogoutUrls, client.inputs.webOrigins], [["http://localhost:3000"], ["http://localhost:3000"], ["http://localhost:3000"]]);
        const api = await recordedOne("aws:apigatewayv2/api:Api", "colors-http-api");
        assert.deepEqual(api.inputs.corsConfiguration.allowOrigins, client.inputs.webOrigins);
        assert.deepEqual(api.inputs.corsConfiguration.allowMethods, ["GET"]);
    });

    it("THEN the one function is invokable by each route of this API only, and claims are added at login", async () => {
        const permissions = await recordedOfType("colors-http", "aws:lambda/permission:Permission");
        const base = `arn:aws:execute-api:${REGION}:${ACCOUNT}:colors-http-api-id/*/GET`;
        assert.deepEqual(permissions.map((p) => p.inputs.sourceArn).sort(), [`${base}/colors`, `${base}/my/colors`, `${base}/my/profile`]);
        assert.ok(permissions.every((p) => p.inputs.function === `arn:aws:lambda:${REGION}:${ACCOUNT}:function:colors-fn`));
        const action = (await recordedOfType("edge-auth-claims", "auth0:index/action:Action")).find((a) => a.inputs.code.includes("https://colors.example.com/"))!;
        assert.match(action.inputs.code, /"namespace": "https:\/\/colors\.example\.com\/"/);
        assert.match(action.inputs.code, /"audience": "urn:colors-api"/);
    });

    it("THEN the browser settings ask for the audience and every scope a route needs", async () => {
        const settings = clientSettings(parts);
        assert.equal(settings.domain, "sandrino.auth0.com");
        assert.equal(settings.audience, "urn:colors-api");
        assert.equal(settings.scope, "openid profile email read:colors");
        assert.equal(await resolve(settings.clientId), "colors-app-client-client-id");
        assert.equal(await resolve(settings.apiUrl), `https://colors-http-api-id.execute-api.${REGION}.amazonaws.com`);
    });
});
