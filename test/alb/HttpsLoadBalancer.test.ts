import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_NAME_MAX, HttpsLoadBalancer } from "../../components/alb/HttpsLoadBalancer";
import { ACCOUNT, REGION, recorded, recordedOfType, recordedOne, resolve, setupMocks } from "../support/mocks";
import { createArgs, newLoadBalancer } from "./fixtures";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

describe("HttpsLoadBalancer", () => {
    before(() => setupMocks());

    describe("GIVEN subnets, a certificate and target ports", () => {
        it("THEN it creates an ALB in its own security group, dropping invalid headers", async () => {
            const lb = newLoadBalancer("hlb-create");
            const alb = await recordedOne(LB, "hlb-create-alb");
            assert.deepEqual(alb.inputs, {
                loadBalancerType: "application",
                internal: false,
                subnets: ["subnet-a", "subnet-b"],
                securityGroups: ["hlb-create-sg-id"],
                dropInvalidHeaderFields: true,
                enableDeletionProtection: false,
            });
            const sg = await recordedOne(SG, "hlb-create-sg");
            assert.equal(sg.inputs.vpcId, "vpc-0abc");
            assert.equal(sg.inputs.ingress, undefined, "no inline rules: the separate rule resources own them");
            assert.equal(sg.inputs.egress, undefined);
            assert.equal(await resolve(lb.securityGroupId!), "hlb-create-sg-id");
            assert.equal(await resolve(lb.loadBalancerArn), `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/hlb-create-alb/50dc6c495c0c9188`);
            assert.equal(await resolve(lb.dnsName!), `hlb-create-alb-1234567890.${REGION}.elb.amazonaws.com`);
        });

        it("THEN the HTTPS listener on 443 has the certificate, the modern TLS policy and a 404 default", async () => {
            const lb = newLoadBalancer("hlb-https");
            const https = await recordedOne(LISTENER, "hlb-https-https");
            assert.deepEqual(https.inputs, {
                loadBalancerArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/hlb-https-alb/50dc6c495c0c9188`,
                port: 443,
                protocol: "HTTPS",
                certificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/1111`,
                sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
                defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not found" } }],
            });
            assert.equal(await resolve(lb.listenerArn), https.state.arn);
        });

        it("THEN the HTTP listener on 80 only redirects to HTTPS", async () => {
            newLoadBalancer("hlb-http");
            const http = await recordedOne(LISTENER, "hlb-http-http");
            assert.deepEqual(http.inputs.defaultActions, [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]);
            assert.equal(http.inputs.port, 80);
            assert.equal(http.inputs.protocol, "HTTP");
            assert.equal(http.inputs.certificateArn, undefined);
            assert.equal((await recordedOfType("hlb-http", LISTENER)).length, 2);
        });

        it("THEN clients may connect on 443 and 80, and the ALB may reach Auth0 on 443 and the targets on their ports only", async () => {
            newLoadBalancer("hlb-sg", { ingressCidrIpv4s: ["203.0.113.0/24"], targetPorts: [5601, 9200] });
            const ingress = await recordedOfType("hlb-sg", INGRESS);
            assert.deepEqual(ingress.map((r) => [r.name, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4, r.inputs.ipProtocol, r.inputs.securityGroupId]).sort(), [
                ["hlb-sg-ingress-http-203-0-113-0-24", 80, 80, "203.0.113.0/24", "tcp", "hlb-sg-sg-id"],
                ["hlb-sg-ingress-https-203-0-113-0-24", 443, 443, "203.0.113.0/24", "tcp", "hlb-sg-sg-id"],
            ]);
            const egress = await recordedOfType("hlb-sg", EGRESS);
            assert.deepEqual(egress.map((r) => [r.name, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4]).sort(), [
                ["hlb-sg-egress-idp-https", 443, 443, "0.0.0.0/0"],
                ["hlb-sg-egress-targets-5601", 5601, 5601, "10.0.0.0/16"],
                ["hlb-sg-egress-targets-9200", 9200, 9200, "10.0.0.0/16"],
            ]);
        });

        it("GIVEN Lambda targets only (targetPorts []) THEN the ALB gets egress to Auth0 and nothing into the VPC", async () => {
            newLoadBalancer("hlb-lambda", { targetPorts: [], targetCidrIpv4: undefined });
            const egress = await recordedOfType("hlb-lambda", EGRESS);
            assert.deepEqual(egress.map((r) => [r.name, r.inputs.fromPort, r.inputs.cidrIpv4]), [["hlb-lambda-egress-idp-https", 443, "0.0.0.0/0"]]);
        });

        it("GIVEN targets on 443 anywhere (0.0.0.0/0) THEN the IdP rule serves them: no duplicate egress rule, which AWS refuses (issue 21)", async () => {
            newLoadBalancer("hlb-any", { targetPorts: [443, 8443], targetCidrIpv4: "0.0.0.0/0" });
            const egress = await recordedOfType("hlb-any", EGRESS);
            assert.deepEqual(egress.map((r) => [r.name, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4]).sort(), [
                ["hlb-any-egress-idp-https", "tcp", 443, 443, "0.0.0.0/0"],
                ["hlb-any-egress-targets-8443", "tcp", 8443, 8443, "0.0.0.0/0"],
            ]);
            // Every (protocol, ports, range) is unique, as AWS requires per group.
            const keys = egress.map((r) => `${r.inputs.ipProtocol} ${r.inputs.fromPort}-${r.inputs.toPort} ${r.inputs.cidrIpv4}`);
            assert.equal(new Set(keys).size, keys.length);
            // 443 in the VPC is a rule of its own.
            newLoadBalancer("hlb-vpc443", { targetPorts: [443] });
            assert.deepEqual((await recordedOfType("hlb-vpc443", EGRESS)).map((r) => r.name).sort(), ["hlb-vpc443-egress-idp-https", "hlb-vpc443-egress-targets-443"]);
        });

        it("WHEN internal, a TLS 1.3-only policy and deletion protection are asked THEN they are applied", async () => {
            newLoadBalancer("hlb-options", { internal: true, sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06", deletionProtection: true });
            assert.equal((await recordedOne(LB, "hlb-options-alb")).inputs.internal, true);
            assert.equal((await recordedOne(LB, "hlb-options-alb")).inputs.enableDeletionProtection, true);
            assert.equal((await recordedOne(LISTENER, "hlb-options-https")).inputs.sslPolicy, "ELBSecurityPolicy-TLS13-1-3-2021-06");
        });
    });

    it("GIVEN subnet ids as one Output (e.g. awsx publicSubnetIds) THEN they reach the load balancer", async () => {
        newLoadBalancer("hlb-output-subnets", { subnetIds: pulumi.output(["subnet-x", "subnet-y"]) });
        assert.deepEqual((await recordedOne(LB, "hlb-output-subnets-alb")).inputs.subnets, ["subnet-x", "subnet-y"]);
    });

    describe("GIVEN an existing HTTPS listener", () => {
        const listenerArn = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/app/shared/50dc6c495c0c9188/aaaa`;
        const albArn = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/shared/50dc6c495c0c9188`;

        it("THEN it creates nothing but exposes the listener and load balancer", async () => {
            const lb = new HttpsLoadBalancer("hlb-adopt", { existingListener: { arn: listenerArn, loadBalancerArn: albArn, protocol: "HTTPS" } });
            assert.deepEqual((await recorded("hlb-adopt")).map((r) => r.type), ["edge-auth:index:HttpsLoadBalancer"]);
            assert.equal(await resolve(lb.listenerArn), listenerArn);
            assert.equal(await resolve(lb.loadBalancerArn), albArn);
            assert.equal(lb.listenerKey, listenerArn, "a plain ARN keys the priority registry");
        });

        it("WHEN its security group is given THEN egress 443 to Auth0 is added", async () => {
            new HttpsLoadBalancer("hlb-adopt-sg", { existingListener: { arn: listenerArn, loadBalancerArn: albArn, protocol: "HTTPS", securityGroupId: "sg-123" } });
            const egress = await recordedOne(EGRESS, "hlb-adopt-sg-egress-idp-https");
            assert.deepEqual(egress.inputs, {
                securityGroupId: "sg-123", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0",
                description: "HTTPS to the identity provider (Auth0)",
            });
        });

        it("WHEN the same group is adopted twice (two listeners of one ALB) THEN the egress rule is added once, not as an AWS duplicate (finding 9)", async () => {
            new HttpsLoadBalancer("hlb-dup-a", { existingListener: { arn: listenerArn, loadBalancerArn: albArn, protocol: "HTTPS", securityGroupId: "sg-dup" } });
            new HttpsLoadBalancer("hlb-dup-b", { existingListener: { arn: `${listenerArn}-8443`, loadBalancerArn: albArn, protocol: "HTTPS", securityGroupId: "sg-dup" } });
            const rules = [...await recordedOfType("hlb-dup-a", EGRESS), ...await recordedOfType("hlb-dup-b", EGRESS)];
            assert.deepEqual(rules.map((r) => r.name), ["hlb-dup-a-egress-idp-https"]);
        });

        it("WHEN the group already holds the rule (addIdpEgressRule: false) THEN none is added", async () => {
            new HttpsLoadBalancer("hlb-has-egress", { existingListener: { arn: listenerArn, loadBalancerArn: albArn, protocol: "HTTPS", securityGroupId: "sg-own", addIdpEgressRule: false } });
            assert.deepEqual(await recordedOfType("hlb-has-egress", EGRESS), []);
        });
    });

    describe("load balancer names (AWS: at most 32 characters, autonaming adds 8)", () => {
        it("GIVEN a name of exactly the limit THEN it is accepted", async () => {
            const name = "a".repeat(COMPONENT_NAME_MAX);
            newLoadBalancer(name);
            assert.ok((await recordedOne(LB, `${name}-alb`)));
            assert.equal(`${name}-alb-1234567`.length, 32);
        });

        it("GIVEN a longer name THEN construction fails with a shorter name to use, registering nothing", async () => {
            const name = "operations-dashboard-edge";
            assert.throws(() => newLoadBalancer(name),
                /HttpsLoadBalancer "operations-dashboard-edge": name "operations-dashboard-edge" is 25 characters: the ALB's autonamed "operations-dashboard-edge-alb-xxxxxxx" would exceed AWS's 32-character limit\. Fix: use a component name of at most 20 characters, e\.g\. "operations-dashboard"/);
            assert.deepEqual(await recorded(name), []);
        });

        it("GIVEN characters an ALB name cannot hold THEN construction fails", () => {
            assert.throws(() => newLoadBalancer("ops_alb"), /name "ops_alb" cannot name an ALB/);
        });
    });

    describe("bad input fails at construction and registers nothing", () => {
        const cases: Array<[string, string, (name: string) => unknown, RegExp]> = [
            ["an HTTP listener", "hlb-bad-http", (name) => new HttpsLoadBalancer(name, {
                existingListener: { arn: "arn:listener", loadBalancerArn: "arn:alb", protocol: "HTTP" },
            }), /^EdgeAuthArgumentError: HttpsLoadBalancer "hlb-bad-http": existingListener\.protocol "HTTP" is not HTTPS\. Fix: authenticate-oidc and jwt-validation work on HTTPS listeners only/],
            ["an existing listener plus creation arguments", "hlb-bad-both", (name) => new HttpsLoadBalancer(name, {
                existingListener: { arn: "arn:listener", loadBalancerArn: "arn:alb", protocol: "HTTPS" }, vpcId: "vpc-1",
            }), /^EdgeAuthArgumentError: HttpsLoadBalancer "hlb-bad-both": vpcId "vpc-1" is set together with existingListener\. Fix: either adopt a listener or create a load balancer, not both/],
            ["the API's default TLS policy", "hlb-bad-tls", (name) => newLoadBalancer(name, { sslPolicy: "ELBSecurityPolicy-2016-08" }),
                /^EdgeAuthArgumentError: HttpsLoadBalancer "hlb-bad-tls": sslPolicy "ELBSecurityPolicy-2016-08" allows TLS versions below 1\.2/],
            ["no certificate", "hlb-bad-cert", (name) => newLoadBalancer(name, { certificateArn: undefined }),
                /^EdgeAuthArgumentError: HttpsLoadBalancer "hlb-bad-cert": certificateArn \(missing\) is missing/],
            ["a single subnet", "hlb-bad-subnets", (name) => newLoadBalancer(name, { subnetIds: ["subnet-a"] }),
                /^EdgeAuthArgumentError: HttpsLoadBalancer "hlb-bad-subnets": subnetIds \["subnet-a"\] has fewer than two subnets\. Fix: an ALB needs subnets in at least two availability zones/],
            ["a malformed ingress range", "hlb-bad-cidr", (name) => newLoadBalancer(name, { ingressCidrIpv4s: ["0.0.0.0"] }),
                /^EdgeAuthArgumentError: HttpsLoadBalancer "hlb-bad-cidr": ingressCidrIpv4s\[0\] "0.0.0.0" is not an IPv4 CIDR/],
            ["no target ports at all", "hlb-bad-ports", (name) => newLoadBalancer(name, { targetPorts: undefined }),
                /^EdgeAuthArgumentError: HttpsLoadBalancer "hlb-bad-ports": targetPorts \(missing\) is empty\. Fix: list the ports the targets listen on/],
            ["target ports without the targets' range", "hlb-bad-range", (name) => newLoadBalancer(name, { targetCidrIpv4: undefined }),
                /^EdgeAuthArgumentError: HttpsLoadBalancer "hlb-bad-range": targetCidrIpv4 \(missing\) is missing/],
        ];
        for (const [what, name, construct, message] of cases) {
            it(`GIVEN ${what} THEN construction throws`, async () => {
                assert.throws(() => construct(name), message);
                assert.deepEqual(await recorded(name), []);
            });
        }
        it("keeps createArgs valid (the mutations above are the only faults)", () => {
            assert.ok(new HttpsLoadBalancer("hlb-fixture-ok", createArgs()));
        });
    });
});
