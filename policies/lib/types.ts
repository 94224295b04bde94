/**
 * Type tokens the rules judge. `aws:alb/*` are aliases of `aws:lb/*`: programs (and
 * @pulumi/awsguard) use both, so every load-balancer rule matches both.
 */
const both = (resource: string): string[] => [`aws:lb/${resource}`, `aws:alb/${resource}`];

export const LISTENER = new Set(both("listener:Listener"));
export const LISTENER_RULE = new Set(both("listenerRule:ListenerRule"));
export const LOAD_BALANCER = new Set(both("loadBalancer:LoadBalancer"));
export const HTTP_API = "aws:apigatewayv2/api:Api";
export const HTTP_API_AUTHORIZER = "aws:apigatewayv2/authorizer:Authorizer";
export const HTTP_API_ROUTE = "aws:apigatewayv2/route:Route";
export const HTTP_API_DOMAIN = "aws:apigatewayv2/domainName:DomainName";
export const REST_API = "aws:apigateway/restApi:RestApi";
export const REST_METHOD = "aws:apigateway/method:Method";
export const REST_DOMAIN = "aws:apigateway/domainName:DomainName";
export const AUTH0_CLIENT = "auth0:index/client:Client";
export const AUTH0_CLIENT_GRANT = "auth0:index/clientGrant:ClientGrant";
export const AUTH0_RESOURCE_SERVER = "auth0:index/resourceServer:ResourceServer";
export const AUTH0_SCOPES = "auth0:index/resourceServerScopes:ResourceServerScopes";
export const AUTH0_SCOPE = "auth0:index/resourceServerScope:ResourceServerScope";
export const AUTH0_CUSTOM_DOMAIN = "auth0:index/customDomain:CustomDomain";
export const AUTH0_PROVIDER = "pulumi:providers:auth0";
/** The tenant's settings (tenant-wide logout URLs, default login route). */
export const AUTH0_TENANT = "auth0:index/tenant:Tenant";
export const TARGET_GROUP = new Set(both("targetGroup:TargetGroup"));
export const AUTH0_CLIENT_CIMD = "auth0:index/clientCimd:ClientCimd";
export const CLOUDFRONT_DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
export const LAMBDA_FUNCTION_URL = "aws:lambda/functionUrl:FunctionUrl";
export const LAMBDA_PERMISSION = "aws:lambda/permission:Permission";
/** Classic ELB: `aws:elasticloadbalancing/*` is the legacy alias of `aws:elb/*`. */
const classic = (resource: string): string[] => [`aws:elb/${resource}`, `aws:elasticloadbalancing/${resource}`];
export const CLASSIC_ELB = new Set(classic("loadBalancer:LoadBalancer"));
export const CLASSIC_ELB_POLICY = new Set(classic("loadBalancerPolicy:LoadBalancerPolicy"));
export const CLASSIC_ELB_LISTENER_POLICY = new Set(classic("listenerPolicy:ListenerPolicy"));
export const CLASSIC_ELB_SSL_POLICY = new Set(classic("sslNegotiationPolicy:SslNegotiationPolicy"));
