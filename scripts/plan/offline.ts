/**
 * The offline plan never touches the network: every way a program (or a component of an older
 * ref) could open a connection throws instead, naming the host, so a missing snapshot or
 * stand-in shows as "could not run" with its reason rather than as a hang or a silent fetch.
 */
// The modules themselves (not TypeScript's import namespaces, whose members are read-only).
/* eslint-disable @typescript-eslint/no-var-requires */
const http = require("http");
const https = require("https");
const net = require("net");
const tls = require("tls");

export class NetworkAttempt extends Error {}

function refuse(what: string, target: unknown): never {
    const where = typeof target === "string" ? target
        : target instanceof URL ? target.href
        : target && typeof target === "object" ? String((target as any).href ?? (target as any).host ?? (target as any).hostname ?? (target as any).path ?? "?") : String(target);
    throw new NetworkAttempt(`the offline plan refused a network connection (${what} ${where}). Fix: commit the snapshot or stand-in the program needs (Pulumi.<stack>.discovery.json, stacks/stack-outputs/<stack>.json)`);
}

/** Installs the guard for the rest of the process. */
export function forbidNetwork(): void {
    for (const [module, name] of [[http, "http"], [https, "https"]] as const) {
        module.request = (target: unknown) => refuse(`${name}.request`, target);
        module.get = (target: unknown) => refuse(`${name}.get`, target);
    }
    net.connect = (target: unknown) => refuse("net.connect", target);
    net.createConnection = (target: unknown) => refuse("net.createConnection", target);
    tls.connect = (target: unknown) => refuse("tls.connect", target);
    (globalThis as any).fetch = async (target: unknown) => refuse("fetch", target);
}
