/**
 * Evaluates the policy pack, through its real gRPC analyzer, on synthetic stacks of 500, 1,000
 * and 2,000 HTTP API routes across 100 APIs (each API with its JWT authorizer and its Auth0
 * API and scopes), under the prod config. Prints the times and fails when growth is not
 * linear or 2,000 routes take more than 10 s.
 *
 *     npm run bench:policies
 */
import { CapturedResource, evaluate, loadPolicyConfig, stopPolicyPack, violationsOf } from "../test/support/policyHarness";

const APIS = 100;
const SIZES = [500, 1000, 2000];
const LIMIT_MS = 10_000;
const ISSUER = "https://acme.us.auth0.com/";
const PREFIX = "urn:pulumi:bench::edge-auth::";

function resource(type: string, name: string, props: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}, provider?: string): CapturedResource {
    return { urn: `${PREFIX}${type}::${name}`, type, name, custom: true, inputs: props, outputs: props, provider, dependencies: Object.values(propertyDependencies).flat(), propertyDependencies };
}

/** `routes` routes spread over 100 APIs, each route requiring a scope its Auth0 API declares. */
export function syntheticStack(routes: number): CapturedResource[] {
    const auth0 = resource("pulumi:providers:auth0", "default_3_49_0", { domain: "acme.us.auth0.com", version: "3.49.0" });
    const aws = resource("pulumi:providers:aws", "default_7_48_0", { region: "us-east-1", version: "7.48.0" });
    const stack: CapturedResource[] = [auth0, aws];
    const authorizers: CapturedResource[] = [];
    for (let a = 0; a < APIS; a++) {
        const identifier = `urn:bench-api-${a}`;
        const server = resource("auth0:index/resourceServer:ResourceServer", `api-${a}`, { identifier, signingAlg: "RS256", enforcePolicies: true }, {}, auth0.urn);
        const scopes = resource("auth0:index/resourceServerScopes:ResourceServerScopes", `api-${a}-scopes`, {
            resourceServerIdentifier: identifier,
            scopes: [{ name: "read:items" }, { name: "write:items" }],
        }, { resourceServerIdentifier: [server.urn] }, auth0.urn);
        const api = resource("aws:apigatewayv2/api:Api", `http-${a}`, { protocolType: "HTTP" }, {}, aws.urn);
        const authorizer = resource("aws:apigatewayv2/authorizer:Authorizer", `http-${a}-jwt`, {
            apiId: `http-${a}-id`,
            authorizerType: "JWT",
            identitySources: ["$request.header.Authorization"],
            jwtConfiguration: { issuer: ISSUER, audiences: [identifier] },
        }, { apiId: [api.urn], jwtConfiguration: [server.urn] }, aws.urn);
        stack.push(server, scopes, api, authorizer);
        authorizers.push(authorizer);
    }
    for (let r = 0; r < routes; r++) {
        const a = r % APIS;
        stack.push(resource("aws:apigatewayv2/route:Route", `http-${a}-route-${r}`, {
            apiId: `http-${a}-id`,
            routeKey: `GET /items/${r}`,
            authorizationType: "JWT",
            authorizerId: `http-${a}-jwt-id`,
            authorizationScopes: [r % 2 === 0 ? "read:items" : "write:items"],
        }, { apiId: [`${PREFIX}aws:apigatewayv2/api:Api::http-${a}`], authorizerId: [authorizers[a].urn] }, aws.urn));
    }
    return stack;
}

async function main(): Promise<void> {
    const prod = loadPolicyConfig("prod");
    // Warm-up: starts the analyzer and compiles the rules' hot paths.
    await evaluate(syntheticStack(100), prod);
    const times: number[] = [];
    for (const size of SIZES) {
        const stack = syntheticStack(size);
        const start = process.hrtime.bigint();
        const violations = await evaluate(stack, prod);
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        times.push(ms);
        const mandatory = violationsOf(violations).length;
        if (violations.length > 0) {
            throw new Error(`the synthetic stack of ${size} routes should be compliant; got ${violations.length} diagnostics (${mandatory} mandatory): ${violations[0].message}`);
        }
        console.log(`${String(size).padStart(5)} routes, ${String(stack.length).padStart(5)} resources: ${ms.toFixed(0).padStart(6)} ms (${(ms / size).toFixed(2)} ms/route)`);
    }
    await stopPolicyPack();
    const perRoute = times.map((t, i) => t / SIZES[i]);
    const growth = perRoute[perRoute.length - 1] / perRoute[0];
    const marginal = SIZES.slice(1).map((size, i) => (times[i + 1] - times[i]) / (size - SIZES[i]));
    console.log(`marginal cost per added route: ${marginal.map((m) => `${m.toFixed(2)} ms`).join(", ")}`);
    console.log(`per-route cost at 2,000 vs 500 routes: x${growth.toFixed(2)} (at most x2 allowed; quadratic growth would give x4)`);
    if (times[times.length - 1] > LIMIT_MS) {
        throw new Error(`2,000 routes took ${times[times.length - 1].toFixed(0)} ms, over the ${LIMIT_MS} ms budget`);
    }
    if (growth > 2) {
        throw new Error(`per-route cost grew x${growth.toFixed(2)} from 500 to 2,000 routes: not linear`);
    }
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
