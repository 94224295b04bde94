/**
 * `npm run plan -- <stack> --format mermaid|json`: the sync graph built from what the engine
 * would receive, rendered for GitHub and for tools; and the unknown-stack message.
 */
import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { AlbJwtValidation } from "../../components/alb/AlbJwtValidation";
import { AlbOidcLogin } from "../../components/alb/AlbOidcLogin";
import { RestApiLambdaAuthorizer } from "../../components/apigateway/RestApiLambdaAuthorizer";
import { colorsApi } from "../../stacks/examples/colorsApi";
import { buildPlanGraph, PlanGraph } from "../../scripts/plan/graph";
import { renderMermaid } from "../../scripts/plan/mermaid";
import { newLoadBalancer, newLogsApi, TARGET_GROUP } from "../alb/fixtures";
import { captureProgram } from "../policies/fixture";
import { setupMocks } from "../support/mocks";
import { startProgram } from "../support/programState";

const ROOT = path.resolve(__dirname, "../..");
const DOMAIN = "acme.us.auth0.com";
const ISSUER = `https://${DOMAIN}/`;

interface PlanRun { code: number; stdout: string; stderr: string }

function plan(...args: string[]): Promise<PlanRun> {
    return new Promise((done) => {
        execFile(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", "scripts/plan/index.ts", ...args],
            { cwd: ROOT, timeout: 60_000, maxBuffer: 32 * 1024 * 1024 },
            (err, stdout, stderr) => done({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr }));
    });
}

/** Edges as "<from label> -[synced: value]-> <to label>", first label lines only. */
function edges(graph: PlanGraph): string[] {
    const name = (id: string) => graph.nodes.find((n) => n.id === id)!.label[0];
    return graph.edges.map((e) => `${name(e.from)} -[${e.synced}: ${e.value}]-> ${name(e.to)}`);
}

describe("plan sync graph (what --format mermaid and json show)", () => {
    let graph: PlanGraph;

    before(async () => {
        startProgram();
        setupMocks({ "auth0:domain": DOMAIN });
        const stack = await captureProgram(() => {
            colorsApi({ auth0Domain: DOMAIN, appOrigins: ["https://colors.example.com"] });
            const api = newLogsApi("pg-logs");
            const loadBalancer = newLoadBalancer("pg-alb");
            new AlbOidcLogin("pg-kibana", { loadBalancer, tenant: { domain: DOMAIN }, hostnames: ["kibana.example.com"], routes: [{ name: "all", pathPatterns: ["/*"] }], targetGroupArn: TARGET_GROUP, priority: 100 });
            new AlbJwtValidation("pg-ingest", { loadBalancer, api, routes: [{ name: "ingest", pathPatterns: ["/ingest/*"], scopes: ["write:logs"] }], targetGroupArn: TARGET_GROUP, priority: 10, clients: { shipper: { scopes: ["write:logs"] } } });
            new RestApiLambdaAuthorizer("pg-rest", { api, routes: { "GET /logs": { scopes: ["read:logs"] } } });
            // Written by hand without the trailing slash: API Gateway would reject every token.
            const raw = new aws.apigatewayv2.Api("pg-raw", { protocolType: "HTTP" });
            new aws.apigatewayv2.Authorizer("pg-raw-jwt", { apiId: raw.id, authorizerType: "JWT", identitySources: ["$request.header.Authorization"], jwtConfiguration: { issuer: `https://${DOMAIN}`, audiences: ["urn:logs-api"] } });
        });
        graph = buildPlanGraph(stack);
    });

    it("GIVEN an HTTP API THEN issuer, audience, CORS origins and each route's scopes are edges", () => {
        const all = edges(graph);
        for (const expected of [
            `Auth0 tenant -[issuer: ${ISSUER}]-> HTTP API colors-http-api`,
            "Auth0 API colors-api -[audience: urn:colors-api]-> HTTP API colors-http-api",
            "Auth0 client colors-app-client -[cors-origins: https://colors.example.com]-> HTTP API colors-http-api",
            "HTTP API colors-http-api -[scopes: read:colors]-> GET /my/colors",
            "HTTP API colors-http-api -[scopes: any valid token]-> GET /my/profile",
            "HTTP API colors-http-api -[scopes: none (NONE, public)]-> GET /colors",
        ]) {
            assert.ok(all.includes(expected), `missing ${expected}\n${all.join("\n")}`);
        }
    });

    it("GIVEN ALB rules THEN login rules get issuer, client id and callbacks, jwt-validation rules issuer and audience", () => {
        const all = edges(graph);
        for (const expected of [
            `Auth0 tenant -[issuer: ${ISSUER}]-> ALB login rule pg-kibana-rule-all`,
            "Auth0 client pg-kibana-app-client -[client: pg-kibana-app-client-client-id]-> ALB login rule pg-kibana-rule-all",
            "Auth0 client pg-kibana-app-client -[callbacks: https://kibana.example.com/oauth2/idpresponse]-> ALB login rule pg-kibana-rule-all",
            `Auth0 tenant -[issuer: ${ISSUER}]-> ALB jwt-validation rule pg-ingest-rule-ingest`,
            "Auth0 API pg-logs -[audience: urn:logs-api]-> ALB jwt-validation rule pg-ingest-rule-ingest",
            "Auth0 client pg-ingest-client-shipper-client -[grant: write:logs]-> Auth0 API pg-logs",
            `Auth0 tenant -[issuer: ${ISSUER}]-> REST Lambda authorizer pg-rest-function`,
            "Auth0 API pg-logs -[audience: urn:logs-api]-> REST Lambda authorizer pg-rest-function",
        ]) {
            assert.ok(all.includes(expected), `missing ${expected}\n${all.join("\n")}`);
        }
        const rule = graph.nodes.find((n) => n.label[0] === "ALB jwt-validation rule pg-ingest-rule-ingest")!;
        assert.ok(rule.label.includes("requires scope (space-separated-values): write:logs"), rule.label.join(" | "));
    });

    it("GIVEN an issuer that differs from the tenant's THEN it is its own node, not the tenant", () => {
        assert.ok(edges(graph).includes(`issuer not of the Auth0 tenant -[issuer: https://${DOMAIN}]-> HTTP API pg-raw`), edges(graph).join("\n"));
        assert.equal(graph.nodes.filter((n) => n.kind === "identity-provider").length, 2);
    });

    it("GIVEN the graph THEN the Mermaid text declares every node once, links only declared nodes and escapes quotes", () => {
        const lines = renderMermaid(graph, "plan");
        assert.equal(lines[0], "```mermaid");
        assert.equal(lines[lines.length - 1], "```");
        assert.ok(lines.includes("flowchart LR"));
        const declared = lines.map((l) => /^ {4}(n\d+)[[(]/.exec(l)?.[1]).filter(Boolean);
        assert.equal(declared.length, graph.nodes.length);
        assert.equal(new Set(declared).size, declared.length);
        const links = lines.filter((l) => / --> /.test(l));
        assert.equal(links.length, graph.edges.length);
        for (const link of links) {
            const [, from, label, to] = /^ {2}(n\d+) -- "([^"]*)" --> (n\d+)$/.exec(link) ?? [];
            assert.ok(from && label && to, `malformed edge ${link}`);
            assert.ok(declared.includes(from) && declared.includes(to), link);
        }
        const quoted = renderMermaid({ nodes: [{ id: "a", kind: "auth0-client", label: ['say "hi" <b>'] }], edges: [] });
        assert.ok(quoted.includes('    n0["say #quot;hi#quot; #lt;b#gt;"]'), quoted.join("\n"));
    });
});

describe("npm run plan --format and stack names", function () {
    this.timeout(120_000);
    const runs: Record<string, PlanRun> = {};

    before(async () => {
        const planned = { json: plan("--format", "json", "dev"), mermaid: plan("dev", "--format", "mermaid"), unknown: plan("qa"), badFormat: plan("dev", "--format", "xml") };
        for (const [key, run] of Object.entries(planned)) {
            runs[key] = await run;
        }
    });

    it("--format json prints one JSON document with resources, synced values, outputs and violations", () => {
        const { code, stdout, stderr } = runs.json;
        assert.equal(code, 0, stderr);
        const doc = JSON.parse(stdout);
        assert.equal(doc.formatVersion, 1);
        assert.equal(doc.stack, "dev");
        assert.ok(doc.resources.length > 40 && doc.resources.every((r: any) => r.urn && r.type && r.name), "resources");
        assert.ok(doc.resources.some((r: any) => r.type === "auth0:index/client:Client" && r.name === "ops-app-client"));
        assert.ok(doc.synced.edges.some((e: any) => e.synced === "issuer" && e.value === "https://edge-auth-dev.eu.auth0.com/"));
        assert.ok(doc.synced.edges.some((e: any) => e.synced === "callbacks" && e.value === "https://ops.dev.edge-auth.example.com/oauth2/idpresponse"));
        assert.match(doc.policies.config, /config\/dev\.json$/);
        assert.equal(doc.policies.mandatory, 0);
        assert.ok(Array.isArray(doc.policies.violations));
        assert.equal(typeof doc.outputs.colorsApiUrl, "string");
        assert.ok(!JSON.stringify(doc).includes("1b47061264138c4ac30d75fd1eb44270"), "secrets are masked");
        assert.match(stderr, /edge-auth plan: stack dev/);
    });

    it("--format mermaid prints a fenced Mermaid flowchart and the policy summary", () => {
        const { code, stdout, stderr } = runs.mermaid;
        assert.equal(code, 0, stderr);
        assert.match(stdout, /^```mermaid\n---\ntitle: "edge-auth plan: dev"\n---\nflowchart LR\n/);
        assert.match(stdout, / -- "issuer: https:\/\/edge-auth-dev\.eu\.auth0\.com\/" --> /);
        assert.match(stdout, /\n```\n\nPolicies \([\w/-]+config\/dev\.json\): 0 mandatory/);
    });

    it("an unknown stack name lists the stacks that exist and exits 2", () => {
        const { code, stderr } = runs.unknown;
        assert.equal(code, 2);
        assert.match(stderr, /unknown stack "qa": there is no stacks\/Pulumi\.qa\.yaml\. Stacks: (.+, )?dev, (.+, )?line-demo, (.+, )?prod, (.+, )?staging\b/);
        assert.doesNotMatch(stderr, /ENOENT/);
    });

    it("an unknown format names the formats and exits 2", () => {
        assert.equal(runs.badFormat.code, 2);
        assert.match(runs.badFormat.stderr, /unknown --format "xml"\. Fix: use one of text, mermaid, json/);
    });
});
