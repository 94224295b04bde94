/** The split reference stacks: `edge-auth:role` selects the identity or an application stack. */
import { applicationProgram } from "./application";
import { identityProgram } from "./identity";
import { Role, applicationSettings, identitySettings } from "./settings";

export { splitRole } from "./settings";

/** Runs the part of the program the role selects; resolves to the stack's outputs. */
export function splitProgram(role: Role): Promise<Record<string, unknown>> {
    return role === Role.Identity ? identityProgram(identitySettings()) : applicationProgram(applicationSettings());
}
