/**
 * Replace-on-change properties of every resource type edge-auth creates, as the providers
 * declare them. @pulumi/auth0 3.49 and @pulumi/aws 7.48 bridge the Terraform providers, whose
 * schema marks such attributes `ForceNew: true` (SDKv2) or with a `RequiresReplace` plan
 * modifier (plugin framework); the bridge turns both into a replacement. Names below are the
 * Pulumi (camelCase) property names.
 *
 * Sources (one per entry, `source`), at the installed versions:
 * - auth0: github.com/auth0/terraform-provider-auth0 at tag v1.53.0
 *   (7ab86e5310e6553889f5eef35dcbd6aa4dd1546b), the version @pulumi/auth0 3.49 bridges; every
 *   auth0 entry was read there (the earlier citation, a00b692, is a later commit whose Role has
 *   ForceNew `type`/`owner_id` that v1.53.0 does not have).
 * - aws: github.com/hashicorp/terraform-provider-aws v6, which @pulumi/aws 7.48 bridges
 *   (pulumi/pulumi-aws#6392 moved it to upstream v6.46.0; the pulumi-aws tree at the 7.48 tag
 *   is too large to fetch here to pin the exact upstream commit). Entries marked "read at
 *   <commit>" were read at that terraform-provider-aws commit for this table; the attributes
 *   cited keep their ForceNew flag across v6. The others state the ForceNew set of the named file
 *   and were not re-read.
 *
 * A type missing here makes the simulator fail loudly rather than guess.
 */

export interface ReplaceRule {
    /** Top-level input properties whose change replaces the resource. */
    replaceOnChange: readonly string[];
    /** Where the provider declares it. */
    source: string;
    /**
     * Name-like inputs (names, identifiers; see test/support/providerTypings.ts) the provider
     * updates in place: a change of them is an update, and the table says so explicitly.
     */
    updatesInPlace?: readonly string[];
    /**
     * Inputs the provider fills itself when the program leaves them out (autonames). Only then
     * does the simulator ignore them (the logical name may change, the autoname stays); a name
     * the program sets explicitly is compared like any input, and replaces when it changes.
     */
    autonamed?: readonly string[];
}

const AUTH0 = "auth0/terraform-provider-auth0@v1.53.0 (7ab86e5310e6553889f5eef35dcbd6aa4dd1546b)";
const AWS = "hashicorp/terraform-provider-aws v6 (bridged by @pulumi/aws 7.48)";

export const REPLACE_ON_CHANGE: Readonly<Record<string, ReplaceRule>> = {
    // --- Auth0 ---
    "auth0:index/resourceServer:ResourceServer": {
        replaceOnChange: ["identifier"],
        updatesInPlace: ["name"],
        source: `${AUTH0} internal/auth0/resourceserver/resource.go: "identifier" ForceNew ("Cannot be changed once set"); "name" Optional+Computed, updated in place`,
    },
    "auth0:index/resourceServerScopes:ResourceServerScopes": {
        replaceOnChange: ["resourceServerIdentifier"],
        source: `${AUTH0} internal/auth0/resourceserver/resource_scopes.go: "resource_server_identifier" ForceNew`,
    },
    "auth0:index/role:Role": {
        // A role is a name and a description; its link to an API lives in RolePermissions.
        replaceOnChange: [],
        updatesInPlace: ["name"],
        source: `${AUTH0} internal/auth0/role/resource.go: schema "name" (Required) and "description" only, neither ForceNew (updateRole)`,
    },
    "auth0:index/rolePermissions:RolePermissions": {
        replaceOnChange: ["roleId"],
        source: `${AUTH0} internal/auth0/role/resource_permissions.go: "role_id" ForceNew`,
    },
    "auth0:index/client:Client": {
        replaceOnChange: [],
        updatesInPlace: ["name"],
        source: `${AUTH0} internal/auth0/client/resource.go: only jwt_configuration.secret_encoded is ForceNew (edge-auth never sets it); "name" updated in place`,
    },
    "auth0:index/clientCredentials:ClientCredentials": {
        replaceOnChange: ["clientId"],
        source: `${AUTH0} internal/auth0/client/resource_credentials_schema.go: "client_id" ForceNew`,
    },
    "auth0:index/clientGrant:ClientGrant": {
        replaceOnChange: ["clientId", "audience", "subjectType"],
        source: `${AUTH0} internal/auth0/client/resource_grant.go: "client_id", "audience", "subject_type" (and "default_for", unused) ForceNew`,
    },
    "auth0:index/action:Action": {
        replaceOnChange: [],
        updatesInPlace: ["name"],
        source: `${AUTH0} internal/auth0/action/resource.go: no ForceNew attribute (code, name, triggers update in place)`,
    },
    "auth0:index/triggerActions:TriggerActions": {
        replaceOnChange: ["trigger"],
        source: `${AUTH0} internal/auth0/action/resource_trigger_actions.go: "trigger" ForceNew; its delete writes an empty binding list`,
    },
    // --- AWS: load balancing ---
    "aws:lb/loadBalancer:LoadBalancer": {
        replaceOnChange: ["name", "namePrefix", "internal", "loadBalancerType"],
        source: `${AWS} internal/service/elbv2/load_balancer.go: name, name_prefix, internal, load_balancer_type ForceNew`,
        autonamed: ["name"],
    },
    "aws:lb/listener:Listener": {
        replaceOnChange: ["loadBalancerArn"],
        source: `${AWS} internal/service/elbv2/listener.go: load_balancer_arn ForceNew`,
    },
    "aws:lb/listenerRule:ListenerRule": {
        // priority, conditions and actions update in place (ModifyRule / SetRulePriorities).
        replaceOnChange: ["listenerArn"],
        source: `${AWS}@032c4f076a6cb8e54a85cb60f237cb80ab18b36b internal/service/elbv2/listener_rule.go: listener_arn ForceNew; priority "ForceNew: false" (SetRulePriorities) (read)`,
    },
    "aws:lb/targetGroup:TargetGroup": {
        replaceOnChange: ["name", "namePrefix", "port", "protocol", "protocolVersion", "vpcId", "targetType", "ipAddressType"],
        source: `${AWS} internal/service/elbv2/target_group.go: name, name_prefix, port, protocol, protocol_version, vpc_id, target_type, ip_address_type ForceNew`,
        autonamed: ["name"],
    },
    "aws:lb/targetGroupAttachment:TargetGroupAttachment": {
        replaceOnChange: ["targetGroupArn", "targetId", "port", "availabilityZone"],
        source: `${AWS} internal/service/elbv2/target_group_attachment.go: every argument ForceNew`,
    },
    // --- AWS: network ---
    "aws:ec2/securityGroup:SecurityGroup": {
        replaceOnChange: ["name", "namePrefix", "description", "vpcId"],
        source: `${AWS} internal/service/ec2/vpc_security_group.go: name, name_prefix, description, vpc_id ForceNew`,
        autonamed: ["name"],
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
        replaceOnChange: ["securityGroupId"],
        source: `${AWS} internal/service/ec2/vpc_security_group_ingress_rule.go (framework): security_group_id RequiresReplace`,
    },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
        replaceOnChange: ["securityGroupId"],
        source: `${AWS} internal/service/ec2/vpc_security_group_ingress_rule.go (shared egress schema): security_group_id RequiresReplace`,
    },
    "awsx:ec2:Vpc": {
        // A remote component: one opaque resource under mocks (see DOMAIN.md).
        replaceOnChange: [],
        source: "pulumi/pulumi-awsx: component resource, never replaced itself",
    },
    // --- AWS: Lambda and IAM ---
    "aws:lambda/function:Function": {
        replaceOnChange: ["name", "packageType"],
        source: `${AWS} internal/service/lambda/function.go: function_name, package_type ForceNew`,
        autonamed: ["name"],
    },
    "aws:lambda/permission:Permission": {
        replaceOnChange: ["action", "function", "principal", "sourceArn", "sourceAccount", "statementId", "statementIdPrefix", "qualifier", "eventSourceToken", "principalOrgId", "functionUrlAuthType"],
        source: `${AWS} internal/service/lambda/permission.go: every argument ForceNew`,
        autonamed: ["statementId"],
    },
    "aws:iam/role:Role": {
        replaceOnChange: ["name", "namePrefix", "path"],
        source: `${AWS} internal/service/iam/role.go: name, name_prefix, path ForceNew`,
        autonamed: ["name"],
    },
    "aws:iam/rolePolicy:RolePolicy": {
        replaceOnChange: ["name", "namePrefix", "role"],
        source: `${AWS} internal/service/iam/role_policy.go: name, name_prefix, role ForceNew`,
        autonamed: ["name"],
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        replaceOnChange: ["role", "policyArn"],
        source: `${AWS} internal/service/iam/role_policy_attachment.go: role, policy_arn ForceNew`,
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        // The REST authorizer names its group explicitly: a changed name replaces the group (and its logs).
        replaceOnChange: ["name", "namePrefix", "logGroupClass"],
        source: `${AWS} internal/service/logs/group.go: name, name_prefix, log_group_class ForceNew (read at 0073593e7d6993ba482409f4dc35438daaa79bb3)`,
        autonamed: ["name"],
    },
    // --- AWS: API Gateway v2 (HTTP APIs) ---
    "aws:apigatewayv2/api:Api": {
        replaceOnChange: ["protocolType"],
        updatesInPlace: ["name"],
        source: `${AWS} internal/service/apigatewayv2/api.go: protocol_type ForceNew; name Required, not ForceNew (UpdateApi)`,
    },
    "aws:apigatewayv2/authorizer:Authorizer": {
        replaceOnChange: ["apiId"],
        updatesInPlace: ["name"],
        source: `${AWS} internal/service/apigatewayv2/authorizer.go: api_id ForceNew; name Required, not ForceNew (UpdateAuthorizer)`,
    },
    "aws:apigatewayv2/integration:Integration": {
        replaceOnChange: ["apiId", "integrationType"],
        source: `${AWS} internal/service/apigatewayv2/integration.go: api_id, integration_type ForceNew`,
    },
    "aws:apigatewayv2/route:Route": {
        replaceOnChange: ["apiId"],
        source: `${AWS} internal/service/apigatewayv2/route.go: api_id ForceNew`,
    },
    "aws:apigatewayv2/stage:Stage": {
        replaceOnChange: ["apiId", "name"],
        source: `${AWS} internal/service/apigatewayv2/stage.go: api_id, name ForceNew`,
    },
    "aws:apigatewayv2/domainName:DomainName": {
        replaceOnChange: ["domainName"],
        source: `${AWS} internal/service/apigatewayv2/domain_name.go: domain_name ForceNew`,
    },
    "aws:apigatewayv2/apiMapping:ApiMapping": {
        replaceOnChange: ["apiId", "domainName"],
        source: `${AWS}@0576a14249ed15cfe6fd3c42417782b845e8a12b internal/service/apigatewayv2/api_mapping.go: api_id, domain_name ForceNew (read)`,
    },
    // --- AWS: API Gateway v1 (REST APIs) ---
    "aws:apigateway/restApi:RestApi": {
        replaceOnChange: [],
        updatesInPlace: ["name"],
        source: `${AWS} internal/service/apigateway/rest_api.go: no ForceNew argument; name Required, patched in place ("/name" replace) (read at 00a35305dc1b297a6fcdecdfbba33f1e63c3da39)`,
    },
    "aws:apigateway/resource:Resource": {
        replaceOnChange: ["restApi"],
        source: `${AWS}@06739b22cee5cb2a12cc0ca4458e3f84767869af internal/service/apigateway/resource.go: rest_api_id ForceNew; parent_id, path_part patched in place (read)`,
    },
    "aws:apigateway/method:Method": {
        replaceOnChange: ["restApi", "resourceId", "httpMethod"],
        source: `${AWS} internal/service/apigateway/method.go: rest_api_id, resource_id, http_method ForceNew`,
    },
    "aws:apigateway/integration:Integration": {
        replaceOnChange: ["restApi", "resourceId", "httpMethod"],
        source: `${AWS} internal/service/apigateway/integration.go: rest_api_id, resource_id, http_method ForceNew`,
    },
    "aws:apigateway/authorizer:Authorizer": {
        replaceOnChange: ["restApi"],
        updatesInPlace: ["name"],
        source: `${AWS} internal/service/apigateway/authorizer.go: rest_api_id ForceNew; name Required, patched in place ("/name" replace) (read at 050ac11163cab8cdae5936a7f40b0e528ff780df)`,
    },
    "aws:apigateway/deployment:Deployment": {
        replaceOnChange: ["restApi", "triggers", "variables"],
        source: `${AWS}@00a35305dc1b297a6fcdecdfbba33f1e63c3da39 internal/service/apigateway/deployment.go: rest_api_id, triggers, variables ForceNew; only description updates (read)`,
    },
    "aws:apigateway/stage:Stage": {
        replaceOnChange: ["restApi", "stageName"],
        source: `${AWS} internal/service/apigateway/stage.go: rest_api_id, stage_name ForceNew`,
    },
};

/**
 * Values a cloud API keeps unique across live resources. Two resources holding one value at the
 * same moment fail the second write, and Pulumi's order (creates and updates during the run,
 * deletes at the end, updates of independent resources in parallel) decides whether that
 * moment exists.
 */
export interface UniqueKey {
    /** The unique value of a resource's inputs, or undefined when it has none. */
    key(inputs: Record<string, unknown>): string | undefined;
    /** What happens when a write meets a live holder. */
    effect: string;
}

export const UNIQUE_KEYS: Readonly<Record<string, UniqueKey>> = {
    "auth0:index/resourceServer:ResourceServer": {
        key: (i) => (typeof i.identifier === "string" ? `identifier ${i.identifier}` : undefined),
        effect: "Auth0 answers 409 (an API with this identifier exists), because the old one is deleted only after the new one is created: the update fails half-way",
    },
    "auth0:index/triggerActions:TriggerActions": {
        key: (i) => (typeof i.trigger === "string" ? `trigger ${i.trigger}` : undefined),
        effect: "the old binding's delete runs after the new one is written and writes an empty binding list: the tenant's post-login flow is left empty (role gates, claims and scopes unbound) while the state shows them bound",
    },
    "auth0:index/role:Role": {
        // Added by i21b (issue 21): a role recreated under a new key with the same name.
        key: (i) => (typeof i.name === "string" ? `role name ${JSON.stringify(i.name)}` : undefined),
        effect: "roles are tenant-wide and named: a second role with a live role's name is suspected to be refused (409), and if not, role gates (which match names) see two roles while the old one's members are lost with it. Keep the role's old key (`key`) so it is updated in place",
    },
    "aws:lb/listenerRule:ListenerRule": {
        key: (i) => (typeof i.listenerArn === "string" && typeof i.priority === "number" ? `priority ${i.priority} on ${i.listenerArn}` : undefined),
        effect: "AWS refuses a priority another rule of the listener still holds (PriorityInUse): rules that swap priorities in one update fail it; move the component's base priority to a free range instead",
    },
};
