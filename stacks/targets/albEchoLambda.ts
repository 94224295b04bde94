// Lambda entry point of the ALB echo target: configured at cold start, so a missing variable
// fails the first invocation with the verifier's message instead of every request with a 500.
import { configFromEnv, createEchoHandler } from "./albEcho";

export const handler = createEchoHandler(configFromEnv(process.env));
