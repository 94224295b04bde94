/**
 * Turns the resources a program registered into what a reviewer reads: the resource tree and
 * the values edge-auth keeps in sync between Auth0 and AWS, taken from the resources' resolved
 * inputs (what would really be sent), not from what the program meant to send.
 */
import type { CapturedResource, Violation } from "../../test/support/policyHarness";

/** `type name` lines, indented under their parent components. */
export function renderTree(resources: readonly CapturedResource[]): string[] {
    const visible = resources.filter((r) => !r.type.startsWith("pulumi:providers:"));
    const urns = new Set(visible.map((r) => r.urn));
    const children = new Map<string, CapturedResource[]>();
    for (const r of visible) {
        const parent = r.parent && urns.has(r.parent) ? r.parent : "";
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const lines: string[] = [];
    const walk = (parent: string, depth: number) => {
        for (const r of children.get(parent) ?? []) {
            lines.push(`${"  ".repeat(depth)}${r.type}  ${r.name}`);
            walk(r.urn, depth + 1);
        }
    };
    walk("", 0);
    return lines;
}

const str = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
const list = (v: unknown) => (Array.isArray(v) ? v.map(str).join(", ") : str(v ?? "-"));

/** One line per synced value: issuers, audiences, callbacks, origins, scopes per route. */
export function renderSyncedValues(resources: readonly CapturedResource[]): string[] {
    const lines: string[] = [];
    for (const r of resources) {
        const i = r.inputs as Record<string, any>;
        switch (r.type) {
            case "auth0:index/resourceServer:ResourceServer":
                lines.push(`Auth0 API ${r.name}: audience ${str(i.identifier)}, ${str(i.signingAlg)}, RBAC ${i.enforcePolicies ? "on" : "off"}`);
                break;
            case "auth0:index/resourceServerScopes:ResourceServerScopes":
                lines.push(`Auth0 API permissions ${r.name}: ${list((i.scopes ?? []).map((s: any) => s.name))}`);
                break;
            case "auth0:index/client:Client":
                lines.push(`Auth0 client ${r.name} (${str(i.appType)}): callbacks ${list(i.callbacks ?? [])}${i.webOrigins ? `; origins ${list(i.webOrigins)}` : ""}`);
                break;
            case "auth0:index/clientGrant:ClientGrant":
                lines.push(`Auth0 grant ${r.name}: audience ${str(i.audience)}, scopes ${list(i.scopes)}`);
                break;
            case "aws:apigatewayv2/authorizer:Authorizer":
                lines.push(`HTTP API JWT authorizer ${r.name}: issuer ${str(i.jwtConfiguration?.issuer)}, audiences ${list(i.jwtConfiguration?.audiences)}`);
                break;
            case "aws:apigatewayv2/route:Route":
                lines.push(`HTTP API route ${str(i.routeKey)}: ${str(i.authorizationType ?? "NONE")}${i.authorizationScopes ? ` scopes ${list(i.authorizationScopes)}` : ""}`);
                break;
            case "aws:apigatewayv2/api:Api":
                if (i.corsConfiguration) {
                    lines.push(`HTTP API ${r.name}: CORS origins ${list(i.corsConfiguration.allowOrigins)}`);
                }
                break;
            case "aws:lb/listenerRule:ListenerRule":
            case "aws:alb/listenerRule:ListenerRule":
                for (const action of i.actions ?? []) {
                    const hosts = (i.conditions ?? []).flatMap((c: any) => c.hostHeader?.values ?? []);
                    const paths = (i.conditions ?? []).flatMap((c: any) => c.pathPattern?.values ?? []);
                    if (action.authenticateOidc) {
                        const o = action.authenticateOidc;
                        lines.push(`ALB login rule ${r.name} (priority ${i.priority}): issuer ${str(o.issuer)}, client ${str(o.clientId)}, hosts ${list(hosts)}, paths ${list(paths)}, unauthenticated: ${str(o.onUnauthenticatedRequest ?? "authenticate")}`);
                    }
                    if (action.jwtValidation) {
                        const claims = (action.jwtValidation.additionalClaims ?? []).map((c: any) => `${c.name}=${list(c.values)}`);
                        lines.push(`ALB jwt-validation rule ${r.name} (priority ${i.priority}): issuer ${str(action.jwtValidation.issuer)}, paths ${list(paths)}, claims ${claims.join("; ")}`);
                    }
                }
                break;
            case "aws:lambda/function:Function": {
                const env = i.environment?.variables;
                if (env?.EDGE_AUTH_ROUTES) {
                    lines.push(`Lambda authorizer ${r.name}: issuer ${str(env.EDGE_AUTH_ISSUER)}, audience ${str(env.EDGE_AUTH_AUDIENCE)}, scopes per method ${str(env.EDGE_AUTH_ROUTES)}`);
                } else if (env?.EDGE_AUTH_ALB_ARN) {
                    lines.push(`ALB target ${r.name} verifies x-amzn-oidc-data: issuer ${str(env.EDGE_AUTH_ISSUER)}, client ${str(env.EDGE_AUTH_CLIENT_ID)}, signer ${str(env.EDGE_AUTH_ALB_ARN)}`);
                }
                break;
            }
        }
    }
    return lines;
}

/** `type name` of a URN (`urn:pulumi:<stack>::<project>::<qualified type>::<name>`). */
function resourceOf(urn: string): string {
    const parts = urn.split("::");
    return parts.length >= 4 ? `${parts[2].split("$").pop()} ${parts.slice(3).join("::")}` : urn;
}

/**
 * The policy summary: counts per level, then every violation in full (mandatory first): policy,
 * level and severity, resource, the finding with its offending value, and the fix. Violations
 * stay structured (policyHarness's Violation); this only formats them.
 */
export function renderViolations(violations: readonly Violation[]): { lines: string[]; mandatory: number } {
    const count = (level: string) => violations.filter((v) => v.enforcementLevel === level).length;
    const mandatory = count("mandatory");
    const lines = [`${mandatory} mandatory, ${count("advisory")} advisory violation(s)`];
    const order = ["mandatory", "remediate", "advisory", "disabled"];
    const sorted = [...violations].sort((a, b) => order.indexOf(a.enforcementLevel) - order.indexOf(b.enforcementLevel));
    const indent = (label: string, text: string) => text.split("\n").map((line, i) => `      ${i === 0 ? label : " ".repeat(label.length)}${line}`);
    for (const v of sorted) {
        lines.push(`  [${v.enforcementLevel}] ${v.policyName} (${v.severity})`);
        lines.push(`      resource: ${resourceOf(v.urn)}`);
        lines.push(...indent("problem:  ", v.finding));
        if (v.remediation) {
            lines.push(...indent("fix:      ", v.remediation));
        }
    }
    return { lines, mandatory };
}
