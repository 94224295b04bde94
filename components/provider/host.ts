/**
 * Serves the edge-auth provider over gRPC, as the Pulumi engine expects of a plugin: it binds
 * 127.0.0.1 on a free port and prints the port on stdout.
 */
import * as pulumi from "@pulumi/pulumi";
import { EdgeAuthProvider } from "./provider";

/** `args` are the plugin's command line: the engine's address, and flags the server ignores. */
export function serve(args: string[] = process.argv.slice(2)): Promise<void> {
    return pulumi.provider.main(new EdgeAuthProvider(), args);
}
