/**
 * The values edge-auth keeps in sync, as a graph: identity provider, Auth0 APIs and clients on
 * one side, HTTP APIs, REST Lambda authorizers, ALB rules and their targets on the other, and an
 * edge for every value that must be equal on both ends (issuer, audience, client id, callbacks,
 * CORS origins, scopes). Built from the resolved inputs the engine would receive, so a value that
 * drifted shows up as a missing edge or an unmatched issuer node. Rendered by mermaid.ts and
 * json.ts; pure (no Pulumi runtime).
 */
import type { CapturedResource } from "../../test/support/policyHarness";

export type PlanNodeKind = "identity-provider" | "auth0-api" | "auth0-client" | "http-api" | "http-route" | "rest-authorizer" | "alb-rule" | "alb-target";
export type SyncedValue = "issuer" | "audience" | "client" | "callbacks" | "cors-origins" | "grant" | "scopes";

export interface PlanNode {
    /** Stable within one plan: `<kind>:<resource name or value>`. */
    id: string;
    kind: PlanNodeKind;
    /** One line per fact, first line the name. */
    label: string[];
    /** URN of the resource the node stands for (none for the identity provider). */
    urn?: string;
}

export interface PlanEdge {
    from: string;
    to: string;
    /** Which value both ends must agree on. */
    synced: SyncedValue;
    /** The value itself, as the engine would receive it. */
    value: string;
}

export interface PlanGraph {
    nodes: PlanNode[];
    edges: PlanEdge[];
}

/** Secrets in wire form become "[secret]"; everything else passes as is. */
export function plainValue(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(plainValue);
    }
    if (value && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (record["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270") {
            return "[secret]";
        }
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, plainValue(v)]));
    }
    return value;
}

const text = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(plainValue(v)));
const texts = (v: unknown): string[] => (Array.isArray(v) ? v.map(text) : v === undefined || v === null ? [] : [text(v)]);

export function buildPlanGraph(resources: readonly CapturedResource[]): PlanGraph {
    const nodes = new Map<string, PlanNode>();
    const edges: PlanEdge[] = [];
    const add = (node: PlanNode) => (nodes.has(node.id) ? nodes.get(node.id)! : (nodes.set(node.id, node), node));
    const link = (from: string, to: string, synced: SyncedValue, value: string) => edges.push({ from, to, synced, value });
    const ofType = (...types: string[]) => resources.filter((r) => types.includes(r.type));
    const inputs = (r: CapturedResource) => r.inputs as Record<string, any>;

    // The identity provider: the Auth0 tenant the provider is configured with, and any other issuer
    // an AWS verifier names (a mismatch shows as a second, unmatched provider node).
    const tenantIssuers = new Set(ofType("pulumi:providers:auth0").map((p) => inputs(p).domain).filter(Boolean).map((d) => `https://${d}/`));
    const issuer = (value: unknown): string => {
        const iss = text(value);
        const known = tenantIssuers.has(iss);
        return add({ id: `identity-provider:${iss}`, kind: "identity-provider", label: known ? ["Auth0 tenant", iss] : ["issuer not of the Auth0 tenant", iss] }).id;
    };
    tenantIssuers.forEach(issuer);

    // Auth0 APIs, by identifier (the audience), with their permissions.
    const apiByAudience = new Map<string, string>();
    for (const server of ofType("auth0:index/resourceServer:ResourceServer")) {
        const identifier = text(inputs(server).identifier);
        const permissions = ofType("auth0:index/resourceServerScopes:ResourceServerScopes")
            .filter((s) => text(inputs(s).resourceServerIdentifier) === identifier)
            .flatMap((s) => (inputs(s).scopes ?? []).map((p: any) => text(p.name)));
        // Named after its Auth0Api component when it has one (the name the program chose).
        const name = server.parent?.includes("edge-auth:index:Auth0Api::") ? server.parent.split("::").pop()! : server.name;
        const node = add({ id: `auth0-api:${server.name}`, kind: "auth0-api", urn: server.urn, label: [`Auth0 API ${name}`, identifier, ...(permissions.length ? [`permissions: ${permissions.join(" ")}`] : [])] });
        apiByAudience.set(identifier, node.id);
    }
    const audience = (value: unknown) => apiByAudience.get(text(value));

    // Auth0 clients, by client id (an output of the Client), else by the dependency the engine
    // records when a client id flows into another resource's property.
    const clients = ofType("auth0:index/client:Client");
    const clientById = new Map<string, CapturedResource>();
    for (const client of clients) {
        add({ id: `auth0-client:${client.name}`, kind: "auth0-client", urn: client.urn, label: [`Auth0 client ${client.name}`, text(inputs(client).appType)] });
        const id = (client.outputs as Record<string, unknown>).clientId;
        if (typeof id === "string") {
            clientById.set(id, client);
        }
    }
    const clientOf = (r: CapturedResource, property: string, value: unknown) =>
        clientById.get(text(value)) ?? clients.find((c) => (r.propertyDependencies[property] ?? []).includes(c.urn));
    for (const grant of ofType("auth0:index/clientGrant:ClientGrant")) {
        const client = clientOf(grant, "clientId", inputs(grant).clientId);
        const api = audience(inputs(grant).audience);
        if (client && api) {
            link(`auth0-client:${client.name}`, api, "grant", texts(inputs(grant).scopes).join(" "));
        }
    }

    // HTTP APIs: the JWT authorizer's issuer and audiences, CORS origins, each route's access rule.
    const byApi = (r: CapturedResource) => (r.propertyDependencies.apiId ?? [])[0];
    for (const api of ofType("aws:apigatewayv2/api:Api")) {
        const node = add({ id: `http-api:${api.name}`, kind: "http-api", urn: api.urn, label: [`HTTP API ${api.name}`] });
        for (const authorizer of ofType("aws:apigatewayv2/authorizer:Authorizer").filter((a) => byApi(a) === api.urn)) {
            const jwt = inputs(authorizer).jwtConfiguration ?? {};
            link(issuer(jwt.issuer), node.id, "issuer", text(jwt.issuer));
            for (const aud of texts(jwt.audiences)) {
                const from = audience(aud);
                if (from) {
                    link(from, node.id, "audience", aud);
                }
            }
        }
        const origins = texts(inputs(api).corsConfiguration?.allowOrigins);
        if (origins.length > 0) {
            node.label.push(`CORS: ${origins.join(" ")}`);
            for (const client of ofType("auth0:index/client:Client")) {
                const web = texts(inputs(client).webOrigins);
                const shared = origins.filter((o) => web.includes(o));
                if (shared.length > 0) {
                    link(`auth0-client:${client.name}`, node.id, "cors-origins", shared.join(" "));
                }
            }
        }
        for (const route of ofType("aws:apigatewayv2/route:Route").filter((r) => byApi(r) === api.urn)) {
            const i = inputs(route);
            const scopes = texts(i.authorizationScopes);
            const access = i.authorizationType === "JWT" ? (scopes.length ? scopes.join(" ") : "any valid token") : `none (${text(i.authorizationType ?? "NONE")}, public)`;
            const id = add({ id: `http-route:${route.name}`, kind: "http-route", urn: route.urn, label: [text(i.routeKey)] }).id;
            link(node.id, id, "scopes", access);
        }
    }

    // REST API Lambda authorizers and ALB targets: what they verify comes in their environment.
    for (const fn of ofType("aws:lambda/function:Function")) {
        const env = inputs(fn).environment?.variables ?? {};
        if (env.EDGE_AUTH_ROUTES) {
            const routes = Object.entries(JSON.parse(text(env.EDGE_AUTH_ROUTES)) as Record<string, string[]>);
            const id = add({ id: `rest-authorizer:${fn.name}`, kind: "rest-authorizer", urn: fn.urn, label: [`REST Lambda authorizer ${fn.name}`, ...routes.map(([key, s]) => `${key}: ${s.join(" ")}`)] }).id;
            link(issuer(env.EDGE_AUTH_ISSUER), id, "issuer", text(env.EDGE_AUTH_ISSUER));
            const from = audience(env.EDGE_AUTH_AUDIENCE);
            if (from) {
                link(from, id, "audience", text(env.EDGE_AUTH_AUDIENCE));
            }
        } else if (env.EDGE_AUTH_ALB_ARN) {
            const id = add({ id: `alb-target:${fn.name}`, kind: "alb-target", urn: fn.urn, label: [`ALB target ${fn.name}`, "verifies x-amzn-oidc-data"] }).id;
            link(issuer(env.EDGE_AUTH_ISSUER), id, "issuer", text(env.EDGE_AUTH_ISSUER));
            const client = clientOf(fn, "environment", env.EDGE_AUTH_CLIENT_ID);
            if (client) {
                link(`auth0-client:${client.name}`, id, "client", text(env.EDGE_AUTH_CLIENT_ID));
            }
        }
    }

    // ALB rules with an authentication action.
    for (const rule of ofType("aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule")) {
        const i = inputs(rule);
        const conditions: any[] = i.conditions ?? [];
        const hosts = conditions.flatMap((c) => texts(c.hostHeader?.values));
        const paths = conditions.flatMap((c) => texts(c.pathPattern?.values));
        for (const action of i.actions ?? []) {
            const oidc = action.authenticateOidc;
            const jwt = action.jwtValidation;
            if (!oidc && !jwt) {
                continue;
            }
            const where = [hosts.length ? `hosts ${hosts.join(" ")}` : "", paths.length ? `paths ${paths.join(" ")}` : ""].filter(Boolean).join(", ");
            const node = add({
                id: `alb-rule:${rule.name}`, kind: "alb-rule", urn: rule.urn,
                label: [`ALB ${oidc ? "login" : "jwt-validation"} rule ${rule.name}`, `priority ${text(i.priority)}${where ? `, ${where}` : ""}`, ...(oidc ? [`unauthenticated: ${text(oidc.onUnauthenticatedRequest ?? "authenticate")}`] : [])],
            });
            const id = node.id;
            const iss = (oidc ?? jwt).issuer;
            link(issuer(iss), id, "issuer", text(iss));
            if (oidc) {
                const client = clientOf(rule, "actions", oidc.clientId);
                if (client) {
                    link(`auth0-client:${client.name}`, id, "client", text(oidc.clientId));
                    const callbacks = texts(inputs(client).callbacks).filter((url) => hosts.some((h) => url === `https://${h}/oauth2/idpresponse`));
                    if (callbacks.length > 0) {
                        link(`auth0-client:${client.name}`, id, "callbacks", callbacks.join(" "));
                    }
                }
            }
            for (const claim of jwt?.additionalClaims ?? []) {
                if (claim.name === "aud") {
                    for (const aud of texts(claim.values)) {
                        const from = audience(aud);
                        if (from) {
                            link(from, id, "audience", aud);
                        }
                    }
                } else if (claim.name === "scope") {
                    node.label.push(`requires scope (${text(claim.format)}): ${texts(claim.values).join(" ")}`);
                }
            }
        }
    }
    return { nodes: [...nodes.values()], edges };
}
