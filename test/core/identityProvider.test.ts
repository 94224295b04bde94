import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    DiscoveryCheck, IdentityProviderKind, discoveryUrlOf, requireScopeOrder, requireVerifiableAccessTokens, resolveIdentityProvider,
} from "../../components/core/identityProvider";
import { tenantEndpoints } from "../../components/core/tenant";

const LINE = {
    displayName: "LINE",
    issuer: "https://access.line.me",
    authorizationEndpoint: "https://access.line.me/oauth2/v2.1/authorize",
    tokenEndpoint: "https://api.line.me/oauth2/v2.1/token",
    userInfoEndpoint: "https://api.line.me/oauth2/v2.1/userinfo",
    jwksUri: "https://api.line.me/oauth2/v2.1/certs",
    jwtAccessTokens: false,
    scopeOrder: ["profile", "openid"],
};

describe("identity provider model", () => {
    afterEach(() => pulumi.runtime.setAllConfig({}));

    describe("GIVEN an Auth0 tenant", () => {
        it("THEN issuer and endpoints are today's tenant derivation, custom domain included", () => {
            for (const args of [{ domain: "acme.us.auth0.com" }, { domain: "acme.us.auth0.com", customDomain: "login.acme.com" }]) {
                const idp = resolveIdentityProvider(args);
                const tenant = tenantEndpoints(args);
                assert.equal(idp.kind, IdentityProviderKind.Auth0);
                assert.deepEqual(idp.auth0, tenant);
                assert.equal(idp.issuer, tenant.issuer);
                assert.equal(idp.authorizationEndpoint, tenant.authorizationEndpoint);
                assert.equal(idp.tokenEndpoint, tenant.tokenEndpoint);
                assert.equal(idp.userInfoEndpoint, tenant.userInfoEndpoint);
                assert.equal(idp.jwksUri, tenant.jwksUri);
                assert.equal(idp.discoveryUrl, tenant.discoveryUrl);
                assert.equal(idp.capabilities.jwtAccessTokens, true);
                assert.equal(idp.discovery.check, DiscoveryCheck.Off);
            }
        });

        it("WHEN no domain is given THEN the stack's auth0:domain config is the tenant (typed once per stack)", () => {
            pulumi.runtime.setAllConfig({ "auth0:domain": "edge-auth-dev.eu.auth0.com" });
            assert.equal(resolveIdentityProvider(undefined).issuer, "https://edge-auth-dev.eu.auth0.com/");
            assert.equal(resolveIdentityProvider({ displayName: "Workforce" }).displayName, "Workforce");
        });

        it("WHEN neither domain, issuer nor auth0:domain exist THEN the error says where to set it", () => {
            const saved = process.env.AUTH0_DOMAIN;
            delete process.env.AUTH0_DOMAIN;
            try {
                assert.throws(() => resolveIdentityProvider({}), /tenant\.domain \(missing\) is missing and the stack has no auth0:domain config\. Fix: set it once per stack with `pulumi config set auth0:domain/);
            } finally {
                if (saved !== undefined) {
                    process.env.AUTH0_DOMAIN = saved;
                }
            }
        });

        it("WHEN Auth0 and OIDC fields are mixed THEN it is refused", () => {
            assert.throws(() => resolveIdentityProvider({ domain: "acme.us.auth0.com", issuer: "https://acme.us.auth0.com/" }),
                /tenant\.issuer "https:\/\/acme\.us\.auth0\.com\/" is given together with tenant\.domain\. Fix: an Auth0 tenant derives/);
        });
    });

    describe("GIVEN any OIDC provider (LINE)", () => {
        it("THEN issuer and endpoints are kept exactly, on their own hosts, with its capabilities", () => {
            const idp = resolveIdentityProvider(LINE);
            assert.deepEqual(idp, {
                kind: "oidc",
                displayName: "LINE",
                issuer: "https://access.line.me",
                authorizationEndpoint: "https://access.line.me/oauth2/v2.1/authorize",
                tokenEndpoint: "https://api.line.me/oauth2/v2.1/token",
                userInfoEndpoint: "https://api.line.me/oauth2/v2.1/userinfo",
                jwksUri: "https://api.line.me/oauth2/v2.1/certs",
                discoveryUrl: "https://access.line.me/.well-known/openid-configuration",
                endSessionEndpoint: "",
                capabilities: { jwtAccessTokens: false, signingAlgorithms: ["RS256"], scopeOrder: ["profile", "openid"], authorizationParams: {} },
                discovery: { check: "fetch", timeoutSeconds: 10 },
            });
            assert.deepEqual(JSON.parse(JSON.stringify(idp)), idp, "the model is plain and serialisable");
        });

        it("THEN the discovery URL drops a terminating slash of the issuer (OIDC Discovery section 4)", () => {
            assert.equal(discoveryUrlOf("https://login.example.com/tenant-1/"), "https://login.example.com/tenant-1/.well-known/openid-configuration");
            assert.equal(discoveryUrlOf("https://login.example.com/tenant-1"), "https://login.example.com/tenant-1/.well-known/openid-configuration");
        });

        const rejected: Array<[string, object, RegExp]> = [
            ["an http issuer", { ...LINE, issuer: "http://access.line.me" }, /tenant\.issuer "http:\/\/access\.line\.me" uses http\. Fix: OIDC requires https: write "https:\/\/access\.line\.me"/],
            ["an issuer with a query", { ...LINE, issuer: "https://access.line.me/?x=1" }, /has a query or fragment/],
            ["a missing token endpoint", { ...LINE, tokenEndpoint: undefined }, /tenant\.tokenEndpoint \(missing\) is missing\. Fix: copy "token_endpoint" from https:\/\/access\.line\.me\/\.well-known\/openid-configuration/],
            ["an unknown algorithm", { ...LINE, signingAlgorithms: ["RS257"] }, /tenant\.signingAlgorithms\[0\] "RS257" is not a JWS algorithm/],
            ["a scope with spaces", { ...LINE, scopeOrder: ["profile openid"] }, /tenant\.scopeOrder\[0\] "profile openid" is not a single scope/],
            ["an unknown discovery check", { ...LINE, discovery: { check: "maybe" } }, /tenant\.discovery\.check "maybe" is not a discovery check/],
            ["a discovery timeout of an hour", { ...LINE, discovery: { timeoutSeconds: 3600 } }, /tenant\.discovery\.timeoutSeconds 3600 is out of range/],
        ];
        for (const [what, args, message] of rejected) {
            it(`WHEN given ${what} THEN construction fails naming the argument and the fix`, () => {
                assert.throws(() => resolveIdentityProvider(args as any), message);
            });
        }

        it("WHEN the discovery check is turned off THEN that is kept (explicit opt-out for private IdPs)", () => {
            assert.equal(resolveIdentityProvider({ ...LINE, discovery: { check: "off" } }).discovery.check, "off");
        });
    });

    describe("capabilities", () => {
        it("refuses JWT verifiers for opaque access tokens, saying why", () => {
            const line = resolveIdentityProvider(LINE);
            assert.throws(() => requireVerifiableAccessTokens("api", line, "ALB jwt-validation"),
                /api "https:\/\/access\.line\.me" is LINE, whose access tokens are not JWTs, so ALB jwt-validation cannot verify them\. Fix: verify its users with an ALB login/);
            assert.doesNotThrow(() => requireVerifiableAccessTokens("api", resolveIdentityProvider({ domain: "acme.us.auth0.com" }), "ALB jwt-validation"));
        });

        it("refuses JWT verifiers for tokens not signed with RS256", () => {
            const es = resolveIdentityProvider({ ...LINE, jwtAccessTokens: true, signingAlgorithms: ["ES256"] });
            assert.throws(() => requireVerifiableAccessTokens("api", es, "the HTTP API JWT authorizer"), /signs with ES256, and the HTTP API JWT authorizer accepts RS256 only/);
        });

        it("keeps scopes in the provider's order, or names the order to write", () => {
            const line = resolveIdentityProvider(LINE);
            assert.deepEqual(requireScopeOrder("scope", line, ["profile", "openid", "email"]), ["profile", "openid", "email"]);
            assert.throws(() => requireScopeOrder("scope", line, ["openid", "email", "profile"]),
                /scope "openid email profile" names openid, profile in another order than LINE requires\. Fix: write "profile email openid" \(LINE answers INVALID_SCOPE otherwise\)/);
        });
    });
});
