/**
 * Checks an identity provider's issuer and endpoints against its OpenID Connect discovery
 * document, before anything is deployed: fetched during `pulumi preview`/`up`, or read from a
 * committed snapshot in the offline plan. Hand-typed values are what break logins (seed 001: an
 * issuer with a path made the ALB answer 561 after login).
 *
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 */
import * as dns from "dns";
import * as https from "https";
import { isIP } from "net";
import * as pulumi from "@pulumi/pulumi";
import { DiscoveryCheck, IdentityProvider, discoveryUrlOf } from "./identityProvider";
import { nonPublicAddress } from "./privateAddresses";

/** The members of a discovery document that edge-auth compares (OIDC Discovery 1.0 section 3). */
export interface DiscoveryDocument {
    issuer: string;
    authorization_endpoint?: string;
    token_endpoint?: string;
    userinfo_endpoint?: string;
    jwks_uri?: string;
    end_session_endpoint?: string;
    id_token_signing_alg_values_supported?: string[];
    scopes_supported?: string[];
    [member: string]: unknown;
}

/** A discovery check that failed: unreachable, not a document, or values that differ. */
export class DiscoveryError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "DiscoveryError";
    }
}

/** Largest document accepted; real ones are a few kB. */
const MAX_DOCUMENT_BYTES = 1_000_000;

/** Most characters of a value from outside (document member, redirect target) put in a message. */
export const MAX_ECHOED_CHARS = 200;

/**
 * A value from a document or a response, safe to put in a preview message: JSON-quoted (control
 * characters escaped), also escaping C1 controls, line and paragraph separators and bidi
 * overrides (which could rewrite a terminal line), and cut to MAX_ECHOED_CHARS characters.
 */
export function quoted(value: unknown): string {
    let text: string;
    try {
        text = JSON.stringify(value) ?? String(value);
    } catch {
        text = "(not printable)";
    }
    text = text.replace(/[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    return text.length > MAX_ECHOED_CHARS ? `${text.slice(0, MAX_ECHOED_CHARS)}... (${text.length - MAX_ECHOED_CHARS} more characters)` : text;
}

export interface FetchOptions {
    /** Seconds before giving up. */
    timeoutSeconds: number;
    /** PEM CA certificates trusted for this request only (instead of the platform's). */
    caCertificates?: string;
    /** Connect to loopback, private, link-local... addresses too (see privateAddresses.ts). Default: refused. */
    allowPrivateAddresses?: boolean;
}

/** A connection refused before it was made: the address is not public. */
class PrivateAddressError extends Error {
    readonly code = "EDGE_AUTH_PRIVATE_ADDRESS";
}

/**
 * dns.lookup that refuses non-public answers. The check is on the addresses the socket then
 * connects to, so a name that resolves to a public address for one query and to a private one
 * for the next (DNS rebinding) cannot slip through.
 */
function publicOnlyLookup(hostname: string, options: dns.LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void): void {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
        if (err) {
            callback(err, "", 0);
            return;
        }
        for (const { address } of addresses) {
            const why = nonPublicAddress(address);
            if (why !== undefined) {
                callback(new PrivateAddressError(`${hostname} resolves to ${address}, ${why}`), "", 0);
                return;
            }
        }
        if (options.all) {
            callback(null, addresses);
        } else {
            callback(null, addresses[0].address, addresses[0].family);
        }
    });
}

/**
 * GETs a discovery document over https with a bounded time and size. Redirects are not
 * followed: a discovery URL that redirects is not the issuer's.
 */
export function fetchDiscoveryDocument(url: string, options: FetchOptions): Promise<DiscoveryDocument> {
    const fix = "check the issuer (the document lives at <issuer>/.well-known/openid-configuration), or opt out with discovery: { check: \"off\" } for a private IdP this machine cannot reach";
    const privateFix = "an IdP on a private network needs discovery: { allowPrivateAddresses: true } (or check: \"off\"); otherwise check the issuer";
    return new Promise<DiscoveryDocument>((resolve, reject) => {
        const fail = (problem: string, remedy = fix) => reject(new DiscoveryError(`discovery document ${url} ${problem}. Fix: ${remedy}`));
        const allowPrivate = options.allowPrivateAddresses === true;
        let request: ReturnType<typeof https.get>;
        try {
            // An IP literal is connected to without any lookup: check it here.
            const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
            const literal = isIP(host) ? nonPublicAddress(host) : undefined;
            if (!allowPrivate && literal !== undefined) {
                fail(`is on ${host}, ${literal}: refused`, privateFix);
                return;
            }
            request = https.get(url, {
                ca: options.caCertificates,
                // A one-off request: no pooled keep-alive socket outlives it.
                agent: false,
                headers: { accept: "application/json" },
                signal: AbortSignal.timeout(options.timeoutSeconds * 1000),
                ...(allowPrivate ? {} : { lookup: publicOnlyLookup as unknown as typeof dns.lookup }),
            }, (response) => {
                const status = response.statusCode ?? 0;
                // The address actually connected to, whatever resolved it.
                const remote = response.socket?.remoteAddress;
                const why = remote !== undefined && !allowPrivate ? nonPublicAddress(remote) : undefined;
                if (why !== undefined) {
                    response.destroy();
                    fail(`was served from ${remote}, ${why}: refused`, privateFix);
                    return;
                }
                if (status !== 200) {
                    response.resume();
                    const where = response.headers.location ? ` (redirects to ${quoted(response.headers.location)})` : "";
                    const hint = status === 404
                        ? ": no provider has this issuer. The ALB answers 561 Authentication Error after login when the issuer differs from the provider's (seed 001)"
                        : "";
                    fail(`answered HTTP ${status}${where}${hint}`);
                    return;
                }
                const chunks: Buffer[] = [];
                let size = 0;
                response.on("data", (chunk: Buffer) => {
                    size += chunk.length;
                    if (size > MAX_DOCUMENT_BYTES) {
                        fail(`is larger than ${MAX_DOCUMENT_BYTES} bytes`);
                        request.destroy();
                        return;
                    }
                    chunks.push(chunk);
                });
                response.on("error", (err) => fail(`could not be read: ${err.message}`));
                response.on("end", () => {
                    try {
                        resolve(parseDiscoveryDocument(Buffer.concat(chunks).toString("utf8"), url));
                    } catch (err) {
                        reject(err);
                    }
                });
            });
        } catch (err) {
            fail(`could not be requested: ${(err as Error).message}`);
            return;
        }
        request.on("error", (err: NodeJS.ErrnoException) => {
            if (err instanceof PrivateAddressError) {
                fail(`is refused: ${err.message}`, privateFix);
            } else if (err.name === "AbortError" || err.name === "TimeoutError") {
                fail(`did not answer within ${options.timeoutSeconds} s`);
            } else {
                fail(`is unreachable (${err.code ?? quoted(err.message)})`);
            }
        });
    });
}

/** Parses and shape-checks a discovery document. */
export function parseDiscoveryDocument(text: string, source: string): DiscoveryDocument {
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch {
        throw new DiscoveryError(`discovery document ${source} is not JSON. Fix: point the issuer at an OpenID provider`);
    }
    if (doc === null || typeof doc !== "object" || Array.isArray(doc) || typeof (doc as DiscoveryDocument).issuer !== "string") {
        throw new DiscoveryError(`discovery document ${source} has no "issuer". Fix: point the issuer at an OpenID provider`);
    }
    return doc as DiscoveryDocument;
}

/** One value of the model that differs from the document. */
export interface DiscoveryMismatch {
    /** Model field, e.g. `issuer`, `tokenEndpoint`. */
    field: string;
    /** Discovery member, e.g. `issuer`, `token_endpoint`. */
    member: string;
    expected: unknown;
    actual: unknown;
    /** What goes wrong at runtime with the model's value. */
    symptom: string;
}

const ENDPOINTS: Array<[keyof IdentityProvider, keyof DiscoveryDocument, string]> = [
    ["authorizationEndpoint", "authorization_endpoint", "the login redirect goes to a page that is not the provider's"],
    ["tokenEndpoint", "token_endpoint", "the ALB cannot exchange the code and answers 561 Authentication Error after login"],
    ["userInfoEndpoint", "userinfo_endpoint", "the ALB cannot read the user's claims and answers 561 Authentication Error after login"],
    ["jwksUri", "jwks_uri", "verifiers cannot find the signing keys and reject every token"],
    ["endSessionEndpoint", "end_session_endpoint", "logout sends users to a page that is not the provider's"],
];

/** Every difference between the model and the document; empty when they agree. */
export function compareWithDiscovery(idp: IdentityProvider, doc: DiscoveryDocument): DiscoveryMismatch[] {
    const mismatches: DiscoveryMismatch[] = [];
    if (doc.issuer !== idp.issuer) {
        mismatches.push({
            field: "issuer", member: "issuer", expected: doc.issuer, actual: idp.issuer,
            symptom: "the ALB answers 561 Authentication Error after login (seed 001) and JWT verifiers reject every token",
        });
    }
    for (const [field, member, symptom] of ENDPOINTS) {
        const ours = idp[field] as string;
        const theirs = doc[member];
        // An endpoint the model leaves out is not compared; one the provider lacks is an error,
        // except logout, which providers may leave out of discovery (Auth0 can turn it off).
        if (ours !== "" && ours !== theirs && !(member === "end_session_endpoint" && theirs === undefined)) {
            mismatches.push({ field, member: member as string, expected: theirs, actual: ours, symptom: theirs === undefined ? `the provider has no ${member as string}` : symptom });
        }
    }
    const algs = doc.id_token_signing_alg_values_supported;
    if (Array.isArray(algs) && !idp.capabilities.signingAlgorithms.some((a) => algs.includes(a))) {
        mismatches.push({
            field: "signingAlgorithms", member: "id_token_signing_alg_values_supported", expected: algs, actual: idp.capabilities.signingAlgorithms,
            symptom: "tokens are signed with an algorithm the model does not expect",
        });
    }
    return mismatches;
}

/** The message of a failed comparison: each value, the document's value, and what would break. */
export function describeMismatches(idp: IdentityProvider, mismatches: readonly DiscoveryMismatch[], source: string): string {
    // The document's values come from outside: quoted, escaped and capped.
    const lines = mismatches.map((m) =>
        `  ${m.field} ${quoted(m.actual)} differs from the document's ${m.member} ${m.expected === undefined ? "(absent)" : quoted(m.expected)}: ${m.symptom}. Fix: write ${m.expected === undefined ? `no ${m.field}` : `${m.field}: ${quoted(m.expected)}`}`);
    return `${idp.displayName} (${idp.issuer}) does not match its discovery document (${source}):\n${lines.join("\n")}`;
}

// --- Where documents come from -------------------------------------------------------------

/** Offline snapshots installed by the plan: discovery documents as committed next to the stack config. */
let snapshots: { documents: DiscoveryDocument[]; source: string } | undefined;
const inFlight = new Map<string, Promise<DiscoveryDocument | undefined>>();

/**
 * Makes every discovery check of this process read these documents instead of the network (the
 * offline plan). A provider with no snapshot then fails naming the file to add it to.
 */
export function useDiscoverySnapshots(documents: readonly DiscoveryDocument[], source: string): void {
    snapshots = { documents: documents.map((d, i) => parseDiscoveryDocument(JSON.stringify(d), `${source}[${i}]`)), source };
    inFlight.clear();
}

/** Back to fetching (tests). */
export function clearDiscoverySnapshots(): void {
    snapshots = undefined;
    inFlight.clear();
}

function snapshotFor(idp: IdentityProvider): { doc: DiscoveryDocument; source: string } {
    const { documents, source } = snapshots!;
    const exact = documents.find((d) => discoveryUrlOf(d.issuer) === idp.discoveryUrl);
    if (exact) {
        return { doc: exact, source };
    }
    // A wrong issuer on the provider's host (seed 001's `/oauth2/v2.1`) is compared with that
    // host's document, so the message names the issuer to write.
    const origin = new URL(idp.issuer).origin;
    const sameHost = documents.filter((d) => new URL(d.issuer).origin === origin);
    if (sameHost.length === 1) {
        return { doc: sameHost[0], source };
    }
    throw new DiscoveryError(`${idp.displayName} (${idp.issuer}) has no discovery snapshot in ${source}. Fix: save ${idp.discoveryUrl} into that file (a JSON list of documents), or set discovery: { check: "off" }`);
}

/**
 * Checks the model against its discovery document (snapshot offline, fetched otherwise) and
 * resolves to the document, or to undefined when the check is off. Rejects with a
 * {@link DiscoveryError} naming each difference and its symptom. One check per provider and
 * process, however many components use it.
 */
export function checkDiscovery(idp: IdentityProvider): Promise<DiscoveryDocument | undefined> {
    if (idp.discovery.check === DiscoveryCheck.Off) {
        return Promise.resolve(undefined);
    }
    const key = JSON.stringify(idp);
    let pending = inFlight.get(key);
    if (pending === undefined) {
        pending = (async () => {
            let doc: DiscoveryDocument;
            let source: string;
            if (snapshots) {
                ({ doc, source } = snapshotFor(idp));
            } else {
                doc = await fetchDiscoveryDocument(idp.discoveryUrl, idp.discovery);
                source = idp.discoveryUrl;
            }
            const mismatches = compareWithDiscovery(idp, doc);
            if (mismatches.length > 0) {
                throw new DiscoveryError(describeMismatches(idp, mismatches, source));
            }
            return doc;
        })();
        inFlight.set(key, pending);
    }
    return pending;
}

/**
 * The issuer as an Output that resolves once the discovery check passed (immediately when the
 * check is off). Resources that take their issuer from it are not registered, so nothing is
 * deployed, when the check fails: `pulumi preview` stops with the mismatch.
 */
export function checkedIssuer(idp: IdentityProvider): pulumi.Output<string> {
    if (idp.discovery.check === DiscoveryCheck.Off) {
        return pulumi.output(idp.issuer);
    }
    return pulumi.output(checkDiscovery(idp).then(() => idp.issuer));
}
