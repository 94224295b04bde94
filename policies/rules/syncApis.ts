import { Finding, undecided, violation } from "../lib/findings";
import { asList, asObject, isUnknown } from "../lib/plain";
import { StackRule } from "../lib/policy";
import { StackIndex } from "../lib/stackIndex";
import { AUTH0_CLIENT_GRANT, AUTH0_RESOURCE_SERVER, AUTH0_SCOPE, AUTH0_SCOPES } from "../lib/types";

/** An Auth0 API allowed to differ, and why (shown in reviews of the config file). */
export interface ApiException {
    identifier: string;
    reason: string;
}

interface ApiConfig {
    exceptions: ApiException[];
}

/** The exception for `identifier`, or a finding when it is listed without a reason. */
function exceptionFor(config: ApiConfig, identifier: string): ApiException | Finding | undefined {
    for (const raw of asList(config.exceptions) as unknown[]) {
        const entry = asObject(raw);
        if (entry?.identifier === identifier) {
            return typeof entry.reason === "string" && entry.reason.trim().length > 0
                ? (entry as unknown as ApiException)
                : violation(`Auth0 API "${identifier}" is listed in exceptions without a reason; an exception must say why the API may differ`);
        }
    }
    return undefined;
}

const ROLE_PERMISSION = "auth0:index/rolePermission:RolePermission";
const ROLE_PERMISSIONS = "auth0:index/rolePermissions:RolePermissions";
const USER_PERMISSION = "auth0:index/userPermission:UserPermission";
const USER_PERMISSIONS = "auth0:index/userPermissions:UserPermissions";

/**
 * What the stack gives each API identifier to escalate to: scopes (inline `scopes` of older
 * providers, ResourceServerScopes/Scope), permissions assigned to roles or users, client grants.
 * `unknown` holds identifiers some of whose grants or scopes are unknown during preview.
 */
function grantedApis(stack: StackIndex): { granted: Set<string>; unknown: boolean } {
    const granted = new Set<string>();
    let unknown = false;
    const add = (identifier: unknown) => {
        if (typeof identifier === "string") {
            granted.add(identifier);
        } else if (isUnknown(identifier)) {
            unknown = true;
        }
    };
    for (const [identifier, api] of stack.apis()) {
        if (api.scopes.size > 0 || api.scopesUnknown) {
            add(identifier);
        }
        const inline = api.server && asList(api.server.props.scopes);
        if (inline && (isUnknown(inline) || inline.length > 0)) {
            add(identifier);
        }
    }
    for (const single of stack.ofType(new Set([ROLE_PERMISSION, USER_PERMISSION]))) {
        add(single.props.resourceServerIdentifier);
    }
    for (const owner of stack.ofType(new Set([ROLE_PERMISSIONS, USER_PERMISSIONS]))) {
        const permissions = asList(owner.props.permissions);
        if (isUnknown(permissions)) {
            unknown = true;
            continue;
        }
        permissions.forEach((p) => add(asObject(p)?.resourceServerIdentifier));
    }
    for (const grant of stack.ofType(AUTH0_CLIENT_GRANT)) {
        add(grant.props.audience);
    }
    return { granted, unknown };
}

/**
 * AWS verifies RS256 only (HTTP API JWT authorizer, ALB jwt-validation, aws-jwt-verify), and the
 * identity stack is usually not the stack of the verifier, so every API is judged on its own:
 * HS256 is a secret shared with every verifier. Without RBAC any user obtains any scope they
 * request (DOMAIN.md); an API that declares no scope and that no role, user or grant is given has
 * nothing to escalate to, so RBAC is required only once it has one of them.
 */
export const verifiedApisRs256Rbac: StackRule<ApiConfig> = {
    name: "auth0-resource-server-require-rs256-rbac",
    description: "Every Auth0 API signs with RS256, whether or not this stack verifies its tokens, and enforces RBAC as soon as it declares scopes or roles, users or client grants are given permissions on it; exceptions are named in the config with a reason.",
    severity: "critical",
    remediation: "Set signingAlg \"RS256\" and enforcePolicies true on the ResourceServer (edge-auth's Auth0Api does both by default). An API that must differ goes in this policy's exceptions: [{ \"identifier\": \"<api identifier>\", \"reason\": \"<why>\" }].",
    reads: new Set([AUTH0_RESOURCE_SERVER, AUTH0_SCOPES, AUTH0_SCOPE, AUTH0_CLIENT_GRANT, ROLE_PERMISSION, ROLE_PERMISSIONS, USER_PERMISSION, USER_PERMISSIONS]),
    config: {
        exceptions: {
            type: "array",
            items: {
                type: "object",
                properties: { identifier: { type: "string" }, reason: { type: "string", minLength: 1 } },
                required: ["identifier", "reason"],
            },
            default: [],
            description: "Auth0 APIs (by identifier) allowed another signing algorithm or RBAC off, each with the reason.",
        },
    },
    check(stack, config) {
        const findings: Finding[] = [];
        const { granted, unknown } = grantedApis(stack);
        for (const server of stack.ofType(AUTH0_RESOURCE_SERVER)) {
            const { identifier, signingAlg, enforcePolicies } = server.props;
            if (isUnknown(identifier) || isUnknown(signingAlg) || isUnknown(enforcePolicies)) {
                findings.push(undecided(`the identifier, signingAlg or enforcePolicies of Auth0 API "${server.name}" is unknown during preview`, server.urn));
                continue;
            }
            const exception = exceptionFor(config, String(identifier));
            if (exception && "kind" in exception) {
                findings.push({ ...exception, urn: server.urn });
                continue;
            }
            if (exception) {
                continue;
            }
            // Auth0 defaults to RS256 when signingAlg is left out.
            if (signingAlg !== undefined && signingAlg !== "RS256") {
                findings.push(violation(`Auth0 API "${String(identifier)}" signs with ${String(signingAlg)}; AWS verifiers accept RS256 only, and ${String(signingAlg)} shares the signing secret with every verifier`, server.urn));
            }
            if (enforcePolicies === true) {
                continue;
            }
            if (granted.has(String(identifier))) {
                findings.push(violation(`Auth0 API "${String(identifier)}" has RBAC off (enforcePolicies ${JSON.stringify(enforcePolicies ?? null)}) while it has scopes, role or user permissions, or client grants: any user obtains any scope they request`, server.urn));
            } else if (unknown) {
                findings.push(undecided(`Auth0 API "${String(identifier)}" has RBAC off, and whether it has scopes, permissions or grants is unknown during preview`, server.urn));
            }
        }
        return findings;
    },
};
