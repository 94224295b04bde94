/**
 * Loads the esbuild bundle of the REST authorizer (the file the component deploys), with the
 * given environment visible while its module scope runs. `npm test` bundles first (pretest).
 */
import * as fs from "fs";
import * as path from "path";
import { BUNDLES, PACKAGE_ROOT, bundle } from "../../scripts/bundle";
import type * as RestAuthorizer from "../../components/apigateway/runtime/restAuthorizer";

export type RestAuthorizerBundle = typeof RestAuthorizer;

/** Seed 004's streaming API, as the tests and the benchmark configure the handler. */
export const AUDIENCE = "https://StreamingResourceServer";
export const ROUTES = {
    "GET /movies": ["read:Movies"],
    "GET /movies/{id}": ["read:Movies"],
    "POST /movies": ["write:Movies"],
    "GET /movies/{id}/reviews": ["read:Reviews"],
    "GET /devices": ["read:Devices"],
    "GET /devices/{id}": ["read:Devices"],
};

const SOURCES = ["components/apigateway/runtime", "components/apigateway/restRoutes.ts", "components/core/errors.ts", "components/core/keyFetchGate.ts"];

/**
 * The bundle path, rebuilt first when a source is newer (mocha run without `npm test`), so the
 * tests never exercise a stale handler.
 */
export const BUNDLE = ensureFresh();

function ensureFresh(): string {
    const file = path.join(PACKAGE_ROOT, "dist", "bundles", "rest-authorizer", "index.js");
    const built = fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
    const newest = Math.max(...SOURCES.flatMap((source) => {
        const full = path.join(PACKAGE_ROOT, source);
        return fs.statSync(full).isDirectory() ? fs.readdirSync(full).map((f) => fs.statSync(path.join(full, f)).mtimeMs) : [fs.statSync(full).mtimeMs];
    }));
    if (newest > built) {
        bundle("rest-authorizer", BUNDLES["rest-authorizer"]);
    }
    return file;
}
/** A fresh copy of the bundle (a cold start), its module scope run with `env`. */
export function loadBundle(env: Record<string, string>): RestAuthorizerBundle {
    const saved: Record<string, string | undefined> = {};
    for (const [key, value] of Object.entries(env)) {
        saved[key] = process.env[key];
        process.env[key] = value;
    }
    try {
        delete require.cache[require.resolve(BUNDLE)];
        return require(BUNDLE);
    } finally {
        for (const [key, value] of Object.entries(saved)) {
            if (value === undefined) {
                delete process.env[key];
            } else {
                process.env[key] = value;
            }
        }
    }
}

/** Bytes of the bundle on disk. */
export function bundleSize(): number {
    return fs.statSync(BUNDLE).size;
}

export const PREFIX = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod";

/** The method ARN API Gateway sends for a request. */
export function methodArn(verb: string, path: string): string {
    return `${PREFIX}/${verb}${path}`;
}

/**
 * A TOKEN authorizer event as API Gateway sends it (the handler refuses these: its cache key
 * would be the token alone).
 */
export function tokenEvent(authorization: string | undefined, verb: string, path: string) {
    return { type: "TOKEN", authorizationToken: authorization, methodArn: methodArn(verb, path) };
}

/**
 * A REQUEST authorizer event (REST API) with the Authorization header as a client sent it.
 * `resource` is the deployed resource API Gateway matched (the path itself for literal routes).
 */
export function requestEvent(authorization: string | undefined, verb: string, path: string, resource: string = path) {
    const headers: Record<string, string> = { Host: "abcdef1234.execute-api.us-east-1.amazonaws.com", "User-Agent": "test" };
    if (authorization !== undefined) {
        headers.Authorization = authorization;
    }
    return {
        type: "REQUEST",
        methodArn: methodArn(verb, path),
        resource,
        path,
        httpMethod: verb,
        headers,
        multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
        queryStringParameters: null,
        pathParameters: null,
        stageVariables: null,
        requestContext: { stage: "prod", httpMethod: verb, path: `/prod${path}`, resourcePath: resource },
    };
}
