/** The pack as CI runs it: standalone folder, one config file per environment, served by the engine's entry point. */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { policies, rules } from "../../policies/pack";
import { UNDECIDED_CONFIG } from "../../policies/lib/policy";
import { loadPolicyConfig } from "../support/policyHarness";

const POLICIES = path.resolve(__dirname, "../../policies");

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
            return e.name === "node_modules" ? [] : sourceFiles(full);
        }
        return e.name.endsWith(".ts") ? [full] : [];
    });
}

describe("policy pack packaging", () => {
    it("every policy has a name, description, severity, remediation text and a mandatory default", () => {
        assert.equal(new Set(rules.map((r) => r.name)).size, rules.length);
        for (const rule of rules) {
            assert.match(rule.name, /^[a-z0-9]+(-[a-z0-9]+)+$/, rule.name);
            assert.ok(rule.description.length > 20 && rule.remediation.length > 20, rule.name);
            assert.ok(["low", "medium", "high", "critical"].includes(rule.severity), rule.name);
        }
        for (const policy of policies) {
            assert.equal(policy.enforcementLevel, "mandatory", policy.name);
            assert.ok(policy.remediationSteps, policy.name);
        }
    });

    for (const env of ["dev", "staging", "prod"] as const) {
        it(`config/${env}.json is a strict baseline: no route, method, issuer or API exceptions`, () => {
            for (const [name, entry] of Object.entries(loadPolicyConfig(env))) {
                for (const key of ["publicRoutes", "anyValidTokenRoutes", "publicMethods", "issuers", "exceptions", "apiIdentifiers", "allowedHosts", "publicFunctionUrls", "userTokenRules", "undecidedExceptions"]) {
                    const value = (entry as Record<string, unknown>)[key];
                    assert.ok(value === undefined || (Array.isArray(value) && value.length === 0), `${env} ${name}.${key} must be empty in the shipped baseline`);
                }
            }
        });

        it(`config/${env}.json configures every policy, with only properties its schema declares`, () => {
            const config = loadPolicyConfig(env);
            assert.deepEqual(Object.keys(config).sort(), rules.map((r) => r.name).sort());
            for (const rule of rules) {
                const { enforcementLevel, ...props } = config[rule.name] as Record<string, unknown>;
                assert.ok(["advisory", "mandatory", "disabled"].includes(String(enforcementLevel)), `${env} ${rule.name}`);
                for (const key of Object.keys(props)) {
                    assert.ok((rule.config && key in rule.config) || key in UNDECIDED_CONFIG, `${env} ${rule.name}.${key} is not in the schema`);
                }
            }
        });
    }

    it("prod makes every policy mandatory; staging all but wildcard URLs (preview hosts); neither allows localhost", () => {
        for (const env of ["prod", "staging"] as const) {
            const config = loadPolicyConfig(env);
            for (const [name, entry] of Object.entries(config)) {
                const expected = env === "staging" && name === "edge-auth-disallow-wildcard-urls" ? "advisory" : "mandatory";
                assert.equal((entry as any).enforcementLevel, expected, `${env} ${name}`);
            }
            assert.equal((config["auth0-client-require-https-urls"] as any).allowLocalhost, false);
            assert.equal((config["edge-auth-require-https-cors-origins"] as any).allowLocalhost, false);
        }
        assert.equal((loadPolicyConfig("dev")["auth0-client-require-https-urls"] as any).allowLocalhost, true);
    });

    it("README lists every policy with its incident, its level per environment as configured, and the fix", () => {
        const readme = fs.readFileSync(path.join(POLICIES, "README.md"), "utf8");
        const letter = (env: "dev" | "staging" | "prod", name: string) => ((loadPolicyConfig(env)[name] as any).enforcementLevel === "mandatory" ? "M" : "A");
        for (const rule of rules) {
            const row = readme.split("\n").find((l) => l.startsWith(`| \`${rule.name}\` (`));
            assert.ok(row, `${rule.name} has no row in policies/README.md`);
            const cells = row.split(" | ");
            assert.equal(cells.length, 5, `${rule.name}: | policy | checks | incident | d / s / p | fix |`);
            assert.equal(cells[3], `${letter("dev", rule.name)} / ${letter("staging", rule.name)} / ${letter("prod", rule.name)}`, `${rule.name}: levels in README differ from policies/config`);
            assert.ok(cells[2].length > 20 && cells[4].length > 10, `${rule.name}: incident and fix must be written out`);
        }
    });

    it("imports nothing from outside policies/, so the folder installs and runs on its own", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(POLICIES, "package.json"), "utf8"));
        assert.ok(pkg.version && pkg.dependencies["@pulumi/policy"] && pkg.dependencies["@pulumi/pulumi"]);
        for (const file of sourceFiles(POLICIES)) {
            for (const [, spec] of fs.readFileSync(file, "utf8").matchAll(/from "([^"]+)"/g)) {
                if (spec.startsWith(".")) {
                    const target = path.resolve(path.dirname(file), spec);
                    assert.ok(target.startsWith(POLICIES + path.sep), `${path.relative(POLICIES, file)} imports ${spec}`);
                } else {
                    assert.ok(spec.startsWith("@pulumi/policy") || spec.startsWith("@pulumi/pulumi") || spec in pkg.dependencies, `${path.relative(POLICIES, file)} imports ${spec}, not a dependency of the pack`);
                }
            }
        }
        assert.match(fs.readFileSync(path.join(POLICIES, "PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs$/m);
    });

    it("served from policies/ as the engine starts it, prints the analyzer port on stdout", async function () {
        this.timeout(20000);
        const child = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), "index.ts"], { cwd: POLICIES, stdio: ["ignore", "pipe", "pipe"] });
        try {
            const port = await new Promise<number>((resolve, reject) => {
                let out = "";
                let err = "";
                child.stdout.on("data", (d) => {
                    out += d;
                    const m = /^(\d+)\s*$/m.exec(out);
                    if (m) resolve(Number(m[1]));
                });
                child.stderr.on("data", (d) => (err += d));
                child.on("exit", (code) => reject(new Error(`pack exited ${code}: ${err}`)));
            });
            assert.ok(port > 0 && port < 65536);
        } finally {
            child.kill();
        }
    });
});
