/** Cross-resource lookups shared by the stack rules: the engine's property dependencies first, values second. */
import { StackIndex, StackResource } from "./stackIndex";
import { asObject, isUnknown } from "./plain";
import { albActions } from "./alb";
import { AUTH0_CLIENT, HTTP_API_AUTHORIZER, LISTENER, LISTENER_RULE, LOAD_BALANCER } from "./types";

/** The listener a rule is attached to (by dependency, else by its `arn` output). */
export function listenerOf(stack: StackIndex, rule: StackResource): StackResource | undefined {
    const arn = rule.props.listenerArn;
    return stack.dependency(rule, "listenerArn", LISTENER) ?? (typeof arn === "string" ? stack.findByProp(LISTENER, "arn", arn) : undefined);
}

/** The load balancer of a listener. */
export function loadBalancerOf(stack: StackIndex, listener: StackResource): StackResource | undefined {
    const arn = listener.props.loadBalancerArn;
    return stack.dependency(listener, "loadBalancerArn", LOAD_BALANCER) ?? (typeof arn === "string" ? stack.findByProp(LOAD_BALANCER, "arn", arn) : undefined);
}

/** The JWT authorizer a route uses. Authorizer ids are not properties, so only the dependency links them. */
export function authorizerOf(stack: StackIndex, route: StackResource): StackResource | undefined {
    return stack.dependency(route, "authorizerId", HTTP_API_AUTHORIZER);
}

/** The Auth0 client an ALB action's clientId comes from (by dependency, else by its `clientId` output). */
export function clientOf(stack: StackIndex, resource: StackResource, clientId: unknown): StackResource | undefined {
    const key = LISTENER.has(resource.type) ? "defaultActions" : "actions";
    const byDependency = stack.dependency(resource, key, AUTH0_CLIENT);
    if (byDependency) {
        return byDependency;
    }
    return typeof clientId === "string" ? stack.findByProp(AUTH0_CLIENT, "clientId", clientId) : undefined;
}

/** Every listener and listener rule of the stack with its plain actions. */
export function albResources(stack: StackIndex): StackResource[] {
    return [...stack.ofType(LISTENER), ...stack.ofType(LISTENER_RULE)];
}

/** The values of one `additionalClaims` entry of a jwt-validation action. */
export function claimValues(jwt: Record<string, unknown>, names: string[]): string[] | undefined {
    const claims = jwt.additionalClaims;
    if (isUnknown(claims)) {
        return undefined;
    }
    const values: string[] = [];
    for (const claim of Array.isArray(claims) ? claims : []) {
        const c = asObject(claim);
        if (c && typeof c.name === "string" && names.includes(c.name)) {
            if (!Array.isArray(c.values)) {
                return undefined;
            }
            for (const v of c.values) {
                if (typeof v !== "string") {
                    return undefined;
                }
                // space-separated-values claims may list several scopes in one value.
                values.push(...v.split(/\s+/).filter((s) => s.length > 0));
            }
        }
    }
    return values;
}

/** Each authenticate-oidc / jwt-validation block of an ALB resource. */
export function authBlocks(resource: StackResource, block: "authenticateOidc" | "jwtValidation"): { where: string; settings: Record<string, unknown> | undefined }[] {
    const actions = albActions(resource.type, resource.props);
    if (isUnknown(actions)) {
        return [{ where: "actions", settings: undefined }];
    }
    const found: { where: string; settings: Record<string, unknown> | undefined }[] = [];
    for (const action of actions) {
        const settings = action.props[block];
        if (isUnknown(settings)) {
            found.push({ where: `${action.where}.${block}`, settings: undefined });
        } else if (asObject(settings)) {
            found.push({ where: `${action.where}.${block}`, settings: asObject(settings) });
        }
    }
    return found;
}
