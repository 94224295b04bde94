import { Finding, undecided } from "../lib/findings";
import { StackRule } from "../lib/policy";
import { judgedTypes, unjudgedEdgeType } from "../lib/registry";

/**
 * A load balancer, API, distribution or Auth0 resource of a type no rule reads (a classic ELB, an
 * aws-native listener, a RestApiPut) would pass the pack silently. Each is reported as "cannot be
 * decided" with its type and name: advisory where undecidable findings are (dev, staging),
 * blocking where the environment enforces them (prod), unless `undecidedExceptions` names it.
 */
export const unknownEdgeTypes: StackRule = {
    name: "edge-auth-report-unjudged-types",
    description: "Every load balancer, API Gateway, CloudFront or Auth0 resource (classic, current or aws-native provider) is of a type some policy of the pack judges, or is reported as not judged.",
    severity: "high",
    remediation: "Use a resource type the pack judges (e.g. aws.lb.Listener instead of aws-native's, aws.apigateway.RestApi with a body instead of RestApiPut), or review the resource by hand and name it in this policy's undecidedExceptions with the reason.",
    check(stack) {
        const judged = judgedTypes();
        const findings: Finding[] = [];
        for (const resource of stack.all()) {
            const family = unjudgedEdgeType(resource.type, judged);
            if (family) {
                findings.push(undecided(`no policy of the pack judges ${resource.type} "${resource.name}": its edge settings (protocol, TLS, authorization, login) are not checked`, resource.urn));
            }
        }
        return findings;
    },
};
