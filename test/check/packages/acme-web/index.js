"use strict";
const pulumi = require("@pulumi/pulumi");
const aws = require("@pulumi/aws");

/** A public HTTPS front door: ALB, HTTPS listener, HTTP redirect. */
class PublicSite extends pulumi.ComponentResource {
    constructor(name, args, opts) {
        super("acme:web:PublicSite", name, {}, opts);
        const lb = new aws.lb.LoadBalancer(name, { loadBalancerType: "application", subnets: args.subnets }, { parent: this });
        const target = new aws.lb.TargetGroup(name, { port: args.port, protocol: "HTTP", vpcId: args.vpcId, targetType: "ip" }, { parent: this });
        new aws.lb.Listener(`${name}-https`, {
            loadBalancerArn: lb.arn,
            port: 443,
            protocol: "HTTPS",
            // The package's default, from 2016: accepts TLS 1.0.
            sslPolicy: args.sslPolicy || "ELBSecurityPolicy-2016-08",
            certificateArn: args.certificateArn,
            defaultActions: [{ type: "forward", targetGroupArn: target.arn }],
        }, { parent: this });
        new aws.lb.Listener(`${name}-http`, {
            loadBalancerArn: lb.arn,
            port: 80,
            protocol: "HTTP",
            defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
        }, { parent: this });
        this.dnsName = lb.dnsName;
        this.registerOutputs({ dnsName: this.dnsName });
    }
}

module.exports = { PublicSite };
