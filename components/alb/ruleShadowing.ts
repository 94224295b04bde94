/**
 * Which listener rules can never match. The ALB evaluates rules by ascending priority and stops
 * at the first match, so a rule whose every request is also matched by a rule evaluated earlier
 * is dead: a `deny` rule for XHR paths behind a `/*` login rule never answers 401, and a rule of
 * another component with a lower number steals the login rule's requests.
 *
 * The checks are conservative: "covers" is decided symbolically on the patterns and answers
 * true only when every request of one rule matches the other, so they never reject a rule that
 * can still match.
 */
import { reject } from "../core/errors";

/** The parts of a listener rule that decide which requests it matches. */
export interface RuleFootprint {
    /** Names the rule in messages, e.g. `AlbOidcLogin "ops" routes["pages"]`. */
    label: string;
    priority: number;
    /** Host-header values; empty means every host. */
    hosts: readonly string[];
    /** Path-pattern values (`*` any run of characters, `?` one character). */
    paths: readonly string[];
}

/**
 * Whether glob `outer` matches every string `inner` matches. `inner`'s `*` must be met by a `*`
 * of `outer`; its `?` by `?` or `*`; a literal by itself, `?` or `*`. Sound, not complete (e.g.
 * `?*` vs `*?` answers false), which errs on the side of accepting.
 */
export function patternCovers(outer: string, inner: string): boolean {
    const memo = new Map<string, boolean>();
    const walk = (i: number, j: number): boolean => {
        const key = `${i},${j}`;
        const known = memo.get(key);
        if (known !== undefined) {
            return known;
        }
        let result: boolean;
        if (i === outer.length) {
            result = j === inner.length;
        } else if (outer[i] === "*") {
            // The star absorbs nothing, or one more token of `inner` (whatever it is).
            result = walk(i + 1, j) || (j < inner.length && walk(i, j + 1));
        } else if (j === inner.length || inner[j] === "*") {
            result = false;
        } else if (outer[i] === "?") {
            result = walk(i + 1, j + 1);
        } else {
            result = outer[i] === inner[j] && walk(i + 1, j + 1);
        }
        memo.set(key, result);
        return result;
    };
    return walk(0, 0);
}

/** Whether every request `inner` matches is also matched by `outer` (hosts and paths). */
export function ruleCovers(outer: RuleFootprint, inner: RuleFootprint): boolean {
    const hostsCovered = outer.hosts.length === 0
        || (inner.hosts.length > 0 && inner.hosts.every((h) => outer.hosts.some((o) => patternCovers(o.toLowerCase(), h.toLowerCase()))));
    const pathsCovered = inner.paths.every((p) => outer.paths.some((o) => patternCovers(o, p)));
    return hostsCovered && pathsCovered;
}

/** The first pair in which the rule evaluated first covers the other, or undefined. */
export function findShadowed(rules: readonly RuleFootprint[]): { first: RuleFootprint; dead: RuleFootprint } | undefined {
    const ordered = [...rules].sort((a, b) => a.priority - b.priority);
    for (let i = 0; i < ordered.length; i++) {
        for (let j = i + 1; j < ordered.length; j++) {
            if (ruleCovers(ordered[i], ordered[j])) {
                return { first: ordered[i], dead: ordered[j] };
            }
        }
    }
    return undefined;
}

/**
 * Whether some string matches both globs (`*` any run, `?` one character). Exact: it walks both
 * patterns at once, each step either letting a `*` match nothing or reading one character both
 * patterns accept.
 */
export function patternsIntersect(a: string, b: string): boolean {
    const seen = new Set<string>();
    const walk = (i: number, j: number): boolean => {
        const key = `${i},${j}`;
        if (seen.has(key)) {
            return false;
        }
        seen.add(key);
        if (i === a.length && j === b.length) {
            return true;
        }
        if (a[i] === "*" && walk(i + 1, j)) {
            return true;
        }
        if (b[j] === "*" && walk(i, j + 1)) {
            return true;
        }
        if (i === a.length || j === b.length) {
            return false;
        }
        const literalA = a[i] !== "*" && a[i] !== "?";
        const literalB = b[j] !== "*" && b[j] !== "?";
        if (literalA && literalB && a[i] !== b[j]) {
            return false;
        }
        // One character read: a `*` stays (it may read more), anything else moves on.
        return walk(a[i] === "*" ? i : i + 1, b[j] === "*" ? j : j + 1);
    };
    return walk(0, 0);
}

/** Whether some request matches both rules (hosts and paths). */
export function rulesOverlap(a: RuleFootprint, b: RuleFootprint): boolean {
    const hosts = a.hosts.length === 0 || b.hosts.length === 0
        || a.hosts.some((x) => b.hosts.some((y) => patternsIntersect(x.toLowerCase(), y.toLowerCase())));
    return hosts && a.paths.some((x) => b.paths.some((y) => patternsIntersect(x, y)));
}

/**
 * The first pair of rules, given in declared order, that some request matches both of but whose
 * priorities evaluate the later one first: the list would no longer say which rule answers.
 * Rules no request shares may take any priorities (their order changes nothing).
 */
export function findMisordered(declared: readonly RuleFootprint[]): { earlier: RuleFootprint; later: RuleFootprint } | undefined {
    for (let i = 0; i < declared.length; i++) {
        for (let j = i + 1; j < declared.length; j++) {
            if (declared[i].priority > declared[j].priority && rulesOverlap(declared[i], declared[j])) {
                return { earlier: declared[i], later: declared[j] };
            }
        }
    }
    return undefined;
}

/** A planned route as the order check needs it. */
export interface OrderedRoute {
    name: string;
    priority: number;
    pathPatterns: readonly string[];
}

/**
 * Throws unless routes that some request matches together are listed in the order of their
 * priorities (the list must say which rule answers), naming both and the fix.
 */
export function requireListedInPriorityOrder(routes: readonly OrderedRoute[], hosts: readonly string[]): void {
    const misordered = findMisordered(routes.map((r) => ({ label: r.name, priority: r.priority, hosts, paths: r.pathPatterns })));
    if (misordered) {
        const [earlier, later] = [misordered.earlier, misordered.later].map((f) => routes.find((r) => r.name === f.label)!);
        reject(`routes["${later.name}"].priority`, later.priority, `is evaluated before routes["${earlier.name}"] (priority ${earlier.priority}), which is listed first, and some requests match both (${earlier.pathPatterns.join(", ")} / ${later.pathPatterns.join(", ")})`,
            `list the routes in the order the ALB evaluates them, or give routes["${earlier.name}"] a priority below ${later.priority} (one no rule of the listener holds, so the update does not hit PriorityInUse)`);
    }
}
