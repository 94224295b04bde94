// Serves the edge-auth policies to the Pulumi engine: `pulumi preview --policy-pack policies`.
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./pack";

new PolicyPack(PACK_NAME, { policies, enforcementLevel: "mandatory" });
