/**
 * `--format mermaid`: the plan's sync graph as a Mermaid flowchart in a ```mermaid fence, which
 * GitHub renders in pull request comments and Markdown files. Identity provider on the left,
 * Auth0 next, AWS on the right; every edge is labelled with the value both ends must agree on.
 */
import type { PlanGraph, PlanNodeKind } from "./graph";

const GROUPS: Array<{ id: string; title: string; kinds: PlanNodeKind[] }> = [
    { id: "idp", title: "Identity provider", kinds: ["identity-provider"] },
    { id: "auth0", title: "Auth0", kinds: ["auth0-api", "auth0-client"] },
    { id: "aws", title: "AWS", kinds: ["http-api", "http-route", "rest-authorizer", "alb-rule", "alb-target"] },
];

/** Mermaid strings are double-quoted; quotes and angle brackets become entities. */
function escape(value: string): string {
    return value.replace(/&/g, "#amp;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

export function renderMermaid(graph: PlanGraph, title?: string): string[] {
    const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
    const lines: string[] = ["```mermaid"];
    if (title) {
        lines.push("---", `title: ${JSON.stringify(title)}`, "---");
    }
    lines.push("flowchart LR");
    for (const group of GROUPS) {
        const members = graph.nodes.filter((n) => group.kinds.includes(n.kind));
        if (members.length === 0) {
            continue;
        }
        lines.push(`  subgraph ${group.id}["${group.title}"]`);
        for (const node of members) {
            const label = node.label.map(escape).join("<br/>");
            // Shapes tell kinds apart at a glance: the IdP round, routes and rules as steps.
            const shape = node.kind === "identity-provider" ? [`(["`, `"])`] : node.kind === "http-route" || node.kind === "alb-rule" ? [`[/"`, `"/]`] : [`["`, `"]`];
            lines.push(`    ${ids.get(node.id)}${shape[0]}${label}${shape[1]}`);
        }
        lines.push("  end");
    }
    for (const edge of graph.edges) {
        lines.push(`  ${ids.get(edge.from)} -- "${escape(`${edge.synced}: ${edge.value}`)}" --> ${ids.get(edge.to)}`);
    }
    lines.push("```");
    return lines;
}
