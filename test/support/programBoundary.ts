/**
 * Mocha root hook: under mocks each test is its own program for the rules that hold per program
 * (one post-login flow per tenant, role gates enforced by that flow). Tests that run several
 * programs in one test call startProgram() (programState.ts) between them.
 */
import { resetFlowOwnership } from "../../components/auth0/flowOwnership";

export const mochaHooks = {
    beforeEach(): void {
        resetFlowOwnership();
    },
};
