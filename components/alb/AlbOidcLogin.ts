import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { reject, validateArgs } from "../core/errors";
import { Auth0TenantArgs, TenantEndpoints, logoutUrl, tenantEndpoints } from "../core/tenant";
import { httpsUrls } from "../core/urls";
import { requireUnique } from "../core/values";
import { ApiReference, ApplicationReference, ListenerReference, apiReference, applicationReference, fromSource, listenerReference, requireApiScopes } from "../core/references";
import { ConfidentialAuthMethod } from "../auth0/client";
import { RoleGateArgs } from "../auth0/PostLoginFlow";
import { declareRoleGate } from "../auth0/flowOwnership";
import { WebApplication } from "../auth0/WebApplication";
import { createListenerRules } from "./listenerRules";
import { reservePriorities } from "./priorities";
import { RuleFootprint, findShadowed } from "./ruleShadowing";
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
     * Path patterns (at most three; hosts plus paths at most five per rule).
     * @example ["/api/*"]
     */
    pathPatterns: string[];
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
    /** The Auth0 tenant users log in with; its custom domain, when set, is used for every URL. */
    tenant: Auth0TenantArgs;
    /**
     * Every host name users reach, at most three (one host-header condition). Each gets the
     * callback `https://<host>/oauth2/idpresponse`, and rules match these hosts only.
     * @example ["kibana.example.com"]
     */
    hostnames: string[];
    /**
     * The rules, evaluated in this order: list specific paths (`/api/*`) before catch-alls (`/*`).
     * @example [{ name: "api", pathPatterns: ["/api/*"], onUnauthenticatedRequest: "deny" }, { name: "pages", pathPatterns: ["/*"] }]
     */
    routes: AlbLoginRouteArgs[];
    /** The target group requests go to after login. */
    targetGroupArn: pulumi.Input<string>;
    /**
     * First listener rule priority; routes take `priority`, `priority + 1`, ... Components
     * sharing a listener must use ranges that do not overlap (checked at construction).
     */
    priority: number;
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
    /** The application the ALB logs users in with (the created `WebApplication`, or the one given). */
    readonly application: ApplicationReference;
    readonly clientId: pulumi.Output<string>;
    /** Tenant URLs, plain. */
    readonly tenant: TenantEndpoints;
    /** `https://<domain>/`, as the ALB and the targets must write it. */
    readonly issuer: pulumi.Output<string>;
    /** Callback URLs the ALB uses, one per host, plain. */
    readonly callbackUrls: readonly string[];
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

        this.tenant = plan.tenant;
        this.callbackUrls = plan.callbackUrls;
        this.application = args.application ?? new WebApplication(`${name}-app`, {
            displayName: args.displayName ?? name,
            callbackUrls: plan.callbackUrls,
            logoutUrls: plan.returnTo,
            tokenEndpointAuthMethod: args.tokenEndpointAuthMethod,
        }, { parent: this });
        this.clientId = pulumi.output(this.application.clientId);

        // A declared gate holds the rules back until the tenant's PostLoginFlow binds it: an
        // unenforced login rule would let every user of the tenant in, so it is never created,
        // and the program fails at its end naming the gate (see flowOwnership.ts).
        this.rules = {};
        this.priorities = Object.fromEntries(plan.routes.map((r) => [r.name, r.priority]));
        const createRules = () => {
            const created = createListenerRules(this, name, plan.listener.listenerArn, plan.hosts,
                plan.routes, args.targetGroupArn, (route) => authenticateOidcAction(plan.tenant, {
                    clientId: this.application.clientId,
                    // A hand-written reference may hold a plain string: it is a secret all the same.
                    clientSecret: pulumi.secret(this.application.clientSecret),
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
        }

        this.issuer = pulumi.output(plan.tenant.issuer);
        this.loadBalancerArn = pulumi.output(plan.listener.loadBalancerArn);
        // The ALB's own region (from its ARN unless given): it selects the key endpoint targets
        // use, and may differ from the provider's region when a listener is adopted.
        this.region = plan.listener.region !== undefined
            ? pulumi.output(plan.listener.region)
            : this.loadBalancerArn.apply((arn) => arn.split(":")[3]);
        this.logoutUrls = this.clientId.apply((clientId) =>
            Object.fromEntries(plan.hosts.map((host, i) => [host, logoutUrl(plan.tenant, clientId, plan.returnTo[i])])));
        this.logoutUrl = this.logoutUrls.apply((urls) => urls[plan.hosts[0]]);
        this.oidcData = pulumi.all([this.loadBalancerArn, this.region, this.clientId]).apply(([albArn, region, clientId]) =>
            ({ albArn, region, issuer: plan.tenant.issuer, clientId }));

        this.registerOutputs({
            clientId: this.clientId,
            issuer: this.issuer,
            callbackUrls: this.callbackUrls,
            logoutUrl: this.logoutUrl,
            oidcData: this.oidcData,
        });
    }
}

function validateLogin<P extends string, S extends string>(name: string, args: AlbOidcLoginArgs<P, S>) {
    const listener = listenerReference("loadBalancer", args.loadBalancer);
    const tenant = tenantEndpoints(args.tenant);
    const api = args.api === undefined ? undefined : apiReference<P>("api", args.api);
    if (api !== undefined && api.identityProvider.issuer !== tenant.issuer) {
        reject("api", api.identityProvider.issuer, `belongs to another tenant domain than ${tenant.issuer}${fromSource(api)}`, "use one tenant (and one domain) for the login and the API");
    }
    const hosts = validateHostnames("hostnames", args.hostnames, true);
    const callbackUrls = idpResponseUrls(hosts);

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

    const scope = validateScope("scope", args.scope);
    if (api !== undefined) {
        requireApiScopes("scope", scope.filter((s) => !OIDC_SCOPES.includes(s)), api);
    }

    const slugs = validateRouteNames("routes", args.routes);
    if (args.targetGroupArn === undefined && args.routes.some((r) => r.targetGroupArn === undefined)) {
        reject("targetGroupArn", args.targetGroupArn, "is missing", "pass the target group users reach after login");
    }
    const priorities = allocatePriorities(args.priority, args.routes.length);
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
        tenant,
        hosts,
        callbackUrls,
        returnTo,
        scope,
        sessionTimeout: validateSessionTimeout(args.sessionTimeout),
        cookieName: validateCookieName(args.sessionCookieName),
        extraParams: validateExtraParams("authenticationRequestExtraParams", args.authenticationRequestExtraParams, api?.identifier),
        routes,
        roleGate,
    };
    // The ALB stops at the first matching rule: a catch-all listed before a specific route
    // leaves the specific one dead (a `deny` route would then redirect fetch calls to Auth0).
    const footprints: RuleFootprint[] = routes.map((r) => ({
        label: `AlbOidcLogin "${name}" routes["${r.name}"]`, priority: r.priority, hosts, paths: r.pathPatterns,
    }));
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
