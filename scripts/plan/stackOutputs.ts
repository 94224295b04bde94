/**
 * The offline stand-in for `StackReference`: outputs of other stacks, read from a JSON file
 * `{ "<org>/<project>/<stack>": { "<output>": value } }` and served by the mocks. Without
 * `--stack-outputs`, `stacks/stack-outputs/<stack>.json` is used when it exists.
 */
import * as fs from "fs";
import * as path from "path";
import { withIdentityContracts } from "../../policies/lib/contracts";
import { setStackOutputs } from "../../test/support/mocks";

export interface LoadedStackOutputs {
    file: string;
    /** The other stacks' names. */
    stacks: string[];
    /** Every other stack's outputs, merged (for the pack's identity contracts). */
    outputs: Record<string, unknown>;
}

export function loadStackOutputs(root: string, stack: string, file?: string): LoadedStackOutputs | undefined {
    const chosen = file !== undefined ? path.resolve(file) : path.join(root, "stacks", "stack-outputs", `${stack}.json`);
    if (file === undefined && !fs.existsSync(chosen)) {
        return undefined;
    }
    const parsed = JSON.parse(fs.readFileSync(chosen, "utf8"));
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new Error(`${chosen}: expected { "<org>/<project>/<stack>": { "<output>": value } }`);
    }
    setStackOutputs(parsed);
    return { file: chosen, stacks: Object.keys(parsed), outputs: Object.assign({}, ...Object.values<Record<string, unknown>>(parsed)) };
}

/**
 * The pack config with the API and application contracts among the other stacks' outputs given
 * to the sync policies, as CI does with the identity stack's `pulumi stack output --json`: an
 * application stack is then judged against what the identity stack declares.
 */
export function packConfigWithContracts<C extends Record<string, any>>(policyConfig: C, loaded?: LoadedStackOutputs): { config: C; contracts: number } {
    const contracts = Object.values(loaded?.outputs ?? {}).filter((v) => IDENTITY_KINDS.includes((v as { kind?: string } | null)?.kind ?? ""));
    return contracts.length === 0
        ? { config: policyConfig, contracts: 0 }
        : { config: withIdentityContracts(policyConfig, loaded!.outputs) as C, contracts: contracts.length };
}

const IDENTITY_KINDS = ["edge-auth:api", "edge-auth:application"];
