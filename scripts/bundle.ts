/**
 * Bundles the Lambda handlers shipped in the package with esbuild: minified, platform node,
 * target node22 (the runtime the components deploy). Output goes under `dist/bundles/`, where
 * components resolve it from both the TypeScript sources and the compiled `dist/`, and where
 * tests load it: the file tests run is the file that is deployed.
 *
 * Add a line to BUNDLES for another handler.
 */
import * as path from "path";
import { buildSync } from "esbuild";

export const PACKAGE_ROOT = path.resolve(__dirname, "..");

/** Handler entry points and the bundle directory each is written to (as `index.js`). */
export const BUNDLES: Record<string, string> = {
    "rest-authorizer": "components/apigateway/runtime/restAuthorizer.ts",
    // The reference stack's ALB target (stacks/systems/opsAlb.ts); not part of the published package.
    "alb-echo": "stacks/targets/albEchoLambda.ts",
};

export function bundle(name: string, entry: string): { file: string; bytes: number } {
    const outfile = path.join(PACKAGE_ROOT, "dist", "bundles", name, "index.js");
    const result = buildSync({
        entryPoints: [path.join(PACKAGE_ROOT, entry)],
        outfile,
        bundle: true,
        minify: true,
        platform: "node",
        target: "node22",
        format: "cjs",
        // The Lambda runtime provides no packages beyond Node's own: bundle everything.
        packages: "bundle",
        legalComments: "none",
        // Keeps error class names (JwtExpiredError...), which the handler logs as the reason.
        keepNames: true,
        metafile: true,
        logLevel: "warning",
    });
    return { file: outfile, bytes: result.metafile.outputs[path.relative(process.cwd(), outfile)]?.bytes ?? 0 };
}

if (require.main === module) {
    for (const [name, entry] of Object.entries(BUNDLES)) {
        const { file, bytes } = bundle(name, entry);
        console.log(`bundled ${entry} -> ${path.relative(PACKAGE_ROOT, file)} (${bytes} bytes)`);
    }
}
