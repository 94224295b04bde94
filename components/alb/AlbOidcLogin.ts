import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { reject, validateArgs } from "../core/errors";
import { checkedIssuer } from "../core/discovery";
import {
    IdentityProvider, IdentityProviderArgs, identityProviderLogoutUrl, requireAuth0, requireScopeOrder, resolveIdentityProvider,
} from "../core/identityProvider";
import { TenantEndpoints } from "../core/tenant";
import { httpsUrls } from "../core/urls";
import { requireUnique } from "../core/values";
import { ApiReference, ApplicationReference, ListenerReference, apiReference, applicationReference, fromSource, listenerReference, requireApiScopes } from "../core/references";
import { ConfidentialAuthMethod } from "../auth0/client";
import { RoleGateArgs } from "../auth0/PostLoginFlow";
import { declareRoleGate, registerUngatedLoginRules } from "../auth0/flowOwnership";
import { WebApplication } from "../auth0/WebApplication";
import { createListenerRules } from "./listenerRules";
import { reservePriorities } from "./priorities";
import { RuleFootprint, findShadowed, requireListedInPriorityOrder } from "./ruleShadowing";
import {
    OIDC_SCOPES, UnauthenticatedRequestAction, allocatePriorities, authenticateOidcAction, checkRuleValueCount, forwardAction,
    idpResponseUrls, missingUrls, ruleConditions, validateCookieName, validateExtraParams, validateHostnames, validatePathPatterns,
    validateRouteNames, validateScope, validateSessionTimeout, validateUnauthenticatedAction,
} from "./rules";
import type { OidcDataVerifierConfig } from "./verifyOidcData";
import type { ScopeString } from "../core/scopeString";

/** One listener rule: a set of paths with the same behaviour for visitors without a session. */
export interface AlbLoginRouteArgs {
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
     * hit `PriorityInUse`. Leave gaps (e.g. 210, 220, 300) to insert routes later. Routes whose
     * paths overlap must still be listed in priority order (checked).
     * @default - the component's `priority`, `priority + 1`, ... in list order, counting only routes without their own
     * @example 250
     */
    priority?: number;
    /**
     * What visitors without a session get: `authenticate` (302 to Auth0) for pages, `deny`
     * (401) for paths called by fetch/XHR, which cannot follow a redirect to the login page,
     * or `allow` (passes through; claims are sent when a session exists).
     * @default "authenticate"
     */
    onUnauthenticatedRequest?: UnauthenticatedRequestAction;
    /**
     * Where this route forwards to.
     * @default - the component's targetGroupArn
     */
    targetGroupArn?: pulumi.Input<string>;
}

/** Only users holding one of these roles may log in to this application. */
export interface AlbRoleGateArgs {
    /** Role names as in Auth0 (any one suffices), e.g. `IT Operations`. */
    roles: string[];
    /**
     * Message Auth0 shows to denied users.
     * @default "You are not allowed to use this application."
     */
    message?: string;
}

export interface AlbOidcLoginArgs<P extends string = string, S extends string = string> {
    /**
     * The HTTPS listener the rules are added to: an `HttpsLoadBalancer`, or a
     * `{ listenerArn, loadBalancerArn }` reference to one owned elsewhere.
     */
    loadBalancer: ListenerReference;
    /**
     * The identity provider users log in with: an Auth0 tenant (`{ domain }`; its custom
     * domain, when set, is used for every URL) or any OIDC provider (issuer and endpoints, or a
     * preset such as `linePreset()`). With a non-Auth0 provider, pass `clientId` and
     * `clientSecret`, and register `redirectUris` in its console.
     * @default - the Auth0 tenant of the stack's `auth0:domain` config
     */
    tenant?: IdentityProviderArgs;
    /**
     * Non-Auth0 providers only: the client id registered at the provider (LINE: the channel ID).
     * @default - Auth0: the created or given WebApplication's
     */
    clientId?: pulumi.Input<string>;
    /**
     * Non-Auth0 providers only: the client secret (LINE: the channel secret). Pass a secret
     * (`config.requireSecret(...)`); it is wrapped as a secret in any case.
     * @default - Auth0: the created or given WebApplication's
     */
    clientSecret?: pulumi.Input<string>;
    /**
     * Non-Auth0 providers only: the redirect URIs already registered in the provider's console.
     * When given, every `https://<host>/oauth2/idpresponse` must be among them (the provider
     * answers 400 invalid redirect_uri otherwise), checked before anything is created.
     * @default - not checked: register `redirectUris` (printed by the plan) yourself
     */
    registeredRedirectUris?: string[];
    /**
     * Every host name users reach, at most three (one host-header condition). Each gets the
     * callback `https://<host>/oauth2/idpresponse`, and rules match these hosts only.
     * @example ["kibana.example.com"]
     */
    hostnames: string[];
    /**
     * The rules, evaluated in this order: list specific paths (`/api/*`) before catch-alls (`/*`).
     * Give each route its own `priority` to insert, remove or reorder routes later without
     * moving the others (see docs/alb.md).
     * @example [{ name: "api", pathPatterns: ["/api/*"], onUnauthenticatedRequest: "deny" }, { name: "pages", pathPatterns: ["/*"] }]
     */
    routes: AlbLoginRouteArgs[];
    /** The target group requests go to after login. */
    targetGroupArn: pulumi.Input<string>;
    /**
     * First listener rule priority; routes without their own `priority` take `priority`,
     * `priority + 1`, ... in list order. Components sharing a listener must use priorities
     * that do not collide (checked at construction).
     * @default - required unless every route has its own `priority`
     */
    priority?: number;
    /**
     * An existing Auth0 regular web application: a `WebApplication`, or a `{ clientId,
     * clientSecret, callbackUrls?, logoutUrls? }` reference (e.g. from the identity stack). Its
     * callbacks must already include every `https://<host>/oauth2/idpresponse`, and its logout
     * URLs every `https://<host><logoutReturnPath>` (checked when the reference lists them).
     * @default - a WebApplication is created with exactly those URLs
     */
    application?: ApplicationReference;
    /**
     * Name of the created application in Auth0.
     * @default - the component name
     */
    displayName?: string;
    /**
     * How the created application authenticates at the token endpoint. Which method the ALB
     * uses is not documented; public write-ups use Auth0's default.
     * @default "client_secret_post"
     */
    tokenEndpointAuthMethod?: ConfidentialAuthMethod;
    /**
     * Path users land on after logging out (`returnTo`), on the host they logged out from.
     * @default "/"
     */
    logoutReturnPath?: string;
    /**
     * Space-separated scopes; `openid` is required (no ID token otherwise: 500). With `api`,
     * non-OIDC scopes must be permissions of the API.
     * @default "openid"
     */
    scope?: ScopeString<S, NoInfer<P>>;
    /**
     * Session lifetime in seconds, 1 to 604800 (7 days). Role changes and blocked users only
     * take effect at the next login, so shorter is safer.
     * @default 43200 (12 hours)
     */
    sessionTimeout?: number;
    /**
     * Session cookie name; the ALB splits it into `<name>-0`, `<name>-1`... shards.
     * @default "AWSELBAuthSessionCookie"
     */
    sessionCookieName?: string;
    /**
     * An API whose identifier is sent as `audience`, so targets receive a JWT access token for
     * it in `x-amzn-oidc-accesstoken` (an opaque token otherwise): an `Auth0Api` or an API reference.
     * @default - no audience
     */
    api?: ApiReference<P>;
    /**
     * Other authorization request parameters (at most 10 with audience), e.g. `{ prompt: "login" }`.
     * @default - none
     */
    authenticationRequestExtraParams?: Record<string, string>;
    /**
     * Restrict login to users holding one of some roles. The gate is exposed as `roleGate` for
     * the tenant's single PostLoginFlow (see the class docs). The listener rules are created
     * only when that flow binds the gate; a gate no flow binds fails the program, naming it.
     * @default - every user of the tenant may log in
     */
    roleGate?: AlbRoleGateArgs;
}

/**
 * Browser login in front of an ALB target with the ALB's `authenticate-oidc` action and an
 * Auth0 regular web application (seeds 000, 001, 002). Every value shared by both sides
 * (callbacks, issuer, endpoints, client id and secret) is derived once.
 *
 * Role gate: Auth0 must deny the login, since the ALB cannot check roles. The gate runs in a
 * post-login Action, and the tenant's post-login flow has exactly one owner (PostLoginFlow
 * binds its actions authoritatively and would unbind everyone else's), so this component does
 * not create one. It outputs `roleGate`; pass it into your PostLoginFlow's `roleGates`.
 */
export class AlbOidcLogin<P extends string = string, S extends string = string> extends pulumi.ComponentResource {
    /**
     * The Auth0 application the ALB logs users in with (the created `WebApplication`, or the
     * one given); undefined with another identity provider.
     */
    readonly application?: ApplicationReference;
    readonly clientId: pulumi.Output<string>;
    /** Tenant URLs, plain; undefined with a non-Auth0 identity provider. */
    readonly tenant?: TenantEndpoints;
    /** The identity provider, plain. */
    readonly identityProvider: IdentityProvider;
    /**
     * The issuer as the ALB and the targets must write it. Resolves after the discovery check
     * (when on), so a mismatch fails the preview.
     */
    readonly issuer: pulumi.Output<string>;
    /** Callback URLs the ALB uses, one per host, plain. */
    readonly callbackUrls: readonly string[];
    /**
     * The exact redirect URIs to register at the identity provider, one per host, plain (the
     * same list as `callbackUrls`). Auth0: registered on the created WebApplication.
     */
    readonly redirectUris: string[];
    /** Priorities given to the routes, by route name, plain. */
    readonly priorities: Readonly<Record<string, number>>;
    /** Auth0 logout URL returning to the first host; see docs/alb.md for the logout recipe. */
    readonly logoutUrl: pulumi.Output<string>;
    /** Auth0 logout URL per host. */
    readonly logoutUrls: pulumi.Output<Record<string, string>>;
    /** The region of the load balancer. */
    readonly region: pulumi.Output<string>;
    readonly loadBalancerArn: pulumi.Output<string>;
    /** What a target needs for `createOidcDataVerifier` (verifies `x-amzn-oidc-data`). */
    readonly oidcData: pulumi.Output<OidcDataVerifierConfig>;
    /** The role gate to pass to the tenant's PostLoginFlow `roleGates`, when `roleGate` was set. */
    readonly roleGate?: RoleGateArgs;
    /**
     * The listener rules by route name. With `roleGate`, they are created when the tenant's
     * PostLoginFlow binds the gate (empty until then, and for good when no flow does).
     */
    readonly rules: Record<string, aws.lb.ListenerRule>;

    constructor(name: string, args: AlbOidcLoginArgs<P, S>, opts?: pulumi.ComponentResourceOptions) {
        const plan = validateArgs("AlbOidcLogin", name, () => validateLogin(name, args));
        super("edge-auth:index:AlbOidcLogin", name, {}, opts);

        this.tenant = plan.idp.auth0;
        this.identityProvider = plan.idp;
        this.callbackUrls = plan.callbackUrls;
        this.redirectUris = [...plan.callbackUrls];
        let clientSecret: pulumi.Input<string>;
        if (plan.idp.auth0) {
            const application = args.application ?? new WebApplication(`${name}-app`, {
                displayName: args.displayName ?? name,
                callbackUrls: plan.callbackUrls,
                logoutUrls: plan.returnTo,
                tokenEndpointAuthMethod: args.tokenEndpointAuthMethod,
            }, { parent: this });
            this.application = application;
            this.clientId = pulumi.output(application.clientId);
            // A hand-written reference may hold a plain string: it is a secret all the same.
            clientSecret = pulumi.secret(application.clientSecret);
        } else {
            this.clientId = pulumi.output(args.clientId!);
            clientSecret = pulumi.secret(args.clientSecret!);
        }
        // Every rule takes the issuer from here: a failed discovery check registers no rule.
        this.issuer = checkedIssuer(plan.idp);

        // A declared gate holds the rules back until the tenant's PostLoginFlow binds it: an
        // unenforced login rule would let every user of the tenant in, so it is never created,
        // and the program fails at its end naming the gate (see flowOwnership.ts).
        this.rules = {};
        this.priorities = Object.fromEntries(plan.routes.map((r) => [r.name, r.priority]));
        const createRules = (binding?: pulumi.Resource) => {
            const created = createListenerRules(this, name, binding, plan.listener.listenerArn, plan.hosts,
                plan.routes, args.targetGroupArn, (route) => authenticateOidcAction({ ...plan.idp, issuer: this.issuer }, {
                    clientId: this.clientId,
                    clientSecret,
                    scope: plan.scope,
                    sessionTimeout: plan.sessionTimeout,
                    sessionCookieName: plan.cookieName,
                    onUnauthenticatedRequest: route.onUnauthenticatedRequest,
                    extraParams: plan.extraParams,
                }));
            Object.assign(this.rules, created.rules);
        };
        if (plan.roleGate) {
            this.roleGate = declareRoleGate(`AlbOidcLogin "${name}" roleGate`,
                { clientId: this.clientId, roles: plan.roleGate.roles, message: plan.roleGate.message }, createRules);
        } else {
            createRules();
            // An ungated login: the tenant's flow binding waits for these rules (see flowOwnership.ts).
            registerUngatedLoginRules(Object.values(this.rules));
        }

        this.loadBalancerArn = pulumi.output(plan.listener.loadBalancerArn);
        // The ALB's own region (from its ARN unless given): it selects the key endpoint targets
        // use, and may differ from the provider's region when a listener is adopted.
        this.region = plan.listener.region !== undefined
            ? pulumi.output(plan.listener.region)
            : this.loadBalancerArn.apply((arn) => arn.split(":")[3]);
        this.logoutUrls = this.clientId.apply((clientId) =>
            Object.fromEntries(plan.hosts.map((host, i) => [host, identityProviderLogoutUrl(plan.idp, clientId, plan.returnTo[i])])));
        this.logoutUrl = this.logoutUrls.apply((urls) => urls[plan.hosts[0]]);
        this.oidcData = pulumi.all([this.loadBalancerArn, this.region, this.clientId, this.issuer]).apply(([albArn, region, clientId, issuer]) =>
            ({ albArn, region, issuer, clientId }));

        this.registerOutputs({
            clientId: this.clientId,
            issuer: this.issuer,
            callbackUrls: this.callbackUrls,
            redirectUris: this.redirectUris,
            identityProvider: { displayName: plan.idp.displayName, issuer: plan.idp.issuer, kind: plan.idp.kind },
            logoutUrl: this.logoutUrl,
            oidcData: this.oidcData,
        });
    }
}

function validateLogin<P extends string, S extends string>(name: string, args: AlbOidcLoginArgs<P, S>) {
    const listener = listenerReference("loadBalancer", args.loadBalancer);
    const idp = resolveIdentityProvider(args.tenant);
    validateClientFor(idp, args);
    const api = args.api === undefined ? undefined : apiReference<P>("api", args.api);
    if (api !== undefined && api.identityProvider.issuer !== idp.issuer) {
        reject("api", api.identityProvider.issuer, `belongs to another tenant domain than ${idp.issuer}${fromSource(api)}`, "use one tenant (and one domain) for the login and the API");
    }
    const hosts = validateHostnames("hostnames", args.hostnames, true);
    const callbackUrls = idpResponseUrls(hosts);
    if (args.registeredRedirectUris !== undefined) {
        const missing = missingUrls(args.registeredRedirectUris, callbackUrls);
        if (missing.length > 0) {
            reject("registeredRedirectUris", args.registeredRedirectUris, `lacks ${missing.join(", ")}`,
                `register every ALB callback at ${idp.displayName} and list it here; ${idp.displayName} would answer 400 invalid redirect_uri (seed 001)`);
        }
    }

    const returnPath = args.logoutReturnPath ?? "/";
    if (typeof returnPath !== "string" || !returnPath.startsWith("/") || /[\s?#]/.test(returnPath)) {
        reject("logoutReturnPath", returnPath, "is not an absolute path", "write a path such as \"/\" or \"/signed-out\"");
    }
    const returnTo = httpsUrls(hosts, returnPath);

    const application = args.application === undefined ? undefined : applicationReference("application", args.application);
    if (application?.callbackUrls !== undefined) {
        const missing = missingUrls(application.callbackUrls, callbackUrls);
        if (missing.length > 0) {
            reject("application.callbackUrls", application.callbackUrls, `lacks ${missing.join(", ")}${fromSource(application)}`,
                application.source
                    ? "export these hosts to the identity stack and deploy it before this one; Auth0 would answer 400 invalid redirect_uri"
                    : "add the ALB callback of every host to the application's callbackUrls; Auth0 would answer 400 invalid redirect_uri");
        }
    }
    if (application?.logoutUrls !== undefined) {
        const missingLogout = missingUrls(application.logoutUrls, returnTo);
        if (missingLogout.length > 0) {
            reject("application.logoutUrls", application.logoutUrls, `lacks ${missingLogout.join(", ")}${fromSource(application)}`,
                "add them to the application's logoutUrls; Auth0 refuses a returnTo it does not list");
        }
    }

    const scope = requireScopeOrder("scope", idp, validateScope("scope", args.scope));
    if (api !== undefined) {
        requireApiScopes("scope", scope.filter((s) => !OIDC_SCOPES.includes(s)), api);
    }

    const slugs = validateRouteNames("routes", args.routes);
    if (args.targetGroupArn === undefined && args.routes.some((r) => r.targetGroupArn === undefined)) {
        reject("targetGroupArn", args.targetGroupArn, "is missing", "pass the target group users reach after login");
    }
    const priorities = allocatePriorities(args.priority, args.routes);
    const routes = args.routes.map((route, i) => {
        const where = `routes["${route.name}"]`;
        const pathPatterns = validatePathPatterns(`${where}.pathPatterns`, route.pathPatterns);
        checkRuleValueCount(`${where}.pathPatterns`, hosts, pathPatterns);
        return {
            name: route.name,
            slug: slugs.get(route.name)!,
            pathPatterns,
            onUnauthenticatedRequest: validateUnauthenticatedAction(`${where}.onUnauthenticatedRequest`, route.onUnauthenticatedRequest),
            targetGroupArn: route.targetGroupArn,
            priority: priorities[i],
        };
    });

    let roleGate: { roles: string[]; message?: string } | undefined;
    if (args.roleGate !== undefined) {
        requireAuth0("roleGate", idp, "the role gate is an Auth0 post-login Action");
        const roles = args.roleGate.roles;
        if (!Array.isArray(roles) || roles.length === 0) {
            reject("roleGate.roles", roles, "is empty", "name at least one role that may log in, e.g. [\"IT Operations\"]");
        }
        roles.forEach((role, i) => {
            if (typeof role !== "string" || role.trim() === "") {
                reject(`roleGate.roles[${i}]`, role, "is empty", "give the role's name as in Auth0");
            }
        });
        requireUnique("roleGate.roles", roles, "role");
        roleGate = { roles: [...roles], message: args.roleGate.message };
    }

    const plan = {
        listener,
        idp,
        hosts,
        callbackUrls,
        returnTo,
        scope,
        sessionTimeout: validateSessionTimeout(args.sessionTimeout),
        cookieName: validateCookieName(args.sessionCookieName),
        extraParams: validateExtraParams("authenticationRequestExtraParams",
            withProviderParams(idp, args.authenticationRequestExtraParams), api?.identifier),
        routes,
        roleGate,
    };
    // The ALB stops at the first matching rule: a catch-all listed before a specific route
    // leaves the specific one dead (a `deny` route would then redirect fetch calls to Auth0).
    const footprints: RuleFootprint[] = routes.map((r) => ({
        label: `AlbOidcLogin "${name}" routes["${r.name}"]`, priority: r.priority, hosts, paths: r.pathPatterns,
    }));
    requireListedInPriorityOrder(routes, hosts);
    const dead = findShadowed(footprints);
    if (dead) {
        const [first, later] = [dead.first, dead.dead].map((f) => routes.find((r) => r.priority === f.priority)!);
        reject(`routes["${later.name}"].pathPatterns`, later.pathPatterns, `comes after routes["${first.name}"] (${first.pathPatterns.join(", ")}), which matches every request it matches, so it can never apply`,
            "list specific paths (e.g. \"/api/*\") before catch-alls (\"/*\")");
    }
    // Last, so that nothing is reserved when another argument is bad.
    reservePriorities(listener.listenerKey, `AlbOidcLogin "${name}"`, priorities, footprints);
    return plan;
}

/** Which client the ALB uses: an Auth0 application, or the client registered at another IdP. */
function validateClientFor<P extends string, S extends string>(idp: IdentityProvider, args: AlbOidcLoginArgs<P, S>): void {
    if (idp.auth0) {
        for (const field of ["clientId", "clientSecret", "registeredRedirectUris"] as const) {
            if (args[field] !== undefined) {
                reject(field, field === "clientSecret" ? "(secret)" : args[field], "is for non-Auth0 identity providers",
                    "leave it out: with Auth0 the component creates the application, or pass application");
            }
        }
        return;
    }
    for (const field of ["application", "displayName", "tokenEndpointAuthMethod"] as const) {
        if (args[field] !== undefined) {
            reject(field, field === "application" ? typeof args[field] : args[field], `configures an Auth0 application, and ${idp.displayName} is not Auth0`,
                `leave it out and pass clientId and clientSecret of the client registered at ${idp.displayName}`);
        }
    }
    if (args.clientId === undefined || args.clientId === "") {
        reject("clientId", args.clientId, "is missing", `pass the client id registered at ${idp.displayName}${idp.displayName === "LINE" ? " (the channel ID)" : ""}`);
    }
    if (args.clientSecret === undefined || args.clientSecret === "") {
        reject("clientSecret", "(secret)", "is missing", `pass the client secret from ${idp.displayName} as a secret, e.g. config.requireSecret("clientSecret")`);
    }
    if (!idp.userInfoEndpoint) {
        reject("tenant.userInfoEndpoint", undefined, "is missing", `the ALB calls the userinfo endpoint after login: copy "userinfo_endpoint" from ${idp.discoveryUrl}`);
    }
}

/** The provider's required authorization parameters, then the caller's; a conflict is an error. */
function withProviderParams(idp: IdentityProvider, params: Record<string, string> | undefined): Record<string, string> | undefined {
    const required = idp.capabilities.authorizationParams;
    if (Object.keys(required).length === 0) {
        return params;
    }
    for (const [key, value] of Object.entries(required)) {
        if (params?.[key] !== undefined && params[key] !== value) {
            reject(`authenticationRequestExtraParams.${key}`, params[key], `conflicts with ${idp.displayName}'s required ${JSON.stringify(value)}`, "leave it out: the provider's value is sent");
        }
    }
    return { ...required, ...(params ?? {}) };
}
