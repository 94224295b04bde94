/**
 * Lambda function URLs are a public HTTPS endpoint of their own, beside any API Gateway or ALB
 * with its authorizer: `authorizationType: "NONE"` (plus a resource policy for principal `*`)
 * makes the function callable by anyone on the internet.
 */
import { exceptionFor, namedExceptions, NamedException } from "../lib/exceptions";
import { Finding, undecided, violation } from "../lib/findings";
import { isUnknown } from "../lib/plain";
import { ResourceRule } from "../lib/policy";
import { LAMBDA_FUNCTION_URL, LAMBDA_PERMISSION } from "../lib/types";

/** Type tokens these rules read (for the registry of judged types). */
export const judgedTypes: readonly string[] = [LAMBDA_FUNCTION_URL, LAMBDA_PERMISSION];

interface PublicConfig {
    publicFunctionUrls: NamedException[];
}

const PUBLIC = {
    publicFunctionUrls: namedExceptions("Function URLs (aws.lambda.FunctionUrl) and their permissions (aws.lambda.Permission), by Pulumi resource name, public on purpose, each with the reason: [{ \"name\": \"<resource name>\", \"reason\": \"<why>\" }]."),
};

/** An exception, a finding for an exception without reason, or the violation. */
function unlessPublic(config: PublicConfig, name: string, finding: Finding): Finding[] {
    const exception = exceptionFor(config.publicFunctionUrls, name, "publicFunctionUrls");
    if (exception === "excepted") {
        return [];
    }
    return exception ? [exception] : [finding];
}

export const functionUrlAuth: ResourceRule<PublicConfig> = {
    name: "aws-lambda-function-url-require-auth",
    description: "Lambda function URLs use authorizationType AWS_IAM; NONE only for URLs named in publicFunctionUrls with a reason.",
    severity: "high",
    remediation: "Set authorizationType: \"AWS_IAM\" (callers sign with SigV4), or put the function behind the API Gateway / ALB that checks tokens and remove the URL. A URL public on purpose goes in publicFunctionUrls: [{ \"name\": \"<resource name>\", \"reason\": \"<why>\" }].",
    types: new Set([LAMBDA_FUNCTION_URL]),
    config: PUBLIC,
    check({ name, props }, config) {
        const type = props.authorizationType;
        if (isUnknown(type)) {
            return [undecided("authorizationType is unknown during preview")];
        }
        if (type !== "NONE") {
            return [];
        }
        return unlessPublic(config, name, violation(`function URL "${name}" has authorizationType "NONE": anyone who finds https://<id>.lambda-url.<region>.on.aws/ calls the function, around every authorizer in front of it`));
    },
};

/** Actions that let the principal call the function through its URL. */
function grantsUrlInvoke(props: Record<string, unknown>): boolean {
    const action = props.action;
    return action === "lambda:InvokeFunctionUrl" || action === "lambda:*" || (action === "lambda:InvokeFunction" && props.invokedViaFunctionUrl === true);
}

export const functionUrlPublicPermission: ResourceRule<PublicConfig> = {
    name: "aws-lambda-permission-disallow-public-function-url",
    description: "No Lambda permission lets principal \"*\" invoke a function URL (lambda:InvokeFunctionUrl, lambda:*, or InvokeFunction via the URL) without sourceAccount or principalOrgId; except permissions named in publicFunctionUrls.",
    severity: "high",
    remediation: "Grant lambda:InvokeFunctionUrl to a specific account or role (principal \"arn:aws:iam::<account>:role/<caller>\"), or scope \"*\" with principalOrgId / sourceAccount. A permission public on purpose goes in publicFunctionUrls with a reason.",
    types: new Set([LAMBDA_PERMISSION]),
    config: PUBLIC,
    check({ name, props }, config) {
        if ([props.action, props.principal, props.invokedViaFunctionUrl, props.sourceAccount, props.principalOrgId].some(isUnknown)) {
            return [undecided("the permission's action, principal or scope is unknown during preview")];
        }
        if (!grantsUrlInvoke(props) || props.principal !== "*" || props.sourceAccount || props.principalOrgId) {
            return [];
        }
        const auth = props.functionUrlAuthType === "AWS_IAM" ? "any AWS account's signed requests" : "anyone on the internet";
        return unlessPublic(config, name, violation(`permission "${name}" lets principal "*" call the function URL (${String(props.action)}): ${auth} may invoke the function`));
    },
};
