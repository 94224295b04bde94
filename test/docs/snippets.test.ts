/**
 * Every ```ts block in README.md and docs/*.md is either a complete program, compiled here
 * against the package (imported as "edge-auth" and "edge-auth/targets", mapped to the sources)
 * and run under the mocks, or starts with `// fragment of <path>` naming a complete example file
 * that contains the fragment's lines in order and is itself compiled and run here. A block
 * between `<!-- BEGIN <path> -->` and `<!-- END <path> -->` markers is a verbatim copy of <path>
 * (the doc's own test compares them) and counts as a fragment of it.
 * One TypeScript program checks all snippets at once (a program per snippet would cost seconds each).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as vm from "vm";
import { allRecorded, settle, setupMocks } from "../support/mocks";
import { startProgram } from "../support/programState";

const ROOT = path.resolve(__dirname, "../..");
const FRAGMENT = /^\/\/ fragment of (\S+)\s*$/;
/** Where compiled snippets pretend to live: inside the repository, so node_modules resolve. */
const VIRTUAL_DIR = path.join(ROOT, ".snippets");
/** Config a snippet program may read with `new pulumi.Config()` (project "edge-auth" under the mocks). */
const EXAMPLE_CONFIG: Record<string, string> = {
    "auth0:domain": "acme.us.auth0.com",
    "aws:region": "us-east-1",
    "edge-auth:vpcId": "vpc-0123456789abcdef0",
    "edge-auth:publicSubnetIds": JSON.stringify(["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"]),
    "colors:appOrigins": JSON.stringify(["https://colors.example.com"]),
    "edge-auth:certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
};

/** Environment a target-side snippet reads (what the stack passes to the target, e.g. `login.oidcData`). */
const EXAMPLE_ENV: Record<string, string> = {
    ALB_ARN: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/ops/50dc6c495c0c9188",
    ALB_REGION: "us-east-1",
    AUTH0_ISSUER: "https://acme.us.auth0.com/",
    AUTH0_CLIENT_ID: "kibana-client-id",
    LOGOUT_URL: "https://acme.us.auth0.com/v2/logout?client_id=kibana-client-id&returnTo=https%3A%2F%2Fkibana.example.com%2F",
};

interface Snippet {
    /** `README.md:12`: document and line of the opening fence. */
    where: string;
    code: string;
    fragmentOf?: string;
    /** The virtual file a complete snippet is compiled as. */
    file: string;
}

function documents(): string[] {
    const docs = fs.existsSync(path.join(ROOT, "docs")) ? fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`) : [];
    return ["README.md", ...docs];
}

function snippets(): Snippet[] {
    const found: Snippet[] = [];
    for (const doc of documents()) {
        const text = fs.readFileSync(path.join(ROOT, doc), "utf8");
        for (const match of text.matchAll(/^```ts[^\S\n]*\n([\s\S]*?)^```[^\S\n]*$/gm)) {
            const line = text.slice(0, match.index).split("\n").length;
            const code = match[1];
            const embedded = /<!-- BEGIN (\S+) -->\n$/.exec(text.slice(0, match.index));
            const fragment = FRAGMENT.exec(code.split("\n")[0]) ?? embedded;
            found.push({
                where: `${doc}:${line}`,
                code,
                fragmentOf: fragment?.[1],
                file: path.join(VIRTUAL_DIR, `${doc.replace(/[\\/.]/g, "_")}_${line}.ts`),
            });
        }
    }
    return found;
}

const SNIPPETS = snippets();
const COMPLETE = SNIPPETS.filter((s) => !s.fragmentOf);
/** Complete example files that fragments point at. */
const EXAMPLE_FILES = [...new Set(SNIPPETS.flatMap((s) => (s.fragmentOf ? [path.join(ROOT, s.fragmentOf)] : [])))];

function compilerOptions(): ts.CompilerOptions {
    const { config } = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
    return {
        ...options,
        noEmit: true,
        sourceMap: false,
        types: ["node"],
        // Each snippet is its own module even without imports, so names never leak between them.
        moduleDetection: ts.ModuleDetectionKind.Force,
        baseUrl: ROOT,
        paths: { "edge-auth": ["components/index.ts"], "edge-auth/targets": ["components/targets.ts"] },
    };
}

/** Runs a program the way the Pulumi Node.js runtime would, with "edge-auth" mapped to the sources. */
function runProgram(source: string, fileName: string): Record<string, unknown> {
    const js = ts.transpileModule(source, { fileName, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
    const exports: Record<string, unknown> = {};
    const module = { exports };
    const requireMapped = (id: string) => {
        if (id === "edge-auth") {
            return require(path.join(ROOT, "components"));
        }
        if (id === "edge-auth/targets") {
            return require(path.join(ROOT, "components", "targets"));
        }
        return require(id.startsWith(".") ? path.resolve(path.dirname(fileName), id) : id);
    };
    vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {${js}\n})`, { filename: fileName })(exports, requireMapped, module, fileName, path.dirname(fileName));
    return module.exports;
}

describe("TypeScript snippets in README.md and docs/", function () {
    this.timeout(120_000);

    it("finds the snippets (README.md has complete examples)", () => {
        assert.ok(COMPLETE.some((s) => s.where.startsWith("README.md:")), "no complete ts block in README.md");
    });

    it("every fragment names an existing complete example file and appears in it, line by line", () => {
        for (const s of SNIPPETS.filter((x) => x.fragmentOf)) {
            const file = path.join(ROOT, s.fragmentOf!);
            assert.ok(fs.existsSync(file), `${s.where}: "// fragment of ${s.fragmentOf}" names no file`);
            const lines = fs.readFileSync(file, "utf8").split("\n").map((l) => l.trim());
            let at = 0;
            const body = FRAGMENT.test(s.code.split("\n")[0]) ? s.code.split("\n").slice(1) : s.code.split("\n");
            for (const line of body.map((l) => l.trim()).filter((l) => l && l !== "// ...")) {
                const found = lines.indexOf(line, at);
                assert.ok(found >= 0, `${s.where}: line "${line}" is not in ${s.fragmentOf} (after line ${at})`);
                at = found + 1;
            }
        }
    });

    it("every complete snippet and example file compiles against the package (one program)", () => {
        const options = compilerOptions();
        const host = ts.createCompilerHost(options);
        const virtual = new Map(COMPLETE.map((s) => [s.file, s.code]));
        const { fileExists, readFile, getSourceFile } = host;
        host.fileExists = (f) => virtual.has(f) || fileExists.call(host, f);
        host.readFile = (f) => virtual.get(f) ?? readFile.call(host, f);
        host.getSourceFile = (f, lang, onError, create) => (virtual.has(f) ? ts.createSourceFile(f, virtual.get(f)!, lang) : getSourceFile.call(host, f, lang, onError, create));
        const program = ts.createProgram([...virtual.keys(), ...EXAMPLE_FILES], options, host);
        const roots = new Set([...virtual.keys(), ...EXAMPLE_FILES]);
        const where = new Map(COMPLETE.map((s) => [s.file, s.where]));
        const problems = ts.getPreEmitDiagnostics(program)
            .filter((d) => !d.file || roots.has(d.file.fileName) || d.category === ts.DiagnosticCategory.Error)
            .map((d) => {
                const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
                if (!d.file) {
                    return message;
                }
                const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
                const origin = where.get(d.file.fileName);
                // Snippet line n is document line (fence line + n + 1).
                const at = origin ? `${origin.split(":")[0]}:${Number(origin.split(":")[1]) + line + 1}` : `${path.relative(ROOT, d.file.fileName)}:${line + 1}`;
                return `${at}: ${message}`;
            });
        assert.deepEqual(problems, []);
    });

    describe("complete snippets and examples run under the mocks", () => {
        before(() => setupMocks(EXAMPLE_CONFIG));

        const programs = [
            ...COMPLETE.map((c) => ({ name: c.where, code: c.code, file: c.file, example: false })),
            ...EXAMPLE_FILES.map((f) => ({ name: path.relative(ROOT, f), code: fs.readFileSync(f, "utf8"), file: f, example: true })),
        ];
        for (const s of programs) {
            it(s.name, async () => {
                // Each snippet is its own program (one post-login flow per tenant holds per program).
                await settle();
                startProgram();
                setupMocks(EXAMPLE_CONFIG);
                const saved = { ...process.env };
                Object.assign(process.env, EXAMPLE_ENV);
                try {
                    runProgram(s.code, s.file);
                    await settle();
                } finally {
                    for (const key of Object.keys(EXAMPLE_ENV)) {
                        if (saved[key] === undefined) {
                            delete process.env[key];
                        } else {
                            process.env[key] = saved[key];
                        }
                    }
                }
                // A snippet that declares infrastructure registers it; target-side code (importing only
                // edge-auth/targets) has only to run. Example files may only export functions that
                // their own tests call (e.g. stacks/examples/colorsApi.ts): they have to load.
                if (!s.example && (!/from "edge-auth\/targets"/.test(s.code) || /from "edge-auth"/.test(s.code))) {
                    assert.ok(allRecorded().length > 0, `${s.name} registered no resources`);
                }
            });
        }
    });
});
