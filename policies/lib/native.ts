/**
 * `aws-native` resources seen as their `aws` classic equivalents, so every rule judges both with
 * the same predicates (no copies). aws-native properties are CloudFormation's names in camel case
 * (`defaultActions[].authenticateOidcConfig`, `forwardConfig.targetGroups[].targetGroupArn`,
 * `Method.authorizationType`); this module renames them to the classic names the rules read and
 * leaves everything else, unknowns included, as it is.
 *
 * Sources (property names):
 * - pulumi/pulumi-aws-native sdk/nodejs/elasticloadbalancingv2/listener.ts (`listenerArn` output,
 *   `defaultActions`, `sslPolicy`, `protocol`), and the CloudFormation reference the schema is
 *   generated from: AWS::ElasticLoadBalancingV2::Listener Action (`AuthenticateOidcConfig`,
 *   `JwtValidationConfig` {Issuer, JwksEndpoint, AdditionalClaims}, `ForwardConfig`,
 *   `RedirectConfig`, `FixedResponseConfig`), ListenerRule RuleCondition (`HostHeaderConfig`,
 *   `PathPatternConfig`, legacy `Field` + `Values`), AWS::ApiGateway::Method (`AuthorizationType`,
 *   `AuthorizerId`, `RestApiId`), AWS::ApiGatewayV2::Route (same names as classic) and
 *   AWS::ApiGatewayV2::Authorizer (`JwtConfiguration.Audience`, `IdentitySource`),
 *   AWS::ApiGatewayV2::DomainName (`DomainNameConfigurations[]`), AWS::ApiGateway::DomainName
 *   (`SecurityPolicy`, `EndpointConfiguration.Types[]`), AWS::ApiGatewayV2::Api (`CorsConfiguration`, `Target`):
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-elasticloadbalancingv2-listener-action.html
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-elasticloadbalancingv2-listener-jwtvalidationconfig.html
 */
import { asObject, isUnknown, Props } from "./plain";

type Mapper = (props: Props) => Props;

interface NativeType {
    /** The classic token the rules judge it as. */
    classic: string;
    props: Mapper;
    /** Renamed top-level keys, so the engine's property dependencies follow the rename. */
    renamed: Record<string, string>;
}

function renameKeys(object: Props, names: Record<string, string>): Props {
    const out: Props = {};
    for (const [key, value] of Object.entries(object)) {
        out[names[key] ?? key] = value;
    }
    return out;
}

/** A list mapped element-wise, kept as is when unknown or absent. */
function mapList(value: unknown, map: (item: Props) => Props): unknown {
    if (isUnknown(value) || !Array.isArray(value)) {
        return value;
    }
    return value.map((item) => {
        const object = asObject(item);
        return object ? map(object) : item;
    });
}

const ACTION_BLOCKS = {
    authenticateOidcConfig: "authenticateOidc",
    authenticateCognitoConfig: "authenticateCognito",
    jwtValidationConfig: "jwtValidation",
    redirectConfig: "redirect",
    fixedResponseConfig: "fixedResponse",
    forwardConfig: "forward",
};

function action(native: Props): Props {
    const out = renameKeys(native, ACTION_BLOCKS);
    const forward = asObject(out.forward);
    if (forward) {
        out.forward = {
            ...forward,
            targetGroups: mapList(forward.targetGroups, (tg) => renameKeys(tg, { targetGroupArn: "arn" })),
        };
    }
    return out;
}

const CONDITION_BLOCKS = {
    hostHeaderConfig: "hostHeader",
    pathPatternConfig: "pathPattern",
    httpHeaderConfig: "httpHeader",
    httpRequestMethodConfig: "httpRequestMethod",
    queryStringConfig: "queryString",
    sourceIpConfig: "sourceIp",
};

/** A condition, also in the legacy `{ field: "host-header", values }` form. */
function condition(native: Props): Props {
    const out = renameKeys(native, CONDITION_BLOCKS);
    const legacy: Record<string, string> = { "host-header": "hostHeader", "path-pattern": "pathPattern" };
    const field = typeof out.field === "string" ? legacy[out.field] : undefined;
    if (field && out[field] === undefined && out.values !== undefined) {
        out[field] = { values: out.values };
    }
    return out;
}

/** Copies an output ARN under the classic `arn` name, which lookups index. */
const withArn = (key: string): Mapper => (props) => (props.arn === undefined && props[key] !== undefined ? { ...props, arn: props[key] } : props);

const NATIVE: Record<string, NativeType> = {
    "aws-native:elasticloadbalancingv2:Listener": {
        classic: "aws:lb/listener:Listener",
        renamed: {},
        props: (p) => ({ ...withArn("listenerArn")(p), defaultActions: mapList(p.defaultActions, action) }),
    },
    "aws-native:elasticloadbalancingv2:ListenerRule": {
        classic: "aws:lb/listenerRule:ListenerRule",
        renamed: {},
        props: (p) => ({ ...withArn("ruleArn")(p), actions: mapList(p.actions, action), conditions: mapList(p.conditions, condition) }),
    },
    "aws-native:elasticloadbalancingv2:LoadBalancer": {
        classic: "aws:lb/loadBalancer:LoadBalancer",
        renamed: {},
        props: withArn("loadBalancerArn"),
    },
    "aws-native:elasticloadbalancingv2:TargetGroup": {
        classic: "aws:lb/targetGroup:TargetGroup",
        renamed: {},
        props: withArn("targetGroupArn"),
    },
    "aws-native:apigateway:Method": {
        classic: "aws:apigateway/method:Method",
        renamed: { authorizationType: "authorization", restApiId: "restApi" },
        props: (p) => renameKeys(p, { authorizationType: "authorization", restApiId: "restApi" }),
    },
    "aws-native:apigatewayv2:Api": {
        classic: "aws:apigatewayv2/api:Api",
        renamed: {},
        props: (p) => p,
    },
    // Same names (securityPolicy, endpointConfiguration.types, which the rules read as a list or a string).
    "aws-native:apigateway:DomainName": {
        classic: "aws:apigateway/domainName:DomainName",
        renamed: {},
        props: (p) => p,
    },
    // CloudFormation's DomainNameConfigurations is a list; API Gateway takes one configuration.
    "aws-native:apigatewayv2:DomainName": {
        classic: "aws:apigatewayv2/domainName:DomainName",
        renamed: { domainNameConfigurations: "domainNameConfiguration" },
        props: (p) => {
            const { domainNameConfigurations: list, ...rest } = p;
            return { ...rest, domainNameConfiguration: isUnknown(list) ? list : Array.isArray(list) ? list[0] : undefined };
        },
    },
    "aws-native:apigatewayv2:Route": {
        classic: "aws:apigatewayv2/route:Route",
        renamed: {},
        props: (p) => p,
    },
    "aws-native:apigatewayv2:Authorizer": {
        classic: "aws:apigatewayv2/authorizer:Authorizer",
        renamed: { identitySource: "identitySources" },
        props: (p) => {
            const out = renameKeys(p, { identitySource: "identitySources" });
            const jwt = asObject(out.jwtConfiguration);
            if (jwt) {
                out.jwtConfiguration = renameKeys(jwt, { audience: "audiences" });
            }
            return out;
        },
    },
};

/** The aws-native type tokens judged through their classic equivalents. */
export const judgedTypes: readonly string[] = Object.keys(NATIVE);

/** The classic token an aws-native token is judged as; the token itself otherwise. */
export function judgedAs(type: string): string {
    return NATIVE[type]?.classic ?? type;
}

/** Plain properties as the classic type names them (unchanged for non-native types). */
export function classicProps(type: string, props: Props): Props {
    const native = NATIVE[type];
    return native ? native.props(props) : props;
}

/** The classic name of a top-level property of `type`. */
export function classicKey(type: string, key: string): string {
    return NATIVE[type]?.renamed[key] ?? key;
}
