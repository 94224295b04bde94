import { strict as assert } from "assert";
import { albLogoutResponse } from "../../components/alb/logout";

const LOGOUT = "https://acme.us.auth0.com/v2/logout?client_id=cid&returnTo=https%3A%2F%2Fkibana.example.com%2F";

describe("albLogoutResponse (ALB logout recipe)", () => {
    it("GIVEN the login's logout URL THEN every session cookie shard is expired and the browser goes to Auth0 logout", () => {
        const response = albLogoutResponse({ logoutUrl: LOGOUT });
        assert.equal(response.statusCode, 302);
        assert.deepEqual(response.headers, { location: LOGOUT, "cache-control": "no-store" });
        assert.deepEqual(response.setCookies.map((c) => c.split("=")[0]), [0, 1, 2, 3].map((i) => `AWSELBAuthSessionCookie-${i}`));
        for (const cookie of response.setCookies) {
            assert.match(cookie, /^AWSELBAuthSessionCookie-\d=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; HttpOnly$/);
        }
    });

    it("GIVEN a custom cookie name and shard count THEN those cookies are expired", () => {
        const response = albLogoutResponse({ logoutUrl: LOGOUT, sessionCookieName: "KibanaSession", shards: 2 });
        assert.deepEqual(response.setCookies.map((c) => c.split("=")[0]), ["KibanaSession-0", "KibanaSession-1"]);
    });

    it("GIVEN a configured URL in another spelling THEN Location is the parsed, normalised href (no CR/LF, spaces encoded)", () => {
        const messy = "https://ACME.us.auth0.com:443/v2/logout?client_id=cid&returnTo=https%3A%2F%2Fkibana.example.com%2F\r\nSet-Cookie: x=y";
        const location = albLogoutResponse({ logoutUrl: messy }).headers.location;
        assert.equal(location, "https://acme.us.auth0.com/v2/logout?client_id=cid&returnTo=https%3A%2F%2Fkibana.example.com%2FSet-Cookie:%20x=y");
        assert.ok(!/[\r\n ]/.test(location));
        assert.equal(location, new URL(location).href, "already normalised");
    });

    it("GIVEN a URL that is not an https logout with returnTo THEN it is rejected", () => {
        assert.throws(() => albLogoutResponse({ logoutUrl: "https://acme.us.auth0.com/v2/logout" }), /logoutUrl .* is not an Auth0 logout URL with returnTo\. Fix: pass AlbOidcLogin\.logoutUrl/);
        assert.throws(() => albLogoutResponse({ logoutUrl: "http://acme.us.auth0.com/v2/logout?returnTo=x" }), /is not an Auth0 logout URL/);
        assert.throws(() => albLogoutResponse({ logoutUrl: "not a url" }), /is not an Auth0 logout URL/);
        assert.throws(() => albLogoutResponse({ logoutUrl: "https://user:pw@acme.us.auth0.com/v2/logout?returnTo=x" }), /is not an Auth0 logout URL/);
        assert.throws(() => albLogoutResponse({ logoutUrl: LOGOUT, shards: 0 }), /shards 0 is out of range/);
        assert.throws(() => albLogoutResponse({ logoutUrl: LOGOUT, sessionCookieName: "a b" }), /sessionCookieName "a b" is not a valid cookie name/);
    });
});
