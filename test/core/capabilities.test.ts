/**
 * Components that verify access tokens refuse, at construction, an API whose identity provider
 * issues tokens AWS cannot verify (seed 001: LINE's access tokens are opaque).
 */
import { strict as assert } from "assert";
import { AlbJwtValidation } from "../../components/alb/AlbJwtValidation";
import { HttpApi } from "../../components/apigateway/HttpApi";
import { RestApiLambdaAuthorizer } from "../../components/apigateway/RestApiLambdaAuthorizer";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { IdentityProvider, resolveIdentityProvider } from "../../components/core/identityProvider";
import { linePreset } from "../../components/core/presets";
import { TARGET_GROUP, newLoadBalancer } from "../alb/fixtures";
import { ACCOUNT, REGION, allRecorded, registerRequests, settle, setupMocks } from "../support/mocks";
import { HttpsIssuer, startHttpsOidcProvider } from "../support/httpsOidcProvider";

/**
 * An API whose tokens another identity provider issues: an Auth0Api as seen through a
 * different `identityProvider` (the shape a cross-stack API reference carries).
 */
function apiOf(name: string, idp: IdentityProvider): Auth0Api<"read:items"> {
    const api = new Auth0Api<"read:items">(name, { tenant: { domain: "acme.us.auth0.com" }, identifier: `urn:${name}`, permissions: [{ name: "read:items" }] });
    return Object.assign(Object.create(api), { identityProvider: idp });
}

const line = resolveIdentityProvider(linePreset());
const fn = { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:items` };

describe("capabilities: JWT verifiers refuse an identity provider without JWT access tokens", () => {
    before(() => setupMocks());

    const cases: Array<[string, (api: Auth0Api<"read:items">) => unknown, RegExp]> = [
        ["ALB jwt-validation", (api) => new AlbJwtValidation("cap-alb", {
            loadBalancer: newLoadBalancer("cap-alb-lb"), api, routes: [{ name: "items", pathPatterns: ["/items"], scopes: ["read:items"] }],
            targetGroupArn: TARGET_GROUP, priority: 10,
        }), /AlbJwtValidation "cap-alb": api "https:\/\/access\.line\.me" is LINE, whose access tokens are not JWTs, so ALB jwt-validation cannot verify them\. Fix: verify its users with an ALB login \(AlbOidcLogin\) instead/],
        ["the HTTP API JWT authorizer", (api) => new HttpApi("cap-http", { api, routes: { "GET /items": { function: fn, scopes: ["read:items"] } } }),
            /api "https:\/\/access\.line\.me" is LINE, whose access tokens are not JWTs, so the HTTP API JWT authorizer cannot verify them/],
        ["the REST API Lambda authorizer", (api) => new RestApiLambdaAuthorizer("cap-rest", { api, routes: { "GET /items": { scopes: ["read:items"] } } }),
            /RestApiLambdaAuthorizer "cap-rest": api "https:\/\/access\.line\.me" is LINE, whose access tokens are not JWTs, so the REST API Lambda authorizer cannot verify them/],
    ];
    for (const [verifier, build, message] of cases) {
        it(`GIVEN an API with LINE tokens WHEN ${verifier} is built THEN it is refused saying why, and nothing of it is registered`, async () => {
            const api = apiOf(`cap-api-${verifier.length}`, line);
            await settle();
            const before = registerRequests.length;
            assert.throws(() => build(api), message);
            await settle();
            assert.deepEqual(registerRequests.slice(before).map((r) => r.getName()).filter((n: string) => n.startsWith("cap-") && !n.endsWith("-lb") && !n.includes("-lb-")), []);
        });
    }

    it("GIVEN an API with JWT access tokens signed ES256 WHEN an HTTP API is built THEN RS256 is named as the only algorithm AWS takes", () => {
        const es = resolveIdentityProvider({ ...linePreset(), displayName: "ES IdP", jwtAccessTokens: true, signingAlgorithms: ["ES256"] });
        assert.throws(() => new HttpApi("cap-es", { api: apiOf("cap-es-api", es), routes: { "GET /items": { function: fn, scopes: ["read:items"] } } }),
            /is ES IdP, which signs with ES256, and the HTTP API JWT authorizer accepts RS256 only/);
    });

    it("GIVEN an Auth0Api THEN its identity provider is the tenant, JWT access tokens signed with the API's algorithm", () => {
        const api = new Auth0Api("cap-auth0", { tenant: { domain: "acme.us.auth0.com" }, identifier: "urn:cap", permissions: [{ name: "read:items" }], signingAlg: "PS256" });
        assert.equal(api.identityProvider.issuer, "https://acme.us.auth0.com/");
        assert.equal(api.identityProvider.capabilities.jwtAccessTokens, true);
        assert.deepEqual(api.identityProvider.capabilities.signingAlgorithms, ["PS256"]);
    });

    it("GIVEN LINE as an Auth0Api's tenant THEN it is refused: an Auth0 API is an Auth0 resource server", () => {
        assert.throws(() => new Auth0Api("cap-line-api", { tenant: linePreset(), identifier: "urn:x", permissions: [{ name: "read:items" }] }),
            /Auth0Api "cap-line-api": tenant "https:\/\/access\.line\.me" is LINE, not an Auth0 tenant, and an Auth0Api is an Auth0 resource server/);
    });

    describe("GIVEN an API whose JWT access tokens a local HTTPS provider issues (discovery check on)", () => {
        let p: HttpsIssuer;
        const model = (issuer: string): IdentityProvider => resolveIdentityProvider({
            displayName: "Local IdP", issuer, authorizationEndpoint: p.discovery.authorization_endpoint, tokenEndpoint: p.discovery.token_endpoint,
            userInfoEndpoint: p.discovery.userinfo_endpoint, jwksUri: p.discovery.jwks_uri, jwtAccessTokens: true,
            discovery: { caCertificates: p.caCertificate, timeoutSeconds: 5, allowPrivateAddresses: true },
        });
        before(async () => {
            p = await startHttpsOidcProvider({});
        });
        after(() => p.stop());

        it("WHEN the issuer matches THEN the HTTP API's JWT authorizer is registered with it", async () => {
            new HttpApi("disc-http-ok", { api: apiOf("disc-http-ok-api", model(p.issuer)), routes: { "GET /items": { function: fn, scopes: ["read:items"] } } });
            await settle();
            const authorizer = allRecorded().find((r) => r.name === "disc-http-ok-authorizer");
            assert.equal(authorizer?.inputs.jwtConfiguration.issuer, p.issuer);
        });
        // A mismatch rejects the authorizer's issuer (the check itself: test/core/discovery.test.ts);
        // the engine then fails the preview. Under the mocks, the routes waiting for the failed
        // authorizer would wait forever, so the failing case is tested on AlbOidcLogin, whose rules
        // nothing waits for.
    });
});
