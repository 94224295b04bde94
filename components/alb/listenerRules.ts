import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { forwardAction, ruleConditions } from "./rules";

type RuleAction = aws.types.input.lb.ListenerRuleAction;

/** The fields of a planned route that make its listener rule. */
export interface PlannedRuleRoute {
    name: string;
    slug: string;
    priority: number;
    pathPatterns: readonly string[];
    targetGroupArn?: pulumi.Input<string>;
}

/**
 * One `ListenerRule` per route, named `<component>-rule-<slug>`: host and path conditions, the
 * component's own action (`authenticate-oidc` or `jwt-validation`), then `forward`. Shared by
 * both ALB components so their rules cannot drift apart in shape.
 */
export function createListenerRules<R extends PlannedRuleRoute>(
    parent: pulumi.Resource,
    name: string,
    /** What the rules must wait for (a role gate's binding), if anything. */
    after: pulumi.Resource | undefined,
    listenerArn: pulumi.Input<string>,
    hosts: readonly string[],
    routes: readonly R[],
    defaultTargetGroupArn: pulumi.Input<string>,
    checkAction: (route: R) => RuleAction,
): { rules: Record<string, aws.lb.ListenerRule>; priorities: Record<string, number> } {
    const rules: Record<string, aws.lb.ListenerRule> = {};
    const priorities: Record<string, number> = {};
    for (const route of routes) {
        rules[route.name] = new aws.lb.ListenerRule(`${name}-rule-${route.slug}`, {
            listenerArn,
            priority: route.priority,
            conditions: ruleConditions(hosts, route.pathPatterns),
            actions: [checkAction(route), forwardAction(route.targetGroupArn ?? defaultTargetGroupArn)],
        }, { parent, ...(after ? { dependsOn: [after] } : {}) });
        priorities[route.name] = route.priority;
    }
    return { rules, priorities };
}
