import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";

const vpc = new awsx.ec2.Vpc("shop", { numberOfAvailabilityZones: 2 });
// awsx creates the load balancer, its listener on port 80 and the target group in its plugin.
const alb = new awsx.lb.ApplicationLoadBalancer("shop", { subnetIds: vpc.publicSubnetIds, listener: { port: 80 } });
const bucket = new aws.s3.Bucket("assets");

export const url = alb.loadBalancer.dnsName;
export const assets = bucket.bucket;
