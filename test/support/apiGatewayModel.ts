/**
 * A small model of how an API Gateway REST API routes a request to a method and calls a
 * REQUEST authorizer with a result cache, for property tests of the bundled handler.
 *
 * Where API Gateway's behaviour is not documented (a doubled '/', an encoded '/' in a value,
 * a lower-case method), the model returns EVERY plausible routing, and tests require the
 * right answer for each of them.
 */

/** A deployed method: resource path (with parameter names) and its HTTP method or ANY. */
export interface DeployedMethod {
    verb: string;
    path: string;
}

/** Where a request lands: the resource path API Gateway reports and the method's own verb. */
export interface Routing {
    resource: string;
    /** The deployed method's verb (`ANY` when the request fell to an ANY method). */
    methodVerb: string;
}

const segmentsOf = (path: string) => (path === "/" ? [] : path.slice(1).split("/"));

function matches(route: string[], path: string[]): boolean {
    for (let i = 0; i < route.length; i++) {
        if (route[i].endsWith("+}")) {
            return path.length > i && path[i] !== "";
        }
        if (i >= path.length) {
            return false;
        }
        if (route[i].startsWith("{")) {
            if (path[i] === "") {
                return false;
            }
        } else if (route[i] !== path[i]) {
            return false;
        }
    }
    return route.length === path.length;
}

const rank = (segment: string) => (segment.endsWith("+}") ? 0 : segment.startsWith("{") ? 1 : 2);

/** The most specific resource matching the segments (literal > {param} > {proxy+}, left to right). */
function selectResource(resources: string[], path: string[]): string | undefined {
    const candidates = resources
        .map((p) => ({ p, segments: segmentsOf(p) }))
        .filter((r) => matches(r.segments, path))
        .sort((x, y) => {
            for (let i = 0; i < Math.max(x.segments.length, y.segments.length); i++) {
                const a = x.segments[i] === undefined ? -1 : rank(x.segments[i]);
                const b = y.segments[i] === undefined ? -1 : rank(y.segments[i]);
                if (a !== b) {
                    return b - a;
                }
            }
            return 0;
        });
    return candidates[0]?.p;
}

/** Readings of a raw path API Gateway might match on (undocumented cases give several). */
function readings(rawPath: string): string[][] {
    const found = new Map<string, string[]>();
    const add = (segments: string[]) => found.set(JSON.stringify(segments), segments);
    let segments = segmentsOf(rawPath);
    // Documented: `/x/` is routed to `/x`.
    if (segments.length > 0 && segments[segments.length - 1] === "") {
        segments = segments.slice(0, -1);
    }
    add(segments);
    // Undocumented: a doubled '/' kept as an empty segment (above) or collapsed.
    add(segments.filter((s) => s !== ""));
    // Undocumented: an encoded '/' in a value kept (above) or decoded before matching.
    for (const s of [...found.values()]) {
        add(s.flatMap((x) => x.split(/%2F/i)));
    }
    return [...found.values()];
}

/** Every plausible routing of `verb rawPath` to the deployed methods; empty when none. */
export function routings(deployed: DeployedMethod[], verb: string, rawPath: string): Routing[] {
    const resources = [...new Set(deployed.map((m) => m.path))];
    const result = new Map<string, Routing>();
    for (const segments of readings(rawPath)) {
        const resource = selectResource(resources, segments);
        if (resource === undefined) {
            continue;
        }
        const onResource = deployed.filter((m) => m.path === resource);
        // Methods are case-sensitive; a lower-case verb may also be taken for its upper case.
        for (const v of new Set([verb, verb.toUpperCase()])) {
            const method = onResource.find((m) => m.verb === v) ?? onResource.find((m) => m.verb === "ANY");
            if (method) {
                result.set(`${resource} ${method.verb}`, { resource, methodVerb: method.verb });
            }
        }
    }
    return [...result.values()];
}

/** The method ARN API Gateway sends: the path as sent, after `<apiId>/<stage>/<VERB>`. */
export function methodArnFor(prefix: string, verb: string, rawPath: string): string {
    return `${prefix}/${verb}${rawPath}`;
}
