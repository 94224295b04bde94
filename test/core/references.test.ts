import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AlbJwtValidation } from "../../components/alb/AlbJwtValidation";
import { AlbOidcLogin } from "../../components/alb/AlbOidcLogin";
import { HttpApi } from "../../components/apigateway/HttpApi";
import { RestApiLambdaAuthorizer } from "../../components/apigateway/RestApiLambdaAuthorizer";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { MachineApplication } from "../../components/auth0/MachineApplication";
import { resetFlowOwnership } from "../../components/auth0/flowOwnership";
import { PostLoginFlow } from "../../components/auth0/PostLoginFlow";
import { SpaApplication } from "../../components/auth0/SpaApplication";
import { WebApplication } from "../../components/auth0/WebApplication";
import { resolveIdentityProvider } from "../../components/core/identityProvider";
import {
    ApiReference, ApplicationReference, ListenerReference, SpaReference, apiReference, applicationReference, listenerReference, spaReference,
} from "../../components/core/references";
import { apiContract } from "../../components/crossstack/contracts";
import { ACCOUNT, REGION, recorded, registerRequests, settle, setupMocks } from "../support/mocks";
import { TARGET_GROUP, existingListener, plain, tenant } from "../alb/fixtures";

type Scope = "read:logs" | "write:logs";

/** A plain API reference, written by hand as another stack or language would send it. */
function handWritten(): ApiReference<Scope> {
    return {
        identifier: "urn:logs-api",
        identityProvider: resolveIdentityProvider({ domain: "acme.us.auth0.com" }),
        permissionNames: ["read:logs", "write:logs"],
        signingAlg: "RS256",
        rbacEnabled: true,
        offlineAccess: false,
    };
}

describe("plain references", () => {
    before(() => setupMocks());

    describe("GIVEN an instance or a plain object THEN the shape is checked, never the class", () => {
        it("an Auth0Api and its JSON round trip are the same API reference", () => {
            const api = new Auth0Api<Scope>("ref-shape-api", { tenant, identifier: "urn:logs-api", permissions: [{ name: "read:logs" }, { name: "write:logs" }] });
            const fromInstance = apiReference("api", api);
            const overTheWire = JSON.parse(JSON.stringify(apiContract(api)));
            assert.deepEqual(apiReference("api", overTheWire), fromInstance);
            assert.deepEqual(fromInstance, { ...handWritten(), source: undefined });
        });

        const apiCases: Array<[string, (r: any) => void, RegExp]> = [
            ["an Output", () => undefined, /api "an Output" is not an API reference yet: checks on an Output would run after resources are registered\. Fix: read values of other stacks with IdentityStackReference/],
            ["no identifier", (r) => { delete r.identifier; }, /api\.identifier \(missing\) is missing\. Fix: pass an Auth0Api, or \{ identifier, identityProvider/],
            ["an unresolved identity provider", (r) => { r.identityProvider = { domain: "acme.us.auth0.com" }; }, /api\.identityProvider\.issuer \(missing\) is missing/],
            ["permission names with a space", (r) => { r.permissionNames = ["read logs"]; }, /api\.permissionNames \["read logs"\] is not a list of permission names/],
            ["an unknown signing algorithm", (r) => { r.signingAlg = "none"; }, /api\.signingAlg "none" is not a signing algorithm\. Fix: use one of RS256, PS256, HS256/],
            ["RBAC as a string", (r) => { r.rbacEnabled = "yes"; }, /api\.rbacEnabled "yes" is not a boolean/],
        ];
        for (const [what, mutate, message] of apiCases) {
            it(`rejects an API reference with ${what}`, () => {
                const ref: any = what === "an Output" ? pulumi.output(handWritten()) : handWritten();
                mutate(ref);
                assert.throws(() => apiReference("api", ref), message);
            });
        }

        it("checks listener, application and SPA references by their fields", () => {
            const listener: ListenerReference = { listenerArn: pulumi.output("arn:l"), loadBalancerArn: "arn:lb", listenerKey: "arn:l" };
            assert.equal(listenerReference("loadBalancer", listener).listenerKey, "arn:l");
            assert.equal(listenerReference("loadBalancer", { listenerArn: "arn:l", loadBalancerArn: "arn:lb" }).listenerKey, "arn:l", "a plain ARN keys itself");
            assert.throws(() => listenerReference("loadBalancer", { listenerArn: pulumi.output("arn:l"), loadBalancerArn: "arn:lb" }),
                /loadBalancer\.listenerKey \(missing\) is missing\. Fix: give listenerKey \(a plain string, e\.g\. the listener ARN\) when listenerArn is an Output/);
            const app: ApplicationReference = { clientId: "abc", clientSecret: pulumi.secret("s") };
            assert.equal(applicationReference("application", app).callbackUrls, undefined, "registered URLs are optional");
            assert.throws(() => applicationReference("application", { clientId: "abc" } as any), /application\.clientSecret \(missing\) is missing/);
            assert.throws(() => applicationReference("application", { ...app, callbackUrls: "https://x" } as any), /application\.callbackUrls "https:\/\/x" is not a list of strings/);
            const spa: SpaReference = { origins: ["https://app.example.com"] };
            assert.deepEqual(spaReference("spa", spa).origins, ["https://app.example.com"]);
            assert.throws(() => spaReference("spa", "https://app.example.com" as any), /spa "string" is not a SPA reference/);
        });
    });

    it("GIVEN a listener adopted here and referenced by its ARN THEN both share one priority registry", () => {
        const lb = existingListener("ref-prio-lb");
        const args = { tenant, hostnames: ["logs.example.com"], targetGroupArn: TARGET_GROUP, priority: 10, routes: [{ name: "pages", pathPatterns: ["/*"] }] };
        new AlbOidcLogin("ref-prio-a", { ...args, loadBalancer: lb });
        const arn = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/app/ref-prio-lb/50dc6c495c0c9188/f2f7dc8efc522ab2`;
        assert.throws(() => new AlbOidcLogin("ref-prio-b", { ...args, hostnames: ["other.example.com"], loadBalancer: { listenerArn: arn, loadBalancerArn: "arn:lb" } }),
            /AlbOidcLogin "ref-prio-b": priority 10 collides with AlbOidcLogin "ref-prio-a"/);
    });

    describe("GIVEN a component WHEN it gets the instance or the equivalent reference THEN URNs and inputs are identical", () => {
        /** The URN the engine gives a registration (parent chain of types, then the name). */
        function urnOf(req: any): string {
            const parent: string = req.getParent();
            const type = parent ? `${parent.split("::")[2]}$${req.getType()}` : req.getType();
            return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${type}::${req.getName()}`;
        }

        /** Runs `build`, then returns the component `prefix` and everything under it as URN -> resolved inputs. */
        async function capture(prefix: string, build: () => void): Promise<Map<string, unknown>> {
            const from = registerRequests.length;
            build();
            await settle();
            const found = new Map<string, unknown>();
            // Children are found by parent (some, like PostLoginFlow's, are not named after it).
            for (const req of registerRequests.slice(from)) {
                if (req.getName() === prefix || req.getName().startsWith(`${prefix}-`) || found.has(req.getParent())) {
                    found.set(urnOf(req), plain(req.getObject()?.toJavaScript() ?? {}));
                }
            }
            assert.ok(found.size > 1, `expected ${prefix} and its children, got ${found.size}`);
            return found;
        }

        async function assertSame(prefix: string, withInstance: () => void, withReference: () => void): Promise<void> {
            const a = await capture(prefix, withInstance);
            const b = await capture(prefix, withReference);
            assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort(), "same resources, same URNs");
            for (const [urn, inputs] of a) {
                assert.deepEqual(b.get(urn), inputs, `inputs of ${urn}`);
            }
        }

        let api: Auth0Api<Scope>;
        let reference: ApiReference<Scope>;
        before(() => {
            // Offline access on, as a SPA with refresh tokens needs (HttpApi checks it).
            api = new Auth0Api<Scope>("urn-eq-api", { tenant, identifier: "urn:logs-api", permissions: [{ name: "read:logs" }, { name: "write:logs" }], allowOfflineAccess: true });
            // What the identity stack exports, after the trip through stack outputs.
            reference = JSON.parse(JSON.stringify(apiContract(api)));
        });
        const fn = { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:logs` };

        it("HttpApi (api and spa)", async () => {
            // No refresh tokens: the API here does not allow offline access.
            const spa = new SpaApplication("urn-spa-http", { origins: ["https://logs.example.com"], refreshTokens: false });
            const routes = { "GET /logs": { function: fn, scopes: ["read:logs" as const] }, "GET /health": { function: fn, public: true as const } };
            await assertSame("urn-eq-http",
                () => new HttpApi("urn-eq-http", { api, spa, routes }),
                () => new HttpApi("urn-eq-http", { api: reference, spa: { origins: [...spa.origins], refreshTokens: spa.refreshTokens }, routes }));
        });

        it("RestApiLambdaAuthorizer", async () => {
            const routes = { "GET /logs": { scopes: ["read:logs" as const] } };
            await assertSame("urn-eq-rest",
                () => new RestApiLambdaAuthorizer("urn-eq-rest", { api, routes }),
                () => new RestApiLambdaAuthorizer("urn-eq-rest", { api: reference, routes }));
        });

        it("AlbJwtValidation (api, listener and its machine clients)", async () => {
            const lb = existingListener("urn-lb-jwt");
            const args = {
                targetGroupArn: TARGET_GROUP,
                priority: 10,
                routes: [{ name: "read", pathPatterns: ["/logs/*"], scopes: ["read:logs" as const] }],
                clients: { shipper: { scopes: ["write:logs" as const] } },
            };
            await assertSame("urn-eq-jwt",
                () => new AlbJwtValidation("urn-eq-jwt", { ...args, api, loadBalancer: lb }),
                // Another key: both runs share one process, and the first run holds these priorities.
                () => new AlbJwtValidation("urn-eq-jwt", { ...args, api: reference, loadBalancer: { listenerArn: lb.listenerArn, loadBalancerArn: lb.loadBalancerArn, listenerKey: "second run" } }));
        });

        it("AlbOidcLogin (api, application and listener)", async () => {
            const lb = existingListener("urn-lb-oidc");
            const app = new WebApplication("urn-web-oidc", {
                callbackUrls: ["https://logs.example.com/oauth2/idpresponse"], logoutUrls: ["https://logs.example.com/"],
            });
            const args = {
                tenant, hostnames: ["logs.example.com"], targetGroupArn: TARGET_GROUP, priority: 30,
                routes: [{ name: "pages", pathPatterns: ["/*"] }], scope: "openid read:logs",
            };
            const appRef: ApplicationReference = {
                clientId: app.clientId, clientSecret: app.clientSecret, callbackUrls: [...app.callbackUrls], logoutUrls: [...app.logoutUrls],
            };
            await assertSame("urn-eq-oidc",
                () => new AlbOidcLogin("urn-eq-oidc", { ...args, api, application: app, loadBalancer: lb }),
                () => new AlbOidcLogin("urn-eq-oidc", { ...args, api: reference, application: appRef,
                    loadBalancer: { listenerArn: lb.listenerArn, loadBalancerArn: lb.loadBalancerArn, listenerKey: "second run" } }));
        });

        it("MachineApplication and PostLoginFlow", async () => {
            await assertSame("urn-eq-m2m",
                () => new MachineApplication("urn-eq-m2m", { api, scopes: ["read:logs"] }),
                () => new MachineApplication("urn-eq-m2m", { api: reference, scopes: ["read:logs"] }));
            const flow = (ref: ApiReference<Scope>) => ({
                claims: { api: ref, namespace: "https://logs.example.com/", include: ["roles" as const] },
                connectionScopes: { api: ref, scopes: { amazon: ["read:logs" as const] } },
            });
            // One flow per tenant and program: each run is a program of its own.
            await assertSame("urn-eq-flow",
                () => { resetFlowOwnership(); new PostLoginFlow("urn-eq-flow", flow(api)); },
                () => { resetFlowOwnership(); new PostLoginFlow("urn-eq-flow", flow(reference)); });
        });
    });

    describe("GIVEN a reference typed by its permission names", () => {
        const ref = handWritten();
        it("THEN an undeclared scope fails to compile and, forced through, at construction", async () => {
            // @ts-expect-error "delete:logs" is not one of the reference's permission names
            assert.throws(() => new MachineApplication("ref-typed-m2m", { api: ref, scopes: ["delete:logs"] }),
                /MachineApplication "ref-typed-m2m": scopes "delete:logs" is not a permission of the API\. Fix: declare it in the API's permissions or use one of: read:logs, write:logs/);
            assert.throws(() => new RestApiLambdaAuthorizer("ref-typed-rest", {
                api: ref,
                // @ts-expect-error "delete:logs" is not one of the reference's permission names
                routes: { "DELETE /logs": { scopes: ["delete:logs"] } },
            }), /RestApiLambdaAuthorizer "ref-typed-rest": .*"delete:logs" is not a permission of the API/);
            assert.deepEqual(await recorded("ref-typed-m2m"), []);
            assert.deepEqual(await recorded("ref-typed-rest"), []);
        });

        it("THEN a scope missing in the stack it came from names that stack in the error", () => {
            const fromIdentity = { ...ref, source: "stack \"acme/identity/prod\" output \"logsApi\"" };
            assert.throws(() => new HttpApi("ref-src-http", {
                api: fromIdentity,
                routes: { "GET /logs": { function: fn(), scopes: ["write:logz" as Scope] } },
            }), /HttpApi "ref-src-http": routes\["GET \/logs"\]\.scopes "write:logz" is not a permission of the API urn:logs-api \(from stack "acme\/identity\/prod" output "logsApi"\)\. Fix: declare it in that stack's Auth0Api permissions and deploy it first/);
        });

        function fn() {
            return { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:logs` };
        }
    });
});
