/**
 * The reference stacks' ALB target: the bundled echo Lambda (stacks/targets/albEcho.ts), allowed
 * to be invoked by the target group and attached to it. It verifies `x-amzn-oidc-data` with
 * exactly the values the login rule uses, so a stack cannot wire the target and the rule apart.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { AlbOidcLogin } from "../../components/alb/AlbOidcLogin";
import { lambdaRole } from "./lambdaRole";

const ECHO_BUNDLE = path.join(__dirname, "..", "..", "dist", "bundles", "alb-echo");

/** Creates `<name>` (Function and TargetGroupAttachment) and `<name>-from-alb` (Permission). */
export function albEchoTarget(name: string, login: AlbOidcLogin, targetGroupArn: pulumi.Input<string>): aws.lambda.Function {
    const oidc = login.oidcData;
    const echo = new aws.lambda.Function(name, {
        runtime: "nodejs22.x",
        architectures: ["arm64"],
        handler: "index.handler",
        role: lambdaRole(name).arn,
        code: new pulumi.asset.FileArchive(ECHO_BUNDLE),
        timeout: 5,
        environment: {
            variables: {
                EDGE_AUTH_ALB_ARN: oidc.albArn,
                EDGE_AUTH_ISSUER: oidc.issuer,
                EDGE_AUTH_CLIENT_ID: oidc.clientId,
                EDGE_AUTH_LOGOUT_URL: login.logoutUrl,
            },
        },
    });
    const invoke = new aws.lambda.Permission(`${name}-from-alb`, {
        function: echo.name,
        action: "lambda:InvokeFunction",
        principal: "elasticloadbalancing.amazonaws.com",
        sourceArn: targetGroupArn,
    });
    new aws.lb.TargetGroupAttachment(name, { targetGroupArn, targetId: echo.arn }, { dependsOn: [invoke] });
    return echo;
}
