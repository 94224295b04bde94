/**
 * The reference stack's target behind the ALB (seeds 001 and 002): verifies the
 * `x-amzn-oidc-data` header the ALB signs, then echoes who the user is, so a deployment can
 * be checked end to end from a browser. `/logout` expires the ALB session and sends the browser
 * to Auth0's logout. Paths the machine rules cover (machineRoutes.ts, `/machine` and below) only
 * get here after the ALB's jwt-validation; the target reports exactly that rule's checks, and
 * refuses (400) any `x-amzn-oidc-*` header a client sends there, without verifying it.
 */
import { albLogoutResponse } from "../../components/alb/logout";
import { OidcDataVerifierConfig, OidcDataVerifierOptions, createOidcDataVerifier } from "../../components/alb/verifyOidcData";
import { machineRouteFor } from "./machineRoutes";

/** The subset of the ALB's Lambda event this target reads (multi-value headers enabled). */
export interface AlbEvent {
    httpMethod: string;
    path: string;
    multiValueHeaders?: Record<string, string[] | undefined>;
    /** Present instead of `multiValueHeaders` when the target group has multi-value headers off. */
    headers?: Record<string, string | undefined>;
}

export interface AlbResult {
    statusCode: number;
    statusDescription: string;
    multiValueHeaders: Record<string, string[]>;
    body: string;
    isBase64Encoded: false;
}

export interface EchoConfig extends OidcDataVerifierConfig {
    /** `AlbOidcLogin.logoutUrl`. */
    logoutUrl: string;
}

const STATUS: Record<number, string> = { 200: "200 OK", 302: "302 Found", 400: "400 Bad Request", 401: "401 Unauthorized", 404: "404 Not Found" };

/** Paths the machine routes serve; the rest of `/machine` is checked but has nothing behind it. */
const MACHINE_PATHS = new Set(["/machine/status", "/machine/events"]);

function respond(statusCode: number, body: unknown, headers: Record<string, string[]> = {}): AlbResult {
    return {
        statusCode,
        statusDescription: STATUS[statusCode],
        multiValueHeaders: { "content-type": ["application/json"], "cache-control": ["no-store"], ...headers },
        body: body === undefined ? "" : JSON.stringify(body),
        isBase64Encoded: false,
    };
}

export function createEchoHandler(config: EchoConfig, options: OidcDataVerifierOptions = {}) {
    const verifier = createOidcDataVerifier(config, options);
    return async (event: AlbEvent): Promise<AlbResult> => {
        const headers: Record<string, string[]> = {};
        for (const [name, value] of Object.entries(event.headers ?? {})) {
            (headers[name.toLowerCase()] ??= []).push(value ?? "");
        }
        for (const [name, values] of Object.entries(event.multiValueHeaders ?? {})) {
            headers[name.toLowerCase()] = values ?? [];
        }
        if (event.path === "/logout") {
            const logout = albLogoutResponse({ logoutUrl: config.logoutUrl });
            return respond(302, undefined, { location: [logout.headers.location], "set-cookie": logout.setCookies, "cache-control": [logout.headers["cache-control"]] });
        }
        const machine = machineRouteFor(event.path);
        if (machine !== undefined) {
            // The listener sends machine paths through jwt-validation, which adds no
            // x-amzn-oidc-* header: one here was sent by the client. Refused as it is, never
            // verified (a verification could cost a key fetch; issue 19).
            const forged = Object.keys(headers).filter((name) => name.startsWith("x-amzn-oidc-")).sort();
            if (forged.length > 0) {
                return respond(400, { message: `machine paths do not accept ${forged.join(", ")}: the load balancer never adds them here` });
            }
            const checkedBy = {
                rule: `jwt-validation (${machine.name})`,
                checks: ["signature", "iss", "exp", "aud", "gty=client-credentials", `scope (${machine.scopes.join(", ")})`],
            };
            const known = MACHINE_PATHS.has(event.path.replace(/\/+$/, ""));
            return respond(known ? 200 : 404, { path: event.path, checkedBy });
        }
        try {
            const claims = await verifier.verify(headers["x-amzn-oidc-data"]);
            return respond(200, {
                identity: headers["x-amzn-oidc-identity"]?.[0],
                claims,
                // Echo only whether it came: the access token is a bearer credential.
                accessToken: headers["x-amzn-oidc-accesstoken"] ? "present" : "absent",
            });
        } catch {
            return respond(401, { message: "x-amzn-oidc-data is missing or invalid" });
        }
    };
}

/** Configured from the environment the stack sets (see albEchoLambda.ts). */
export function configFromEnv(env: NodeJS.ProcessEnv): EchoConfig {
    return {
        albArn: env.EDGE_AUTH_ALB_ARN ?? "",
        issuer: env.EDGE_AUTH_ISSUER ?? "",
        clientId: env.EDGE_AUTH_CLIENT_ID ?? "",
        logoutUrl: env.EDGE_AUTH_LOGOUT_URL ?? "",
    };
}
