/**
 * A compliant stack of raw resources (no edge-auth components), touching every policy: the
 * seeds' ALB + Kibana login, an ALB machine route, the colors HTTP API and the movies REST
 * API. Failing cases mutate one property of a capture of it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as auth0 from "@pulumi/auth0";
import { registerRequests, settle, setupMocks } from "../support/mocks";
import { CapturedResource, captureStack } from "../support/policyHarness";
import { edgesProgram } from "./fixtureEdges";

export const DOMAIN = "acme.us.auth0.com";
export const ISSUER = `https://${DOMAIN}/`;

function compliantProgram(): void {
    const api = new auth0.ResourceServer("pf-colors-api", {
        identifier: "urn:colors-api",
        signingAlg: "RS256",
        enforcePolicies: true,
        tokenDialect: "access_token_authz",
    });
    // An API no verifier of this stack uses (its app stacks verify it elsewhere): judged all the same.
    new auth0.ResourceServer("pf-identity-api", { identifier: "https://identity.example.com/api", signingAlg: "RS256", enforcePolicies: true });
    new auth0.CustomDomain("pf-login-domain", { domain: "login.example.com", type: "auth0_managed_certs", tlsPolicy: "recommended" });
    new auth0.ResourceServerScopes("pf-colors-scopes", {
        resourceServerIdentifier: api.identifier,
        scopes: [{ name: "read:colors" }, { name: "write:colors" }],
    });

    const alb = new aws.lb.LoadBalancer("pf-alb", { loadBalancerType: "application", subnets: ["subnet-a", "subnet-b"] });
    const kibana = new auth0.Client("pf-kibana", {
        appType: "regular_web",
        grantTypes: ["authorization_code", "refresh_token"],
        callbacks: [
            "https://kibana.example.com/oauth2/idpresponse",
            pulumi.interpolate`https://${alb.dnsName}/oauth2/idpresponse`,
        ],
        allowedLogoutUrls: ["https://kibana.example.com/"],
        webOrigins: ["https://kibana.example.com"],
    });
    const machine = new auth0.Client("pf-machine", { appType: "non_interactive", grantTypes: ["client_credentials"] });
    new auth0.ClientGrant("pf-machine-grant", { clientId: machine.clientId, audience: api.identifier, scopes: ["read:colors"] });

    new aws.lb.Listener("pf-http", {
        loadBalancerArn: alb.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
    });
    const https = new aws.lb.Listener("pf-https", {
        loadBalancerArn: alb.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
        certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/kibana",
        defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }],
    });
    // A stricter-than-required TLS 1.3-only FIPS policy on an NLB must pass.
    const nlb = new aws.lb.LoadBalancer("pf-nlb", { loadBalancerType: "network", subnets: ["subnet-a", "subnet-b"] });
    new aws.lb.Listener("pf-nlb-tls", {
        loadBalancerArn: nlb.arn,
        port: 443,
        protocol: "TLS",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
        certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/nlb",
        defaultActions: [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nlb/1" }],
    });
    const target = new aws.lb.TargetGroup("pf-kibana-tg", { port: 5601, protocol: "HTTP", vpcId: "vpc-1" });
    const oidc = {
        issuer: ISSUER,
        authorizationEndpoint: `${ISSUER}authorize`,
        tokenEndpoint: `${ISSUER}oauth/token`,
        userInfoEndpoint: `${ISSUER}userinfo`,
        clientId: kibana.clientId,
        clientSecret: pulumi.secret("kibana-secret"),
        scope: "openid profile email",
    };
    new aws.lb.ListenerRule("pf-kibana-rule", {
        listenerArn: https.arn,
        priority: 10,
        conditions: [{ hostHeader: { values: ["kibana.example.com"] } }],
        actions: [
            { type: "authenticate-oidc", order: 1, authenticateOidc: oidc },
            { type: "forward", order: 2, targetGroupArn: target.arn },
        ],
    });
    new aws.lb.ListenerRule("pf-dns-rule", {
        listenerArn: https.arn,
        priority: 20,
        conditions: [{ pathPattern: { values: ["/app/*"] } }],
        actions: [
            { type: "authenticate-oidc", order: 1, authenticateOidc: oidc },
            { type: "forward", order: 2, targetGroupArn: target.arn },
        ],
    });
    new aws.lb.ListenerRule("pf-machine-rule", {
        listenerArn: https.arn,
        priority: 30,
        conditions: [{ pathPattern: { values: ["/machines/*"] } }],
        actions: [
            {
                type: "jwt-validation",
                order: 1,
                jwtValidation: {
                    issuer: ISSUER,
                    jwksEndpoint: `${ISSUER}.well-known/jwks.json`,
                    additionalClaims: [
                        { name: "aud", format: "single-string", values: ["urn:colors-api"] },
                        { name: "scope", format: "space-separated-values", values: ["read:colors"] },
                        { name: "gty", format: "single-string", values: ["client-credentials"] },
                    ],
                },
            },
            { type: "forward", order: 2, targetGroupArn: target.arn },
        ],
    });

    const colors = new aws.apigatewayv2.Api("pf-colors", { protocolType: "HTTP", corsConfiguration: { allowOrigins: ["https://colors.example.com"], allowHeaders: ["authorization"], allowMethods: ["GET"] } });
    const authorizer = new aws.apigatewayv2.Authorizer("pf-colors-jwt", {
        apiId: colors.id,
        authorizerType: "JWT",
        identitySources: ["$request.header.Authorization"],
        jwtConfiguration: { issuer: ISSUER, audiences: [api.identifier] },
    });
    new aws.apigatewayv2.Route("pf-colors-get", {
        apiId: colors.id,
        routeKey: "GET /colors",
        authorizationType: "JWT",
        authorizerId: authorizer.id,
        authorizationScopes: ["read:colors"],
    });
    new aws.apigatewayv2.Route("pf-colors-preflight", { apiId: colors.id, routeKey: "OPTIONS /colors", authorizationType: "NONE" });
    new aws.apigatewayv2.DomainName("pf-colors-domain", {
        domainName: "colors.example.com",
        domainNameConfiguration: { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/colors", endpointType: "REGIONAL", securityPolicy: "TLS_1_2" },
    });

    const movies = new aws.apigateway.RestApi("pf-movies", {
        endpointConfiguration: { types: "REGIONAL" },
        securityPolicy: "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
        endpointAccessMode: "BASIC",
    });
    const resource = new aws.apigateway.Resource("pf-movies-resource", { restApi: movies.id, parentId: movies.rootResourceId, pathPart: "movies" });
    const lambdaAuthorizer = new aws.apigateway.Authorizer("pf-movies-authorizer", {
        restApi: movies.id,
        type: "TOKEN",
        authorizerUri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:authorizer/invocations",
    });
    new aws.apigateway.Method("pf-movies-get", { restApi: movies.id, resourceId: resource.id, httpMethod: "GET", authorization: "CUSTOM", authorizerId: lambdaAuthorizer.id });
    new aws.apigateway.Method("pf-movies-options", { restApi: movies.id, resourceId: resource.id, httpMethod: "OPTIONS", authorization: "NONE" });
    new aws.apigateway.DomainName("pf-movies-domain", {
        domainName: "movies.example.com",
        endpointConfiguration: { types: "REGIONAL" },
        regionalCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/movies",
        securityPolicy: "TLS_1_2",
    });
    edgesProgram({ alb, target, oidc, restApi: movies, restResource: resource, restAuthorizer: lambdaAuthorizer, httpApi: colors, httpAuthorizer: authorizer });
}

/**
 * Runs `program` under the mocks and captures only what it registered, leaving other test
 * files' records alone (the mock monitor is shared by the whole run).
 */
export async function captureProgram(program: () => unknown): Promise<CapturedResource[]> {
    await settle();
    const start = registerRequests.length;
    program();
    await settle();
    return captureStack(registerRequests.slice(start));
}

let captured: Promise<CapturedResource[]> | undefined;

/** The compliant stack, run once under the mocks and captured as the engine would see it. */
export function compliantStack(): Promise<CapturedResource[]> {
    return (captured ??= (async () => {
        setupMocks({ "auth0:domain": DOMAIN, "aws:region": "us-east-1" });
        return captureProgram(compliantProgram);
    })());
}

/** A deep copy of `stack` in which `edit` changed the resource named `name` (inputs and outputs alike). */
export function mutate(stack: readonly CapturedResource[], name: string, edit: (props: Record<string, any>, resource: CapturedResource) => void): CapturedResource[] {
    const copy: CapturedResource[] = JSON.parse(JSON.stringify(stack));
    const target = copy.find((r) => r.name === name);
    if (!target) {
        throw new Error(`no resource named ${name} in the fixture`);
    }
    editUnwrapped(target.inputs, (props) => edit(props, target));
    editUnwrapped(target.outputs, (props) => edit(props, target));
    return copy;
}

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Edits properties with top-level secrets unwrapped (the state wraps a whole list holding one), then wraps them again. */
function editUnwrapped(props: Record<string, any>, edit: (props: Record<string, any>) => void): void {
    const wrapped = Object.keys(props).filter((k) => props[k]?.["4dabf18193072939515e22adb298388d"] === SECRET_SIG);
    for (const key of wrapped) {
        props[key] = props[key].value;
    }
    edit(props);
    for (const key of wrapped) {
        props[key] = { "4dabf18193072939515e22adb298388d": SECRET_SIG, value: props[key] };
    }
}

/** The captured resource named `name`. */
export function named(stack: readonly CapturedResource[], name: string): CapturedResource {
    const found = stack.find((r) => r.name === name);
    if (!found) {
        throw new Error(`no resource named ${name} in the fixture`);
    }
    return found;
}

/** The hosts the compliant stack registers on its Auth0 client: the Kibana login and the ALB's own DNS name. */
export const FIXTURE_HOSTS = ["kibana.example.com", "pf-alb-1234567890.us-east-1.elb.amazonaws.com", "mcp.example.com"];

/**
 * `config` with `allowedHosts` of auth0-client-require-allowed-url-hosts set: the shipped
 * baselines list none, and then every registered host is reported.
 */
export function withAllowedHosts<C extends Record<string, unknown>>(config: C, allowedHosts: readonly string[] = FIXTURE_HOSTS): C {
    const policy = "auth0-client-require-allowed-url-hosts";
    return { ...config, [policy]: { ...(config[policy] as object), allowedHosts: [...allowedHosts] } };
}
