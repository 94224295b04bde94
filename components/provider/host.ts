/**
 * Serves the edge-auth provider over gRPC, as the Pulumi engine expects of a plugin: it binds
 * 127.0.0.1 on a free port and prints the port on stdout.
 */
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import { registerForeignResourceModules } from "./foreignResources";
import { EdgeAuthProvider } from "./provider";
import { refuseReservedWireKeys } from "./wire";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const providerRpc = require("@pulumi/pulumi/proto/provider_grpc_pb");

/** `args` are the plugin's command line: the engine's address, and flags the server ignores. */
export async function serve(args: string[] = process.argv.slice(2)): Promise<void> {
    const provider = new EdgeAuthProvider();
    // pulumi.provider.main builds the gRPC service itself; its Construct handler decodes the
    // inputs before the provider sees them, and that decoding drops a map entry keyed
    // `__proto__`. The handler is wrapped so the raw request is checked first (./wire.ts).
    const addService = grpc.Server.prototype.addService;
    grpc.Server.prototype.addService = function (this: grpc.Server, service: grpc.ServiceDefinition, implementation: grpc.UntypedServiceImplementation) {
        return addService.call(this, service, service === providerRpc.ResourceProviderService ? guardConstruct(implementation) : implementation);
    };
    try {
        await pulumi.provider.main(provider, args);
    } finally {
        grpc.Server.prototype.addService = addService;
    }
    // Right after the port is printed, synchronously, so before any request is read: references
    // to @pulumi/aws and @pulumi/auth0 resources decode to resources only for packages loaded in
    // this process (./foreignResources). Printing the port first keeps it off the boot time.
    registerForeignResourceModules();
}

/** The service with a Construct that refuses reserved map keys in the raw inputs. */
export function guardConstruct(implementation: grpc.UntypedServiceImplementation): grpc.UntypedServiceImplementation {
    const construct = implementation.construct as grpc.handleUnaryCall<any, any>;
    // The server's handlers are methods of its class: keep `this`.
    const guarded: grpc.UntypedServiceImplementation = Object.create(implementation);
    guarded.construct = (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
        const request = call.request;
        const className = String(request.getType()).split(":").pop();
        try {
            refuseReservedWireKeys(`${className} "${request.getName()}"`, request.getInputs());
        } catch (error) {
            callback(error as Error, null);
            return;
        }
        return construct.call(implementation, call, callback);
    };
    return guarded;
}
