import { albActions } from "../lib/alb";
import { Finding, undecided } from "../lib/findings";
import { asObject, isUnknown } from "../lib/plain";
import { ResourceRule } from "../lib/policy";
import { HTTP_API_AUTHORIZER, LISTENER, LISTENER_RULE } from "../lib/types";
import { checkHttpsUrl } from "../lib/urls";

const OIDC_URLS = ["issuer", "authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint"];
const JWT_URLS = ["issuer", "jwksEndpoint"];

/** Codes, tokens and signing keys travel over these URLs; over http they can be read or swapped. */
export const tokenUrlsHttps: ResourceRule = {
    name: "edge-auth-require-https-token-urls",
    description: "Every issuer, OIDC endpoint and JWKS URL an AWS verifier uses is https.",
    severity: "critical",
    remediation: "Use the tenant's https URLs: issuer https://<domain>/, /authorize, /oauth/token, /userinfo, /.well-known/jwks.json (edge-auth derives them from the tenant domain).",
    types: new Set([...LISTENER, ...LISTENER_RULE, HTTP_API_AUTHORIZER]),
    check({ type, props }) {
        if (type === HTTP_API_AUTHORIZER) {
            const jwt = props.jwtConfiguration;
            if (isUnknown(jwt)) {
                return [undecided("jwtConfiguration is unknown during preview")];
            }
            return checkHttpsUrl(asObject(jwt)?.issuer, "jwtConfiguration.issuer");
        }
        const actions = albActions(type, props);
        if (isUnknown(actions)) {
            return [undecided("the actions are unknown during preview")];
        }
        const findings: Finding[] = [];
        for (const action of actions) {
            for (const [block, keys] of [["authenticateOidc", OIDC_URLS], ["jwtValidation", JWT_URLS]] as const) {
                const config = action.props[block];
                if (isUnknown(config)) {
                    findings.push(undecided(`${action.where}.${block} is unknown during preview`));
                    continue;
                }
                const settings = asObject(config);
                if (!settings) {
                    continue;
                }
                for (const key of keys) {
                    findings.push(...checkHttpsUrl(settings[key], `${action.where}.${block}.${key}`));
                }
            }
        }
        return findings;
    },
};
