import type * as pulumi from "@pulumi/pulumi";
import { reject } from "../core/errors";
import { validateHostname } from "../core/urls";
import { requireIntegerInRange } from "../core/values";

/** Stage-wide throttling applied to every route. */
export interface HttpThrottlingArgs {
    /**
     * Steady-state requests per second.
     * @default 100
     */
    rateLimit?: number;
    /**
     * Requests allowed in a burst above the rate.
     * @default 200
     */
    burstLimit?: number;
}

/** A custom domain for the API. */
export interface HttpCustomDomainArgs {
    /** Host name clients call, e.g. `api.example.com`. Point a DNS alias at `domainTarget`. */
    name: string;
    /** ARN of an ACM certificate for `name`, in the API's region. */
    certificateArn: pulumi.Input<string>;
    /**
     * Path under the domain where this API is mapped, e.g. `colors` for
     * `https://api.example.com/colors/...`.
     * @default - the API is mapped at the root
     */
    basePath?: string;
}

export const DEFAULT_THROTTLING = { rateLimit: 100, burstLimit: 200 } as const;
export const DEFAULT_LOG_RETENTION_DAYS = 30;

/** Retention periods CloudWatch Logs accepts, in days. 0 (never expire) is left out on purpose. */
export const LOG_RETENTION_DAYS: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export function validateThrottling(value: HttpThrottlingArgs | undefined): { rateLimit: number; burstLimit: number } {
    const rateLimit = value?.rateLimit ?? DEFAULT_THROTTLING.rateLimit;
    if (typeof rateLimit !== "number" || !Number.isFinite(rateLimit) || rateLimit <= 0) {
        reject("throttling.rateLimit", rateLimit, "is not a positive number", "give requests per second, e.g. 100");
    }
    const burstLimit = requireIntegerInRange("throttling.burstLimit", value?.burstLimit ?? DEFAULT_THROTTLING.burstLimit, 1, Number.MAX_SAFE_INTEGER, "requests");
    return { rateLimit, burstLimit };
}

/** Access logs must expire: unbounded retention is a cost and a data-retention liability. */
export function validateLogRetention(value: unknown): number {
    const days = value ?? DEFAULT_LOG_RETENTION_DAYS;
    if (!LOG_RETENTION_DAYS.includes(days as number)) {
        return reject("accessLogRetentionDays", value, "is not a CloudWatch retention period", `use one of ${LOG_RETENTION_DAYS.join(", ")}`);
    }
    return days as number;
}

export function validateCustomDomain(value: HttpCustomDomainArgs | undefined): { name: string; certificateArn: pulumi.Input<string>; basePath?: string } | undefined {
    if (value === undefined) {
        return undefined;
    }
    const name = validateHostname("domain.name", value.name);
    if (value.certificateArn === undefined || value.certificateArn === "") {
        reject("domain.certificateArn", value.certificateArn, "is missing", "pass the ARN of an ACM certificate covering the domain");
    }
    const certificateArn = value.certificateArn;
    if (typeof certificateArn === "string" && !/^arn:aws[a-z-]*:acm:/.test(certificateArn)) {
        reject("domain.certificateArn", certificateArn, "is not an ACM certificate ARN", "pass e.g. certificate.arn of an aws.acm.Certificate");
    }
    let basePath = value.basePath;
    if (basePath !== undefined) {
        basePath = basePath.replace(/^\/+|\/+$/g, "");
        if (basePath === "" || !/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(basePath)) {
            reject("domain.basePath", value.basePath, "is not a path", "write e.g. \"colors\" or \"v1/colors\", or leave it out to map at the root");
        }
    }
    return { name, certificateArn, basePath };
}

/**
 * The access log line, one JSON object per request. Only request metadata and the caller's
 * `sub`: never the Authorization header or any token.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
    requestId: "$context.requestId",
    ip: "$context.identity.sourceIp",
    requestTime: "$context.requestTime",
    httpMethod: "$context.httpMethod",
    routeKey: "$context.routeKey",
    path: "$context.path",
    status: "$context.status",
    protocol: "$context.protocol",
    responseLength: "$context.responseLength",
    integrationStatus: "$context.integrationStatus",
    integrationError: "$context.integrationErrorMessage",
    authorizerError: "$context.authorizer.error",
    sub: "$context.authorizer.claims.sub",
});
