/**
 * The plan's part for identity providers: discovery checks against the snapshot committed next
 * to the stack config (never the network), a failed check failing the plan like `pulumi preview`
 * would, and the redirect URIs to register at providers other than Auth0.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { DiscoveryDocument, useDiscoverySnapshots } from "../../components/core/discovery";
import type { CapturedResource } from "../../test/support/policyHarness";

let reportFailure: (reason: unknown) => void = () => undefined;
/**
 * Rejects with the first registration that failed on a rejected input (a failed discovery
 * check): the engine fails the preview on it, while under the mocks the program would wait for
 * the missing resource forever.
 */
export const registrationFailure = new Promise<never>((_, fail) => {
    // The engine wraps the cause in the path of the property that held it; the cause is what to fix.
    reportFailure = (reason) => fail(new Error(String(reason instanceof Error ? reason.message : reason).replace(/^(error serializing property "[^"]*": )+/, "")));
});
// Raced against the program; never an unhandled rejection of its own.
registrationFailure.catch(() => undefined);

/**
 * Reads `Pulumi.<stack>.discovery.json` (a JSON list of discovery documents) when it exists;
 * without it, a provider whose check is on fails naming the file to add.
 */
export function installDiscoverySnapshots(file: string, root: string): void {
    const shown = path.relative(root, file);
    let documents: DiscoveryDocument[] = [];
    if (fs.existsSync(file)) {
        const parsed = JSON.parse(fs.readFileSync(file, "utf8"));
        if (!Array.isArray(parsed)) {
            throw new Error(`${shown} must be a JSON list of discovery documents`);
        }
        documents = parsed;
    }
    useDiscoverySnapshots(documents, shown);
    process.on("unhandledRejection", (reason) => reportFailure(reason));
}

/**
 * One block per identity provider other than Auth0 that an AlbOidcLogin uses: issuer and
 * endpoints as the listener rules send them, the scope of each rule, and the redirect URIs to
 * register in the provider's console (Auth0 callbacks are registered on the client the component
 * creates, and show in the synced values).
 */
export function renderIdentityProviders(resources: readonly CapturedResource[], discoverySource: string): string[] {
    const monitor = pulumi.runtime.getMonitor() as { getRegisteredResources?: () => Map<string, { state: any }> };
    const lines: string[] = [];
    for (const [urn, { state }] of monitor.getRegisteredResources?.() ?? new Map()) {
        if (urn.split("::")[2]?.split("$").pop() !== "edge-auth:index:AlbOidcLogin") {
            continue;
        }
        const outputs = typeof state?.toJavaScript === "function" ? state.toJavaScript() : state;
        const idp = outputs?.identityProvider;
        if (!idp || idp.kind === "auth0" || !Array.isArray(outputs.redirectUris)) {
            continue;
        }
        const component = urn.split("::").pop();
        lines.push(`${idp.displayName}, issuer ${idp.issuer} (login "${component}"; discovery checked against ${discoverySource})`);
        const rules = resources.filter((r) => r.parent === urn && /\/listenerRule:ListenerRule$/.test(r.type));
        const first = (rules[0]?.inputs as any)?.actions?.find((a: any) => a.authenticateOidc)?.authenticateOidc;
        if (first) {
            lines.push(`  authorization ${first.authorizationEndpoint}`);
            lines.push(`  token ${first.tokenEndpoint}`);
            lines.push(`  userinfo ${first.userInfoEndpoint}`);
        }
        for (const rule of rules) {
            const oidc = (rule.inputs as any)?.actions?.find((a: any) => a.authenticateOidc)?.authenticateOidc;
            if (oidc) {
                lines.push(`  scope "${oidc.scope}" (${rule.name})`);
            }
        }
        lines.push(`  redirect URIs to register at ${idp.displayName}: ${outputs.redirectUris.join(", ")}`);
    }
    return lines;
}
