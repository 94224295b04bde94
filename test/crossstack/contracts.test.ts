import { strict as assert } from "assert";
import { AlbOidcLogin } from "../../components/alb/AlbOidcLogin";
import { HttpApi } from "../../components/apigateway/HttpApi";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { SpaApplication } from "../../components/auth0/SpaApplication";
import { WebApplication } from "../../components/auth0/WebApplication";
import {
    CONTRACT_VERSION, ContractKind, apiContract, applicationContract, clientUrlsContract, mergeClientUrls,
} from "../../components/crossstack/contracts";
import { ApplicationStackReference, IdentityStackReference } from "../../components/crossstack/stackReferences";
import { ACCOUNT, REGION, isSecret, recorded, recordedOne, registerRequests, resolve, setStackOutputs, settle, setupMocks } from "../support/mocks";
import { TARGET_GROUP, existingListener, plain, tenant } from "../alb/fixtures";

const IDENTITY = "acme/identity/test";
const APP = "acme/ops-app/test";
const fn = { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:colors` };

describe("values across stacks (contracts and their readers)", () => {
    let colorsApi: Auth0Api<"read:colors" | "write:colors">;
    let identityOutputs: Record<string, unknown>;
    let n = 0;
    /** A fresh reader per test: each StackReference is a resource with its own name. */
    const identity = () => new IdentityStackReference(`identity-${n++}`, { stack: IDENTITY });

    before(async () => {
        setupMocks();
        // The identity stack: an API, the ALB's web application, a SPA; exported as contracts.
        colorsApi = new Auth0Api("xs-colors", {
            tenant, identifier: "urn:colors-api", permissions: [{ name: "read:colors" }, { name: "write:colors" }], allowOfflineAccess: true,
        });
        const web = new WebApplication("xs-ops-web", {
            callbackUrls: ["https://ops.example.com/oauth2/idpresponse"], logoutUrls: ["https://ops.example.com/"],
        });
        const spa = new SpaApplication("xs-colors-spa", { origins: ["https://colors.example.com"] });
        // Stack outputs as the service stores them: resolved, JSON.
        identityOutputs = JSON.parse(JSON.stringify({
            colorsApi: apiContract(colorsApi),
            opsLogin: await resolve(applicationContract(web, colorsApi.identityProvider)),
            colorsSpa: await resolve(applicationContract(spa, colorsApi.identityProvider)),
            futureApi: { ...apiContract(colorsApi), version: CONTRACT_VERSION + 1 },
        }));
        setStackOutputs({
            [IDENTITY]: identityOutputs,
            [APP]: {
                opsClientUrls: clientUrlsContract({ albHostnames: ["ops.example.com", "status.example.com"] }),
                devSpaUrls: clientUrlsContract({ spaOrigins: ["http://localhost:3000"], allowLocalhost: true }),
                oldClientUrls: { ...clientUrlsContract({ albHostnames: ["ops.example.com"] }), version: 0 },
            },
        });
    });

    // Later files read the committed stand-ins.
    after(() => setStackOutputs());

    describe("identity -> application", () => {
        it("GIVEN an Auth0Api WHEN exported THEN the contract is one versioned, plain object with everything a verifier needs", () => {
            const contract = identityOutputs.colorsApi as any;
            assert.equal(contract.kind, ContractKind.Api);
            assert.equal(contract.version, 1);
            assert.equal(contract.identifier, "urn:colors-api");
            assert.equal(contract.identityProvider.issuer, "https://acme.us.auth0.com/");
            assert.equal(contract.identityProvider.jwksUri, "https://acme.us.auth0.com/.well-known/jwks.json");
            assert.deepEqual(contract.permissionNames, ["read:colors", "write:colors"]);
            assert.equal(contract.signingAlg, "RS256");
            assert.equal(contract.rbacEnabled, true);
        });

        it("GIVEN the identity stack's contract WHEN the app stack reads it THEN HttpApi gets the identity stack's issuer and audience", async () => {
            const api = await identity().api("colorsApi", { permissions: ["read:colors"] });
            assert.equal(api.source, `stack "${IDENTITY}" output "colorsApi"`);
            new HttpApi("xs-http", { api, routes: { "GET /my/colors": { function: fn, scopes: ["read:colors"] } } });
            const authorizer = await recordedOne("aws:apigatewayv2/authorizer:Authorizer", "xs-http-authorizer");
            assert.deepEqual(authorizer.inputs.jwtConfiguration, { issuer: "https://acme.us.auth0.com/", audiences: ["urn:colors-api"] });
        });

        it("GIVEN a scope the identity stack does not declare THEN reading fails naming the stack, the output and the scope", async () => {
            await assert.rejects(identity().api("colorsApi", { permissions: ["read:colors", "delete:colors"] }),
                /IdentityStackReference "identity-\d+" \(stack "acme\/identity\/test"\): colorsApi\.permissionNames "delete:colors" is not declared by the API urn:colors-api\. Fix: declare it in the identity stack's Auth0Api permissions and deploy that stack first/);
        });

        it("GIVEN a contract version this reader does not know THEN reading fails naming it", async () => {
            await assert.rejects(identity().api("futureApi"),
                /IdentityStackReference "identity-\d+" \(stack "acme\/identity\/test"\): futureApi\.version 2 is a contract version this reader does not know \(it reads 1\)\. Fix: use the same edge-auth version in both stacks/);
        });

        it("GIVEN an output the identity stack does not export, or of another kind THEN reading fails with the fix", async () => {
            await assert.rejects(identity().api("moviesApi"), /\(stack "acme\/identity\/test"\): moviesApi \(missing\) is not exported\. Fix: deploy the identity stack first \(it exports moviesApi\)/);
            await assert.rejects(identity().api("opsLogin"), /opsLogin\.kind "edge-auth:application" is not "edge-auth:api"/);
            await assert.rejects(identity().application("colorsSpa"), /colorsSpa\.clientSecret \(missing\) is missing\. Fix: export a confidential \(regular web\) application/);
        });

        it("GIVEN a stack the plan knows nothing of THEN reading fails saying how to supply it", async () => {
            await assert.rejects(new IdentityStackReference("identity-unknown", { stack: "acme/identity/nope" }).api("colorsApi"),
                /no outputs of stack "acme\/identity\/nope" are known offline/);
            assert.throws(() => new IdentityStackReference("identity-bad", { stack: "acme identity" }),
                /IdentityStackReference "identity-bad": stack "acme identity" is not a stack name\. Fix: write the other stack as <organization>\/<project>\/<stack>/);
        });

        it("GIVEN a stack whose outputs never arrive THEN reading fails after the bound instead of hanging", async () => {
            const slow = new IdentityStackReference("identity-slow", { stack: IDENTITY, timeoutSeconds: 0.2 });
            // The engine never answering: the reader's bound is what ends the wait.
            (slow as any).stackReference = { getOutputDetails: () => new Promise(() => undefined) };
            const started = Date.now();
            await assert.rejects(slow.api("colorsApi"),
                /IdentityStackReference "identity-slow" \(stack "acme\/identity\/test"\): output "colorsApi" did not arrive within 0\.2 s\. Fix: check that the stack exists/);
            assert.ok(Date.now() - started < 2000);
            assert.throws(() => new IdentityStackReference("identity-forever", { stack: IDENTITY, timeoutSeconds: 0 }),
                /IdentityStackReference "identity-forever": timeoutSeconds 0 is out of range\. Fix: use a number of seconds above 0 and at most 600/);
        });

        it("GIVEN the identity stack's web application WHEN the ALB login uses it THEN client id and secret come from there, the secret still secret", async () => {
            const application = await identity().application("opsLogin");
            assert.equal(await isSecret(application.clientSecret as any), true);
            new AlbOidcLogin("xs-login", {
                loadBalancer: existingListener("xs-login-lb"), tenant, hostnames: ["ops.example.com"], application,
                routes: [{ name: "pages", pathPatterns: ["/*"] }], targetGroupArn: TARGET_GROUP, priority: 10,
            });
            const rule = await recordedOne("aws:lb/listenerRule:ListenerRule", "xs-login-rule-pages");
            const oidc = plain(rule.inputs).actions[0].authenticateOidc;
            assert.equal(oidc.clientId, "xs-ops-web-client-client-id");
            assert.equal(oidc.clientSecret, "xs-ops-web-credentials-generated-secret");
            assert.equal((await recorded("xs-login")).filter((r) => r.type === "auth0:index/client:Client").length, 0, "no client of its own");
        });

        it("GIVEN a host the identity stack did not register THEN the ALB login fails naming the stack and the host, and registers nothing", async () => {
            const application = await identity().application("opsLogin");
            assert.throws(() => new AlbOidcLogin("xs-unreg", {
                loadBalancer: existingListener("xs-unreg-lb"), tenant, hostnames: ["ops.example.com", "new.example.com"], application,
                routes: [{ name: "pages", pathPatterns: ["/*"] }], targetGroupArn: TARGET_GROUP, priority: 10,
            }), /AlbOidcLogin "xs-unreg": application\.callbackUrls \["https:\/\/ops\.example\.com\/oauth2\/idpresponse"\] lacks https:\/\/new\.example\.com\/oauth2\/idpresponse \(from stack "acme\/identity\/test" output "opsLogin"\)\. Fix: export these hosts to the identity stack and deploy it before this one/);
            assert.deepEqual((await recorded("xs-unreg")).filter((r) => !r.name.startsWith("xs-unreg-lb")), []);
        });

        it("GIVEN the identity stack's SPA THEN HttpApi's CORS origins are the origins registered there", async () => {
            const spa = await identity().spa("colorsSpa");
            const api = await identity().api("colorsApi");
            new HttpApi("xs-cors", { api, spa, routes: { "GET /colors": { function: fn, public: true } } });
            const created = await recordedOne("aws:apigatewayv2/api:Api", "xs-cors-api");
            assert.deepEqual(created.inputs.corsConfiguration.allowOrigins, ["https://colors.example.com"]);
        });
    });

    describe("application -> identity", () => {
        const app = (name: string, allowedHosts = ["*.example.com", "localhost"]) => new ApplicationStackReference(name, { stack: APP, allowedHosts });

        it("GIVEN ALB hosts WHEN exported THEN the contract lists exactly the callbacks and logout URLs AlbOidcLogin uses", () => {
            const contract = clientUrlsContract({ albHostnames: ["ops.example.com"], logoutReturnPath: "/bye" });
            const login = new AlbOidcLogin("xs-derive", {
                loadBalancer: existingListener("xs-derive-lb"), tenant, hostnames: ["ops.example.com"], logoutReturnPath: "/bye",
                routes: [{ name: "pages", pathPatterns: ["/*"] }], targetGroupArn: TARGET_GROUP, priority: 10,
            });
            assert.deepEqual(contract.callbackUrls, login.callbackUrls);
            assert.deepEqual(contract.logoutUrls, ["https://ops.example.com/bye"]);
            assert.deepEqual({ kind: contract.kind, version: contract.version, webOrigins: contract.webOrigins }, { kind: ContractKind.ClientUrls, version: 1, webOrigins: [] });
        });

        it("GIVEN the app stack's contract WHEN the identity stack reads it THEN its client registers every host; nobody typed them twice", async () => {
            const urls = await app("apps-0").clientUrls("opsClientUrls");
            new WebApplication("xs-registered", { callbackUrls: urls.callbackUrls, logoutUrls: urls.logoutUrls });
            const client = await recordedOne("auth0:index/client:Client", "xs-registered-client");
            assert.deepEqual(client.inputs.callbacks, ["https://ops.example.com/oauth2/idpresponse", "https://status.example.com/oauth2/idpresponse"]);
            assert.deepEqual(client.inputs.allowedLogoutUrls, ["https://ops.example.com/", "https://status.example.com/"]);
        });

        it("GIVEN the app stack adds a host WHEN the identity stack deploys again THEN its client keeps its URN and only the URL lists change (an in-place update)", async () => {
            const deploy = async (hosts: string[]) => {
                const from = registerRequests.length;
                const urls = clientUrlsContract({ albHostnames: hosts });
                new WebApplication("xs-second", { callbackUrls: urls.callbackUrls, logoutUrls: urls.logoutUrls });
                await settle();
                return registerRequests.slice(from).filter((r) => r.getName().startsWith("xs-second"))
                    .map((r) => ({ key: `${r.getParent()}|${r.getType()}|${r.getName()}`, inputs: r.getObject().toJavaScript() }));
            };
            const first = await deploy(["ops.example.com"]);
            const second = await deploy(["ops.example.com", "new.example.com"]);
            assert.deepEqual(second.map((r) => r.key), first.map((r) => r.key), "same resources, same URNs");
            const client = (run: typeof first) => run.find((r) => r.key.includes("auth0:index/client:Client"))!.inputs as Record<string, unknown>;
            const changed = Object.keys(client(second)).filter((k) => JSON.stringify(client(second)[k]) !== JSON.stringify(client(first)[k]));
            // Both are plain optional lists without ForceNew in the provider's client schema
            // (auth0/terraform-provider-auth0 internal/auth0/client/schema.go): updated in place.
            assert.deepEqual(changed.sort(), ["allowedLogoutUrls", "callbacks"]);
            assert.deepEqual(client(second).callbacks, ["https://ops.example.com/oauth2/idpresponse", "https://new.example.com/oauth2/idpresponse"]);
        });

        it("GIVEN a localhost origin the identity stack does not allow THEN reading fails naming the app stack and the URL", async () => {
            await assert.rejects(app("apps-1").clientUrls("devSpaUrls"),
                /ApplicationStackReference "apps-1" \(stack "acme\/ops-app\/test"\): devSpaUrls\.webOrigins\[0\] "http:\/\/localhost:3000" is a local http URL\. Fix: set allowLocalhost: true/);
            const allowed = await app("apps-2").clientUrls("devSpaUrls", { allowLocalhost: true });
            assert.deepEqual(allowed.webOrigins, ["http://localhost:3000"]);
        });

        it("GIVEN a contract version this reader does not know THEN reading fails naming the app stack", async () => {
            await assert.rejects(app("apps-3").clientUrls("oldClientUrls"),
                /ApplicationStackReference "apps-3" \(stack "acme\/ops-app\/test"\): oldClientUrls\.version 0 is a contract version this reader does not know/);
        });

        it("GIVEN several app stacks for one client THEN their URLs merge without duplicates", () => {
            const a = clientUrlsContract({ albHostnames: ["a.example.com"] });
            const b = clientUrlsContract({ albHostnames: ["a.example.com", "b.example.com"] });
            assert.deepEqual(mergeClientUrls([a, b]).callbackUrls, ["https://a.example.com/oauth2/idpresponse", "https://b.example.com/oauth2/idpresponse"]);
        });

        it("GIVEN nothing to register THEN the contract is refused at export", () => {
            assert.throws(() => clientUrlsContract({}), /albHostnames \(missing\) and spaOrigins are both empty/);
            assert.throws(() => clientUrlsContract({ albHostnames: ["https://ops.example.com"] }), /albHostnames\[0\] "https:\/\/ops\.example\.com" includes a scheme/);
        });
    });
});
