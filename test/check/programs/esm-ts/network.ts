import * as aws from "@pulumi/aws";

export function loadBalancer(name: string): aws.lb.LoadBalancer {
    return new aws.lb.LoadBalancer(name, { loadBalancerType: "application", subnets: ["subnet-1", "subnet-2"] });
}
