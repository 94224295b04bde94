/**
 * Boots the edge-auth plugin the way the Pulumi engine does and talks to it over gRPC.
 *
 * The engine's nodejs language host runs `node @pulumi/pulumi/cmd/run-plugin <plugin folder>`
 * with the user's project folder as working directory (here: an empty folder, as for a Python
 * project: no tsconfig.json, no node_modules), then reads the port the plugin prints on stdout.
 * Every wait is bounded and every process is stopped.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const providerRpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const providerProto = require("@pulumi/pulumi/proto/provider_pb");

export const ROOT = path.resolve(__dirname, "..", "..");

export interface BootedPlugin {
    /** Milliseconds from spawn to the port on stdout. */
    readonly bootMs: number;
    readonly port: number;
    /** `127.0.0.1:<port>`. */
    readonly address: string;
    /** Calls `GetSchema`; resolves with the schema text. */
    getSchema(timeoutMs: number): Promise<string>;
    /** Stops the plugin and waits for it to exit. */
    stop(): Promise<void>;
    /** What the plugin wrote to stderr so far. */
    stderr(): string;
}

/** `args`: the plugin's command line after the folder, as the engine passes it (its own address first). */
export async function bootPlugin(timeoutMs: number, args: string[] = []): Promise<BootedPlugin> {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "edge-auth-user-project-"));
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("TS_NODE_")));
    const started = Date.now();
    const child = spawn(process.execPath, [require.resolve("@pulumi/pulumi/cmd/run-plugin"), ROOT, ...args], { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stderr!.on("data", (chunk) => { stderr += chunk; });
    const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => fail(`printed no port within ${timeoutMs} ms`), timeoutMs);
        const fail = (why: string) => {
            clearTimeout(timer);
            child.kill("SIGKILL");
            reject(new Error(`edge-auth plugin ${why}.\nstdout: ${stdout}\nstderr: ${stderr}`));
        };
        child.stdout!.on("data", (chunk) => {
            stdout += chunk;
            const match = /^(\d+)\r?\n/.exec(stdout);
            if (match) {
                clearTimeout(timer);
                resolve(Number(match[1]));
            }
        });
        child.on("exit", (code) => fail(`exited with ${code} before printing its port`));
    });
    const bootMs = Date.now() - started;
    const client = new providerRpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return {
        bootMs,
        port,
        address: `127.0.0.1:${port}`,
        stderr: () => stderr,
        getSchema: (timeout) => new Promise<string>((resolve, reject) => {
            client.getSchema(new providerProto.GetSchemaRequest(), { deadline: Date.now() + timeout }, (err: Error | null, res: any) => {
                if (err) {
                    reject(new Error(`GetSchema failed: ${err.message}\nstderr: ${stderr}`));
                } else {
                    resolve(res.getSchema());
                }
            });
        }),
        stop: () => stopChild(child, client, project),
    };
}

function stopChild(child: ChildProcess, client: grpc.Client, project: string): Promise<void> {
    client.close();
    fs.rmSync(project, { recursive: true, force: true });
    if (child.exitCode !== null || child.signalCode !== null) {
        return Promise.resolve();
    }
    return new Promise((resolve) => {
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        child.once("exit", () => { clearTimeout(timer); resolve(); });
        child.kill("SIGTERM");
    });
}
