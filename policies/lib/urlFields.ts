/**
 * Every URL-typed field of every resource type the pack judges, as @pulumi/auth0 3.49 and
 * @pulumi/aws 7.48 type them, and how the pack reads each one. The rules iterate these lists, so
 * a field listed here is read; test/policies/urlFields.test.ts derives the URL-typed fields from
 * the installed typings (TypeScript compiler API) and fails when one is neither read nor
 * excluded here with a reason.
 *
 * Paths: `a.b` descends into an object, `a[]` into each element of a list; a leaf may be a string
 * or a list of strings.
 */
import { asList, asObject, isUnknown, Props } from "./plain";
import { AUTH0_CLIENT, AUTH0_CLIENT_CIMD, AUTH0_CLIENT_GRANT, AUTH0_CUSTOM_DOMAIN, AUTH0_RESOURCE_SERVER, AUTH0_TENANT, CLASSIC_ELB, CLOUDFRONT_DISTRIBUTION, HTTP_API, HTTP_API_AUTHORIZER, HTTP_API_DOMAIN, HTTP_API_ROUTE, LAMBDA_FUNCTION_URL, LAMBDA_PERMISSION, LISTENER, LISTENER_RULE, REST_API, REST_DOMAIN, REST_METHOD } from "./types";

export interface UrlFields {
    /** Typings the fields come from: `<package>/<file>#<Args interface>`, one per token family. */
    typings: string[];
    /** Fields browsers or AWS send codes, tokens, keys or assertions to: https only. */
    https: string[];
    /** Fields read by a dedicated rule (named), not by the https rules. */
    other: Record<string, string>;
    /** Fields whose name or doc says URL but that are not fetched as one, with the reason. */
    notUrls: Record<string, string>;
}

export const URL_FIELDS: Record<string, UrlFields> = {
    [AUTH0_CLIENT]: {
        typings: ["@pulumi/auth0/client.d.ts#ClientArgs"],
        https: [
            "callbacks",
            "allowedLogoutUrls",
            "webOrigins",
            "allowedOrigins",
            "oidcBackchannelLogoutUrls",
            // The current field (3.49); oidcBackchannelLogoutUrls is deprecated in its favour.
            "oidcLogout.backchannelLogoutUrls",
            "initiateLoginUri",
            "expressConfiguration.initiateLoginUriTemplate",
            "crossOriginLoc",
            "logoUri",
            "addons.mscrm.url",
            "addons.rms.url",
            "addons.samlp.destination",
            "addons.samlp.recipient",
            "addons.samlp.logout.callback",
            "addons.sapApi.tokenEndpointUrl",
            "addons.sentry.baseUrl",
            "addons.sharepoint.url",
            "addons.sharepoint.externalUrls",
            "addons.springcm.acsUrl",
        ],
        other: {},
        notUrls: {
            "addons.samlp.issuer": "a logical identifier written into the assertion, never fetched",
            "addons.salesforce.entityId": "an arbitrary logical identifier (the doc: \"Arbitrary logical URL\"), never fetched",
            "addons.echosign.domain": "a host name (\"your custom domain found in your EchoSign URL\"), not a URL",
            "addons.egnyte.domain": "a host name (\"your custom domain found in your Egnyte URL\"), not a URL",
            "addons.newrelic.account": "an account id found in the New Relic URL, not a URL",
            "addons.salesforceApi.communityUrlSection": "a path section of the community URL, not a URL",
            "addons.salesforceSandboxApi.communityUrlSection": "a path section of the community URL, not a URL",
            "redirectionPolicy": "an enum (allow_always | open_redirect_protection)",
            "skipNonVerifiableCallbackUriConfirmationPrompt": "an enum (\"true\" | \"false\" | \"null\")",
        },
    },
    [AUTH0_TENANT]: {
        typings: ["@pulumi/auth0/tenant.d.ts#TenantArgs"],
        https: [],
        other: {
            // Where Auth0 sends users after logout or a login it cannot route: an open redirect off the allowed hosts.
            allowedLogoutUrls: "auth0-client-require-allowed-url-hosts",
            defaultRedirectionUri: "auth0-client-require-allowed-url-hosts",
            // Auth0 redirects users there with the error, the client id and the connection in the query.
            "errorPage.url": "auth0-client-require-allowed-url-hosts",
        },
        notUrls: {
            pictureUrl: "the tenant logo shown on Auth0's pages; no code, token or user is sent to it, and no rule judges tenant display URLs",
            supportUrl: "a support link shown on Auth0's pages; Auth0 sends nothing to it, and no rule judges tenant display URLs",
            skipNonVerifiableCallbackUriConfirmationPrompt: "a boolean setting (its name ends in Uri...Prompt), not a URL",
        },
    },
    // A client registered from a Client ID Metadata Document: its callbacks, logo and JWKS come
    // from the document (outputs), its origins from the program; all are read from the state
    // typings, which hold both.
    [AUTH0_CLIENT_CIMD]: {
        typings: ["@pulumi/auth0/clientCimd.d.ts#ClientCimdState"],
        https: ["callbacks", "webOrigins", "allowedOrigins", "externalClientId", "jwksUri", "logoUri"],
        other: {},
        notUrls: {
            redirectionPolicy: "an enum (allow_always | open_redirect_protection)",
        },
    },
    [LAMBDA_FUNCTION_URL]: {
        typings: ["@pulumi/aws/lambda/functionUrl.d.ts#FunctionUrlArgs"],
        https: [],
        other: { "cors.allowOrigins": "edge-auth-disallow-local-urls" },
        notUrls: {
            authorizationType: "an enum (AWS_IAM | NONE) whose doc mentions the URL; judged by aws-lambda-function-url-require-auth",
            "cors.allowHeaders": "header names, not URLs",
            "cors.allowMethods": "HTTP method names, not URLs",
            "cors.exposeHeaders": "header names, not URLs",
        },
    },
    [AUTH0_RESOURCE_SERVER]: {
        typings: ["@pulumi/auth0/resourceServer.d.ts#ResourceServerArgs"],
        https: ["verificationLocation"],
        other: {},
        notUrls: {},
    },
    ...Object.fromEntries([...LISTENER].map((token) => [token, {
        typings: [token.startsWith("aws:alb") ? "@pulumi/aws/alb/listener.d.ts#ListenerArgs" : "@pulumi/aws/lb/listener.d.ts#ListenerArgs"],
        https: [
            "defaultActions[].authenticateOidc.issuer",
            "defaultActions[].authenticateOidc.authorizationEndpoint",
            "defaultActions[].authenticateOidc.tokenEndpoint",
            "defaultActions[].authenticateOidc.userInfoEndpoint",
            "defaultActions[].jwtValidation.issuer",
            "defaultActions[].jwtValidation.jwksEndpoint",
        ],
        other: { routingHttpResponseAccessControlAllowOriginHeaderValue: "edge-auth-require-https-cors-origins" },
        notUrls: { "defaultActions[].redirect.query": "query parameters of the redirect, not a URL" },
    } satisfies UrlFields])),
    ...Object.fromEntries([...LISTENER_RULE].map((token) => [token, {
        typings: [token.startsWith("aws:alb") ? "@pulumi/aws/alb/listenerRule.d.ts#ListenerRuleArgs" : "@pulumi/aws/lb/listenerRule.d.ts#ListenerRuleArgs"],
        https: [
            "actions[].authenticateOidc.issuer",
            "actions[].authenticateOidc.authorizationEndpoint",
            "actions[].authenticateOidc.tokenEndpoint",
            "actions[].authenticateOidc.userInfoEndpoint",
            "actions[].jwtValidation.issuer",
            "actions[].jwtValidation.jwksEndpoint",
        ],
        other: {},
        notUrls: {
            "actions[].redirect.query": "query parameters of the redirect, not a URL",
            "conditions[].pathPattern.values": "path patterns matched against the request, not URLs",
            "conditions[].pathPattern.regexValues": "path regexes matched against the request, not URLs",
        },
    } satisfies UrlFields])),
    [HTTP_API_AUTHORIZER]: {
        typings: ["@pulumi/aws/apigatewayv2/authorizer.d.ts#AuthorizerArgs"],
        https: ["jwtConfiguration.issuer"],
        other: {},
        notUrls: { authorizerUri: "an arn:aws:apigateway:...:lambda:path/... invocation URI inside AWS, not a network URL" },
    },
    [HTTP_API]: {
        typings: ["@pulumi/aws/apigatewayv2/api.d.ts#ApiArgs"],
        https: [],
        other: {
            "corsConfiguration.allowOrigins": "edge-auth-require-https-cors-origins",
            target: "aws-apigatewayv2-api-disallow-quick-create",
        },
        notUrls: {},
    },
    // Judged types whose URL-typed fields are not network URLs; listed so an upgrade that adds one is caught.
    ...Object.fromEntries(([
        [AUTH0_CLIENT_GRANT, "@pulumi/auth0/clientGrant.d.ts#ClientGrantArgs", {}],
        [AUTH0_CUSTOM_DOMAIN, "@pulumi/auth0/customDomain.d.ts#CustomDomainArgs", {}],
        [HTTP_API_ROUTE, "@pulumi/aws/apigatewayv2/route.d.ts#RouteArgs", { target: "integrations/<integration id>, a reference inside the API, not a URL" }],
        [HTTP_API_DOMAIN, "@pulumi/aws/apigatewayv2/domainName.d.ts#DomainNameArgs", { "mutualTlsAuthentication.truststoreUri": "an s3:// location API Gateway reads inside AWS, not a URL clients use" }],
        [REST_METHOD, "@pulumi/aws/apigateway/method.d.ts#MethodArgs", {}],
        [REST_API, "@pulumi/aws/apigateway/restApi.d.ts#RestApiArgs", {}],
        ...[...CLASSIC_ELB].map((token) => [token, "@pulumi/aws/elb/loadBalancer.d.ts#LoadBalancerArgs", { "healthCheck.target": "the health-check target PROTOCOL:PORT/path the ELB probes on its instances, not a URL users or tokens reach" }] as const),
        [CLOUDFRONT_DISTRIBUTION, "@pulumi/aws/cloudfront/distribution.d.ts#DistributionArgs", {
            "defaultCacheBehavior.trustedKeyGroups": "key group ids for signed URLs, not URLs",
            "defaultCacheBehavior.trustedSigners": "AWS account ids for signed URLs, not URLs",
            "orderedCacheBehaviors[].trustedKeyGroups": "key group ids for signed URLs, not URLs",
            "orderedCacheBehaviors[].trustedSigners": "AWS account ids for signed URLs, not URLs",
            defaultRootObject: "an object name (index.html) served for the root URL, not a URL",
            "restrictions.geoRestriction.locations": "ISO country codes, not URLs",
        }],
        [LAMBDA_PERMISSION, "@pulumi/aws/lambda/permission.d.ts#PermissionArgs", { functionUrlAuthType: "an enum (AWS_IAM | NONE) whose doc mentions the URL; read by aws-lambda-permission-disallow-public-function-url" }],
        [REST_DOMAIN, "@pulumi/aws/apigateway/domainName.d.ts#DomainNameArgs", { "mutualTlsAuthentication.truststoreUri": "an s3:// location API Gateway reads inside AWS, not a URL clients use" }],
    ] as const).map(([token, typings, notUrls]) => [token, { typings: [typings], https: [], other: {}, notUrls } satisfies UrlFields])),
};

/** One value found at a path, with the concrete path (`callbacks[2]`) for messages. */
export interface FieldValue {
    where: string;
    value: unknown;
}

/**
 * The values at `path` in `props`: each string of a list leaf, or the leaf itself. An unknown
 * container or leaf yields one value that is an {@link Unknown}; absent parts yield nothing.
 */
export function valuesAt(props: Props, path: string): FieldValue[] {
    const out: FieldValue[] = [];
    const walk = (value: unknown, parts: string[], where: string) => {
        if (value === undefined || value === null) {
            return;
        }
        if (isUnknown(value)) {
            out.push({ where, value });
            return;
        }
        if (parts.length === 0) {
            if (Array.isArray(value)) {
                value.forEach((v, i) => out.push({ where: `${where}[${i}]`, value: v }));
            } else {
                out.push({ where, value });
            }
            return;
        }
        const [head, ...rest] = parts;
        const list = head.endsWith("[]");
        const key = list ? head.slice(0, -2) : head;
        const object = asObject(value);
        if (!object) {
            return;
        }
        const child = object[key];
        const childWhere = where ? `${where}.${key}` : key;
        if (!list) {
            walk(child, rest, childWhere);
            return;
        }
        const items = asList(child);
        if (isUnknown(items)) {
            out.push({ where: childWhere, value: items });
            return;
        }
        items.forEach((item, i) => walk(item, rest, `${childWhere}[${i}]`));
    };
    walk(props, path.split("."), "");
    return out;
}

