/**
 * Reads the OpenAPI `body` of a REST API (aws.apigateway.RestApi) or HTTP API
 * (aws.apigatewayv2.Api): Swagger 2.0 or OpenAPI 3, JSON or YAML. Every operation (path and
 * method, `x-amazon-apigateway-any-method` as ANY) comes out with the authorization API Gateway
 * gives it on import, so the rules that judge Method and Route resources judge it alike.
 *
 * API Gateway's extensions, as documented in
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html :
 * `x-amazon-apigateway-authtype` (custom, cognito_user_pools, awsSigv4) and
 * `x-amazon-apigateway-authorizer` (type token, request, cognito_user_pools, jwt with
 * `jwtConfiguration` issuer/audience) on security schemes; `x-amazon-apigateway-any-method` on
 * path items; `x-amazon-apigateway-endpoint-configuration` (`disableExecuteApiEndpoint`) at the
 * top level (Swagger 2) or on a Server object (OpenAPI 3);
 * `x-amazon-apigateway-security-policy` and `x-amazon-apigateway-endpoint-access-mode` at the top
 * level (https://docs.aws.amazon.com/apigateway/latest/developerguide/openapi-extensions-security-policy.html).
 */
import { parse } from "yaml";
import { Finding, undecided } from "./findings";
import { isUnknown, Unknown } from "./plain";

/** What an operation requires of its caller, as API Gateway imports it. */
export type OperationAuth =
    /** No requirement (`explicit`: the operation says `security: []` or allows `{}`). */
    | { kind: "none"; explicit: boolean }
    /** Only an API key scheme: identifies a client, authenticates no one. */
    | { kind: "apiKey"; schemes: string[] }
    | { kind: "iam" }
    | { kind: "authorizer"; type: string; scheme: string; scopes: string[] }
    /** A scheme the document does not define, or that API Gateway cannot turn into an authorizer. */
    | { kind: "invalid"; problem: string };

export interface OpenApiOperation {
    method: string;
    path: string;
    /** `GET /admin/users`, `ANY /{proxy+}`, or `$default` (HTTP APIs). */
    key: string;
    auth: OperationAuth;
}

/** A Lambda, Cognito or JWT authorizer declared by a security scheme. */
export interface OpenApiAuthorizer {
    scheme: string;
    type: string;
    /** `jwtConfiguration.issuer` of a JWT authorizer (HTTP APIs). */
    issuer?: unknown;
    audiences: unknown[];
}

export interface OpenApiDocument {
    operations: OpenApiOperation[];
    authorizers: OpenApiAuthorizer[];
    /** `disableExecuteApiEndpoint` of `x-amazon-apigateway-endpoint-configuration`. */
    disableExecuteApiEndpoint?: unknown;
    /** `x-amazon-apigateway-security-policy`. */
    securityPolicy?: unknown;
}

export type OpenApiBody = { document: OpenApiDocument } | { unknown: Unknown } | { error: string };

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch"];
const ANY = "x-amazon-apigateway-any-method";

type Json = Record<string, unknown>;
const object = (v: unknown): Json | undefined => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined);

/** Resolves a local `$ref` (`#/components/...`), following chains a few levels deep. */
function deref(root: Json, value: unknown, depth = 0): unknown {
    const ref = object(value)?.$ref;
    if (typeof ref !== "string" || depth > 8) {
        return value;
    }
    if (!ref.startsWith("#/")) {
        return undefined;
    }
    let current: unknown = root;
    for (const part of ref.slice(2).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))) {
        current = object(current)?.[part];
    }
    return deref(root, current, depth + 1);
}

interface Scheme {
    kind: "apiKey" | "iam" | "authorizer" | "invalid";
    type?: string;
    problem?: string;
}

function classifyScheme(root: Json, name: string, raw: unknown): Scheme {
    const scheme = object(deref(root, raw));
    if (!scheme) {
        return { kind: "invalid", problem: `names security scheme "${name}", which the body does not define` };
    }
    const authtype = String(scheme["x-amazon-apigateway-authtype"] ?? "").toLowerCase();
    const authorizer = object(deref(root, scheme["x-amazon-apigateway-authorizer"]));
    if (authorizer) {
        const type = String(authorizer.type ?? (authtype === "cognito_user_pools" ? "cognito_user_pools" : "")).toLowerCase();
        return type ? { kind: "authorizer", type } : { kind: "invalid", problem: `uses security scheme "${name}", whose x-amazon-apigateway-authorizer has no type` };
    }
    if (authtype === "awssigv4") {
        return { kind: "iam" };
    }
    if (authtype === "custom" || authtype === "cognito_user_pools") {
        return { kind: "invalid", problem: `uses security scheme "${name}" (x-amazon-apigateway-authtype ${authtype}) without an x-amazon-apigateway-authorizer, so no authorizer is created` };
    }
    if (scheme.type === "apiKey") {
        return { kind: "apiKey" };
    }
    return { kind: "invalid", problem: `uses security scheme "${name}" (${String(scheme.type)}), which API Gateway does not turn into an authorizer without x-amazon-apigateway-authorizer` };
}

/** The authorization of one operation from its (or the document's) security requirements. */
function operationAuth(schemes: Map<string, Scheme>, security: unknown): OperationAuth {
    if (!Array.isArray(security) || security.length === 0) {
        return { kind: "none", explicit: Array.isArray(security) };
    }
    // Alternatives: the caller may satisfy any one, so the weakest decides.
    let best: OperationAuth | undefined;
    const apiKeys: string[] = [];
    for (const requirement of security) {
        const entries = Object.entries(object(requirement) ?? {});
        if (entries.length === 0) {
            return { kind: "none", explicit: true };
        }
        let strongest: OperationAuth | undefined;
        for (const [name, scopes] of entries) {
            const scheme = schemes.get(name) ?? { kind: "invalid" as const, problem: `names security scheme "${name}", which the body does not define` };
            if (scheme.kind === "invalid") {
                return { kind: "invalid", problem: scheme.problem! };
            }
            if (scheme.kind === "authorizer") {
                strongest = { kind: "authorizer", type: scheme.type!, scheme: name, scopes: Array.isArray(scopes) ? scopes.map(String) : [] };
            } else if (scheme.kind === "iam" && strongest?.kind !== "authorizer") {
                strongest = { kind: "iam" };
            } else if (scheme.kind === "apiKey") {
                apiKeys.push(name);
            }
        }
        if (!strongest) {
            return { kind: "apiKey", schemes: apiKeys };
        }
        best ??= strongest;
    }
    return best!;
}

/** Parses and reads a body; `undefined` when the resource has none. */
export function readOpenApiBody(body: unknown): OpenApiBody | undefined {
    if (body === undefined || body === null || body === "") {
        return undefined;
    }
    if (isUnknown(body)) {
        return { unknown: body };
    }
    let root: Json | undefined;
    if (typeof body === "string") {
        try {
            root = object(parse(body));
        } catch (err) {
            return { error: `it is neither JSON nor YAML (${(err as Error).message.split("\n")[0]})` };
        }
    } else {
        root = object(body);
    }
    if (!root || !object(root.paths)) {
        return { error: "it has no paths object" };
    }
    const components = object(root.components);
    const rawSchemes = { ...object(root.securityDefinitions), ...object(components?.securitySchemes) };
    const schemes = new Map<string, Scheme>();
    const authorizers: OpenApiAuthorizer[] = [];
    for (const [name, raw] of Object.entries(rawSchemes)) {
        const scheme = classifyScheme(root, name, raw);
        schemes.set(name, scheme);
        if (scheme.kind === "authorizer") {
            const authorizer = object(deref(root, object(deref(root, raw))?.["x-amazon-apigateway-authorizer"])) ?? {};
            const jwt = object(authorizer.jwtConfiguration);
            const audiences = jwt?.audience ?? jwt?.audiences;
            authorizers.push({ scheme: name, type: scheme.type!, issuer: jwt?.issuer, audiences: Array.isArray(audiences) ? audiences : typeof audiences === "string" ? [audiences] : [] });
        }
    }
    const operations: OpenApiOperation[] = [];
    for (const [path, rawItem] of Object.entries(object(root.paths)!)) {
        const item = object(deref(root, rawItem));
        if (!item) {
            continue;
        }
        for (const key of [...METHODS, ANY]) {
            const op = object(deref(root, item[key]));
            if (!op) {
                continue;
            }
            const method = key === ANY ? "ANY" : key.toUpperCase();
            const security = "security" in op ? op.security : root.security;
            const routeKey = path.replace(/^\//, "") === "$default" ? "$default" : `${method} ${path}`;
            operations.push({ method, path, key: routeKey, auth: operationAuth(schemes, security) });
        }
    }
    const servers = Array.isArray(root.servers) ? root.servers.map(object) : [];
    const endpoint = object(root["x-amazon-apigateway-endpoint-configuration"]) ?? servers.map((s) => object(s?.["x-amazon-apigateway-endpoint-configuration"])).find((e) => e !== undefined);
    return {
        document: {
            operations,
            authorizers,
            disableExecuteApiEndpoint: endpoint?.disableExecuteApiEndpoint,
            securityPolicy: root["x-amazon-apigateway-security-policy"],
        },
    };
}

/** How a finding names an operation of a body: `RestApi "shop" OpenAPI body: DELETE /admin/users`. */
export function operationName(apiName: string, op: OpenApiOperation): string {
    return `OpenAPI body of "${apiName}": ${op.key}`;
}

/** Whether an allowlist entry names an operation: `"GET /health"`, or `"<api name> GET /health"` for one API. */
export function listsOperation(list: readonly string[], apiName: string, op: OpenApiOperation): boolean {
    return list.includes(op.key) || list.includes(`${apiName} ${op.key}`);
}

/**
 * Judges every operation of an API's body with `judge`; a body unknown during preview, or one
 * that cannot be read, cannot be decided. `kind` names the API ("REST API", "HTTP API") and
 * `items` its operations ("methods", "routes") in the message.
 */
export function judgeBodyOperations(kind: string, items: string, apiName: string, body: unknown, judge: (op: OpenApiOperation, what: string) => Finding[]): Finding[] {
    const read = readOpenApiBody(body);
    if (read === undefined) {
        return [];
    }
    if ("unknown" in read) {
        return [undecided(`the OpenAPI body of ${kind} "${apiName}" is unknown during preview, so the authorization of its ${items} is not known`)];
    }
    if ("error" in read) {
        return [undecided(`the OpenAPI body of ${kind} "${apiName}" cannot be read: ${read.error}`)];
    }
    return read.document.operations.flatMap((op) => judge(op, operationName(apiName, op)));
}
