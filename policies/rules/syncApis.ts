import { Finding, undecided, violation } from "../lib/findings";
import { asList, asObject, isUnknown } from "../lib/plain";
import { ResourceRule } from "../lib/policy";
import { AUTH0_RESOURCE_SERVER } from "../lib/types";

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

/**
 * AWS verifies RS256 only (HTTP API JWT authorizer, ALB jwt-validation, aws-jwt-verify), and the
 * identity stack is usually not the stack of the verifier, so every API is judged on its own:
 * HS256 is a secret shared with every verifier, and without RBAC any user obtains any scope
 * they request (DOMAIN.md).
 */
export const verifiedApisRs256Rbac: ResourceRule<ApiConfig> = {
    name: "auth0-resource-server-require-rs256-rbac",
    description: "Every Auth0 API signs with RS256 and enforces RBAC, whether or not this stack verifies its tokens; exceptions are named in the config with a reason.",
    severity: "critical",
    remediation: "Set signingAlg \"RS256\" and enforcePolicies true on the ResourceServer (edge-auth's Auth0Api does both by default). An API that must differ goes in this policy's exceptions: [{ \"identifier\": \"<api identifier>\", \"reason\": \"<why>\" }].",
    types: new Set([AUTH0_RESOURCE_SERVER]),
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
    check({ props }, config) {
        const { identifier, signingAlg, enforcePolicies } = props;
        if (isUnknown(identifier) || isUnknown(signingAlg) || isUnknown(enforcePolicies)) {
            return [undecided("the identifier, signingAlg or enforcePolicies of the Auth0 API is unknown during preview")];
        }
        const exception = exceptionFor(config, String(identifier));
        if (exception && "kind" in exception) {
            return [exception];
        }
        if (exception) {
            return [];
        }
        const findings: Finding[] = [];
        // Auth0 defaults to RS256 when signingAlg is left out.
        if (signingAlg !== undefined && signingAlg !== "RS256") {
            findings.push(violation(`Auth0 API "${String(identifier)}" signs with ${String(signingAlg)}; AWS verifiers accept RS256 only, and ${String(signingAlg)} shares the signing secret with every verifier`));
        }
        if (enforcePolicies !== true) {
            findings.push(violation(`Auth0 API "${String(identifier)}" has RBAC off (enforcePolicies ${JSON.stringify(enforcePolicies ?? null)}): any user obtains any scope they request`));
        }
        return findings;
    },
};
