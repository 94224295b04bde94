/**
 * The edge-auth reference program: the three seed systems on one Auth0 tenant, each switched on
 * by its config key (`edge-auth:alb`, `edge-auth:httpApi`, `edge-auth:restApi`). Run it with
 * `pulumi up -s <stack>`, or offline with `npm run plan -- <stack>`.
 *
 * With `edge-auth:role` set, the stack is one half of the split layout instead (the identity
 * stack or an application stack, see stacks/split and docs/multi-stack.md).
 */
import { PostLoginFlow, PostLoginFlowArgs, RoleGateArgs } from "../components/auth0/PostLoginFlow";
import { colorsApi } from "./examples/colorsApi";
import { StackSettings, loadSettings, requireAuth0Domain } from "./settings";
import { splitProgram, splitRole } from "./split";
import { oidcAlb } from "./systems/oidcAlb";
import { opsAlb } from "./systems/opsAlb";
import { moviesRest } from "./systems/moviesRest";

const role = splitRole();
// A split stack builds none of the single-program systems below.
const settings: StackSettings = role ? { auth0Domain: "" } : loadSettings();
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

const outputs = {
    opsUrl: ops?.url,
    opsLogoutUrl: ops?.logoutUrl,
    opsMachineClientIds: ops?.machineClientIds,
    colorsApiUrl: colors?.http.url,
    colorsSpaClientId: colors?.spa.clientId,
    moviesApiUrl: movies?.url,
    loginUrl: login?.url,
    loginRedirectUrisToRegister: login?.redirectUris,
};
// A split stack's outputs come after it has read (and checked) the other stack's contracts.
export = role ? splitProgram(role) : outputs;
