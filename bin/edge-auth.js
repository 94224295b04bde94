#!/usr/bin/env node
// `npx edge-auth check <program-dir> --stack <name> ...` (scripts/check/index.ts), from a clone of
// this repository with `npm ci` run at its root (the policy pack in policies/ is started from there).
// Plain JavaScript so that npx can start it; the command's TypeScript is only transpiled, as
// components/provider/plugin.js does, since type-checking is `npm run typecheck`'s job.
"use strict";
const fs = require("fs");
const path = require("path");

const [command, ...args] = process.argv.slice(2);
if (command !== "check") {
    console.error(`${command === undefined ? "no command given" : `unknown command "${command}"`}. usage: edge-auth check <program-dir> --stack <name> [options]; the options are in policies/README.md, "Check any program offline"`);
    process.exit(2);
}
// The npm package ships the components only (package.json `files`): not the pack or this command.
const entry = path.join(__dirname, "..", "scripts", "check", "index.ts");
if (!fs.existsSync(entry) || !fs.existsSync(path.join(__dirname, "..", "policies", "PulumiPolicy.yaml"))) {
    console.error("cannot evaluate: edge-auth check runs from a clone of the edge-auth repository, not from the installed npm package "
        + "(which holds the components only). Fix: git clone the repository, run `npm ci` at its root and in policies/, then "
        + "`node <clone>/bin/edge-auth.js check <program-dir> --stack <name>` (policies/README.md, \"Check any program offline\")");
    process.exit(2);
}
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
require(entry).main(args).then(
    (code) => process.exit(code),
    (err) => {
        console.error(err instanceof Error ? err.stack : err);
        process.exit(2);
    },
);
