/**
 * Which resource types the pack judges, derived from the rules themselves: a resource rule's
 * `types`, a stack rule's `reads`. pack.ts registers its rules once; the "unknown types" policy
 * (rules/unknownTypes.ts) reports every load-balancer, API Gateway, CloudFront or Auth0 resource
 * whose type no registered rule judges, so a rule added later (with its types) drops its types
 * out of "unknown" without any list to update.
 */
import { judgedAs } from "./native";
import { isStackRule, Rule } from "./policy";

let registered: readonly Rule[] = [];

/** Registers the pack's rules (pack.ts, once, after its list). */
export function registerRules(rules: readonly Rule[]): void {
    registered = rules;
}

/** Every type token some registered rule judges. */
export function judgedTypes(rules: readonly Rule[] = registered): Set<string> {
    const types = new Set<string>();
    for (const rule of rules) {
        for (const type of (isStackRule(rule) ? rule.reads : rule.types) ?? []) {
            types.add(type);
        }
    }
    return types;
}

/**
 * The families whose resources carry edge security (listeners, routes, methods, distributions,
 * clients): classic and current AWS provider modules, their aws-native counterparts, Auth0.
 * `module` names the classic module whose reviewed list of harmless kinds applies.
 */
const FAMILIES: { prefix: string; module: string }[] = [
    { prefix: "aws:lb/", module: "lb" },
    { prefix: "aws:alb/", module: "lb" },
    { prefix: "aws:elb/", module: "elb" },
    { prefix: "aws:apigateway/", module: "apigateway" },
    { prefix: "aws:apigatewayv2/", module: "apigatewayv2" },
    { prefix: "aws:cloudfront/", module: "cloudfront" },
    { prefix: "aws-native:elasticloadbalancingv2:", module: "lb" },
    { prefix: "aws-native:elasticloadbalancing:", module: "elb" },
    { prefix: "aws-native:apigateway:", module: "apigateway" },
    { prefix: "aws-native:apigatewayv2:", module: "apigatewayv2" },
    { prefix: "aws-native:cloudfront:", module: "cloudfront" },
    { prefix: "auth0:", module: "auth0" },
];

/**
 * Kinds reviewed as carrying no login, token, scope, TLS or exposure setting, so no rule needs
 * to judge them (reviewed against @pulumi/aws 7 and @pulumi/auth0 3 type lists). Everything
 * else in a family is reported until a rule declares it.
 */
const HARMLESS: Record<string, { kinds: string[]; why: string }> = {
    lb: { kinds: ["TargetGroup", "TargetGroupAttachment", "ListenerCertificate", "TrustStore", "TrustStoreRevocation"], why: "targets and certificates; protocol, TLS policy and actions live on listeners and rules" },
    elb: { kinds: ["Attachment", "AppCookieStickinessPolicy", "LoadBalancerCookieStickinessPolicy", "LoadBalancerBackendServerPolicy"], why: "instance attachment and stickiness; listeners and TLS negotiation are judged elsewhere" },
    apigateway: {
        kinds: ["Account", "ApiKey", "BasePathMapping", "ClientCertificate", "Deployment", "DocumentationPart", "DocumentationVersion", "DomainNameAccessAssociation", "Integration", "IntegrationResponse", "MethodResponse", "MethodSettings", "Model", "RequestValidator", "Resource", "Response", "GatewayResponse", "Stage", "UsagePlan", "UsagePlanKey", "VpcLink", "Authorizer"],
        why: "paths, integrations, stages and documentation; who may call a method is judged on the method (or the API's OpenAPI body), authorizers through the methods that use them",
    },
    apigatewayv2: {
        kinds: ["ApiMapping", "Deployment", "Integration", "IntegrationResponse", "Model", "RouteResponse", "Stage", "VpcLink", "RoutingRule"],
        why: "integrations, stages and mappings; routes, authorizers and domains are judged",
    },
    cloudfront: {
        kinds: ["CachePolicy", "OriginRequestPolicy", "ResponseHeadersPolicy", "OriginAccessIdentity", "OriginAccessControl", "KeyGroup", "PublicKey", "FieldLevelEncryptionConfig", "FieldLevelEncryptionProfile", "RealtimeLogConfig", "MonitoringSubscription", "ContinuousDeploymentPolicy", "KeyValueStore", "KeyvaluestoreKey", "KeyvaluestoreKeysExclusive", "VpcOrigin", "AnycastIpList", "TrustStore", "Function", "ConnectionFunction", "ConnectionGroup"],
        why: "policies, keys and functions attached to a distribution; viewer protocol, origins and TLS live on the distribution",
    },
    auth0: {
        kinds: [
            "Action", "ActionModule", "AttackProtection", "Branding", "BrandingPhoneNotificationTemplate", "BrandingTheme", "ClientCredentials", "Connection", "ConnectionClient", "ConnectionClients",
            "ConnectionDirectory", "ConnectionDirectorySynchronizedGroups", "ConnectionKeys", "ConnectionProfile", "ConnectionScimConfiguration", "ConnectionScimToken", "CustomDomainDefault",
            "CustomDomainVerification", "EmailProvider", "EmailTemplate", "EncryptionKeyManager", "EventStream", "Flow", "FlowVaultConnection", "Form", "Guardian", "Hook", "LogStream", "NetworkAcl",
            "Organization", "OrganizationConnection", "OrganizationConnections", "OrganizationDiscoveryDomain", "OrganizationDiscoveryDomains", "OrganizationMember", "OrganizationMemberRole",
            "OrganizationMemberRoles", "OrganizationMembers", "Pages", "PhoneNotificationTemplate", "PhoneProvider", "Prompt", "PromptCustomText", "PromptPartials", "PromptScreenPartial",
            "PromptScreenPartials", "PromptScreenRenderer", "RateLimitPolicy", "RiskAssessments", "RiskAssessmentsNewDevice", "Role", "Rule", "RuleConfig", "SelfServiceProfile",
            "SelfServiceProfileCustomText", "SupplementalSignals", "Tenant", "TriggerAction", "TriggerActions", "User", "UserAttributeProfile", "UserRole", "UserRoles",
        ],
        why: "tenant, login-page, connection, user and organization settings: outside what edge-auth verifies (clients, grants, APIs, scopes, custom domains)",
    },
};

/** The kind of a type token: `aws:lb/listener:Listener` → `Listener`, `aws-native:cloudfront:Distribution` → `Distribution`. */
function kindOf(type: string): string {
    return type.slice(type.lastIndexOf(":") + 1);
}

/**
 * Whether `type` belongs to an edge family, is not reviewed as harmless, and no rule judges it:
 * returns its family module, else undefined.
 */
export function unjudgedEdgeType(type: string, judged: ReadonlySet<string>): string | undefined {
    const family = FAMILIES.find((f) => type.startsWith(f.prefix));
    if (!family || judged.has(type) || judged.has(judgedAs(type)) || HARMLESS[family.module].kinds.includes(kindOf(type))) {
        return undefined;
    }
    return family.module;
}

/** Why the harmless kinds of a module need no rule (README and messages). */
export function harmlessKinds(): Record<string, { kinds: readonly string[]; why: string }> {
    return HARMLESS;
}
