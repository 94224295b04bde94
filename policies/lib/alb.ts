/** Reading load-balancer listeners and rules, whose actions share one shape. */
import { asList, asObject, isUnknown, Props, Unknown } from "./plain";
import { LISTENER } from "./types";

export interface AlbAction {
    /** `actions[2]` or `defaultActions[0]`, for messages. */
    where: string;
    type: unknown;
    props: Props;
}

/** The actions of a listener (`defaultActions`) or listener rule (`actions`). */
export function albActions(resourceType: string, props: Props): AlbAction[] | Unknown {
    const key = LISTENER.has(resourceType) ? "defaultActions" : "actions";
    const list = asList(props[key]);
    if (isUnknown(list)) {
        return list;
    }
    return list.map((raw, i) => {
        const action = asObject(raw) ?? {};
        return { where: `${key}[${i}]`, type: action.type, props: action };
    });
}

/** The listener's protocol; ALB listeners default to HTTP when it is left out. */
export function listenerProtocol(props: Props): string | Unknown {
    const protocol = props.protocol;
    if (isUnknown(protocol)) {
        return protocol;
    }
    return typeof protocol === "string" ? protocol.toUpperCase() : "HTTP";
}

/** Host-header values a listener rule matches; `[]` when it has no host condition. */
export function ruleHosts(props: Props): string[] | Unknown {
    const conditions = asList(props.conditions);
    if (isUnknown(conditions)) {
        return conditions;
    }
    const hosts: string[] = [];
    for (const condition of conditions) {
        const values = asList(asObject(asObject(condition)?.hostHeader)?.values);
        if (isUnknown(values)) {
            return values;
        }
        for (const v of values) {
            if (isUnknown(v)) {
                return v;
            }
            if (typeof v === "string") {
                hosts.push(v.toLowerCase());
            }
        }
    }
    return hosts;
}

/** Whether an action is an HTTPS redirect (what a plain-HTTP listener may do). */
export function isHttpsRedirect(action: AlbAction): boolean | Unknown {
    if (isUnknown(action.type)) {
        return action.type;
    }
    const protocol = asObject(action.props.redirect)?.protocol;
    if (isUnknown(protocol)) {
        return protocol;
    }
    return action.type === "redirect" && typeof protocol === "string" && protocol.toUpperCase() === "HTTPS";
}
