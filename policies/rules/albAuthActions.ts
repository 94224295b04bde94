import { AlbAction, albActions } from "../lib/alb";
import { Finding, undecided, violation } from "../lib/findings";
import { asList, asObject, isUnknown } from "../lib/plain";
import { ResourceRule, RuleResource } from "../lib/policy";
import { LISTENER, LISTENER_RULE } from "../lib/types";

const ALB_TYPES = new Set([...LISTENER, ...LISTENER_RULE]);

/** Every action of `block` (`authenticateOidc`, `jwtValidation`) with its settings, or undecided findings. */
function eachBlock(resource: RuleResource, block: string, check: (action: AlbAction, settings: Record<string, unknown>) => Finding[]): Finding[] {
    const actions = albActions(resource.type, resource.props);
    if (isUnknown(actions)) {
        return [undecided("the actions are unknown during preview")];
    }
    return actions.flatMap((action) => {
        const settings = action.props[block];
        if (isUnknown(settings)) {
            return [undecided(`${action.where}.${block} is unknown during preview`)];
        }
        const object = asObject(settings);
        return object ? check(action, object) : [];
    });
}

/** Without `openid` the IdP returns no ID token and the ALB answers 500 (DOMAIN.md). */
export const oidcOpenidScope: ResourceRule = {
    name: "aws-alb-oidc-require-openid-scope",
    description: "ALB authenticate-oidc actions request the openid scope.",
    severity: "medium",
    remediation: "Include openid in the scope, e.g. scope: \"openid profile email\" (or leave scope out: the default is openid).",
    types: ALB_TYPES,
    check(resource) {
        return eachBlock(resource, "authenticateOidc", (action, oidc) => {
            const scope = oidc.scope;
            if (isUnknown(scope)) {
                return [undecided(`${action.where}.authenticateOidc.scope is unknown during preview`)];
            }
            if (scope === undefined) {
                return [];
            }
            const scopes = String(scope).split(/\s+/);
            return scopes.includes("openid") ? [] : [violation(`${action.where}.authenticateOidc.scope "${String(scope)}" lacks openid: no ID token, the ALB answers 500`)];
        });
    },
};

interface JwtConfig {
    requireScopeClaim: boolean;
}

/** Claim names `jwt-validation` checks among additionalClaims, or an Unknown. */
function claimNames(action: AlbAction, jwt: Record<string, unknown>): Set<string> | undefined {
    const claims = asList(jwt.additionalClaims);
    if (isUnknown(claims)) {
        return undefined;
    }
    const names = new Set<string>();
    for (const claim of claims) {
        const c = asObject(claim);
        const values = asList(c?.values);
        if (typeof c?.name === "string" && (isUnknown(values) || values.length > 0)) {
            names.add(c.name);
        }
    }
    return names;
}

/** jwt-validation checks signature, iss and exp only: a token for any API of the tenant passes. */
export const jwtValidationAudience: ResourceRule<JwtConfig> = {
    name: "aws-alb-jwt-validation-require-audience",
    description: "ALB jwt-validation actions check aud (and, by config, a scope claim).",
    severity: "high",
    remediation: "Add additionalClaims [{ name: \"aud\", format: \"single-string\", values: [\"<api identifier>\"] }, { name: \"scope\", format: \"space-separated-values\", values: [\"<scope>\"] }].",
    types: ALB_TYPES,
    config: {
        requireScopeClaim: {
            type: "boolean",
            default: true,
            description: "Also require a scope (or scp) claim check.",
        },
    },
    check(resource, config) {
        return eachBlock(resource, "jwtValidation", (action, jwt) => {
            const names = claimNames(action, jwt);
            if (!names) {
                return [undecided(`${action.where}.jwtValidation.additionalClaims is unknown during preview`)];
            }
            const findings: Finding[] = [];
            if (!names.has("aud")) {
                findings.push(violation(`${action.where}.jwtValidation does not check aud: a token for any API of the tenant is accepted`));
            }
            if (config.requireScopeClaim && !names.has("scope") && !names.has("scp")) {
                findings.push(violation(`${action.where}.jwtValidation does not check a scope claim: any client of the API is accepted`));
            }
            return findings;
        });
    },
};
