/**
 * The edge-auth reference program: the three seed systems on one Auth0 tenant, each switched on
 * by its config key (`edge-auth:alb`, `edge-auth:httpApi`, `edge-auth:restApi`). Run it with
 * `pulumi up -s <stack>`, or offline with `npm run plan -- <stack>`.
 */
import { PostLoginFlow, PostLoginFlowArgs, RoleGateArgs } from "../components/auth0/PostLoginFlow";
import { colorsApi } from "./examples/colorsApi";
import { loadSettings, requireAuth0Domain } from "./settings";
import { oidcAlb } from "./systems/oidcAlb";
import { opsAlb } from "./systems/opsAlb";
import { moviesRest } from "./systems/moviesRest";

const settings = loadSettings();
// The tenant has one post-login flow; each system contributes its part to it.
const flow: PostLoginFlowArgs<string> = {};
const roleGates: Record<string, RoleGateArgs> = {};

const ops = settings.alb ? opsAlb(requireAuth0Domain(settings, "alb"), settings.alb) : undefined;
if (ops) {
    roleGates.ops = ops.roleGate;
}

const colors = settings.httpApi
    ? colorsApi({ auth0Domain: requireAuth0Domain(settings, "httpApi"), ...settings.httpApi, ownsPostLoginFlow: false })
    : undefined;
if (colors) {
    flow.claims = colors.claims;
}

const movies = settings.restApi ? moviesRest(requireAuth0Domain(settings, "restApi"), settings.restApi) : undefined;
if (movies) {
    flow.connectionScopes = movies.connectionScopes as PostLoginFlowArgs<string>["connectionScopes"];
}

// Seed 001: another OpenID provider (LINE) in front of an ALB; no Auth0 resource.
const login = settings.oidcAlb ? oidcAlb(settings.oidcAlb) : undefined;

if (Object.keys(roleGates).length > 0) {
    flow.roleGates = roleGates;
}
if (flow.claims || flow.roleGates || flow.connectionScopes) {
    new PostLoginFlow("tenant-post-login", flow);
}

export const opsUrl = ops?.url;
export const opsLogoutUrl = ops?.logoutUrl;
export const opsMachineClientIds = ops?.machineClientIds;
export const colorsApiUrl = colors?.http.url;
export const colorsSpaClientId = colors?.spa.clientId;
export const moviesApiUrl = movies?.url;
export const loginUrl = login?.url;
export const loginRedirectUrisToRegister = login?.redirectUris;
