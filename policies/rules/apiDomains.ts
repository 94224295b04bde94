import { Finding, undecided, violation } from "../lib/findings";
import { asObject, isUnknown } from "../lib/plain";
import { readOpenApiBody } from "../lib/openapi";
import { ResourceRule } from "../lib/policy";
import { AUTH0_DOMAIN_POLICIES, HTTP_API_POLICIES, judgeTls, REST_EDGE_POLICIES, REST_REGIONAL_POLICIES, TlsTable } from "../lib/tls";
import { AUTH0_CUSTOM_DOMAIN, HTTP_API_DOMAIN, REST_API, REST_DOMAIN } from "../lib/types";
import { tlsFloor } from "./albListeners";

interface DomainTlsConfig {
    minimumTlsVersion: string;
}

/** A REST domain's endpoint type: EDGE when endpointConfiguration is left out (the API default). */
function restEndpointType(props: Record<string, unknown>): string | undefined {
    const config = props.endpointConfiguration;
    if (isUnknown(config)) {
        return undefined;
    }
    const types = asObject(config)?.types;
    if (isUnknown(types)) {
        return undefined;
    }
    const first = Array.isArray(types) ? types[0] : types;
    return typeof first === "string" ? first.toUpperCase() : "EDGE";
}

const MINIMUM_TLS = {
    minimumTlsVersion: {
        type: "string",
        enum: ["1.2", "1.3"],
        default: "1.2",
        description: "Oldest TLS version an endpoint may accept: \"1.2\" or \"1.3\".",
    },
} as const;

/** API Gateway custom domains with `TLS_1_0` still accept TLS 1.0. */
export const apiDomainTls: ResourceRule<DomainTlsConfig> = {
    name: "aws-apigateway-domain-require-tls12",
    description: "API Gateway custom domains (HTTP API; REST edge-optimized and regional, legacy and enhanced SecurityPolicy_* policies) accept TLS 1.2 or later, judged by AWS's policy table.",
    severity: "high",
    remediation: "Set securityPolicy to \"TLS_1_2\" or an enhanced policy (REST edge: \"SecurityPolicy_TLS13_2025_EDGE\"; REST regional: \"SecurityPolicy_TLS13_1_2_PQ_2025_09\" or \"SecurityPolicy_TLS13_1_3_2025_09\"), on domainNameConfiguration for HTTP APIs and on the DomainName for REST APIs.",
    types: new Set([HTTP_API_DOMAIN, REST_DOMAIN]),
    config: MINIMUM_TLS,
    check({ type, props }, config) {
        const http = type === HTTP_API_DOMAIN;
        const container = http ? props.domainNameConfiguration : props;
        const where = http ? "domainNameConfiguration.securityPolicy" : "securityPolicy";
        if (isUnknown(container)) {
            return [undecided("domainNameConfiguration is unknown during preview")];
        }
        const policy = asObject(container)?.securityPolicy;
        if (isUnknown(policy)) {
            return [undecided(`${where} is unknown during preview`)];
        }
        // Left out: HTTP APIs offer TLS_1_2 only, and REST domains get TLS_1_2 from AWS (observed by
        // the reporters; AWS's guide, apigateway-custom-domain-tls-version.html, states
        // defaults only for default endpoints, so this one is not confirmed from documentation).
        if (typeof policy !== "string" || policy === "") {
            return [];
        }
        let table: TlsTable;
        if (http) {
            table = HTTP_API_POLICIES;
        } else {
            const endpoint = restEndpointType(props);
            if (endpoint === undefined) {
                return [undecided("endpointConfiguration.types is unknown during preview, so the policy table (edge or regional) is not known")];
            }
            table = endpoint === "EDGE" ? REST_EDGE_POLICIES : REST_REGIONAL_POLICIES;
        }
        const problem = judgeTls(table, policy, tlsFloor(config.minimumTlsVersion));
        return problem ? [violation(`${where} ${problem}`)] : [];
    },
};

/**
 * A REST API's own execute-api endpoint negotiates TLS by the API's securityPolicy; left out, AWS
 * uses TLS-1-0 for edge-optimized and regional APIs (TLS 1.2 for private ones), per
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html.
 */
export const restApiTls: ResourceRule<DomainTlsConfig> = {
    name: "aws-apigateway-rest-api-require-tls12",
    description: "REST APIs whose default execute-api endpoint is reachable set a securityPolicy that accepts TLS 1.2 or later (edge and regional tables; private APIs default to TLS 1.2).",
    severity: "medium",
    remediation: "Set securityPolicy on the RestApi (e.g. \"SecurityPolicy_TLS13_1_2_PQ_2025_09\" for regional, \"SecurityPolicy_TLS13_2025_EDGE\" for edge, with endpointAccessMode), or disableExecuteApiEndpoint: true when clients use a custom domain.",
    types: new Set([REST_API]),
    config: MINIMUM_TLS,
    check({ props }, config) {
        const endpoint = restEndpointType(props);
        // An OpenAPI body may set both through API Gateway's extensions; the resource's own arguments win when set.
        const body = readOpenApiBody(props.body);
        const document = body && "document" in body ? body.document : undefined;
        const given = (value: unknown) => value !== undefined && value !== null && value !== "";
        const policy = given(props.securityPolicy) ? props.securityPolicy : document?.securityPolicy;
        const disabled = given(props.disableExecuteApiEndpoint) ? props.disableExecuteApiEndpoint : document?.disableExecuteApiEndpoint;
        if (endpoint === undefined || isUnknown(policy) || isUnknown(disabled) || (body && "unknown" in body && !given(policy))) {
            return [undecided("the endpoint type, securityPolicy or disableExecuteApiEndpoint (or the OpenAPI body that may set them) is unknown during preview")];
        }
        const table = endpoint === "EDGE" ? REST_EDGE_POLICIES : REST_REGIONAL_POLICIES;
        if (typeof policy !== "string" || policy === "") {
            if (endpoint === "PRIVATE" || disabled === true) {
                return [];
            }
            return [violation(`securityPolicy is not set, so AWS serves the ${endpoint.toLowerCase()} execute-api endpoint with TLS-1-0 (TLS 1.0); set "${table.recommended}" or disableExecuteApiEndpoint: true`)];
        }
        const problem = judgeTls(table, policy, tlsFloor(config.minimumTlsVersion));
        const where = given(props.securityPolicy) ? "securityPolicy" : "the OpenAPI body's x-amazon-apigateway-security-policy";
        return problem ? [violation(`${where} ${problem}`)] : [];
    },
};

/** Auth0's `compatible` TLS policy still accepts TLS 1.0 and 1.1 on the login domain. */
export const auth0DomainTls: ResourceRule = {
    name: "auth0-custom-domain-require-tls12",
    description: "Auth0 custom domains do not use the `compatible` TLS policy (TLS 1.0 and 1.1).",
    severity: "medium",
    remediation: "Set tlsPolicy: \"recommended\" (TLS 1.2) on the auth0.CustomDomain (Auth0-managed certificates; self-managed domains terminate TLS on your own proxy).",
    types: new Set([AUTH0_CUSTOM_DOMAIN]),
    check({ props }) {
        const policy = props.tlsPolicy;
        if (isUnknown(policy)) {
            return [undecided("tlsPolicy is unknown during preview")];
        }
        // Left out: Auth0 applies its default, and self-managed domains cannot set it at all.
        if (typeof policy !== "string" || policy === "") {
            return [];
        }
        const problem = judgeTls(AUTH0_DOMAIN_POLICIES, policy, 12);
        const findings: Finding[] = problem ? [violation(`tlsPolicy ${problem}`)] : [];
        return findings;
    },
};
