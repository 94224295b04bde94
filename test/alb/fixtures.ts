/** Shared inputs for the ALB component tests; every call uses the caller's unique name. */
import { HttpsLoadBalancer, HttpsLoadBalancerArgs } from "../../components/alb/HttpsLoadBalancer";
import { Auth0Api, Auth0ApiArgs } from "../../components/auth0/Auth0Api";
import { ACCOUNT, REGION } from "../support/mocks";

export const tenant = { domain: "acme.us.auth0.com" };

export function createArgs(): HttpsLoadBalancerArgs {
    return {
        vpcId: "vpc-0abc",
        subnetIds: ["subnet-a", "subnet-b"],
        certificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/1111`,
        targetPorts: [5601],
        targetCidrIpv4: "10.0.0.0/16",
    };
}

export function newLoadBalancer(name: string, args: Partial<HttpsLoadBalancerArgs> = {}): HttpsLoadBalancer {
    return new HttpsLoadBalancer(name, { ...createArgs(), ...args });
}

/** An adopted listener with a plain ARN, which keys the priority registry by ARN. */
export function existingListener(name: string): HttpsLoadBalancer {
    return new HttpsLoadBalancer(name, {
        existingListener: {
            arn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/app/${name}/50dc6c495c0c9188/f2f7dc8efc522ab2`,
            loadBalancerArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/${name}/50dc6c495c0c9188`,
            protocol: "HTTPS",
        },
    });
}

export type LogsScope = "read:logs" | "write:logs";

export function logsApiArgs(): Auth0ApiArgs<LogsScope> {
    return {
        tenant,
        identifier: "urn:logs-api",
        permissions: [{ name: "read:logs" }, { name: "write:logs" }],
        roles: [{ name: "IT Operations", permissions: ["read:logs", "write:logs"] }],
    };
}

export function newLogsApi(name: string, args: Partial<Auth0ApiArgs<LogsScope>> = {}): Auth0Api<LogsScope> {
    return new Auth0Api<LogsScope>(name, { ...logsApiArgs(), ...args });
}

export const TARGET_GROUP = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/kibana/73e2d6bc24d8a067`;

const SECRET_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/**
 * Inputs with the engine's secret markers removed. Mocks receive a nested secret as a marker
 * around the whole top-level property; where the secret sits is asserted on the wire instead.
 */
export function plain(value: any): any {
    if (Array.isArray(value)) {
        return value.map(plain);
    }
    if (value !== null && typeof value === "object") {
        if (value[SECRET_KEY] === SECRET_SIG) {
            return plain(value.value);
        }
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
    }
    return value;
}

/** Whether a serialized value is marked secret by the engine. */
export function secretOnWire(value: any): boolean {
    return value !== null && typeof value === "object" && value[SECRET_KEY] === SECRET_SIG;
}
