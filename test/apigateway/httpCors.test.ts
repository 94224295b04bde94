import { strict as assert } from "assert";
import { deriveCors } from "../../components/apigateway/httpCors";
import { validateCustomDomain, validateLogRetention, validateThrottling } from "../../components/apigateway/httpSettings";

const origins = ["https://colors.example.com", "http://localhost:3000"];

describe("deriveCors", () => {
    it("GIVEN the SPA's origins and the routes' methods THEN origins are exactly the SPA's and authorization is allowed", () => {
        assert.deepEqual(deriveCors(origins, ["GET", "POST", "GET", "OPTIONS"]), {
            allowOrigins: origins,
            allowHeaders: ["authorization", "content-type"],
            allowMethods: ["GET", "POST"],
            maxAge: 3600,
            allowCredentials: false,
        });
    });

    it("GIVEN an ANY route THEN every method is allowed", () => {
        assert.deepEqual(deriveCors(origins, ["GET", "ANY"]).allowMethods, ["*"]);
    });

    it("GIVEN extra headers THEN they are added lower-cased once, after the required ones", () => {
        const cors = deriveCors(origins, ["GET"], { extraHeaders: ["X-Request-Id", "Authorization", "x-request-id"], maxAge: 0 });
        assert.deepEqual(cors.allowHeaders, ["authorization", "content-type", "x-request-id"]);
        assert.equal(cors.maxAge, 0);
    });

    it("GIVEN a wildcard header THEN it refuses", () => {
        assert.throws(() => deriveCors(origins, ["GET"], { extraHeaders: ["*"] }), /cors\.extraHeaders\[0\] "\*" is not a header name\. Fix: list header names/);
    });

    it("GIVEN a header with a space THEN it refuses", () => {
        assert.throws(() => deriveCors(origins, ["GET"], { extraHeaders: ["x request"] }), /cors\.extraHeaders\[0\] "x request" contains whitespace/);
    });

    it("GIVEN a max age above a day THEN it refuses with the range", () => {
        assert.throws(() => deriveCors(origins, ["GET"], { maxAge: 86401 }), /cors\.maxAge 86401 is out of range\. Fix: use a whole number of seconds from 0 to 86400/);
    });

    it("GIVEN no origins THEN it refuses", () => {
        assert.throws(() => deriveCors([], ["GET"]), /spa\.origins \[\] is empty/);
    });

    it("GIVEN a wildcard SPA origin (Auth0 subdomain syntax) THEN it refuses rather than hand API Gateway a pattern it reads differently (finding 9)", () => {
        assert.throws(() => deriveCors(["https://colors.example.com", "https://*.example.com"], ["GET"]),
            /spa\.origins\[1\] "https:\/\/\*\.example\.com" is a wildcard origin.*Fix: list each origin that calls this API explicitly/);
    });
});

describe("HTTP API stage and domain settings", () => {
    it("GIVEN nothing THEN throttling and retention take their defaults", () => {
        assert.deepEqual(validateThrottling(undefined), { rateLimit: 100, burstLimit: 200 });
        assert.equal(validateLogRetention(undefined), 30);
        assert.equal(validateLogRetention(365), 365);
    });

    it("GIVEN bad throttling THEN it names the limit", () => {
        assert.throws(() => validateThrottling({ rateLimit: 0 }), /throttling\.rateLimit 0 is not a positive number/);
        assert.throws(() => validateThrottling({ burstLimit: 1.5 }), /throttling\.burstLimit 1\.5 is out of range/);
    });

    it("GIVEN a retention CloudWatch does not offer, or never-expire THEN it lists the allowed ones", () => {
        assert.throws(() => validateLogRetention(31), /accessLogRetentionDays 31 is not a CloudWatch retention period\. Fix: use one of 1, 3, 5/);
        assert.throws(() => validateLogRetention(0), /accessLogRetentionDays 0 is not a CloudWatch retention period/);
    });

    it("GIVEN a custom domain THEN the host is lower-cased and the base path trimmed", () => {
        assert.deepEqual(validateCustomDomain({ name: "API.example.com", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc", basePath: "/colors/" }), {
            name: "api.example.com", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc", basePath: "colors",
        });
        assert.equal(validateCustomDomain(undefined), undefined);
    });

    it("GIVEN a domain with a scheme, a non-ACM certificate or a bad base path THEN it refuses", () => {
        assert.throws(() => validateCustomDomain({ name: "https://api.example.com", certificateArn: "arn:aws:acm:x" }), /domain\.name "https:\/\/api\.example\.com" includes a scheme\. Fix: write only the host name: "api\.example\.com"/);
        assert.throws(() => validateCustomDomain({ name: "api.example.com", certificateArn: "arn:aws:iam::1:server-certificate/x" }), /domain\.certificateArn .* is not an ACM certificate ARN/);
        assert.throws(() => validateCustomDomain({ name: "api.example.com", certificateArn: "arn:aws:acm:x", basePath: "a b" }), /domain\.basePath "a b" is not a path/);
    });
});
