/**
 * Program boundaries for tests that run several programs in one process. Under the Pulumi
 * runtime a program is a process; a few rules hold per program (one post-login flow per tenant,
 * listener priorities, adopted security groups), so a new program starts from a clean slate.
 */
import { resetAdoptedGroups } from "../../components/alb/HttpsLoadBalancer";
import { resetPriorities } from "../../components/alb/priorities";
import { resetFlowOwnership } from "../../components/auth0/flowOwnership";
import { clearRecords } from "./mocks";

/** Forgets the previous program: recorded resources and every per-program registry. */
export function startProgram(): void {
    clearRecords();
    resetFlowOwnership();
    resetPriorities();
    resetAdoptedGroups();
}
