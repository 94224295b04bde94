import { strict as assert } from "assert";
import * as path from "path";
import { buildSync } from "esbuild";

/** Target-side helpers run inside Lambdas and containers: they must not drag Pulumi along. */
describe("ALB runtime helpers bundle", () => {
    for (const file of ["verifyOidcData.ts", "logout.ts"]) {
        it(`GIVEN components/alb/${file} WHEN bundled for Node THEN no Pulumi code is included and the bundle stays small`, () => {
            const result = buildSync({
                entryPoints: [path.join(__dirname, "../../components/alb", file)],
                bundle: true, minify: true, platform: "node", target: "node20", write: false, metafile: true, logLevel: "silent",
            });
            const inputs = Object.keys(result.metafile!.inputs);
            assert.deepEqual(inputs.filter((input) => input.includes("@pulumi")), []);
            const size = result.outputFiles![0].contents.length;
            assert.ok(size < 60_000, `bundle is ${size} bytes`);
        });
    }
});
