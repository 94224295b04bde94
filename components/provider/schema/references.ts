/**
 * The plain references of components/core/references.ts as schema types: what one component
 * needs to know about another. Each component whose TypeScript instance satisfies a reference
 * has a `reference` output of that type, which other languages pass on (`api=colors.reference`).
 * Arguments of these types are declared `pulumi.Input<...>` so that typed SDKs (Go, .NET, Java)
 * accept that output; the provider resolves it before the component sees it (../wire.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { IdentityProvider } from "./identityProvider";

/** Signing algorithms an API may use. Only RS256 is verifiable by every AWS verifier. */
export const SigningAlgorithm = {
    RS256: "RS256",
    PS256: "PS256",
    HS256: "HS256",
} as const;
export type SigningAlgorithm = (typeof SigningAlgorithm)[keyof typeof SigningAlgorithm];

/** An API whose access tokens a verifier accepts. */
export interface ApiReference {
    identifier: string;
    identityProvider: IdentityProvider;
    permissionNames: string[];
    signingAlg: SigningAlgorithm;
    rbacEnabled: boolean;
    offlineAccess?: boolean;
    source?: string;
}

/** An HTTPS listener rules are added to. */
export interface ListenerReference {
    listenerArn: pulumi.Input<string>;
    loadBalancerArn: pulumi.Input<string>;
    region?: pulumi.Input<string>;
    listenerKey?: string;
}

/** A confidential Auth0 application (regular web app). */
export interface ApplicationReference {
    clientId: pulumi.Input<string>;
    clientSecret: pulumi.Input<string>;
    callbackUrls?: string[];
    logoutUrls?: string[];
    source?: string;
}

/** A single-page app calling an API from the browser. */
export interface SpaReference {
    origins: string[];
    refreshTokens?: boolean;
    source?: string;
}
