/**
 * ALB jwt-validation checks signature, iss and exp, plus the claims it is given. Without a `gty`
 * claim an Auth0 user access token of the same API passes a rule meant for machines (a user
 * token requested without openid even has the single-string `aud` of an M2M token, DOMAIN.md);
 * only client-credentials tokens carry `gty: "client-credentials"`.
 */
import { albActions } from "../lib/alb";
import { exceptionFor, namedExceptions, NamedException } from "../lib/exceptions";
import { Finding, undecided, violation } from "../lib/findings";
import { asList, asObject, isUnknown } from "../lib/plain";
import { ResourceRule } from "../lib/policy";
import { LISTENER, LISTENER_RULE } from "../lib/types";
import { judgedTypes as nativeTypes } from "../lib/native";

/** Type tokens this rule reads (for the registry of judged types); aws-native ones through lib/native.ts. */
export const judgedTypes: readonly string[] = [...LISTENER, ...LISTENER_RULE, ...nativeTypes.filter((t) => /elasticloadbalancingv2:Listener/.test(t))];

/** A tag by which a program declares, on the listener or rule itself, that users call it with their tokens. */
export const USER_TOKENS_TAG = "edge-auth:user-tokens";

interface GtyConfig {
    userTokenRules: NamedException[];
}

/** Whether the claims require gty to be client-credentials; undefined when unknown. */
function requiresClientCredentials(claims: unknown): boolean | undefined {
    const list = asList(claims);
    if (isUnknown(list)) {
        return undefined;
    }
    for (const raw of list) {
        const claim = asObject(raw);
        if (isUnknown(claim?.name) || isUnknown(claim?.values)) {
            return undefined;
        }
        if (claim?.name !== "gty") {
            continue;
        }
        const values = asList(claim.values);
        if (isUnknown(values)) {
            return undefined;
        }
        // Several values are any-of (unconfirmed, DOMAIN.md): only client-credentials alone is machine-only.
        return values.length > 0 && values.every((v) => v === "client-credentials");
    }
    return false;
}

export const jwtValidationGrantType: ResourceRule<GtyConfig> = {
    name: "aws-alb-jwt-validation-require-client-credentials",
    description: "ALB jwt-validation actions require the claim gty = client-credentials (machine tokens only), unless the listener or rule declares user tokens: a tag edge-auth:user-tokens whose value is the reason, or its name in userTokenRules with a reason.",
    severity: "high",
    remediation: "Add additionalClaims { name: \"gty\", format: \"single-string\", values: [\"client-credentials\"] } (edge-auth's AlbJwtValidation does by default). A rule users call with their own access tokens declares it: tags { \"edge-auth:user-tokens\": \"<why>\" } on the rule, or userTokenRules: [{ \"name\": \"<resource name>\", \"reason\": \"<why>\" }] in the config; keep RBAC on for the API.",
    types: new Set([...LISTENER, ...LISTENER_RULE]),
    config: {
        userTokenRules: namedExceptions("Listeners and listener rules (by Pulumi resource name) whose jwt-validation accepts user access tokens on purpose, each with the reason."),
    },
    check({ type, name, props }, config) {
        const actions = albActions(type, props);
        if (isUnknown(actions)) {
            return [undecided("the actions are unknown during preview")];
        }
        const findings: Finding[] = [];
        for (const action of actions) {
            const jwt = action.props.jwtValidation;
            if (isUnknown(jwt)) {
                findings.push(undecided(`${action.where}.jwtValidation is unknown during preview`));
                continue;
            }
            if (!asObject(jwt)) {
                continue;
            }
            const machineOnly = requiresClientCredentials(asObject(jwt)!.additionalClaims);
            if (machineOnly === undefined) {
                findings.push(undecided(`${action.where}.jwtValidation.additionalClaims is unknown during preview`));
            } else if (!machineOnly) {
                const tag = asObject(props.tags)?.[USER_TOKENS_TAG];
                if (typeof tag === "string" && tag.trim().length > 0) {
                    continue; // Declared in the program, with its reason as the tag value.
                }
                const exception = exceptionFor(config.userTokenRules, name, "userTokenRules");
                if (exception !== "excepted") {
                    findings.push(exception ?? violation(`${action.where}.jwtValidation does not require gty "client-credentials": any user access token of the audience passes this machine route`));
                }
            }
        }
        return findings;
    },
};
