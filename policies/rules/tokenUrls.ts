import { Finding, undecided } from "../lib/findings";
import { isUnknown } from "../lib/plain";
import { ResourceRule } from "../lib/policy";
import { readOpenApiBody } from "../lib/openapi";
import { AUTH0_RESOURCE_SERVER, HTTP_API, HTTP_API_AUTHORIZER, LISTENER, LISTENER_RULE } from "../lib/types";
import { URL_FIELDS, valuesAt } from "../lib/urlFields";
import { checkHttpsUrl } from "../lib/urls";

/** Codes, tokens and signing keys travel over these URLs; over http they can be read or swapped. */
export const tokenUrlsHttps: ResourceRule = {
    name: "edge-auth-require-https-token-urls",
    description: "Every issuer, OIDC endpoint and JWKS URL an AWS verifier (ALB listener default actions and rules, aws:lb and aws:alb alike; HTTP API JWT authorizers, also those of an OpenAPI body) or an Auth0 API (verificationLocation) uses is https.",
    severity: "critical",
    remediation: "Use the tenant's https URLs: issuer https://<domain>/, /authorize, /oauth/token, /userinfo, /.well-known/jwks.json (edge-auth derives them from the tenant domain).",
    types: new Set([...LISTENER, ...LISTENER_RULE, HTTP_API_AUTHORIZER, AUTH0_RESOURCE_SERVER, HTTP_API]),
    check({ type, props }) {
        const findings: Finding[] = [];
        if (type === HTTP_API) {
            // JWT authorizers declared in an OpenAPI body (unknown or unreadable bodies are the route policies' to report).
            const read = readOpenApiBody(props.body);
            for (const authorizer of read && "document" in read ? read.document.authorizers : []) {
                findings.push(...checkHttpsUrl(authorizer.issuer, `the OpenAPI body's security scheme "${authorizer.scheme}" jwtConfiguration.issuer`));
            }
            return findings;
        }
        for (const field of URL_FIELDS[type].https) {
            for (const { where, value } of valuesAt(props, field)) {
                findings.push(...(isUnknown(value) ? [undecided(`${where} is unknown during preview, so https cannot be checked`)] : checkHttpsUrl(value, where)));
            }
        }
        return findings;
    },
};
