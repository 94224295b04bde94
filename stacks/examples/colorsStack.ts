// A stack program around the seed 003 example (docs/http-api.md): it only supplies settings
// from the stack's config (`colors:appOrigins`, `colors:allowLocalhost`, `auth0:domain`).
import * as pulumi from "@pulumi/pulumi";
import { clientSettings, colorsApi } from "./colorsApi";

const config = new pulumi.Config("colors");
const parts = colorsApi({
    auth0Domain: new pulumi.Config("auth0").require("domain"),
    appOrigins: config.requireObject<string[]>("appOrigins"),
    allowLocalhost: config.getBoolean("allowLocalhost") ?? false,
});
export const browser = clientSettings(parts);
