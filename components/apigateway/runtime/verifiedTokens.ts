/**
 * Tokens this Lambda instance has already verified, so a repeated token costs a map lookup
 * instead of an RSA signature check. Per-method decisions invoke the authorizer once per token,
 * method and path (API Gateway's cache key), so the same token arrives many times.
 *
 * What keeps it safe:
 * - expiry: an entry is used only while `now < exp`; after that the token is verified again
 *   (and refused by the verifier);
 * - keys: an entry remembers the JWK object that verified it and is used only while the JWKS
 *   cache still returns that very object for the token's `kid`. A refetched JWKS (rotation, or a
 *   key withdrawn after a compromise) yields new objects, so every entry is verified again
 *   against the keys published now: the cache never lets a token outlive its key;
 * - memory: at most `maxEntries` tokens and `maxChars` characters of tokens, least recently
 *   used evicted first;
 * - identity: entries are found by the end of the signature (hashing a short string is cheaper
 *   than hashing a 1 KB token) and used only when the whole token is equal, so a token that
 *   copies another's signature tail finds nothing.
 */

/** What the handler needs from a verified token. */
export interface VerifiedToken {
    sub: string;
    scopes: string[];
    /** `exp`, seconds since the epoch. */
    exp: number;
    /** The token header's `kid` (the same token string always has the same header). */
    kid: string;
    /** The key object that verified the signature, as the JWKS cache returned it. */
    key: object;
}

export interface VerifiedTokenCacheOptions {
    /**
     * Most tokens held.
     * @default 1000
     */
    maxEntries?: number;
    /**
     * Most characters of tokens held (the handler refuses tokens over 8 KB).
     * @default 2_000_000
     */
    maxChars?: number;
}

export class VerifiedTokenCache {
    private readonly entries = new Map<string, { token: string; verified: VerifiedToken }>();
    private chars = 0;
    private readonly maxEntries: number;
    private readonly maxChars: number;

    constructor(options: VerifiedTokenCacheOptions = {}) {
        this.maxEntries = options.maxEntries ?? 1000;
        this.maxChars = options.maxChars ?? 2_000_000;
    }

    /**
     * The cached verification of `token`, if it is still valid at `nowSeconds` and `currentKey`
     * (the JWKS cache's key for the token's kid now) is the key that verified it.
     */
    get(token: string, nowSeconds: number, currentKey: (kid: string) => object | undefined): VerifiedToken | undefined {
        const id = idOf(token);
        const found = this.entries.get(id);
        if (found === undefined || found.token !== token) {
            return undefined;
        }
        const entry = found.verified;
        if (!(nowSeconds < entry.exp) || currentKey(entry.kid) !== entry.key) {
            this.delete(id);
            return undefined;
        }
        // Least recently used goes first: move this one to the end.
        this.entries.delete(id);
        this.entries.set(id, found);
        return entry;
    }

    set(token: string, verified: VerifiedToken): void {
        const id = idOf(token);
        this.delete(id);
        this.entries.set(id, { token, verified });
        this.chars += token.length;
        for (const oldest of this.entries.keys()) {
            if (this.entries.size <= this.maxEntries && this.chars <= this.maxChars) {
                break;
            }
            this.delete(oldest);
        }
    }

    get size(): number {
        return this.entries.size;
    }

    /** Characters of tokens held. */
    get heldChars(): number {
        return this.chars;
    }

    private delete(id: string): void {
        const found = this.entries.get(id);
        if (found !== undefined) {
            this.entries.delete(id);
            this.chars -= found.token.length;
        }
    }
}

/** The last 32 characters (the end of the signature of a JWT): the lookup key. */
function idOf(token: string): string {
    return token.length > 32 ? token.slice(-32) : token;
}
