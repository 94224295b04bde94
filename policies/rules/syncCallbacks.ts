import { ruleHosts } from "../lib/alb";
import { IDENTITY_CONTRACTS_CONFIG, readIdentityContracts } from "../lib/contracts";
import { Finding, undecided, violation } from "../lib/findings";
import { albResources, authBlocks, clientOf, listenerOf, loadBalancerOf } from "../lib/lookups";
import { asList, isUnknown, Unknown } from "../lib/plain";
import { StackRule } from "../lib/policy";
import { StackIndex, StackResource } from "../lib/stackIndex";
import { AUTH0_CLIENT, LISTENER, LISTENER_RULE, LOAD_BALANCER } from "../lib/types";
import { isAuth0Issuer } from "../lib/idp";
import { parseUrl } from "../lib/urls";

/** The ALB's redirect URI for a host (fixed by AWS). */
export function idpResponseUrl(host: string): string {
    return `https://${host}/oauth2/idpresponse`;
}

/**
 * Hosts users reach an authenticate-oidc action on: the rule's host-header values, or, for a
 * rule without one (and for listener default actions), the load balancer's DNS name.
 */
function hostsOf(stack: StackIndex, resource: StackResource): string[] | Unknown | string {
    if (!LISTENER.has(resource.type)) {
        const hosts = ruleHosts(resource.props);
        if (isUnknown(hosts) || hosts.length > 0) {
            return hosts;
        }
    }
    const listener = LISTENER.has(resource.type) ? resource : listenerOf(stack, resource);
    const lb = listener && loadBalancerOf(stack, listener);
    if (!lb) {
        return `the load balancer of "${resource.name}" is not in this stack`;
    }
    const dns = lb.props.dnsName;
    return isUnknown(dns) ? dns : typeof dns === "string" ? [dns.toLowerCase()] : `load balancer "${lb.name}" has no dnsName`;
}

/** A host missing from the client's callbacks fails login with "400 invalid redirect_uri" (seed 001). */
export const albCallbacksRegistered: StackRule<{ identityContracts: unknown[] }> = {
    name: "auth0-client-register-alb-callbacks",
    description: "Every host of an ALB authenticate-oidc action is registered as https://<host>/oauth2/idpresponse on the Auth0 client it uses.",
    severity: "high",
    remediation: "Add https://<host>/oauth2/idpresponse to the client's callbacks for every host users reach (the ALB DNS name and each alias). With edge-auth, pass every host to the ALB component; it computes the callbacks.",
    config: { identityContracts: IDENTITY_CONTRACTS_CONFIG },
    reads: new Set([...LISTENER, ...LISTENER_RULE, ...LOAD_BALANCER, AUTH0_CLIENT]),
    check(stack, config) {
        // Clients the identity stack owns, with the callbacks it registered (docs/multi-stack.md).
        const identity = readIdentityContracts(config.identityContracts);
        const registeredElsewhere = identity.callbacks;
        // Hosts known to be Auth0 tenants': a login on another provider has no Auth0 client to look for.
        const auth0Hosts = new Set([...stack.tenantIssuers(), ...identity.auth0Issuers].map((i) => parseUrl(i)?.host ?? ""));
        const findings: Finding[] = [];
        for (const resource of albResources(stack)) {
            for (const { where, settings } of authBlocks(resource, "authenticateOidc")) {
                if (!settings) {
                    findings.push(undecided(`"${resource.name}" ${where} is unknown during preview`, resource.urn));
                    continue;
                }
                const client = clientOf(stack, resource, settings.clientId);
                const contract = typeof settings.clientId === "string" ? registeredElsewhere.get(settings.clientId) : undefined;
                if (!client && !contract) {
                    if (!isUnknown(settings.issuer) && !isAuth0Issuer(settings.issuer, auth0Hosts)) {
                        // Entra ID, Okta, Cognito...: the redirect URI is registered at that provider, outside Pulumi's view.
                        continue;
                    }
                    findings.push(undecided(`the Auth0 client of "${resource.name}" ${where} is not in this stack`, resource.urn));
                    continue;
                }
                const clientName = client ? client.name : `${String(settings.clientId)} (identity stack)`;
                const callbacks = client ? asList(client.props.callbacks) : [...contract!];
                const hosts = hostsOf(stack, resource);
                if (isUnknown(callbacks) || isUnknown(hosts)) {
                    findings.push(undecided(`the hosts of "${resource.name}" or the callbacks of client "${clientName}" are unknown during preview`, resource.urn));
                    continue;
                }
                if (typeof hosts === "string") {
                    findings.push(undecided(hosts, resource.urn));
                    continue;
                }
                const registered = new Set(callbacks.filter((c): c is string => typeof c === "string"));
                for (const host of hosts) {
                    if (/[*?]/.test(host)) {
                        findings.push(undecided(`host pattern "${host}" of "${resource.name}" matches hosts that cannot be listed`, resource.urn));
                    } else if (!registered.has(idpResponseUrl(host))) {
                        findings.push(violation(`"${resource.name}" ${where} serves host ${host}, but client "${clientName}" does not list ${idpResponseUrl(host)} in callbacks`, resource.urn));
                    }
                }
            }
        }
        return findings;
    },
};
