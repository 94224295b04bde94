import * as aws from "@pulumi/aws";

/** An execution role that lets a function write its own logs and nothing else. */
export function lambdaRole(name: string): aws.iam.Role {
    const role = new aws.iam.Role(`${name}-role`, {
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
    });
    new aws.iam.RolePolicyAttachment(`${name}-logs`, { role: role.name, policyArn: aws.iam.ManagedPolicy.AWSLambdaBasicExecutionRole });
    return role;
}
