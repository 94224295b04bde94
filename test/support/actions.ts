/**
 * Runs generated Auth0 Action code for real, in a fresh V8 context, against event and api
 * objects shaped like Auth0's post-login trigger (v3), recording every api call.
 */
import * as vm from "vm";

export interface PostLoginEvent {
    user?: { user_id?: string; email?: string; email_verified?: boolean; name?: string };
    authorization?: { roles: string[] };
    connection?: { name: string; strategy: string };
    client?: { client_id: string; name?: string };
    resource_server?: { identifier: string };
}

export interface PostLoginOutcome {
    accessTokenClaims: Record<string, unknown>;
    idTokenClaims: Record<string, unknown>;
    addedScopes: string[];
    denied?: string;
}

/** Loads `exports.onExecutePostLogin` from the code and runs it once. */
export async function runPostLogin(code: string, event: PostLoginEvent): Promise<PostLoginOutcome> {
    const outcome: PostLoginOutcome = { accessTokenClaims: {}, idTokenClaims: {}, addedScopes: [] };
    const api = {
        accessToken: {
            setCustomClaim: (name: string, value: unknown) => { outcome.accessTokenClaims[name] = fromSandbox(value); },
            addScope: (scope: string) => { outcome.addedScopes.push(scope); },
            removeScope: (scope: string) => { outcome.addedScopes = outcome.addedScopes.filter((s) => s !== scope); },
        },
        idToken: {
            setCustomClaim: (name: string, value: unknown) => { outcome.idTokenClaims[name] = fromSandbox(value); },
        },
        access: {
            deny: (reason: string) => { outcome.denied = reason; },
        },
    };
    const sandbox = { exports: {} as Record<string, any> };
    vm.runInNewContext(code, sandbox, { filename: "action.js", timeout: 1000 });
    if (typeof sandbox.exports.onExecutePostLogin !== "function") {
        throw new Error("the action does not export onExecutePostLogin");
    }
    await sandbox.exports.onExecutePostLogin(event, api);
    return outcome;
}

/** Copies a value made inside the sandbox into this realm, so deep-equal checks compare values. */
function fromSandbox(value: unknown): unknown {
    return value === undefined ? undefined : structuredClone(value);
}
