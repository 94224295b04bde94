import { Finding, undecided, violation } from "../lib/findings";
import { albResources, authBlocks, claimValues } from "../lib/lookups";
import { asList, asObject, isUnknown } from "../lib/plain";
import { StackRule } from "../lib/policy";
import { StackIndex } from "../lib/stackIndex";
import { HTTP_API_AUTHORIZER } from "../lib/types";

/** Audiences some AWS verifier in the stack checks tokens for; `unknown` counts undecidable ones. */
function verifiedAudiences(stack: StackIndex): { audiences: Map<string, string>; unknown: string[] } {
    const audiences = new Map<string, string>();
    const unknown: string[] = [];
    for (const authorizer of stack.ofType(HTTP_API_AUTHORIZER)) {
        const list = asList(asObject(authorizer.props.jwtConfiguration)?.audiences);
        if (isUnknown(list)) {
            unknown.push(`JWT authorizer "${authorizer.name}"`);
            continue;
        }
        for (const a of list) {
            if (typeof a === "string") {
                audiences.set(a, `JWT authorizer "${authorizer.name}"`);
            }
        }
    }
    for (const resource of albResources(stack)) {
        for (const { where, settings } of authBlocks(resource, "jwtValidation")) {
            const aud = settings && claimValues(settings, ["aud"]);
            if (!aud) {
                unknown.push(`"${resource.name}" ${where}`);
                continue;
            }
            aud.forEach((a) => audiences.set(a, `"${resource.name}" ${where}`));
        }
        for (const { settings } of authBlocks(resource, "authenticateOidc")) {
            const audience = asObject(settings?.authenticationRequestExtraParams)?.audience;
            if (typeof audience === "string") {
                audiences.set(audience, `"${resource.name}" authenticate-oidc`);
            }
        }
    }
    return { audiences, unknown };
}

/** AWS verifies RS256 only; without RBAC any user gets any scope they request (DOMAIN.md). */
export const verifiedApisRs256Rbac: StackRule = {
    name: "auth0-resource-server-require-rs256-rbac",
    description: "Auth0 APIs whose tokens AWS verifies sign with RS256 and enforce RBAC.",
    severity: "critical",
    remediation: "Set signingAlg \"RS256\" and enforcePolicies true on the ResourceServer (edge-auth's Auth0Api does both by default).",
    check(stack) {
        const findings: Finding[] = [];
        const { audiences, unknown } = verifiedAudiences(stack);
        for (const what of unknown) {
            findings.push(undecided(`the audience of ${what} is unknown during preview`));
        }
        for (const [audience, verifier] of audiences) {
            const server = stack.apis().get(audience)?.server;
            if (!server) {
                findings.push(undecided(`the Auth0 API of audience "${audience}" (verified by ${verifier}) is not in this stack, so its signing algorithm and RBAC are not known`));
                continue;
            }
            const { signingAlg, enforcePolicies } = server.props;
            if (isUnknown(signingAlg) || isUnknown(enforcePolicies)) {
                findings.push(undecided(`the settings of Auth0 API "${audience}" are unknown during preview`, server.urn));
                continue;
            }
            // Auth0 defaults to RS256 when signingAlg is left out.
            if (signingAlg !== undefined && signingAlg !== "RS256") {
                findings.push(violation(`Auth0 API "${audience}" signs with ${String(signingAlg)}, but ${verifier} verifies RS256 only`, server.urn));
            }
            if (enforcePolicies !== true) {
                findings.push(violation(`Auth0 API "${audience}" (verified by ${verifier}) has RBAC off: any user obtains any scope they request`, server.urn));
            }
        }
        return findings;
    },
};
