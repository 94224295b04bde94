/**
 * Tokens shaped like the ALB's `x-amzn-oidc-data` (ES256, signer/client/iss in the header,
 * base64url WITH padding) and a loopback key server like `public-keys.auth.elb.<region>`.
 */
import { strict as assert } from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import { randomUUID, webcrypto } from "crypto";
import * as jose from "jose";

export interface AlbTokenDefaults {
    albArn: string;
    issuer: string;
    clientId: string;
}

export interface Signer {
    kid: string;
    privateKey: webcrypto.CryptoKey;
    pem: string;
}

/** base64url WITH padding, as the ALB writes x-amzn-oidc-data. */
export function paddedBase64Url(data: Buffer | string): string {
    return Buffer.from(data).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
}

export async function newSigner(kid: string = randomUUID()): Promise<Signer> {
    const { publicKey, privateKey } = await jose.generateKeyPair("ES256", { extractable: true });
    return { kid, privateKey: privateKey as unknown as webcrypto.CryptoKey, pem: await jose.exportSPKI(publicKey) };
}

/** Signs a token the way the ALB does; `overrides` replace header or payload fields. */
export async function albToken(signer: Signer, defaults: AlbTokenDefaults, overrides: { header?: Record<string, unknown>; payload?: Record<string, unknown> } = {}): Promise<string> {
    const exp = Math.floor(Date.now() / 1000) + 120;
    const header = { typ: "JWT", kid: signer.kid, alg: "ES256", iss: defaults.issuer, client: defaults.clientId, signer: defaults.albArn, exp, ...overrides.header };
    const payload = { sub: "auth0|42", email: "ops@example.com", email_verified: true, exp, iss: defaults.issuer, ...overrides.payload };
    const input = `${paddedBase64Url(JSON.stringify(header))}.${paddedBase64Url(JSON.stringify(payload))}`;
    const signature = await webcrypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, signer.privateKey, Buffer.from(input));
    return `${input}.${paddedBase64Url(Buffer.from(signature))}`;
}

export interface AlbKeyServer {
    /** `http://127.0.0.1:<port>`: pass as `jwksUri`. */
    baseUrl: string;
    /** PEM public keys by kid; add or remove to simulate rotation. */
    keys: Map<string, string>;
    /** Every URI fetched, in order. */
    fetched: string[];
    /** A fetcher for aws-jwt-verify that refuses anything but this server. */
    fetcher: { fetch(uri: string): Promise<ArrayBuffer> };
    stop(): Promise<void>;
}

/** Serves `GET /<kid>` as the ALB key endpoint does, on 127.0.0.1 only. */
export async function startAlbKeyServer(): Promise<AlbKeyServer> {
    const keys = new Map<string, string>();
    const fetched: string[] = [];
    const server = http.createServer((req, res) => {
        const pem = keys.get(decodeURIComponent((req.url ?? "").slice(1)));
        res.writeHead(pem ? 200 : 404, { "content-type": "text/plain" });
        res.end(pem ?? "not found");
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        baseUrl,
        keys,
        fetched,
        fetcher: {
            async fetch(uri: string): Promise<ArrayBuffer> {
                assert.ok(uri.startsWith(baseUrl), `fetch outside the test server: ${uri}`);
                fetched.push(uri);
                const res = await fetch(uri);
                if (!res.ok) {
                    throw new Error(`HTTP ${res.status} for ${uri}`);
                }
                return res.arrayBuffer();
            },
        },
        stop: () => new Promise<void>((done) => server.close(() => done())),
    };
}
