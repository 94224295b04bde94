import { strict as assert } from "assert";
import * as fc from "fast-check";
import { VerifiedToken, VerifiedTokenCache } from "../../components/apigateway/runtime/verifiedTokens";

const KEY = { kty: "RSA", n: "key-1" };
const entry = (exp = 2000, key: object = KEY): VerifiedToken => ({ sub: "s", scopes: ["a"], exp, kid: "k1", key });
const keys = (current: object | undefined) => () => current;

describe("VerifiedTokenCache", () => {
    it("returns an entry while now < exp and the JWKS cache still holds the very key that verified it", () => {
        const cache = new VerifiedTokenCache();
        cache.set("t1", entry());
        assert.equal(cache.get("t1", 1999.9, keys(KEY))?.sub, "s");
        assert.equal(cache.get("t1", 2000, keys(KEY)), undefined, "expired at exp");
        assert.equal(cache.size, 0, "and forgotten");
    });

    it("drops an entry when the kid is gone or maps to another key object (JWKS refetched)", () => {
        const cache = new VerifiedTokenCache();
        cache.set("t1", entry());
        assert.equal(cache.get("t1", 1000, keys({ ...KEY })), undefined);
        cache.set("t2", entry());
        assert.equal(cache.get("t2", 1000, keys(undefined)), undefined);
        assert.equal(cache.size, 0);
    });

    it("holds at most maxEntries tokens and maxChars characters, least recently used evicted first", () => {
        const cache = new VerifiedTokenCache({ maxEntries: 3, maxChars: 1_000_000 });
        for (const t of ["a", "b", "c"]) {
            cache.set(t, entry());
        }
        cache.get("a", 1, keys(KEY)); // a is now the most recent
        cache.set("d", entry());
        assert.equal(cache.get("b", 1, keys(KEY)), undefined);
        assert.ok(cache.get("a", 1, keys(KEY)) && cache.get("c", 1, keys(KEY)) && cache.get("d", 1, keys(KEY)));
    });

    it("stays within both bounds for any sequence of tokens", () => {
        fc.assert(fc.property(fc.array(fc.string({ minLength: 1, maxLength: 300 }), { maxLength: 200 }), (tokens) => {
            const cache = new VerifiedTokenCache({ maxEntries: 20, maxChars: 2000 });
            for (const t of tokens) {
                cache.set(t, entry());
                assert.ok(cache.size <= 20 && cache.heldChars <= 2000, `${cache.size} entries, ${cache.heldChars} chars`);
            }
            assert.equal(cache.heldChars, [...new Set(tokens)].filter((t) => cache.get(t, 1, keys(KEY)) !== undefined).reduce((n, t) => n + t.length, 0));
        }));
    });

    it("never answers for a token that only shares another's signature tail", () => {
        const cache = new VerifiedTokenCache();
        const tail = "S".repeat(40);
        cache.set(`header.payload-admin.${tail}`, entry());
        assert.equal(cache.get(`header.payload-forged.${tail}`, 1, keys(KEY)), undefined);
        assert.equal(cache.get(`header.payload-admin.${tail}`, 1, keys(KEY))?.sub, "s", "the genuine entry stays");
    });

    it("holds nothing with maxEntries 0", () => {
        const cache = new VerifiedTokenCache({ maxEntries: 0 });
        cache.set("t", entry());
        assert.equal(cache.size, 0);
        assert.equal(cache.heldChars, 0);
    });
});
