import * as pulumi from "@pulumi/pulumi";
import { PublicSite } from "@acme/web";

const site = new PublicSite("status", {
    subnets: ["subnet-1", "subnet-2"],
    vpcId: "vpc-1",
    port: 8080,
    certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/status",
});

export const url = pulumi.interpolate`https://${site.dnsName}`;
