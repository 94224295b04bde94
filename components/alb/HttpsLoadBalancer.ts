import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { reject, validateArgs } from "../core/errors";
import { requireUnique, slug, uniqueSlugs } from "../core/values";
import { ListenerReference } from "../core/references";
import { validateCidrIpv4, validatePorts, validateSslPolicy } from "./rules";

/** A listener created elsewhere that edge-auth adds rules to. */
export interface ExistingListenerArgs {
    /** The listener's ARN. A plain string also keys the priority registry across components. */
    arn: pulumi.Input<string>;
    /** ARN of the listener's load balancer: the `signer` targets check in `x-amzn-oidc-data`. */
    loadBalancerArn: pulumi.Input<string>;
    /**
     * The listener's protocol, stated so it can be checked: `authenticate-oidc` and
     * `jwt-validation` work on HTTPS listeners only.
     * @example "HTTPS"
     */
    protocol: string;
    /**
     * The load balancer's security group. When set, an egress rule on 443 is added so the ALB
     * can reach Auth0 (without it logins fail with an opaque 500).
     * @default - no rule is added; open egress 443 yourself
     */
    securityGroupId?: pulumi.Input<string>;
    /**
     * Whether to add the egress rule to `securityGroupId`. Set `false` when the group already
     * holds an identical rule (TCP 443 to 0.0.0.0/0): AWS refuses a duplicate with
     * `InvalidPermission.Duplicate`, failing the update. Another HttpsLoadBalancer adopting a
     * listener with the same (plain) group id in this program never adds it twice.
     * @default true
     */
    addIdpEgressRule?: boolean;
}

export interface HttpsLoadBalancerArgs {
    /**
     * Adopt an existing HTTPS listener instead of creating a load balancer. When set, none of
     * the other arguments may be given.
     * @default - a load balancer, security group and listeners are created
     */
    existingListener?: ExistingListenerArgs;
    /**
     * VPC of the load balancer.
     * @default - none: required unless `existingListener` is set
     */
    vpcId?: pulumi.Input<string>;
    /**
     * Subnets in at least two availability zones (public ones for an internet-facing ALB).
     * @default - none: required unless `existingListener` is set
     */
    subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * ACM certificate for the HTTPS listener; it must cover every host name users reach.
     * @default - none: required unless `existingListener` is set
     */
    certificateArn?: pulumi.Input<string>;
    /**
     * TLS policy of the HTTPS listener; only policies whose lowest version is TLS 1.2 are
     * accepted, from an explicit list (`ELBSecurityPolicy-TLS13-1-0-2021-06` and `-1-1-` are
     * refused despite their prefix). The default is what AWS recommends today: TLS 1.3 and 1.2
     * with forward-secret AEAD ciphers and post-quantum key exchange.
     * @default "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"
     * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
     */
    sslPolicy?: string;
    /**
     * Create an internal load balancer. An internal ALB still calls Auth0 over the internet:
     * its subnets need a NAT route.
     * @default false
     */
    internal?: boolean;
    /**
     * IPv4 ranges allowed to connect on 443 (and on 80, which only redirects).
     * @default ["0.0.0.0/0"]
     */
    ingressCidrIpv4s?: string[];
    /**
     * Ports the targets listen on; the ALB gets egress to `targetCidrIpv4` on each, nothing else
     * (443 to `0.0.0.0/0` is the identity provider's egress rule already, so it is not repeated).
     * Pass `[]` when every target is a Lambda function: the ALB invokes Lambda through the
     * Lambda API, not through the VPC, so it needs no egress to targets.
     * @default - none: required unless `existingListener` is set
     */
    targetPorts?: number[];
    /**
     * Where the targets are, usually the VPC's CIDR block.
     * @default - none: required unless `existingListener` is set or `targetPorts` is `[]`
     * @example vpc.vpc.cidrBlock
     */
    targetCidrIpv4?: pulumi.Input<string>;
    /**
     * Protect the load balancer from deletion.
     * @default false
     */
    deletionProtection?: boolean;
}

/** Everything a created load balancer needs; absent fields are rejected. */
interface CreatePlan {
    sslPolicy: string;
    ingress: string[];
    targetPorts: number[];
}

const CREATE_ONLY: Array<keyof HttpsLoadBalancerArgs> = [
    "vpcId", "subnetIds", "certificateArn", "sslPolicy", "internal", "ingressCidrIpv4s", "targetPorts", "targetCidrIpv4", "deletionProtection",
];

/**
 * An HTTPS entry point for the ALB components: either a new Application Load Balancer (its
 * security group, an HTTPS listener with an explicit TLS policy whose default action answers
 * 404, and an HTTP listener that only redirects to HTTPS), or an existing HTTPS listener.
 *
 * Resources are plain `aws.lb.*` and `aws.ec2`/`aws.vpc` ones, not awsx, so policies see them.
 */
export class HttpsLoadBalancer extends pulumi.ComponentResource implements ListenerReference {
    /** The HTTPS listener rules are added to. */
    readonly listenerArn: pulumi.Output<string>;
    /** The load balancer's ARN (the `signer` of `x-amzn-oidc-data`). */
    readonly loadBalancerArn: pulumi.Output<string>;
    /** The load balancer's DNS name, when created here (point your aliases at it). */
    readonly dnsName?: pulumi.Output<string>;
    /** The load balancer's hosted zone, when created here (for Route 53 alias records). */
    readonly zoneId?: pulumi.Output<string>;
    /** The load balancer's security group: let targets accept traffic from this group only. */
    readonly securityGroupId?: pulumi.Output<string>;
    /**
     * Identifies the listener in the priority registry shared by edge-auth ALB components: the
     * adopted listener's ARN when it is a plain string, else a key unique to this instance.
     */
    readonly listenerKey: string;

    /** The raw resources, for escape hatches (absent when a listener was adopted). */
    readonly loadBalancer?: aws.lb.LoadBalancer;
    readonly securityGroup?: aws.ec2.SecurityGroup;
    readonly httpsListener?: aws.lb.Listener;
    readonly httpListener?: aws.lb.Listener;

    constructor(name: string, args: HttpsLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        const plan = validateArgs("HttpsLoadBalancer", name, () => validateLoadBalancer(name, args));
        super("edge-auth:index:HttpsLoadBalancer", name, {}, opts);

        if (plan.mode === "existing") {
            const existing = args.existingListener!;
            this.listenerArn = pulumi.output(existing.arn);
            this.loadBalancerArn = pulumi.output(existing.loadBalancerArn);
            this.listenerKey = typeof existing.arn === "string" ? existing.arn : instanceKey(name);
            if (existing.securityGroupId !== undefined) {
                this.securityGroupId = pulumi.output(existing.securityGroupId);
                if (plan.addIdpEgress) {
                    this.idpEgress(name, existing.securityGroupId);
                }
            }
        } else {
            const created = this.create(name, args, plan.create);
            this.loadBalancer = created.loadBalancer;
            this.securityGroup = created.securityGroup;
            this.httpsListener = created.https;
            this.httpListener = created.http;
            this.listenerArn = created.https.arn;
            this.loadBalancerArn = created.loadBalancer.arn;
            this.dnsName = created.loadBalancer.dnsName;
            this.zoneId = created.loadBalancer.zoneId;
            this.securityGroupId = created.securityGroup.id;
            this.listenerKey = instanceKey(name);
        }

        this.registerOutputs({
            listenerArn: this.listenerArn,
            loadBalancerArn: this.loadBalancerArn,
            dnsName: this.dnsName,
            securityGroupId: this.securityGroupId,
        });
    }

    private create(name: string, args: HttpsLoadBalancerArgs, plan: CreatePlan) {
        const securityGroup = new aws.ec2.SecurityGroup(`${name}-sg`, {
            vpcId: args.vpcId,
            description: `ALB ${name}: HTTPS in, Auth0 and targets out (managed by edge-auth)`,
        }, {
            parent: this,
            // The description is replace-on-change and names the component: a rename (with
            // aliases) must not replace the group and with it every rule and the ALB's binding.
            ignoreChanges: ["description"],
        });

        for (const cidr of plan.ingress) {
            for (const [role, port] of [["https", 443], ["http", 80]] as const) {
                new aws.vpc.SecurityGroupIngressRule(`${name}-ingress-${role}-${slug(cidr)}`, {
                    securityGroupId: securityGroup.id,
                    ipProtocol: "tcp",
                    fromPort: port,
                    toPort: port,
                    cidrIpv4: cidr,
                    description: role === "https" ? "HTTPS from clients" : "HTTP from clients (redirected to HTTPS)",
                }, { parent: this });
            }
        }
        this.idpEgress(name, securityGroup.id);
        for (const port of plan.targetPorts) {
            // Targets on 443 anywhere are what the IdP rule already allows: AWS refuses a duplicate
            // rule (same protocol, ports and range), so the IdP rule serves both. (An Output range,
            // e.g. a VPC's CIDR, is never 0.0.0.0/0.)
            if (port === 443 && args.targetCidrIpv4 === IDP_EGRESS_CIDR) {
                continue;
            }
            new aws.vpc.SecurityGroupEgressRule(`${name}-egress-targets-${port}`, {
                securityGroupId: securityGroup.id,
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                cidrIpv4: args.targetCidrIpv4,
                description: `Targets on ${port}`,
            }, { parent: this });
        }

        const loadBalancer = new aws.lb.LoadBalancer(`${name}-alb`, {
            loadBalancerType: "application",
            internal: args.internal ?? false,
            subnets: args.subnetIds,
            securityGroups: [securityGroup.id],
            // Malformed headers are a request-smuggling vector; AWS leaves them on by default.
            dropInvalidHeaderFields: true,
            enableDeletionProtection: args.deletionProtection ?? false,
        }, { parent: this });

        const https = new aws.lb.Listener(`${name}-https`, {
            loadBalancerArn: loadBalancer.arn,
            port: 443,
            protocol: "HTTPS",
            certificateArn: args.certificateArn,
            sslPolicy: plan.sslPolicy,
            // Nothing reaches a target unless an edge-auth rule (with its login check) matches.
            defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not found" } }],
        }, { parent: this });

        const http = new aws.lb.Listener(`${name}-http`, {
            loadBalancerArn: loadBalancer.arn,
            port: 80,
            protocol: "HTTP",
            defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
        }, { parent: this });

        return { loadBalancer, securityGroup, https, http };
    }

    /** The ALB calls Auth0's token and userinfo endpoints itself, over IPv4 on 443. */
    private idpEgress(name: string, securityGroupId: pulumi.Input<string>): void {
        new aws.vpc.SecurityGroupEgressRule(`${name}-egress-idp-https`, {
            securityGroupId,
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            // Auth0's addresses are not fixed, so the whole IPv4 internet on 443 only.
            cidrIpv4: IDP_EGRESS_CIDR,
            description: "HTTPS to the identity provider (Auth0)",
        }, { parent: this });
    }
}

/** Where the IdP egress rule goes: anywhere (IPv4), on 443 only. */
const IDP_EGRESS_CIDR = "0.0.0.0/0";

let instances = 0;
/** A registry key no ARN can equal: the listener's ARN is unknown until it exists. */
function instanceKey(name: string): string {
    instances += 1;
    return `edge-auth:HttpsLoadBalancer:${name}#${instances}`;
}

/**
 * ALB names: at most 32 characters, alphanumerics and '-'. Pulumi autonames `<name>-alb` with
 * a '-' and 7 random characters, so the logical name leaves 32 - 8 characters.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
 */
export const ALB_NAME_MAX = 32;
const AUTONAME_SUFFIX = 8;
export const COMPONENT_NAME_MAX = ALB_NAME_MAX - AUTONAME_SUFFIX - "-alb".length;

/** Security groups (plain ids) that already got the IdP egress rule in this program. */
let egressGroups = new Set<string>();

/** Forgets the adopted groups: the start of a new program in the same process (tests, simulator). */
export function resetAdoptedGroups(): void {
    egressGroups = new Set();
}

function validateName(name: string): void {
    if (!/^[A-Za-z0-9-]+$/.test(name) || name.startsWith("-")) {
        reject("name", name, "cannot name an ALB (letters, digits and '-' only, not first)", "rename the component, e.g. \"ops\"; add aliases: [{ name: <old name> }] to keep existing resources");
    }
    if (name.length > COMPONENT_NAME_MAX) {
        reject("name", name, `is ${name.length} characters: the ALB's autonamed "${name}-alb-xxxxxxx" would exceed AWS's ${ALB_NAME_MAX}-character limit`,
            `use a component name of at most ${COMPONENT_NAME_MAX} characters, e.g. "${name.slice(0, COMPONENT_NAME_MAX).replace(/-+$/, "")}"`);
    }
}

function validateLoadBalancer(name: string, args: HttpsLoadBalancerArgs): { mode: "existing"; addIdpEgress: boolean } | { mode: "create"; create: CreatePlan } {
    if (args === undefined || args === null) {
        return reject("args", args, "are missing", "pass existingListener, or vpcId, subnetIds, certificateArn, targetPorts and targetCidrIpv4");
    }
    if (args.existingListener !== undefined) {
        const given = CREATE_ONLY.filter((key) => args[key] !== undefined);
        if (given.length > 0) {
            reject(given[0], args[given[0]], "is set together with existingListener", "either adopt a listener or create a load balancer, not both");
        }
        const existing = args.existingListener;
        if (existing.arn === undefined || existing.arn === "") {
            reject("existingListener.arn", existing.arn, "is missing", "pass the HTTPS listener's ARN");
        }
        if (existing.loadBalancerArn === undefined || existing.loadBalancerArn === "") {
            reject("existingListener.loadBalancerArn", existing.loadBalancerArn, "is missing", "pass the load balancer's ARN (targets check it as the signer)");
        }
        if (existing.protocol !== "HTTPS") {
            reject("existingListener.protocol", existing.protocol, "is not HTTPS",
                "authenticate-oidc and jwt-validation work on HTTPS listeners only: adopt the 443 listener, and make the HTTP one redirect to HTTPS");
        }
        const wanted = existing.addIdpEgressRule ?? true;
        if (typeof wanted !== "boolean") {
            reject("existingListener.addIdpEgressRule", wanted, "is not a boolean", "write true or false");
        }
        let addIdpEgress = wanted && existing.securityGroupId !== undefined;
        if (addIdpEgress && typeof existing.securityGroupId === "string") {
            // The same group adopted twice (e.g. two listeners of one ALB): one rule, or AWS
            // answers InvalidPermission.Duplicate to the second.
            addIdpEgress = !egressGroups.has(existing.securityGroupId);
            egressGroups.add(existing.securityGroupId);
        }
        return { mode: "existing", addIdpEgress };
    }
    validateName(name);
    const lambdaTargetsOnly = Array.isArray(args.targetPorts) && args.targetPorts.length === 0;
    const required = lambdaTargetsOnly ? (["vpcId", "subnetIds", "certificateArn"] as const) : (["vpcId", "subnetIds", "certificateArn", "targetCidrIpv4"] as const);
    for (const key of required) {
        if (args[key] === undefined || args[key] === "") {
            reject(key, args[key], "is missing", "pass it, or adopt an existing HTTPS listener with existingListener");
        }
    }
    // Checked when the list is plain; an Output (e.g. awsx publicSubnetIds) is AWS's to check.
    if (Array.isArray(args.subnetIds) && args.subnetIds.length < 2) {
        reject("subnetIds", args.subnetIds, "has fewer than two subnets", "an ALB needs subnets in at least two availability zones");
    }
    const ingress = args.ingressCidrIpv4s ?? ["0.0.0.0/0"];
    if (!Array.isArray(ingress) || ingress.length === 0) {
        reject("ingressCidrIpv4s", ingress, "is empty", "list who may connect, e.g. [\"0.0.0.0/0\"] for a public site");
    }
    const cidrs = ingress.map((cidr, i) => validateCidrIpv4(`ingressCidrIpv4s[${i}]`, cidr));
    requireUnique("ingressCidrIpv4s", cidrs, "range");
    // The rules are keyed by the ranges themselves.
    uniqueSlugs("ingressCidrIpv4s", cidrs);
    return {
        mode: "create",
        create: {
            sslPolicy: validateSslPolicy(args.sslPolicy),
            ingress: cidrs,
            targetPorts: lambdaTargetsOnly ? [] : validatePorts("targetPorts", args.targetPorts),
        },
    };
}
