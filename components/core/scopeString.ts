/**
 * Compile-time check of a space-separated scope string (`"openid profile read:logs"`): every
 * word must be a standard OpenID Connect scope or one of the API's permissions `P`. Strings
 * whose value the compiler cannot see (`string`) pass here and are checked at construction.
 */

/** Scopes every OpenID Connect provider knows, without an API declaring them. */
export type StandardOidcScope = "openid" | "profile" | "email" | "address" | "phone" | "offline_access";

/** The words of a space-separated string, as a union. */
type ScopeWords<S extends string> = S extends `${infer Head} ${infer Tail}` ? Head | ScopeWords<Tail> : S;

/**
 * `S` itself when each of its words is a standard scope or a permission in `P`; otherwise a
 * string type naming the unknown words, so the compiler's message shows the typo.
 * @example ScopeString<"openid read:logs", "read:logs"> is "openid read:logs"
 * @example ScopeString<"openid raed:logs", "read:logs"> is "unknown scope raed:logs"
 */
export type ScopeString<S extends string, P extends string> = string extends S
    ? S
    : [Exclude<ScopeWords<S>, P | StandardOidcScope | "">] extends [never]
        ? S
        : `unknown scope ${Exclude<ScopeWords<S>, P | StandardOidcScope | "">}`;
