// Entry point of the edge-auth plugin (PulumiPlugin.yaml `runtime: nodejs`, package.json `main`).
// Pulumi's plugin host (@pulumi/pulumi/cmd/run-plugin) requires the package folder, which loads
// this file, and calls the function it exports.
//
// Why JavaScript: run-plugin registers ts-node with type checking for every .ts file, and type
// checking these sources means parsing @pulumi/aws's typings (11 MB) on each boot, well over ten
// seconds. The sources are type-checked by `npm run typecheck`; here they are only transpiled.
// Loading this file does nothing by itself, so requiring the package by its folder starts no server.
"use strict";
const path = require("path");

module.exports = function serveEdgeAuthPlugin() {
    const tsNode = require("ts-node");
    // Turn the host's type-checking instance off (it would still compile every .ts file first),
    // then compile with a transpile-only one.
    process[tsNode.REGISTER_INSTANCE]?.enabled(false);
    tsNode.register({ transpileOnly: true, project: path.join(__dirname, "..", "..", "tsconfig.json") });
    return require("./host").serve();
};
