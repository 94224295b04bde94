import { Finding, undecided, violation } from "../lib/findings";
import { isUnknown } from "../lib/plain";
import { ResourceRule } from "../lib/policy";
import { HTTP_API, LISTENER } from "../lib/types";
import { valuesAt } from "../lib/urlFields";
import { checkClientUrl } from "../lib/urls";

interface CorsConfig {
    allowLocalhost: boolean;
}

const CORS_FIELDS: Record<string, string> = {
    [HTTP_API]: "corsConfiguration.allowOrigins",
    ...Object.fromEntries([...LISTENER].map((t) => [t, "routingHttpResponseAccessControlAllowOriginHeaderValue"])),
};

/**
 * A page served over http from an allowed origin can be altered on the way and call the API with
 * the user's token. `*` is judged by edge-auth-disallow-wildcard-urls (per environment).
 */
export const corsOriginsHttps: ResourceRule<CorsConfig> = {
    name: "edge-auth-require-https-cors-origins",
    description: "CORS allowed origins of HTTP APIs and ALB listeners are https (local http only where allowed).",
    severity: "high",
    remediation: "List https origins (e.g. https://app.example.com) in corsConfiguration.allowOrigins or the listener's Access-Control-Allow-Origin value; keep http://localhost origins in dev stacks with allowLocalhost: true.",
    types: new Set(Object.keys(CORS_FIELDS)),
    config: {
        allowLocalhost: {
            type: "boolean",
            default: false,
            description: "Allow http://localhost and http://127.0.0.1 origins (development stacks only).",
        },
    },
    check({ type, props }, config) {
        const findings: Finding[] = [];
        for (const { where, value } of valuesAt(props, CORS_FIELDS[type])) {
            if (isUnknown(value)) {
                findings.push(undecided(`${where} is unknown during preview`));
            } else if (value !== "*") {
                findings.push(...checkClientUrl(value, where, config.allowLocalhost));
            }
        }
        return findings;
    },
};

/**
 * Quick create (`target`) makes an integration plus an implicit `$default` catch-all route with no
 * authorizer, and auto-deploys it: every path of the API is public (@pulumi/aws 7.48 ApiArgs.target).
 */
export const noQuickCreate: ResourceRule = {
    name: "aws-apigatewayv2-api-disallow-quick-create",
    description: "HTTP APIs are not created with quick create (target), which adds an implicit public $default route.",
    severity: "high",
    remediation: "Remove target (and routeKey/credentialsArn) from the Api; create an aws.apigatewayv2.Integration and explicit Routes with the JWT authorizer (edge-auth's HTTP API component does this).",
    types: new Set([HTTP_API]),
    check({ props }) {
        const target = props.target;
        if (target === undefined || target === null || target === "") {
            return [];
        }
        if (isUnknown(target)) {
            return [violation("target is set (its value is unknown during preview): quick create adds a $default route with no authorizer")];
        }
        const routeKey = typeof props.routeKey === "string" ? props.routeKey : "$default";
        return [violation(`target "${String(target)}" quick-creates route "${routeKey}" with no authorizer: every request reaches the integration unauthenticated`)];
    },
};
