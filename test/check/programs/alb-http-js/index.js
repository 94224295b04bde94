"use strict";
const pulumi = require("@pulumi/pulumi");
const aws = require("@pulumi/aws");

// The network stack owns the VPC (offline: the outputs given with --stack-outputs).
const network = new pulumi.StackReference("acme/network/prod");
const vpcId = network.requireOutput("vpcId");
const lb = new aws.lb.LoadBalancer("kibana", {
    loadBalancerType: "application",
    subnets: ["subnet-1", "subnet-2"],
    securityGroups: ["sg-1"],
});
const target = new aws.lb.TargetGroup("kibana", { port: 5601, protocol: "HTTP", vpcId, targetType: "ip" });
// Port 80 forwards to Kibana: session cookies travel in clear.
new aws.lb.Listener("http", {
    loadBalancerArn: lb.arn,
    port: 80,
    protocol: "HTTP",
    defaultActions: [{ type: "forward", targetGroupArn: target.arn }],
});

exports.url = pulumi.interpolate`http://${lb.dnsName}`;
