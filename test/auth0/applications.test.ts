import { strict as assert } from "assert";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { MachineApplication } from "../../components/auth0/MachineApplication";
import { SpaApplication } from "../../components/auth0/SpaApplication";
import { WebApplication } from "../../components/auth0/WebApplication";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { MANAGEMENT_API_SCOPES } from "../../components/auth0/client";
import { isSecret, recorded, recordedOne, resolve, setRegisterHook, settle, setupMocks } from "../support/mocks";

const CLIENT = "auth0:index/client:Client";
const CREDENTIALS = "auth0:index/clientCredentials:ClientCredentials";

function moviesApi(name: string) {
    return new Auth0Api(name, {
        tenant: { domain: "acme.eu.auth0.com" },
        identifier: "https://movies.example.com/",
        permissions: [{ name: "read:Movies" }, { name: "read:Devices" }],
    });
}

describe("Auth0 applications", () => {
    before(() => setupMocks());

    describe("WebApplication (regular web, for the ALB)", () => {
        it("GIVEN callbacks WHEN created THEN the client is a conformant regular web app with exactly those callbacks", async () => {
            const app = new WebApplication("kibana", {
                callbackUrls: ["https://kibana.example.com/oauth2/idpresponse", "https://alb-1.eu-west-1.elb.amazonaws.com/oauth2/idpresponse"],
                logoutUrls: ["https://kibana.example.com/"],
            });
            const client = await recordedOne(CLIENT, "kibana-client");
            assert.deepEqual(client.inputs, {
                name: "kibana",
                appType: "regular_web",
                grantTypes: ["authorization_code"],
                callbacks: ["https://kibana.example.com/oauth2/idpresponse", "https://alb-1.eu-west-1.elb.amazonaws.com/oauth2/idpresponse"],
                allowedLogoutUrls: ["https://kibana.example.com/"],
                oidcConformant: true,
                jwtConfiguration: { alg: "RS256" },
                isFirstParty: true,
                crossOriginAuth: false,
                // The provider's own default, kept visible so a change in it shows up here.
                description: "Managed by Pulumi",
            });
            const creds = await recordedOne(CREDENTIALS, "kibana-credentials");
            assert.deepEqual(creds.inputs, { clientId: "kibana-client-client-id", authenticationMethod: "client_secret_post" });
            assert.equal(await resolve(app.clientId), "kibana-client-client-id");
            assert.equal(await resolve(app.clientSecret), "kibana-credentials-generated-secret");
            assert.equal(await isSecret(app.clientSecret), true);
        });

        it("GIVEN refreshTokens and client_secret_basic THEN both reach Auth0", async () => {
            new WebApplication("web2", { callbackUrls: ["https://a.example.com/cb"], refreshTokens: true, tokenEndpointAuthMethod: "client_secret_basic" });
            assert.deepEqual((await recordedOne(CLIENT, "web2-client")).inputs.grantTypes, ["authorization_code", "refresh_token"]);
            assert.equal((await recordedOne(CREDENTIALS, "web2-credentials")).inputs.authenticationMethod, "client_secret_basic");
        });

        it("GIVEN allowLocalhost THEN an http://localhost callback is accepted", async () => {
            new WebApplication("web3", { callbackUrls: ["http://localhost:8080/callback"], allowLocalhost: true });
            assert.deepEqual((await recordedOne(CLIENT, "web3-client")).inputs.callbacks, ["http://localhost:8080/callback"]);
        });

        const bad: Array<[string, Record<string, unknown>, RegExp]> = [
            ["an http callback", { callbackUrls: ["http://kibana.example.com/oauth2/idpresponse"] },
                /WebApplication "badweb-0": callbackUrls\[0\] "http:\/\/kibana\.example\.com\/oauth2\/idpresponse" uses http\. Fix: use "https:\/\/kibana\.example\.com\/oauth2\/idpresponse"/],
            ["a localhost callback without the opt-in", { callbackUrls: ["http://localhost:3000"] }, /is a local http URL\. Fix: set allowLocalhost: true/],
            ["a wildcard callback without the opt-in", { callbackUrls: ["https://*.example.com/cb"] }, /contains a wildcard\. Fix: list each host explicitly, or set allowWildcards: true/],
            ["no callbacks", { callbackUrls: [] }, /callbackUrls \[\] is empty/],
            ["a duplicate callback", { callbackUrls: ["https://a.example.com/cb", "https://a.example.com/cb"] }, /is listed twice/],
            ["a relative callback", { callbackUrls: ["/oauth2/idpresponse"] }, /is not an absolute URL/],
            ["a callback with a fragment", { callbackUrls: ["https://a.example.com/cb#x"] }, /has a fragment/],
            ["an http logout URL", { callbackUrls: ["https://a.example.com/cb"], logoutUrls: ["http://a.example.com/"] }, /logoutUrls\[0\] "http:\/\/a\.example\.com\/" uses http/],
            ["a public token endpoint method", { callbackUrls: ["https://a.example.com/cb"], tokenEndpointAuthMethod: "none" }, /tokenEndpointAuthMethod "none" is not a confidential client method/],
        ];
        bad.forEach(([what, args, message], i) => {
            it(`rejects ${what} and creates nothing`, async () => {
                assert.throws(() => new WebApplication(`badweb-${i}`, args as any), message);
                assert.deepEqual(await recorded(`badweb-${i}`), []);
            });
        });
    });

    describe("SpaApplication", () => {
        it("GIVEN origins THEN callbacks, logout URLs, web and allowed origins all derive from them", async () => {
            const spa = new SpaApplication("colors-spa", {
                origins: ["https://colors.example.com/", "http://localhost:3000"],
                allowLocalhost: true,
            });
            const client = await recordedOne(CLIENT, "colors-spa-client");
            const origins = ["https://colors.example.com", "http://localhost:3000"];
            assert.equal(client.inputs.appType, "spa");
            assert.deepEqual(client.inputs.grantTypes, ["authorization_code", "refresh_token"]);
            assert.deepEqual(client.inputs.callbacks, origins);
            assert.deepEqual(client.inputs.allowedLogoutUrls, origins);
            assert.deepEqual(client.inputs.webOrigins, origins);
            assert.deepEqual(client.inputs.allowedOrigins, origins);
            assert.deepEqual(client.inputs.refreshToken, {
                rotationType: "rotating", expirationType: "expiring", tokenLifetime: 2592000, infiniteTokenLifetime: false,
                idleTokenLifetime: 1296000, infiniteIdleTokenLifetime: false, leeway: 0,
            });
            assert.equal(spa.refreshTokens, true);
            assert.equal(client.inputs.oidcConformant, true);
            assert.equal((await recordedOne(CREDENTIALS, "colors-spa-credentials")).inputs.authenticationMethod, "none");
            assert.deepEqual(spa.origins, origins);
        });

        it("GIVEN a callbackPath THEN callbacks are origin + path and origins stay bare", async () => {
            new SpaApplication("spa2", { origins: ["https://app.example.com"], callbackPath: "/callback" });
            const client = await recordedOne(CLIENT, "spa2-client");
            assert.deepEqual(client.inputs.callbacks, ["https://app.example.com/callback"]);
            assert.deepEqual(client.inputs.webOrigins, ["https://app.example.com"]);
        });

        it("GIVEN explicit refresh lifetimes THEN both are set, never infinite; GIVEN refreshTokens false THEN no refresh grant (finding 8)", async () => {
            new SpaApplication("spa-life", { origins: ["https://app.example.com"], refreshTokenLifetime: 86400, refreshTokenIdleLifetime: 3600 });
            const client = await recordedOne(CLIENT, "spa-life-client");
            assert.equal(client.inputs.refreshToken.tokenLifetime, 86400);
            assert.equal(client.inputs.refreshToken.idleTokenLifetime, 3600);
            assert.equal(client.inputs.refreshToken.infiniteIdleTokenLifetime, false);
            const plain = new SpaApplication("spa-norefresh", { origins: ["https://app.example.com"], refreshTokens: false });
            assert.deepEqual((await recordedOne(CLIENT, "spa-norefresh-client")).inputs.grantTypes, ["authorization_code"]);
            assert.equal(plain.refreshTokens, false);
        });

        it("GIVEN an API it calls without offline access THEN construction fails naming the API; with it, passes (finding 8)", async () => {
            const online = moviesApi("online-movies");
            assert.throws(() => new SpaApplication("spa-online", { origins: ["https://app.example.com"], apis: [online] }),
                /SpaApplication "spa-online": apis\[0\] "https:\/\/movies\.example\.com\/" does not allow offline access, so Auth0 would issue this app no refresh token for it\. Fix: set allowOfflineAccess: true/);
            assert.deepEqual(await recorded("spa-online"), []);
            const offline = new Auth0Api("spa-offline-api", { tenant: { domain: "acme.eu.auth0.com" }, identifier: "urn:offline", permissions: [{ name: "read:x" }], allowOfflineAccess: true });
            assert.doesNotThrow(() => new SpaApplication("spa-offline", { origins: ["https://app.example.com"], apis: [offline] }));
            assert.doesNotThrow(() => new SpaApplication("spa-online-norefresh", { origins: ["https://app.example.com"], apis: [online], refreshTokens: false }));
        });

        const bad: Array<[string, Record<string, unknown>, RegExp]> = [
            ["an origin with a path", { origins: ["https://app.example.com/app"] }, /SpaApplication "badspa-0": origins\[0\] "https:\/\/app\.example\.com\/app" is an origin with a path or query\. Fix: write only scheme and host: "https:\/\/app\.example\.com"/],
            ["localhost without the opt-in", { origins: ["http://localhost:3000"] }, /origins\[0\] "http:\/\/localhost:3000" is a local http URL/],
            ["an http origin", { origins: ["http://app.example.com"] }, /uses http/],
            ["no origins", { origins: [] }, /origins \[\] is empty/],
            ["a relative callback path", { origins: ["https://app.example.com"], callbackPath: "callback" }, /callbackPath "callback" is not an absolute path/],
            ["an idle lifetime above the absolute one", { origins: ["https://app.example.com"], refreshTokenLifetime: 3600, refreshTokenIdleLifetime: 7200 },
                /SpaApplication "badspa-\d+": refreshTokenIdleLifetime 7200 exceeds refreshTokenLifetime \(3600\)/],
        ];
        bad.forEach(([what, args, message], i) => {
            it(`rejects ${what} and creates nothing`, async () => {
                assert.throws(() => new SpaApplication(`badspa-${i}`, args as any), message);
                assert.deepEqual(await recorded(`badspa-${i}`), []);
            });
        });
    });

    describe("client secrets the provider could not read (finding 6)", () => {
        // The provider's own client without read:client_keys reads every secret as "".
        const blankSecrets = (req: any, callback: any) => (err: any, response: any) => {
            if (!err && req.getType() === CREDENTIALS) {
                const state = response.getObject().toJavaScript();
                response.setObject(Struct.fromJavaScript({ ...state, clientSecret: "" }));
            }
            callback(err, response);
        };
        afterEach(() => setRegisterHook(undefined));

        it("GIVEN an empty secret THEN the web app's and the machine app's secrets fail with the Management API scopes to grant", async () => {
            setRegisterHook(blankSecrets);
            const web = new WebApplication("blank-web", { callbackUrls: ["https://app.example.com/oauth2/idpresponse"] });
            const m2m = new MachineApplication("blank-m2m", { api: moviesApi("blank-api"), scopes: ["read:Movies"] });
            for (const secret of [web.clientSecret, m2m.clientSecret]) {
                await assert.rejects((secret as any).promise(), (err: Error) => {
                    assert.match(err.message, /Auth0 returned an empty client secret/);
                    assert.match(err.message, /lacks read:client_keys/);
                    for (const scope of MANAGEMENT_API_SCOPES) {
                        assert.ok(err.message.includes(scope), scope);
                    }
                    return true;
                });
            }
        });

        it("GIVEN a SPA (no secret by design) THEN an empty secret is fine", async () => {
            setRegisterHook(blankSecrets);
            const spa = new SpaApplication("blank-spa", { origins: ["https://app.example.com"] });
            assert.equal(await resolve(spa.clientId), "blank-spa-client-client-id");
            await settle();
        });
    });

    describe("MachineApplication", () => {
        it("GIVEN declared scopes THEN a non-interactive client gets a grant on the API's audience", async () => {
            const api = moviesApi("m2m-api");
            const app = new MachineApplication("movies-reporter", { api, scopes: ["read:Movies"] });
            const client = await recordedOne(CLIENT, "movies-reporter-client");
            assert.equal(client.inputs.appType, "non_interactive");
            assert.deepEqual(client.inputs.grantTypes, ["client_credentials"]);
            const grant = await recordedOne("auth0:index/clientGrant:ClientGrant", "movies-reporter-grant");
            assert.deepEqual(grant.inputs, { clientId: "movies-reporter-client-client-id", audience: "https://movies.example.com/", scopes: ["read:Movies"] });
            assert.equal((await recordedOne(CREDENTIALS, "movies-reporter-credentials")).inputs.authenticationMethod, "client_secret_post");
            assert.equal(await isSecret(app.clientSecret), true);
            assert.deepEqual(app.scopes, ["read:Movies"]);
        });

        const bad: Array<[string, string[], RegExp]> = [
            ["an undeclared scope", ["read:Series"], /MachineApplication "badm2m-0": scopes "read:Series" is not a permission of the API\. Fix: declare it in the API's permissions or use one of: read:Movies, read:Devices/],
            ["no scopes", [], /scopes \[\] is empty\. Fix: grant at least one permission/],
            ["a repeated scope", ["read:Movies", "read:Movies"], /scopes "read:Movies" is declared twice/],
        ];
        bad.forEach(([what, scopes, message], i) => {
            it(`rejects ${what} and creates nothing`, async () => {
                const api = moviesApi(`badm2m-api-${i}`);
                assert.throws(() => new MachineApplication(`badm2m-${i}`, { api, scopes: scopes as any }), message);
                assert.deepEqual(await recorded(`badm2m-${i}`), []);
            });
        });
    });
});
