/**
 * A real OpenID provider (`oidc-provider`) served over HTTPS on 127.0.0.1 with a throwaway
 * certificate made for the test run, for the discovery checks. The CA is handed to the check
 * explicitly (`caCertificates`); TLS verification is never turned off.
 *
 * - `trailingSlash` decides whether the issuer ends with `/` (Auth0 style) or not (LINE style).
 * - `endpointsOnOtherHost` serves token, userinfo and JWKS from a second server
 *   (`https://localhost:<port>`), as LINE (`api.line.me`) and Cognito do, and rewrites the
 *   provider's discovery document to say so.
 */
import * as https from "https";
import { AddressInfo } from "net";
import { loadProvider, quietly } from "./oidcProvider";

export interface HttpsIssuer {
    /** `https://127.0.0.1:<port>` with or without the trailing slash. */
    readonly issuer: string;
    /** The document exactly as the provider serves it. */
    readonly discovery: Record<string, any>;
    /** PEM of the throwaway certificate (self-signed: it is its own CA). */
    readonly caCertificate: string;
    /** How many discovery requests were served. */
    readonly discoveryRequests: number;
    stop(): Promise<void>;
}

export interface HttpsIssuerOptions {
    trailingSlash?: boolean;
    endpointsOnOtherHost?: boolean;
    /** Delay every answer by this many ms (to test the timeout). */
    delayMs?: number;
}

let certificate: Promise<{ cert: string; key: string }> | undefined;

/** One certificate per test run, valid for 127.0.0.1 and localhost, for a day. */
export function throwawayCertificate(): Promise<{ cert: string; key: string }> {
    certificate ??= (async () => {
        const selfsigned = require("selfsigned");
        const notAfter = new Date(Date.now() + 24 * 3600 * 1000);
        const pems = await selfsigned.generate([{ name: "commonName", value: "edge-auth test IdP" }], {
            // EC keys: generated in milliseconds, unlike RSA.
            keyType: "ec",
            curve: "P-256",
            algorithm: "sha256",
            notAfterDate: notAfter,
            extensions: [
                { name: "basicConstraints", cA: true },
                { name: "keyUsage", digitalSignature: true, keyEncipherment: true, keyCertSign: true },
                { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }, { type: 2, value: "localhost" }] },
            ],
        });
        return { cert: pems.cert as string, key: pems.private as string };
    })();
    return certificate;
}

async function listen(server: https.Server): Promise<number> {
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    return (server.address() as AddressInfo).port;
}

export async function startHttpsOidcProvider(options: HttpsIssuerOptions = {}): Promise<HttpsIssuer> {
    const tls = await throwawayCertificate();
    const main = https.createServer(tls);
    const other = https.createServer(tls);
    const port = await listen(main);
    const otherPort = await listen(other);
    const base = `https://127.0.0.1:${port}`;
    const issuer = options.trailingSlash ? `${base}/` : base;
    const otherBase = `https://localhost:${otherPort}`;

    const Provider = loadProvider();
    const provider = quietly(() => new Provider(issuer, {
        clients: [{ client_id: "alb", client_secret: "alb-secret-0123456789abcdef", redirect_uris: ["https://app.example.com/oauth2/idpresponse"] }],
        features: { devInteractions: { enabled: false } },
    }));
    // Behind no proxy: the provider builds its URLs from the issuer.
    let discoveryRequests = 0;
    if (options.endpointsOnOtherHost) {
        provider.use(async (ctx: any, next: () => Promise<void>) => {
            await next();
            if (ctx.path === "/.well-known/openid-configuration" && ctx.body) {
                for (const member of ["token_endpoint", "userinfo_endpoint", "jwks_uri"]) {
                    ctx.body[member] = String(ctx.body[member]).replace(base, otherBase);
                }
            }
        });
    }
    const callback = provider.callback();
    let started = false;
    const delayed = (handler: (req: any, res: any) => void) => (req: any, res: any) => {
        if (req.url?.startsWith("/.well-known/openid-configuration")) {
            discoveryRequests++;
        }
        if (options.delayMs && started) {
            setTimeout(() => handler(req, res), options.delayMs);
        } else {
            handler(req, res);
        }
    };
    main.on("request", delayed(callback));
    other.on("request", delayed(callback));

    const discovery = await new Promise<Record<string, any>>((resolve, reject) => {
        const req = https.get(`${base}/.well-known/openid-configuration`, { ca: tls.cert, agent: false }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
        });
        req.on("error", reject);
    });
    discoveryRequests = 0;
    started = true;

    return {
        issuer,
        discovery,
        caCertificate: tls.cert,
        get discoveryRequests() {
            return discoveryRequests;
        },
        async stop() {
            for (const server of [main, other]) {
                server.closeAllConnections();
                await new Promise<void>((done) => server.close(() => done()));
            }
        },
    };
}
