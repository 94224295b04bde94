/**
 * What an organisation adopts: the stack's policy configs are the shipped baseline plus named
 * exceptions only, and the shipped workflow runs as written (every install has its lockfile,
 * every script and config file it names exists).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { loadPolicyConfig } from "../support/policyHarness";

const ROOT = path.resolve(__dirname, "../..");
/** Properties through which a stack may add exceptions to the baseline (allowlists only). */
const EXCEPTION_PROPERTIES = new Set(["publicRoutes", "anyValidTokenRoutes", "publicMethods", "issuers", "exceptions", "apiIdentifiers", "allowedHosts", "publicFunctionUrls", "userTokenRules", "undecidedExceptions"]);

describe("adopting the pack", () => {
    for (const env of ["dev", "staging", "prod"] as const) {
        it(`stacks/policy-config/${env}.json is policies/config/${env}.json plus documented exceptions, no level lowered`, () => {
            const baseline = loadPolicyConfig(env) as Record<string, Record<string, unknown>>;
            const stack = JSON.parse(fs.readFileSync(path.join(ROOT, "stacks", "policy-config", `${env}.json`), "utf8")) as Record<string, Record<string, unknown>>;
            const documented = fs.readFileSync(path.join(ROOT, "stacks", "policy-config", "README.md"), "utf8");
            assert.deepEqual(Object.keys(stack).sort(), Object.keys(baseline).sort());
            for (const [policy, base] of Object.entries(baseline)) {
                for (const key of new Set([...Object.keys(base), ...Object.keys(stack[policy])])) {
                    const [a, b] = [base[key], stack[policy][key]];
                    if (JSON.stringify(a) === JSON.stringify(b)) {
                        continue;
                    }
                    assert.ok(EXCEPTION_PROPERTIES.has(key), `${env} ${policy}.${key} differs from the baseline and is not an exception list`);
                    for (const entry of b as unknown[]) {
                        assert.ok(documented.includes(JSON.stringify(entry)), `${env} ${policy}.${key} ${JSON.stringify(entry)} has no row (with its reason) in stacks/policy-config/README.md`);
                    }
                }
            }
        });
    }

    it("the shipped workflow runs as written: lockfiles, scripts, stacks and policy configs exist", () => {
        const workflow = YAML.parse(fs.readFileSync(path.join(ROOT, ".github", "workflows", "edge-auth.yml"), "utf8"));
        const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts;
        const stackConfigDir = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")).stackConfigDir ?? ".";
        let installs = 0;
        for (const [name, job] of Object.entries<any>(workflow.jobs)) {
            const stacks: string[] = job.strategy?.matrix?.stack ?? [];
            for (const step of job.steps) {
                const dir = path.join(ROOT, step["working-directory"] ?? ".");
                if (typeof step.run === "string") {
                    if (/\bnpm ci\b/.test(step.run)) {
                        installs++;
                        assert.ok(fs.existsSync(path.join(dir, "package-lock.json")), `${name}: npm ci in ${path.relative(ROOT, dir) || "."} has no package-lock.json`);
                    }
                    for (const [, script] of step.run.matchAll(/npm run ([\w:-]+)/g)) {
                        assert.ok(scripts[script], `${name}: npm run ${script} is not a script`);
                    }
                }
                const inputs = step.with ?? {};
                if (inputs.policyPacks) {
                    assert.ok(fs.existsSync(path.join(ROOT, inputs.policyPacks, "PulumiPolicy.yaml")), `${name}: ${inputs.policyPacks} is not a policy pack`);
                }
                for (const stack of stacks) {
                    if (inputs.policyPackConfigs) {
                        const file = String(inputs.policyPackConfigs).replace("${{ matrix.stack }}", stack);
                        assert.ok(fs.existsSync(path.join(ROOT, file)), `${name}: ${file} does not exist`);
                    }
                    if (inputs["stack-name"]) {
                        assert.ok(fs.existsSync(path.join(ROOT, stackConfigDir, `Pulumi.${stack}.yaml`)), `${name}: no Pulumi.${stack}.yaml in ${stackConfigDir}`);
                    }
                }
            }
        }
        assert.ok(installs >= 4, "both jobs install the repository and the pack");
    });
});
