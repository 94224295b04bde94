import { strict as assert } from "assert";
import { logoutUrl, normalizeDomain, tenantEndpoints } from "../../components/core/tenant";

describe("tenant model", () => {
    it("derives every endpoint from the Auth0 domain, issuer with trailing slash", () => {
        const t = tenantEndpoints({ domain: "acme.us.auth0.com" });
        assert.deepEqual(t, {
            domain: "acme.us.auth0.com",
            issuer: "https://acme.us.auth0.com/",
            authorizationEndpoint: "https://acme.us.auth0.com/authorize",
            tokenEndpoint: "https://acme.us.auth0.com/oauth/token",
            userInfoEndpoint: "https://acme.us.auth0.com/userinfo",
            jwksUri: "https://acme.us.auth0.com/.well-known/jwks.json",
            discoveryUrl: "https://acme.us.auth0.com/.well-known/openid-configuration",
            logoutEndpoint: "https://acme.us.auth0.com/v2/logout",
            oidcLogoutEndpoint: "https://acme.us.auth0.com/oidc/logout",
        });
    });

    it("lets a custom domain win everywhere", () => {
        const t = tenantEndpoints({ domain: "acme.us.auth0.com", customDomain: "login.acme.com" });
        for (const [key, value] of Object.entries(t)) {
            assert.ok(!String(value).includes("auth0.com"), `${key} still uses the Auth0 domain: ${value}`);
        }
        assert.equal(t.issuer, "https://login.acme.com/");
        assert.equal(t.jwksUri, "https://login.acme.com/.well-known/jwks.json");
    });

    describe("domain normalisation", () => {
        const accepted: Array<[string, string]> = [
            ["acme.us.auth0.com", "acme.us.auth0.com"],
            ["Acme.US.Auth0.com", "acme.us.auth0.com"],
            ["https://acme.us.auth0.com", "acme.us.auth0.com"],
            ["https://acme.us.auth0.com/", "acme.us.auth0.com"],
            ["  acme.auth0.com ", "acme.auth0.com"],
        ];
        for (const [input, expected] of accepted) {
            it(`normalises ${JSON.stringify(input)} to ${expected}`, () => {
                assert.equal(normalizeDomain("tenant.domain", input), expected);
            });
        }

        const rejected: Array<[unknown, RegExp]> = [
            ["http://acme.auth0.com", /tenant\.domain "http:\/\/acme\.auth0\.com" uses http\. Fix: Auth0 is served over https only: write "acme\.auth0\.com"/],
            ["https://acme.auth0.com/authorize", /contains a path or query\. Fix: write only the host name, e.g\. "acme\.auth0\.com"/],
            ["acme.auth0.com//", /contains a path/],
            ["acme.auth0.com:8443", /contains a port\. Fix: Auth0 domains are served on 443: write "acme\.auth0\.com"/],
            ["ftp://acme.auth0.com", /unsupported scheme/],
            ["acme", /is not a valid host name/],
            ["", /is empty/],
            [undefined, /\(missing\) is empty/],
        ];
        for (const [input, message] of rejected) {
            it(`rejects ${JSON.stringify(input)}`, () => {
                assert.throws(() => normalizeDomain("tenant.domain", input), message);
            });
        }
    });

    it("builds the Auth0 logout URL with client_id and an encoded returnTo", () => {
        const t = tenantEndpoints({ domain: "acme.auth0.com" });
        assert.equal(
            logoutUrl(t, "abc", "https://app.example.com/"),
            "https://acme.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2F",
        );
    });
});
