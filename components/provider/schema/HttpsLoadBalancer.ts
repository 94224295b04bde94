import * as pulumi from "@pulumi/pulumi";
import type { LoadBalancer } from "@pulumi/aws/lb/loadBalancer";
import type { Listener } from "@pulumi/aws/lb/listener";
import type { SecurityGroup } from "@pulumi/aws/ec2/securityGroup";
import { ListenerReference } from "./references";

/** A listener created elsewhere that edge-auth adds rules to. */
export interface ExistingListener {
    addIdpEgressRule?: boolean;
    arn: pulumi.Input<string>;
    loadBalancerArn: pulumi.Input<string>;
    protocol: string;
    securityGroupId?: pulumi.Input<string>;
}

export interface HttpsLoadBalancerArgs {
    existingListener?: pulumi.Input<ExistingListener>;
    vpcId?: pulumi.Input<string>;
    subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    certificateArn?: pulumi.Input<string>;
    sslPolicy?: string;
    internal?: boolean;
    ingressCidrIpv4s?: string[];
    targetPorts?: number[];
    targetCidrIpv4?: pulumi.Input<string>;
    deletionProtection?: boolean;
}

/** Schema declaration of `HttpsLoadBalancer`; construction runs the TypeScript component itself. */
export declare class HttpsLoadBalancer extends pulumi.ComponentResource {
    readonly listenerArn: pulumi.Output<string>;
    readonly loadBalancerArn: pulumi.Output<string>;
    readonly dnsName?: pulumi.Output<string>;
    readonly zoneId?: pulumi.Output<string>;
    readonly securityGroupId?: pulumi.Output<string>;
    readonly listenerKey: string;
    readonly loadBalancer?: LoadBalancer;
    /** The load balancer's security group, when created here. */
    readonly securityGroup?: SecurityGroup;
    /** The HTTPS listener, when created here. */
    readonly httpsListener?: Listener;
    /** The HTTP listener that redirects to HTTPS, when created here. */
    readonly httpListener?: Listener;
    /** This listener as a reference, for the `loadBalancer` argument of AlbOidcLogin and AlbJwtValidation. */
    readonly reference: ListenerReference;
    constructor(name: string, args: HttpsLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions);
}
