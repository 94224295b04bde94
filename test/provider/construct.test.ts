import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as auth0 from "@pulumi/auth0";
import * as aws from "@pulumi/aws";
import { AlbJwtValidation } from "../../components/alb/AlbJwtValidation";
import { AlbOidcLogin } from "../../components/alb/AlbOidcLogin";
import { HttpsLoadBalancer } from "../../components/alb/HttpsLoadBalancer";
import { HttpApi } from "../../components/apigateway/HttpApi";
import { RestApi } from "../../components/apigateway/RestApi";
import { RestApiLambdaAuthorizer } from "../../components/apigateway/RestApiLambdaAuthorizer";
import { Auth0Api } from "../../components/auth0/Auth0Api";
import { MachineApplication } from "../../components/auth0/MachineApplication";
import { PostLoginFlow } from "../../components/auth0/PostLoginFlow";
import { SpaApplication } from "../../components/auth0/SpaApplication";
import { WebApplication } from "../../components/auth0/WebApplication";
import { EdgeAuthProvider } from "../../components/provider/provider";
import { allRecorded, isSecret, recorded, registerRequests, resolve, settle, setupMocks } from "../support/mocks";
import { resetFlowOwnership } from "../../components/auth0/flowOwnership";
import { arriving, duringPreview, wire } from "../support/wireInputs";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { guardConstruct } from "../../components/provider/host";
import { refuseReservedWireKeys } from "../../components/provider/wire";

/*
 * GIVEN inputs encoded as a Python, Go, .NET or YAML program's SDK sends them (plain values,
 * Outputs with dependencies, secrets, unknowns during preview, references to @pulumi/aws
 * resources and to edge-auth components), decoded as the provider server decodes them, WHEN the
 * provider constructs the component, THEN the resources and their inputs are those the
 * TypeScript component creates from the same arguments, and bad input fails with the same error.
 */

const tenant = { domain: "acme.us.auth0.com" };
/** Children of an Auth0Api are keyed by its identifier: each twin has its own, containing its name. */
const apiArgs = (name: string) => ({
    tenant,
    identifier: `urn:${name}`,
    permissions: [{ name: "read:colors", description: "Read your colors" }, { name: "write:colors" }],
    roles: [{ name: "member", permissions: ["read:colors"] }],
    allowOfflineAccess: true,
});

let provider: EdgeAuthProvider;

/**
 * Constructs through the provider. `properties` are what the program passes: wire-encoded values
 * (see `wire`) or outputs of other components, which are encoded by Pulumi's own serializer as an
 * SDK encodes them; `dependencies` adds per-property URNs the engine would send.
 */
async function construct(component: string, name: string, properties: Record<string, unknown>, dependencies: Record<string, string[]> = {}) {
    const [encoded, dependents] = await pulumi.runtime.serializeResourceProperties(`construct ${name}`, properties as pulumi.Inputs);
    const urns: Record<string, string[]> = { ...dependencies };
    for (const [key, resources] of dependents) {
        const found = await Promise.all([...resources].map((r) => resolve(r.urn)));
        urns[key] = [...new Set([...(urns[key] ?? []), ...found])];
    }
    const inputs = await arriving(encoded, urns);
    const result = await provider.construct(name, `edge-auth:index:${component}`, inputs, {});
    return { urn: await resolve(result.urn), state: result.state as Record<string, any> };
}

/** Recorded resources under the given names, names replaced by placeholders, secrets unwrapped, sorted. */
async function canonical(names: Record<string, string>): Promise<unknown[]> {
    await settle();
    const all = allRecorded().filter((r) => Object.keys(names).some((name) => r.name.includes(name)));
    let text = JSON.stringify(all.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs })));
    for (const [name, placeholder] of Object.entries(names)) {
        text = text.split(name).join(placeholder);
    }
    return (JSON.parse(text, (_key, value) => unwrapSecret(value)) as Array<{ type: string; name: string }>)
        .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
}

function unwrapSecret(value: any): any {
    return value && typeof value === "object" && value[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig ? value.value : value;
}

/** THEN the wire-built resources equal the TypeScript-built ones, and there are some. */
async function assertSameResources(typeScript: Record<string, string>, wireBuilt: Record<string, string>, mask: (r: any) => void = () => undefined): Promise<void> {
    const expected = await canonical(typeScript);
    assert.ok(expected.length > 1, `nothing recorded for ${Object.keys(typeScript)}`);
    const actual = await canonical(wireBuilt);
    expected.forEach(mask);
    actual.forEach(mask);
    assert.deepEqual(actual, expected);
}

/** THEN the wire construct fails with exactly the TypeScript error, and registers nothing. */
async function assertSameError(component: string, name: string, typeScript: () => unknown, properties: Record<string, unknown>, rename: (m: string) => string = (m) => m) {
    let expected = "";
    assert.throws(typeScript, (error: Error) => { expected = error.message; return true; });
    assert.ok(expected.startsWith(`${component} "${name}": `), expected);
    await assert.rejects(construct(component, name, properties), (error: Error) => {
        assert.equal(error.message, rename(expected));
        return true;
    });
    assert.deepEqual(await recorded(name), []);
}

describe("Construct from other languages: inputs as they arrive over the wire", function () {
    // The provider's first GetSchema runs the analyzer once for this file.
    this.timeout(60_000);
    let colorsTs: Auth0Api;
    let colorsWire: { urn: string; state: Record<string, any> };

    before(async () => {
        setupMocks();
        provider = new EdgeAuthProvider();
        await provider.getSchema();
        colorsTs = new Auth0Api("lang-colors-ts", apiArgs("lang-colors-ts"));
        colorsWire = await construct("Auth0Api", "lang-colors-wire", apiArgs("lang-colors-wire"));
    });

    describe("Auth0Api", () => {
        it("GIVEN plain values THEN the same ResourceServer, scopes and roles as in TypeScript, and the declared outputs", async () => {
            await assertSameResources({ "lang-colors-ts": "NAME" }, { "lang-colors-wire": "NAME" });
            assert.equal(await resolve(colorsWire.state.audience), "urn:lang-colors-wire");
            assert.equal(await resolve(colorsWire.state.issuer), "https://acme.us.auth0.com/");
            assert.deepEqual(colorsWire.state.permissionNames, ["read:colors", "write:colors"]);
            assert.deepEqual(colorsWire.state.reference, {
                identifier: "urn:lang-colors-wire",
                identityProvider: colorsTs.identityProvider,
                permissionNames: ["read:colors", "write:colors"],
                signingAlg: "RS256",
                rbacEnabled: true,
                offlineAccess: true,
                source: undefined,
            });
            assert.ok(colorsWire.state.resourceServer instanceof pulumi.CustomResource);
            assert.deepEqual(Object.keys(colorsWire.state).sort(), Object.keys(JSON.parse(await provider.getSchema()).resources["edge-auth:index:Auth0Api"].properties).sort());
        });

        const bad: Array<[string, Record<string, unknown>]> = [
            ["an identifier without a scheme", { identifier: "colors-api" }],
            ["a role granting an undeclared permission", { roles: [{ name: "admin", permissions: ["delete:colors"] }] }],
            ["a tenant domain with a path", { tenant: { domain: "acme.auth0.com/x" } }],
            ["a signing algorithm outside the enum", { signingAlg: "ES256" }],
            ["a token lifetime above Auth0's maximum", { tokenLifetime: 2_592_001 }],
        ];
        bad.forEach(([what, change], i) => {
            it(`GIVEN ${what} THEN the TypeScript error, nothing registered`, async () => {
                const args = { ...apiArgs(`lang-bad-api-${i}`), ...change };
                await assertSameError("Auth0Api", `lang-bad-api-${i}`, () => new Auth0Api(`lang-bad-api-${i}`, args as any), args);
            });
        });

        it("GIVEN a secret where a plain value is declared THEN it is refused naming the argument", async () => {
            await assert.rejects(construct("Auth0Api", "lang-secret-id", { ...apiArgs("lang-secret-id"), identifier: wire.secret("urn:colors-api") }),
                /Auth0Api "lang-secret-id": identifier is an Output \(computed by another resource, unknown during preview, or secret\), not a plain value\. Fix: pass a plain value here/);
            assert.deepEqual(await recorded("lang-secret-id"), []);
        });

        it("GIVEN an unknown in a plain list during preview THEN it is refused naming the element", async () => {
            await duringPreview(async () => {
                await assert.rejects(construct("Auth0Api", "lang-unknown-role", { ...apiArgs("lang-unknown-role"), roles: [{ name: "member", permissions: [wire.output(undefined, ["urn:pulumi:test::edge-auth::random:index/randomString:RandomString::x"])] }] }),
                    /Auth0Api "lang-unknown-role": roles\[0\]\.permissions\[0\] is an Output/);
            });
        });
    });

    describe("WebApplication and SpaApplication", () => {
        it("GIVEN plain URLs THEN the same clients as in TypeScript, the secret stays secret, references are outputs", async () => {
            const webArgs = { callbackUrls: ["https://kibana.example.com/oauth2/idpresponse"], logoutUrls: ["https://kibana.example.com/"], tokenEndpointAuthMethod: "client_secret_basic" };
            new WebApplication("lang-web-ts", webArgs as any);
            const web = await construct("WebApplication", "lang-web-wire", webArgs);
            await assertSameResources({ "lang-web-ts": "NAME" }, { "lang-web-wire": "NAME" });
            assert.equal(await isSecret(web.state.clientSecret), true);
            assert.equal(await resolve(web.state.clientId), "lang-web-wire-client-client-id");
            assert.deepEqual(await resolve(web.state.reference.clientId), "lang-web-wire-client-client-id");

            const spaArgs = { origins: ["https://colors.example.com", "http://localhost:3000"], allowLocalhost: true };
            new SpaApplication("lang-spa-ts", spaArgs);
            const spa = await construct("SpaApplication", "lang-spa-wire", spaArgs);
            await assertSameResources({ "lang-spa-ts": "NAME" }, { "lang-spa-wire": "NAME" });
            assert.deepEqual(spa.state.reference, { origins: ["https://colors.example.com", "http://localhost:3000"], refreshTokens: true, source: undefined });
        });

        it("GIVEN no callback URLs THEN the TypeScript error", async () => {
            const args = { callbackUrls: [] };
            await assertSameError("WebApplication", "lang-bad-web", () => new WebApplication("lang-bad-web", args), args);
        });

        it("GIVEN an http origin without allowLocalhost THEN the TypeScript error", async () => {
            const args = { origins: ["http://localhost:3000"] };
            await assertSameError("SpaApplication", "lang-bad-spa", () => new SpaApplication("lang-bad-spa", args), args);
        });
    });

    describe("MachineApplication (an API reference)", () => {
        it("GIVEN the Auth0Api's reference output (an Output depending on it) THEN the same client and grant as with the instance", async () => {
            new MachineApplication("lang-reporter-ts", { api: colorsTs, scopes: ["read:colors"] });
            await construct("MachineApplication", "lang-reporter-wire", { api: colorsWire.state.reference, scopes: ["read:colors"] }, { api: [colorsWire.urn] });
            await assertSameResources({ "lang-reporter-ts": "NAME", "lang-colors-ts": "API" }, { "lang-reporter-wire": "NAME", "lang-colors-wire": "API" });
        });

        it("GIVEN the Auth0Api itself (a component reference, which arrives as its URN) THEN the same", async () => {
            await construct("MachineApplication", "lang-reporter-urn", { api: wire.resource(colorsWire.urn), scopes: ["read:colors"] });
            await assertSameResources({ "lang-reporter-ts": "NAME", "lang-colors-ts": "API" }, { "lang-reporter-urn": "NAME", "lang-colors-wire": "API" });
        });

        it("GIVEN a reference written out (an API of another stack) THEN the grant names its audience", async () => {
            const reference = { ...colorsWire.state.reference, source: "stack acme/identity/prod output colorsApi" };
            await construct("MachineApplication", "lang-reporter-ref", { api: reference, scopes: ["read:colors"] });
            await assertSameResources({ "lang-reporter-ts": "NAME", "lang-colors-ts": "API" }, { "lang-reporter-ref": "NAME", "lang-colors-wire": "API" });
        });

        it("GIVEN a scope the API does not declare THEN the TypeScript error", async () => {
            await assertSameError("MachineApplication", "lang-bad-reporter", () => new MachineApplication("lang-bad-reporter", { api: colorsTs, scopes: ["read:colour" as any] }),
                { api: wire.resource(colorsWire.urn), scopes: ["read:colour"] });
        });

        it("GIVEN the URN of a component this program did not construct THEN the fix names the reference output", async () => {
            await assert.rejects(construct("MachineApplication", "lang-stray", { api: wire.resource("urn:pulumi:test::edge-auth::edge-auth:index:Auth0Api::elsewhere"), scopes: ["read:colors"] }),
                /MachineApplication "lang-stray": api "urn:pulumi:test::edge-auth::edge-auth:index:Auth0Api::elsewhere" is not the URN of an Auth0Api this program created\. Fix: pass the component's `reference` output/);
        });
    });

    describe("PostLoginFlow (Outputs inside plain containers)", () => {
        // One flow per tenant and program: each flow here is a program of its own. Its children
        // have fixed names (edge-auth-<role>), so they are compared through the component's outputs.
        beforeEach(() => resetFlowOwnership());

        /** The inputs of a flow's actions and binding as registered, names replaced. */
        async function flowInputs(actions: Record<string, any>, binding: any, names: Record<string, string>) {
            const out: Record<string, unknown> = {};
            for (const [role, action] of Object.entries(actions)) {
                out[role] = await resolve(pulumi.output({ name: action.name, code: action.code, runtime: action.runtime, deploy: action.deploy, supportedTriggers: action.supportedTriggers }));
            }
            out.binding = await resolve(pulumi.output({ trigger: binding.trigger, actions: binding.actions }));
            let text = JSON.stringify(out);
            for (const [name, placeholder] of Object.entries(names)) {
                text = text.split(name).join(placeholder);
            }
            return JSON.parse(text);
        }

        it("GIVEN a role gate whose clientId is another resource's output THEN the same actions and binding, the client id flowing in", async () => {
            const web = await construct("WebApplication", "lang-gated-wire", { callbackUrls: ["https://ops.example.com/oauth2/idpresponse"] });
            const clientId = await resolve(web.state.clientId);
            const claims = { namespace: "https://colors.example.com/", include: ["roles", "email"] };
            const flowTs = new PostLoginFlow("lang-flow-ts", { roleGates: { ops: { clientId, roles: ["IT Operations"] } }, claims: { ...claims, api: colorsTs } as any });
            resetFlowOwnership();
            // The SDK sends the whole map as one value depending on the web application.
            const flow = await construct("PostLoginFlow", "lang-flow-wire", {
                roleGates: { ops: { clientId, roles: ["IT Operations"] } },
                claims: { ...claims, api: colorsWire.state.reference },
            }, { roleGates: [web.urn], claims: [colorsWire.urn] });
            const expected = await flowInputs(flowTs.actions, flowTs.binding, { "lang-colors-ts": "API" });
            assert.deepEqual(Object.keys(expected).sort(), ["binding", "claims", "role-gate"]);
            assert.deepEqual(await flowInputs(flow.state.actions, flow.state.binding, { "lang-colors-wire": "API" }), expected);
        });

        it("GIVEN a role gate's clientId from an @pulumi/auth0 Client THEN the role-gate Action keeps the dependency on that client", async () => {
            const client = new auth0.Client("lang-existing-client", { name: "existing", appType: "regular_web" });
            const clientUrn = await resolve(client.urn);
            const flow = await construct("PostLoginFlow", "lang-flow-auth0", { roleGates: { ops: { clientId: client.clientId, roles: ["IT Operations"] } } });
            await settle();
            const actionUrn = await resolve(flow.state.actions["role-gate"].urn as pulumi.Output<string>);
            const request = registerRequests.filter((r) => r.getName() === actionUrn.split("::").pop()).pop();
            assert.ok(request, "no registration of the role-gate Action");
            assert.ok(request.getDependenciesList().includes(clientUrn), request.getDependenciesList().join());
            assert.match(await resolve(flow.state.actions["role-gate"].code as pulumi.Output<string>), /lang-existing-client-client-id/);
        });

        it("GIVEN a role gate whose clientId is unknown during preview THEN the flow is planned, the gate's code unknown", async () => {
            const flow = await duringPreview(() => construct("PostLoginFlow", "lang-flow-preview", { roleGates: { ops: { clientId: wire.unknown, roles: ["IT Operations"] } } },
                { roleGates: ["urn:pulumi:test::edge-auth::edge-auth:index:WebApplication::later"] }));
            assert.ok(flow.state.actions["role-gate"] instanceof auth0.Action);
            assert.ok(flow.state.binding instanceof auth0.TriggerActions);
        });

        it("GIVEN a role gate without roles THEN the TypeScript error", async () => {
            const args = { roleGates: { ops: { clientId: "abc", roles: [] } } };
            await assertSameError("PostLoginFlow", "lang-bad-flow", () => new PostLoginFlow("lang-bad-flow", args), args);
        });
    });

    describe("HttpsLoadBalancer (Inputs: Outputs, secrets, unknowns)", () => {
        const subnet = "urn:pulumi:test::edge-auth::aws:ec2/subnet:Subnet::a";
        const common = { targetPorts: [5601], targetCidrIpv4: "10.0.0.0/16" };

        it("GIVEN a VPC id depending on another resource, a nested subnet output and a secret certificate THEN the same ALB as in TypeScript", async () => {
            new HttpsLoadBalancer("lang-lb-ts", { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], certificateArn: pulumi.secret("arn:aws:acm:us-east-1:123456789012:certificate/abc"), ...common });
            const lb = await construct("HttpsLoadBalancer", "lang-lb-wire", {
                vpcId: "vpc-1",
                subnetIds: [wire.output("subnet-a", [subnet]), "subnet-b"],
                certificateArn: wire.secret("arn:aws:acm:us-east-1:123456789012:certificate/abc"),
                ...common,
            }, { vpcId: ["urn:pulumi:test::edge-auth::aws:ec2/vpc:Vpc::main"] });
            await assertSameResources({ "lang-lb-ts": "NAME" }, { "lang-lb-wire": "NAME" });
            assert.match(await resolve(lb.state.reference.listenerArn), /listener\/app\/lb\/.*\/lang-lb-wire-https$/);
        });

        it("GIVEN an unknown VPC id during preview THEN the load balancer is planned all the same", async () => {
            await duringPreview(async () => {
                await construct("HttpsLoadBalancer", "lang-lb-preview", { vpcId: wire.unknown, subnetIds: ["subnet-a", "subnet-b"], certificateArn: "arn:cert", ...common },
                    { vpcId: ["urn:pulumi:test::edge-auth::aws:ec2/vpc:Vpc::main"] });
            });
            const types = (await recorded("lang-lb-preview")).map((r) => r.type);
            assert.ok(types.includes("aws:lb/loadBalancer:LoadBalancer") && types.includes("aws:ec2/securityGroup:SecurityGroup"), types.join());
        });

        it("GIVEN ingress ranges as an Output (a plain list) THEN refused naming the argument", async () => {
            await assert.rejects(construct("HttpsLoadBalancer", "lang-lb-out", { vpcId: "v", subnetIds: ["a", "b"], certificateArn: "c", ...common, ingressCidrIpv4s: ["10.0.0.0/8"] }, { ingressCidrIpv4s: [subnet] }),
                /HttpsLoadBalancer "lang-lb-out": ingressCidrIpv4s is an Output/);
        });

        it("GIVEN one subnet THEN the TypeScript error", async () => {
            const args = { vpcId: "v", subnetIds: ["a"], certificateArn: "c", ...common };
            await assertSameError("HttpsLoadBalancer", "lang-bad-lb", () => new HttpsLoadBalancer("lang-bad-lb", args), args);
        });
    });

    describe("ALB components (listener, application and API references)", () => {
        let lbTs: HttpsLoadBalancer;
        let lbWire: { urn: string; state: Record<string, any> };
        const lbArgs = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], certificateArn: "arn:cert", targetPorts: [5601], targetCidrIpv4: "10.0.0.0/16" };
        const loginArgs = {
            tenant,
            hostnames: ["kibana.example.com"],
            routes: [{ name: "api", pathPatterns: ["/api/*"], onUnauthenticatedRequest: "deny" }, { name: "pages", pathPatterns: ["/*"] }],
            targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/kibana/73e2d6bc24d8a067",
            priority: 100,
        };

        before(async () => {
            lbTs = new HttpsLoadBalancer("lang-alb-ts", lbArgs);
            lbWire = await construct("HttpsLoadBalancer", "lang-alb-wire", lbArgs);
        });

        it("AlbOidcLogin: GIVEN the load balancer's reference output THEN the same application and rules as with the instance", async () => {
            new AlbOidcLogin("lang-kib-ts", { loadBalancer: lbTs, ...loginArgs } as any);
            const login = await construct("AlbOidcLogin", "lang-kib-wire", { loadBalancer: lbWire.state.reference, ...loginArgs }, { loadBalancer: [lbWire.urn] });
            await assertSameResources({ "lang-kib-ts": "NAME", "lang-alb-ts": "LB" }, { "lang-kib-wire": "NAME", "lang-alb-wire": "LB" });
            assert.deepEqual(login.state.callbackUrls, ["https://kibana.example.com/oauth2/idpresponse"]);
        });

        it("AlbOidcLogin: GIVEN a priority range taken on the same listener THEN the TypeScript error", async () => {
            // The TypeScript attempt runs on the TypeScript listener, the wire one on the wire listener: both taken by the test above.
            let expected = "";
            assert.throws(() => new AlbOidcLogin("lang-kib-clash", { loadBalancer: lbTs, ...loginArgs } as any), (e: Error) => { expected = e.message; return true; });
            await assert.rejects(construct("AlbOidcLogin", "lang-kib-clash", { loadBalancer: wire.resource(lbWire.urn), ...loginArgs }),
                (e: Error) => e.message === expected.replace('"lang-kib-ts"', '"lang-kib-wire"'));
        });

        it("AlbJwtValidation: GIVEN listener and API references THEN the same rules and machine clients as with the instances", async () => {
            const args = {
                routes: [{ name: "read", pathPatterns: ["/api/*"], scopes: ["read:colors"] }],
                targetGroupArn: loginArgs.targetGroupArn,
                priority: 300,
                clients: { reporter: { scopes: ["read:colors"] } },
            };
            new AlbJwtValidation("lang-jwt-ts", { loadBalancer: lbTs, api: colorsTs, ...args });
            const jwt = await construct("AlbJwtValidation", "lang-jwt-wire", { loadBalancer: lbWire.state.reference, api: colorsWire.state.reference, ...args },
                { loadBalancer: [lbWire.urn], api: [colorsWire.urn] });
            await assertSameResources({ "lang-jwt-ts": "NAME", "lang-alb-ts": "LB", "lang-colors-ts": "API" }, { "lang-jwt-wire": "NAME", "lang-alb-wire": "LB", "lang-colors-wire": "API" });
            assert.deepEqual(await resolve(jwt.state.clientIds), { reporter: "lang-jwt-wire-client-reporter-client-client-id" });
        });

        it("AlbJwtValidation: GIVEN a route scope the API does not declare THEN the TypeScript error", async () => {
            const args = { routes: [{ name: "read", pathPatterns: ["/api/*"], scopes: ["read:colour"] }], targetGroupArn: loginArgs.targetGroupArn, priority: 500 };
            let expected = "";
            assert.throws(() => new AlbJwtValidation("lang-bad-jwt", { loadBalancer: lbTs, api: colorsTs, ...args } as any), (e: Error) => { expected = e.message; return true; });
            assert.match(expected, /read:colour/);
            await assert.rejects(construct("AlbJwtValidation", "lang-bad-jwt", { loadBalancer: wire.resource(lbWire.urn), api: wire.resource(colorsWire.urn), ...args }),
                (e: Error) => e.message === expected);
            assert.deepEqual(await recorded("lang-bad-jwt"), []);
        });

        it("AlbJwtValidation: GIVEN a route's target group as a nested output value (as Go sends it) THEN the rule forwards to it", async () => {
            const targetGroup = "urn:pulumi:test::edge-auth::aws:lb/targetGroup:TargetGroup::reports";
            await construct("AlbJwtValidation", "lang-jwt-nested", {
                loadBalancer: wire.resource(lbWire.urn),
                api: wire.resource(colorsWire.urn),
                routes: [{ name: "reports", pathPatterns: ["/reports/*"], scopes: ["read:colors"], targetGroupArn: wire.output("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/reports/1", [targetGroup]) }],
                targetGroupArn: loginArgs.targetGroupArn,
                priority: 400,
            });
            const rule = (await recorded("lang-jwt-nested")).find((r) => r.type === "aws:lb/listenerRule:ListenerRule")!;
            assert.deepEqual(rule.inputs.actions.map((a: any) => a.targetGroupArn).filter(Boolean), ["arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/reports/1"]);
        });
    });

    describe("HttpApi (seed 003: @pulumi/aws Lambda references, renamed keywords)", () => {
        let fn: aws.lambda.Function;
        let fnUrn: string;

        before(async () => {
            fn = new aws.lambda.Function("lang-colors-fn", { role: "arn:aws:iam::123456789012:role/fn", runtime: "nodejs22.x", handler: "index.handler" });
            fnUrn = await resolve(fn.urn);
        });

        it("GIVEN Lambda references, isPublic and a SPA reference THEN the same API, authorizer, routes and CORS as in TypeScript", async () => {
            const spaTs = new SpaApplication("lang-http-spa-ts", { origins: ["https://colors.example.com"] });
            const spaWire = await construct("SpaApplication", "lang-http-spa-wire", { origins: ["https://colors.example.com"] });
            new HttpApi("lang-http-ts", {
                api: colorsTs,
                spa: spaTs,
                routes: {
                    "GET /colors": { function: fn, public: true },
                    "GET /my/profile": { function: fn, anyValidToken: true },
                    "GET /my/colors": { function: fn, scopes: ["read:colors"] },
                },
            });
            const ref = wire.resource(fnUrn, await resolve(fn.id));
            const http = await construct("HttpApi", "lang-http-wire", {
                api: colorsWire.state.reference,
                spa: spaWire.state.reference,
                routes: {
                    "GET /colors": { lambdaFunction: ref, isPublic: true },
                    "GET /my/profile": { lambdaFunction: ref, anyValidToken: true },
                    "GET /my/colors": { lambdaFunction: ref, scopes: ["read:colors"] },
                },
            }, { api: [colorsWire.urn], spa: [spaWire.urn], routes: [fnUrn] });
            await assertSameResources({ "lang-http-ts": "NAME", "lang-colors-ts": "API", "lang-http-spa-ts": "SPA" }, { "lang-http-wire": "NAME", "lang-colors-wire": "API", "lang-http-spa-wire": "SPA" });
            assert.equal(http.state.routeInfo["GET /colors"].authorizationType, "NONE");
            assert.deepEqual(http.state.scopesUsed, ["read:colors"]);
        });

        it("GIVEN isPublic: false THEN the TypeScript error under the schema's name", async () => {
            const toSchema = (m: string) => m.replace(".public false", ".isPublic false").replace("write public: true", "write isPublic: true");
            await assertSameError("HttpApi", "lang-bad-http", () => new HttpApi("lang-bad-http", { api: colorsTs, routes: { "GET /x": { function: fn, public: false as any } } }),
                { api: wire.resource(colorsWire.urn), routes: { "GET /x": { lambdaFunction: wire.resource(fnUrn), isPublic: false } } }, toSchema);
        });
    });

    describe("RestApiLambdaAuthorizer (an @pulumi/aws RestApi reference)", () => {
        it("GIVEN an existing REST API THEN the same function, authorizer and permission as in TypeScript", async () => {
            const restApi = new aws.apigateway.RestApi("lang-movies-rest", { name: "movies" });
            const routes = { "GET /colors": { scopes: ["read:colors"] } };
            new RestApiLambdaAuthorizer("lang-rest-ts", { api: colorsTs, routes, restApi });
            const rest = await construct("RestApiLambdaAuthorizer", "lang-rest-wire", {
                api: wire.resource(colorsWire.urn),
                routes,
                restApi: wire.resource(await resolve(restApi.urn), await resolve(restApi.id)),
            });
            await assertSameResources({ "lang-rest-ts": "NAME", "lang-colors-ts": "API" }, { "lang-rest-wire": "NAME", "lang-colors-wire": "API" });
            assert.ok(rest.state.lambdaFunction instanceof aws.lambda.Function);
            assert.deepEqual(rest.state.methodScopes, { "GET /colors": ["read:colors"] });
        });

        it("GIVEN a cache TTL above API Gateway's maximum THEN the TypeScript error", async () => {
            const routes = { "GET /x": { scopes: ["read:colors"] } };
            await assertSameError("RestApiLambdaAuthorizer", "lang-bad-rest", () => new RestApiLambdaAuthorizer("lang-bad-rest", { api: colorsTs, routes, resultTtlInSeconds: 3601 }),
                { api: wire.resource(colorsWire.urn), routes, resultTtlInSeconds: 3601 });
        });
    });

    describe("RestApi (routes with @pulumi/aws handlers, the API by its reference output)", () => {
        it("GIVEN a handler reference and the Auth0Api's reference output THEN the same REST API, methods, authorizer and stage as in TypeScript", async () => {
            const handler = new aws.lambda.Function("lang-movies-fn", { role: "arn:aws:iam::123456789012:role/fn", runtime: "nodejs22.x", handler: "index.handler" });
            const routes = { "GET /colors": { scopes: ["read:colors"] }, "GET /colors/{id}": { scopes: ["read:colors"] } };
            new RestApi("lang-restapi-ts", { api: colorsTs, routes, handler });
            const api = await construct("RestApi", "lang-restapi-wire", {
                api: colorsWire.state.reference,
                routes,
                handler: wire.resource(await resolve(handler.urn), await resolve(handler.id)),
            }, { api: [colorsWire.urn] });
            // The redeployment hash covers the children's ids, which carry the component's name.
            const hashes: string[] = [];
            await assertSameResources({ "lang-restapi-ts": "NAME", "lang-colors-ts": "API" }, { "lang-restapi-wire": "NAME", "lang-colors-wire": "API" }, (r) => {
                if (r.type === "aws:apigateway/deployment:Deployment") {
                    hashes.push(r.inputs.triggers.redeployment);
                    assert.equal(r.inputs.description, `edge-auth ${r.inputs.triggers.redeployment}`);
                    delete r.inputs.triggers;
                    delete r.inputs.description;
                }
            });
            assert.equal(hashes.length, 2);
            assert.match(await resolve(api.state.url), /\/v1$/);
        });

        it("GIVEN a route without a handler THEN the TypeScript error", async () => {
            const routes = { "GET /colors": { scopes: ["read:colors"] } };
            await assertSameError("RestApi", "lang-bad-restapi", () => new RestApi("lang-bad-restapi", { api: colorsTs, routes }),
                { api: wire.resource(colorsWire.urn), routes });
        });
    });

    describe("wire inputs that must not be lost or misread (issue 19 item 5)", () => {
        /** A Struct as Python, Go or YAML encode it, keys google-protobuf's JavaScript encoder cannot hold included. */
        function structWithRawKey(value: Record<string, unknown>, placeholder: string, key: string): Struct {
            const bytes = Buffer.from(Buffer.from(Struct.fromJavaScript(value as any).serializeBinary()).toString("latin1").split(placeholder).join(key), "latin1");
            return Struct.deserializeBinary(new Uint8Array(bytes));
        }
        const gates = { __PROTO__: { clientId: "abc", roles: ["admin"] }, ops: { clientId: "def", roles: ["ops"] } };

        it("GIVEN a role gate keyed __proto__ THEN the server's decoding would drop it silently (the fail-open), and the plugin's guard refuses it first", async () => {
            const inputs = structWithRawKey({ roleGates: gates }, "__PROTO__", "__proto__");
            // What the provider server would hand to construct: the gate is gone, no error.
            // eslint-disable-next-line @typescript-eslint/no-var-requires
            const { deserializeInputs } = require("@pulumi/pulumi/provider/server");
            const decoded = await deserializeInputs(inputs, new Map());
            assert.deepEqual(Object.keys(decoded.roleGates), ["ops"]);
            assert.throws(() => refuseReservedWireKeys('PostLoginFlow "lang-proto"', inputs),
                /^EdgeAuthArgumentError: PostLoginFlow "lang-proto": roleGates has an entry named "__proto__", a name JavaScript objects reserve .* Fix: rename the entry/);
            // The service the plugin serves (host.ts) answers with that error and never constructs.
            let constructed = false;
            const service = guardConstruct({ construct: () => { constructed = true; } });
            const request = { getType: () => "edge-auth:index:PostLoginFlow", getName: () => "lang-proto", getInputs: () => inputs };
            const answer = await new Promise<Error | null>((done) => (service.construct as any)({ request }, (error: Error | null) => done(error)));
            assert.match(String(answer?.message), /PostLoginFlow "lang-proto": roleGates has an entry named "__proto__"/);
            assert.equal(constructed, false);
        });

        it("GIVEN __proto__ as a key of a map nested in an object (connectionScopes.scopes) or holding a plain value THEN refused naming where", () => {
            const nested = structWithRawKey({ connectionScopes: { api: "x", scopes: { __PROTO__: ["read:colors"] } } }, "__PROTO__", "__proto__");
            assert.throws(() => refuseReservedWireKeys('PostLoginFlow "lang-proto-2"', nested), /PostLoginFlow "lang-proto-2": connectionScopes\.scopes has an entry named "__proto__"/);
            const primitive = structWithRawKey({ tenant: { authorizationParams: { __PROTO__: "x", prompt: "login" } } }, "__PROTO__", "__proto__");
            assert.throws(() => refuseReservedWireKeys('AlbOidcLogin "lang-proto-3"', primitive), /tenant\.authorizationParams has an entry named "__proto__"/);
            assert.doesNotThrow(() => refuseReservedWireKeys('PostLoginFlow "ok"', Struct.fromJavaScript({ roleGates: { ops: { clientId: "a", roles: ["b"] } } } as any)));
        });

        for (const key of ["constructor", "prototype"]) {
            it(`GIVEN a role gate keyed ${key} THEN construct refuses it naming the component, argument and key, nothing registered`, async () => {
                const name = `lang-reserved-${key}`;
                await assert.rejects(construct("PostLoginFlow", name, { roleGates: { [key]: { clientId: "abc", roles: ["admin"] } } }),
                    new RegExp(`PostLoginFlow "${name}": roleGates has an entry named "${key}", a name JavaScript objects reserve`));
                assert.deepEqual(await recorded(name), []);
            });
        }

        it("GIVEN an API reference naming API B computed from Auth0Api A alone THEN refused (it used to become A)", async () => {
            const named = { ...colorsWire.state.reference, identifier: "urn:lang-someone-else" };
            await assert.rejects(construct("MachineApplication", "lang-confused", { api: wire.output(named, [colorsWire.urn]), scopes: ["read:colors"] }, { api: [colorsWire.urn] }),
                /MachineApplication "lang-confused": api depends only on Auth0Api "lang-colors-wire", but its identifier "urn:lang-someone-else" differs from that component's "urn:lang-colors-wire"\. Fix: pass the component's `reference` output unchanged/);
            assert.deepEqual(await recorded("lang-confused"), []);
        });

        it("GIVEN the reference output unchanged but marked with a source THEN it is the component (source is not compared)", async () => {
            await construct("MachineApplication", "lang-sourced", { api: wire.output({ ...colorsWire.state.reference, source: "copied" }, [colorsWire.urn]), scopes: ["read:colors"] }, { api: [colorsWire.urn] });
            const grant = (await recorded("lang-sourced")).find((r) => r.type === "auth0:index/clientGrant:ClientGrant");
            assert.ok(grant, "no grant registered");
        });

        it("GIVEN a Lambda function's id where the function belongs THEN refused naming the value and the type wanted", async () => {
            await assert.rejects(construct("RestApi", "lang-fn-id", { api: wire.resource(colorsWire.urn), routes: { "GET /x": { scopes: ["read:colors"] } }, handler: "lang-movies-fn-id" }),
                /RestApi "lang-fn-id": handler "lang-movies-fn-id" is not a reference to a resource of type aws:lambda\/function:Function\. Fix: pass the resource object itself/);
        });
    });

    it("GIVEN a type the package does not have THEN the error lists the components", async () => {
        await assert.rejects(provider.construct("x", "edge-auth:index:Nope", {}, {}), /edge-auth has no component "edge-auth:index:Nope"; it has edge-auth:index:Auth0Api, /);
    });
});
