/**
 * Logout behind an ALB. The ALB has no logout action: the target must expire the ALB's session
 * cookie (every shard, since large sessions are split into `<name>-0`, `<name>-1`...) and send
 * the browser to Auth0's logout endpoint, which ends the Auth0 session and returns to a URL the
 * application lists. Without the second step the next request logs the user straight back in.
 */
import { reject } from "../core/errors";
import { requireIntegerInRange } from "../core/values";
import { DEFAULT_SESSION_COOKIE, validateCookieName } from "./rules";

export interface AlbLogoutArgs {
    /** Auth0 logout URL with `returnTo`: `AlbOidcLogin.logoutUrl` (or one of `logoutUrls`). */
    logoutUrl: string;
    /**
     * The rule's session cookie name.
     * @default "AWSELBAuthSessionCookie"
     */
    sessionCookieName?: string;
    /**
     * How many shards to expire. The ALB caps a session at about 16 KB in 4 KB cookies.
     * @default 4
     */
    shards?: number;
}

/** A framework-agnostic redirect response: send each `setCookie` as its own Set-Cookie header. */
export interface AlbLogoutResponse {
    statusCode: 302;
    headers: { location: string; "cache-control": string };
    setCookies: string[];
}

/** The response a target's `/logout` route returns. */
export function albLogoutResponse(args: AlbLogoutArgs): AlbLogoutResponse {
    let url: URL | undefined;
    try {
        url = new URL(args.logoutUrl);
    } catch {
        url = undefined;
    }
    if (!url || url.protocol !== "https:" || !url.searchParams.has("returnTo") || url.username !== "" || url.password !== "") {
        return reject("logoutUrl", args.logoutUrl, "is not an Auth0 logout URL with returnTo", "pass AlbOidcLogin.logoutUrl");
    }
    const cookie = validateCookieName(args.sessionCookieName ?? DEFAULT_SESSION_COOKIE);
    const shards = requireIntegerInRange("shards", args.shards ?? 4, 1, 16, "cookies");
    return {
        statusCode: 302,
        // The parsed URL, not the configured string: normalised, percent-encoded, no CR/LF.
        headers: { location: url.href, "cache-control": "no-store" },
        setCookies: Array.from({ length: shards }, (_, i) =>
            `${cookie}-${i}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; HttpOnly`),
    };
}
