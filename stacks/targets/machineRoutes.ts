/**
 * The reference stack's machine routes: the listener rules (stacks/systems/opsAlb.ts) and the
 * echo target (albEcho.ts) read this one table, so the target only ever reports checks the
 * deployed rules make. Whole prefixes are covered: `/machine` and everything under it goes
 * through `jwt-validation`, never through the browser-login rule.
 */
export interface MachineRoute {
    name: string;
    pathPatterns: string[];
    scopes: ("read:status" | "write:events")[];
}

/** In listener order: specific prefixes first, then the catch-all for the rest of `/machine`. */
export const MACHINE_ROUTES: MachineRoute[] = [
    { name: "status", pathPatterns: ["/machine/status", "/machine/status/*"], scopes: ["read:status"] },
    { name: "events", pathPatterns: ["/machine/events", "/machine/events/*"], scopes: ["write:events"] },
    // Anything else under /machine (/machine/admin, /machine/Events, /machine//events): still a
    // machine token with one of the API's scopes; the target answers 404.
    { name: "other", pathPatterns: ["/machine", "/machine/*"], scopes: ["read:status", "write:events"] },
];

/**
 * ALB path-pattern matching: case-sensitive, `*` any run of characters ('/' included), `?`
 * exactly one character.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html#path-conditions
 */
export function albPathMatches(pattern: string, path: string): boolean {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${source}$`, "s").test(path);
}

/** The first machine rule matching `path`, as the listener evaluates them. */
export function machineRouteFor(path: string): MachineRoute | undefined {
    return MACHINE_ROUTES.find((route) => route.pathPatterns.some((p) => albPathMatches(p, path)));
}
