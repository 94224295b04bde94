import { undecided, violation } from "../lib/findings";
import { isUnknown } from "../lib/plain";
import { ResourceRule } from "../lib/policy";
import { REST_METHOD } from "../lib/types";

interface MethodConfig {
    publicMethods: string[];
}

const WITH_AUTHORIZER = new Set(["CUSTOM", "COGNITO_USER_POOLS"]);

/** Seed 004: every movies/devices method sits behind the Lambda authorizer. */
export const methodAuthorizer: ResourceRule<MethodConfig> = {
    name: "aws-apigateway-method-require-authorizer",
    description: "REST API methods carry an authorizer (or IAM auth) unless they are OPTIONS or allowlisted as public.",
    severity: "high",
    remediation: "Set authorization \"CUSTOM\" with the Lambda authorizer's authorizerId, or add the method's Pulumi resource name to publicMethods if it is public on purpose.",
    types: new Set([REST_METHOD]),
    config: {
        publicMethods: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Pulumi names of aws.apigateway.Method resources that are public on purpose.",
        },
    },
    check({ name, props }, config) {
        const { authorization, authorizerId, httpMethod } = props;
        if (isUnknown(authorization) || isUnknown(httpMethod)) {
            return [undecided("the method's authorization or httpMethod is unknown during preview")];
        }
        if (authorization === "AWS_IAM") {
            return [];
        }
        if (typeof authorization === "string" && WITH_AUTHORIZER.has(authorization)) {
            if (isUnknown(authorizerId)) {
                return [];
            }
            return typeof authorizerId === "string" && authorizerId.length > 0
                ? []
                : [violation(`method "${name}" uses ${authorization} authorization without an authorizerId`)];
        }
        if (String(httpMethod).toUpperCase() === "OPTIONS" || config.publicMethods.includes(name)) {
            return [];
        }
        return [violation(`method "${name}" (${String(httpMethod)}) has authorization "${String(authorization)}"; anyone can call it`)];
    },
};
