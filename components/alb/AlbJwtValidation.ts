import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { reject, validateArgs } from "../core/errors";
import { checkedIssuer } from "../core/discovery";
import { JwtVerifier, requireVerifiableAccessTokens } from "../core/identityProvider";
import { requireUnique, uniqueSlugs } from "../core/values";
import { ApiReference, ListenerReference, apiReference, fromSource, listenerReference, requireApiScopes } from "../core/references";
import { ConfidentialAuthMethod } from "../auth0/client";
import { MachineApplication } from "../auth0/MachineApplication";
import { createListenerRules } from "./listenerRules";
import { reservePriorities } from "./priorities";
import { RuleFootprint, requireListedInPriorityOrder } from "./ruleShadowing";
import {
    MAX_CLAIM_VALUES, allocatePriorities, checkRuleValueCount, forwardAction, jwtValidationAction, ruleConditions,
    validateHostnames, validatePathPatterns, validateRouteNames,
} from "./rules";

/** One listener rule for machine clients: paths and the scopes a token needs on them. */
export interface AlbJwtRouteArgs<P extends string = string> {
    /** Names the rule (`<component>-rule-<name>`); renaming replaces the rule. */
    name: string;
    /**
     * Path patterns (at most three; hosts plus paths at most five per rule, and at most five
     * wildcards `*`/`?` per rule).
     * @example ["/api/*"]
     */
    pathPatterns: string[];
    /**
     * This route's listener rule priority (1 to 50000), kept for the life of the route: with it,
     * inserting, removing or reordering other routes never moves this rule, so the update cannot
     * hit `PriorityInUse`. Leave gaps to insert routes later. Routes whose paths overlap must
     * still be listed in priority order (checked).
     * @default - the component's `priority`, `priority + 1`, ... in list order, counting only routes without their own
     * @example 110
     */
    priority?: number;
    /**
     * Scopes a token must carry, checked by the ALB as a `space-separated-values` claim on
     * `scope`; each must be a permission of the API. `[]` is refused unless `anyValidToken` is
     * set. Whether the ALB requires all listed values or any one of them is not documented:
     * list one scope per route when it matters.
     */
    scopes: P[];
    /**
     * Set to `true`, with `scopes: []`, to let every valid token of the API through this route
     * on purpose (e.g. a health check for all machine clients).
     * @default false
     */
    anyValidToken?: boolean;
    /**
     * Accept user access tokens too. By default every rule requires `gty: "client-credentials"`,
     * which only machine-to-machine tokens carry: a user token requested without `openid` has a
     * single-string `aud` and would otherwise pass, and with RBAC off a user can request any
     * scope. Set `true` only for routes users call with their own tokens, and keep RBAC on
     * (`enforcePolicies`) so scopes mean permissions. Needs `scopes`.
     * @default false
     */
    userTokens?: boolean;
    /**
     * Where this route forwards to.
     * @default - the component's targetGroupArn
     */
    targetGroupArn?: pulumi.Input<string>;
}

/** A machine-to-machine client created for the API. */
export interface AlbMachineClientArgs<P extends string = string> {
    /** Scopes granted to the client; each must be a permission of the API. */
    scopes: P[];
    /**
     * Name shown in the Auth0 dashboard.
     * @default - "<component>-<client name>"
     */
    displayName?: string;
    /**
     * How the client authenticates at the token endpoint.
     * @default "client_secret_post"
     */
    tokenEndpointAuthMethod?: ConfidentialAuthMethod;
}

export interface AlbJwtValidationArgs<P extends string = string> {
    /**
     * The HTTPS listener the rules are added to: an `HttpsLoadBalancer`, or a
     * `{ listenerArn, loadBalancerArn }` reference to one owned elsewhere.
     */
    loadBalancer: ListenerReference;
    /**
     * The API whose access tokens are accepted (an `Auth0Api` or an API reference, e.g. from
     * the identity stack): issuer, JWKS URL and audience come from it. It must sign with RS256,
     * the only algorithm `jwt-validation` takes.
     */
    api: ApiReference<P>;
    /**
     * The rules, evaluated in this order. Give each route its own `priority` to insert, remove
     * or reorder routes later without moving the others (see docs/alb.md).
     * @example [{ name: "write", pathPatterns: ["/api/admin/*"], scopes: ["write:logs"] }, { name: "read", pathPatterns: ["/api/*"], scopes: ["read:logs"] }]
     */
    routes: AlbJwtRouteArgs<NoInfer<P>>[];
    /** The target group valid requests go to. */
    targetGroupArn: pulumi.Input<string>;
    /**
     * First listener rule priority; routes without their own `priority` take `priority`,
     * `priority + 1`, ... in list order. Components sharing a listener must use priorities
     * that do not collide (checked at construction).
     * @default - required unless every route has its own `priority`
     */
    priority?: number;
    /**
     * Host names the rules match (at most three).
     * @default - any host
     */
    hostnames?: string[];
    /**
     * Machine-to-machine applications to create, keyed by a name of your choice (it names the
     * client: `<component>-client-<name>`).
     * @default - no clients are created
     */
    clients?: Record<string, AlbMachineClientArgs<NoInfer<P>>>;
}

/**
 * Machine-to-machine access through an ALB: listener rules with the `jwt-validation` action
 * checking Auth0 access tokens (signature, issuer, expiry, plus the audience and scopes as
 * additional claims, which the ALB does not check by itself), and optionally the M2M clients
 * with their grants.
 *
 * Machine-only by default: every rule also requires `gty: "client-credentials"`, which only
 * Auth0 client-credentials tokens carry. (A single-string `aud` alone does not tell them apart:
 * a user token requested without `openid` has one too.) `userTokens: true` opts a route out.
 */
export class AlbJwtValidation<P extends string = string> extends pulumi.ComponentResource {
    /** `https://<domain>/`. */
    readonly issuer: pulumi.Output<string>;
    /** The API identifier tokens must carry as `aud`. */
    readonly audience: pulumi.Output<string>;
    /** The created clients by name. */
    readonly clients: Record<string, MachineApplication<P>>;
    /** Client ids by client name. */
    readonly clientIds: pulumi.Output<Record<string, string>>;
    /** Priorities given to the routes, by route name, plain. */
    readonly priorities: Readonly<Record<string, number>>;
    /** The listener rules by route name. */
    readonly rules: Record<string, aws.lb.ListenerRule>;

    constructor(name: string, args: AlbJwtValidationArgs<P>, opts?: pulumi.ComponentResourceOptions) {
        const plan = validateArgs("AlbJwtValidation", name, () => validateJwt(name, args));
        super("edge-auth:index:AlbJwtValidation", name, {}, opts);

        const api = plan.api;
        for (const route of plan.routes.filter((r) => r.userTokens && !api.rbacEnabled)) {
            pulumi.log.warn(`route "${route.name}" accepts user tokens while the API's RBAC is off: users can request any scope. Set enforcePolicies: true on the Auth0Api.`, this);
        }
        ({ rules: this.rules, priorities: this.priorities } = createListenerRules(this, name, undefined, plan.listener.listenerArn, plan.hosts,
            plan.routes, args.targetGroupArn, (route) => jwtValidationAction({ ...api.identityProvider, issuer: checkedIssuer(api.identityProvider) }, api.identifier, route.scopes, { clientCredentialsOnly: !route.userTokens })));

        this.clients = {};
        const clientIds: Record<string, pulumi.Output<string>> = {};
        for (const client of plan.clients) {
            const created = new MachineApplication<P>(`${name}-client-${client.slug}`, {
                // The instance when one was given, so the grant keeps depending on it.
                api: args.api,
                scopes: client.scopes,
                displayName: client.displayName ?? `${name}-${client.name}`,
                tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
            }, { parent: this });
            this.clients[client.name] = created;
            clientIds[client.name] = created.clientId;
        }

        this.issuer = pulumi.output(api.identityProvider.issuer);
        this.audience = pulumi.output(api.identifier);
        this.clientIds = pulumi.output(clientIds);
        this.registerOutputs({ issuer: this.issuer, audience: this.audience, clientIds: this.clientIds });
    }
}

function validateJwt<P extends string>(name: string, args: AlbJwtValidationArgs<P>) {
    const listener = listenerReference("loadBalancer", args.loadBalancer);
    const api = apiReference<P>("api", args.api);
    if (api.signingAlg !== "RS256") {
        reject("api.signingAlg", api.signingAlg, `cannot be verified by the ALB${fromSource(api)}`, "set signingAlg: \"RS256\" on the Auth0Api: jwt-validation takes RS256 only");
    }
    requireVerifiableAccessTokens("api", api.identityProvider, JwtVerifier.AlbJwtValidation);
    const hosts = validateHostnames("hostnames", args.hostnames, false);
    if (args.targetGroupArn === undefined && (args.routes ?? []).some((r) => r.targetGroupArn === undefined)) {
        reject("targetGroupArn", args.targetGroupArn, "is missing", "pass the target group machine clients reach");
    }
    const slugs = validateRouteNames("routes", args.routes);
    const priorities = allocatePriorities(args.priority, args.routes);
    const routes = args.routes.map((route, i) => {
        const where = `routes["${route.name}"]`;
        const pathPatterns = validatePathPatterns(`${where}.pathPatterns`, route.pathPatterns);
        checkRuleValueCount(`${where}.pathPatterns`, hosts, pathPatterns);
        if (!Array.isArray(route.scopes)) {
            reject(`${where}.scopes`, route.scopes, "is missing", "list the scopes a token needs here");
        }
        if (route.anyValidToken !== undefined && typeof route.anyValidToken !== "boolean") {
            reject(`${where}.anyValidToken`, route.anyValidToken, "is not a boolean", "write true or leave it out");
        }
        if (route.userTokens !== undefined && typeof route.userTokens !== "boolean") {
            reject(`${where}.userTokens`, route.userTokens, "is not a boolean", "write true or leave it out");
        }
        if (route.scopes.length === 0 && route.anyValidToken !== true) {
            reject(`${where}.scopes`, route.scopes, "is empty: every valid token of the API would pass", "list the scopes a token needs, or set anyValidToken: true if any token of the API may call this route on purpose");
        }
        if (route.scopes.length > 0 && route.anyValidToken === true) {
            reject(`${where}.anyValidToken`, true, "contradicts the route's scopes", "remove anyValidToken, or set scopes: [] to accept any valid token");
        }
        if (route.userTokens === true && route.scopes.length === 0) {
            reject(`${where}.userTokens`, true, "would open the route to every user of the tenant", "list the scopes users need on this route");
        }
        const scopes = requireApiScopes<P>(`${where}.scopes`, route.scopes, api);
        requireUnique(`${where}.scopes`, scopes, "scope");
        if (scopes.length > MAX_CLAIM_VALUES) {
            reject(`${where}.scopes`, scopes, `has more than ${MAX_CLAIM_VALUES} scopes`, "the ALB checks at most 10 values per claim: split the route");
        }
        return { name: route.name, slug: slugs.get(route.name)!, pathPatterns, scopes, userTokens: route.userTokens === true, targetGroupArn: route.targetGroupArn, priority: priorities[i] };
    });

    const clientNames = Object.keys(args.clients ?? {});
    const clientSlugs = uniqueSlugs("clients", clientNames);
    const clients = clientNames.map((clientName) => {
        const client = args.clients![clientName];
        const where = `clients["${clientName}"].scopes`;
        if (!Array.isArray(client?.scopes) || client.scopes.length === 0) {
            reject(where, client?.scopes, "is empty", "grant at least one permission; a grant without scopes issues useless tokens");
        }
        requireUnique(where, requireApiScopes(where, client.scopes, api), "scope");
        return { name: clientName, slug: clientSlugs.get(clientName)!, ...client };
    });

    const footprints: RuleFootprint[] = routes.map((r) => ({ label: `AlbJwtValidation "${name}" routes["${r.name}"]`, priority: r.priority, hosts, paths: r.pathPatterns }));
    requireListedInPriorityOrder(routes, hosts);
    // Last, so that nothing is reserved when another argument is bad.
    reservePriorities(listener.listenerKey, `AlbJwtValidation "${name}"`, priorities, footprints);
    return { listener, api, hosts, routes, clients };
}
