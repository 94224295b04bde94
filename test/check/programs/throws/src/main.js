"use strict";
const pulumi = require("@pulumi/pulumi");
const aws = require("@pulumi/aws");

new aws.s3.Bucket("logs");
const vpcId = new pulumi.Config().get("vpcId");
if (!vpcId) {
    throw new Error("needs-vpc: set the VPC with `pulumi config set vpcId vpc-...`");
}
