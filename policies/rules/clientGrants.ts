import { undecided, violation } from "../lib/findings";
import { asList, isUnknown } from "../lib/plain";
import { ResourceRule } from "../lib/policy";
import { AUTH0_CLIENT_GRANT } from "../lib/types";

/** A machine-to-machine grant with no scopes yields tokens no scope-checking route accepts, or all. */
export const grantScopes: ResourceRule = {
    name: "auth0-client-grant-require-scopes",
    description: "Machine-to-machine client grants list the scopes they grant.",
    severity: "medium",
    remediation: "List the scopes the client needs in scopes (e.g. [\"read:colors\"]) and leave allowAllScopes off.",
    types: new Set([AUTH0_CLIENT_GRANT]),
    check({ props }) {
        if (props.allowAllScopes === true) {
            return [violation("allowAllScopes grants every present and future scope of the API")];
        }
        const scopes = asList(props.scopes);
        if (isUnknown(scopes)) {
            return [undecided("scopes is unknown during preview")];
        }
        return scopes.length === 0 ? [violation(`the grant for audience "${String(props.audience)}" lists no scopes`)] : [];
    },
};
