import { Finding, undecided, violation } from "../lib/findings";
import { judgeBodyOperations, listsOperation } from "../lib/openapi";
import { isUnknown } from "../lib/plain";
import { ResourceRule } from "../lib/policy";
import { REST_API, REST_METHOD } from "../lib/types";

interface MethodConfig {
    publicMethods: string[];
}

const WITH_AUTHORIZER = new Set(["CUSTOM", "COGNITO_USER_POOLS"]);

/** The methods of a REST API's OpenAPI body, judged as Method resources are. */
function checkBody(name: string, body: unknown, config: MethodConfig): Finding[] {
    return judgeBodyOperations("REST API", "methods", name, body, (op, what) => {
        const { auth } = op;
        if (op.method === "OPTIONS" || auth.kind === "iam" || auth.kind === "authorizer") {
            return [];
        }
        if (auth.kind === "invalid") {
            return [violation(`${what} ${auth.problem}`)];
        }
        if (listsOperation(config.publicMethods, name, op)) {
            return [];
        }
        return [violation(auth.kind === "apiKey"
            ? `${what} requires only an API key (${auth.schemes.join(", ")}): a key identifies a client and is no authorization; anyone holding it can call the method`
            : `${what} has no authorization${auth.explicit ? " (security: [] makes it public)" : ""}; anyone can call it`)];
    });
}

/** Seed 004: every movies/devices method sits behind the Lambda authorizer. */
export const methodAuthorizer: ResourceRule<MethodConfig> = {
    name: "aws-apigateway-method-require-authorizer",
    description: "REST API methods, as Method resources or as operations of the API's OpenAPI body, carry an authorizer (or IAM auth) unless they are OPTIONS or allowlisted as public.",
    severity: "high",
    remediation: "Set authorization \"CUSTOM\" with the Lambda authorizer's authorizerId (in an OpenAPI body: a security requirement naming a scheme with x-amazon-apigateway-authorizer), or add the method's Pulumi resource name (for a body: \"GET /path\" or \"<api name> GET /path\") to publicMethods if it is public on purpose.",
    types: new Set([REST_METHOD, REST_API]),
    config: {
        publicMethods: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Pulumi names of aws.apigateway.Method resources, and operations of OpenAPI bodies (\"GET /health\" or \"<api name> GET /health\"), that are public on purpose.",
        },
    },
    check({ type, name, props }, config) {
        if (type === REST_API) {
            return checkBody(name, props.body, config);
        }
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
