import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { DiscoveryDocument, compareWithDiscovery } from "../../components/core/discovery";
import { JwtVerifier, discoveryUrlOf, requireVerifiableAccessTokens, resolveIdentityProvider } from "../../components/core/identityProvider";
import { IdentityProviderPreset, PresetParams, cognitoPreset, entraIdPreset, oktaPreset, presetIdentityProvider } from "../../components/core/presets";

interface Fixture {
    source: string;
    notes: string;
    params?: PresetParams;
    document: DiscoveryDocument;
}

const FIXTURES = path.join(__dirname, "..", "fixtures", "discovery");
const load = (file: string): Fixture => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), "utf8"));

const CASES: Array<{ file: string; preset: IdentityProviderPreset; jwtAccessTokens: boolean }> = [
    { file: "line.json", preset: "line", jwtAccessTokens: false },
    { file: "google.json", preset: "google", jwtAccessTokens: false },
    { file: "okta-org.json", preset: "okta", jwtAccessTokens: false },
    { file: "okta-custom.json", preset: "okta", jwtAccessTokens: true },
    { file: "entra-id.json", preset: "entra-id", jwtAccessTokens: true },
    { file: "cognito.json", preset: "cognito", jwtAccessTokens: true },
];

describe("identity provider presets against their providers' discovery documents", () => {
    for (const { file, preset, jwtAccessTokens } of CASES) {
        describe(`GIVEN the ${preset} preset and ${file}`, () => {
            const fixture = load(file);
            const idp = resolveIdentityProvider(presetIdentityProvider(preset, fixture.params));

            it("THEN the fixture names its source", () => {
                assert.match(fixture.source, /https:\/\/|\.md/);
            });

            it("THEN issuer, endpoints and signing algorithms match the document exactly", () => {
                assert.deepEqual(compareWithDiscovery(idp, fixture.document), []);
                assert.equal(idp.discoveryUrl, discoveryUrlOf(fixture.document.issuer));
            });

            it("THEN a scope order names only scopes the provider supports", () => {
                for (const scope of idp.capabilities.scopeOrder) {
                    assert.ok(fixture.document.scopes_supported?.includes(scope), `${scope} not in scopes_supported`);
                }
            });

            it("WHEN the document's token endpoint moves THEN the comparison reports it", () => {
                const moved = { ...fixture.document, token_endpoint: `${fixture.document.token_endpoint}/v9` };
                assert.deepEqual(compareWithDiscovery(idp, moved).map((m) => m.member), ["token_endpoint"]);
            });

            it(`THEN JWT verifiers are ${jwtAccessTokens ? "accepted" : "refused, saying why"}`, () => {
                const check = () => requireVerifiableAccessTokens("api", idp, JwtVerifier.HttpApiJwtAuthorizer);
                if (jwtAccessTokens) {
                    assert.doesNotThrow(check);
                } else {
                    assert.throws(check, new RegExp(`is ${idp.displayName}, whose access tokens are not JWTs, so the HTTP API JWT authorizer cannot verify them`));
                }
            });
        });
    }

    it("LINE wants profile openid in that order and lists HS256 for web login besides ES256", () => {
        const line = resolveIdentityProvider(presetIdentityProvider("line"));
        assert.deepEqual(line.capabilities.scopeOrder, ["profile", "openid"]);
        assert.deepEqual(line.capabilities.signingAlgorithms, ["HS256", "ES256"]);
        assert.equal(line.endSessionEndpoint, "");
    });

    it("a preset's discovery check can be turned off for a private network", () => {
        assert.equal(resolveIdentityProvider(presetIdentityProvider("google", { discovery: { check: "off" } })).discovery.check, "off");
    });

    const rejected: Array<[string, () => unknown, RegExp]> = [
        ["an Okta org URL with a path", () => oktaPreset({ orgUrl: "https://acme.okta.com/oauth2/default" }), /orgUrl "https:\/\/acme\.okta\.com\/oauth2\/default" is not an https origin\. Fix: give the Okta org URL, e\.g\. "https:\/\/acme\.okta\.com": "https:\/\/acme\.okta\.com"/],
        ["an Okta org URL over http", () => oktaPreset({ orgUrl: "http://acme.okta.com" }), /is not an https origin/],
        ["Entra's common authority", () => entraIdPreset({ tenantId: "common" }), /tenantId "common" is a multi-tenant authority whose issuer is a template/],
        ["an Entra tenant that is not an id", () => entraIdPreset({ tenantId: "contoso" }), /tenantId "contoso" is not a tenant id/],
        ["a Cognito pool id without region", () => cognitoPreset({ userPoolId: "AbCdEf", domain: "acme" }), /userPoolId "AbCdEf" is not a user pool id/],
        ["a Cognito domain with a scheme", () => cognitoPreset({ userPoolId: "eu-west-1_AbCdEf", domain: "https://auth.example.com" }), /domain "https:\/\/auth\.example\.com" is not a user pool domain/],
        ["an unknown preset", () => presetIdentityProvider("keycloak" as IdentityProviderPreset), /preset "keycloak" is not a preset\. Fix: use one of line, google, okta, entra-id, cognito/],
    ];
    for (const [what, run, message] of rejected) {
        it(`refuses ${what}`, () => {
            assert.throws(run, message);
        });
    }

    it("Cognito takes a custom domain as is and derives the region from the pool id", () => {
        const idp = resolveIdentityProvider(cognitoPreset({ userPoolId: "eu-west-1_AbCdEf", domain: "auth.example.com" }));
        assert.equal(idp.issuer, "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf");
        assert.equal(idp.tokenEndpoint, "https://auth.example.com/oauth2/token");
    });
});
