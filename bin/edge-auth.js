#!/usr/bin/env node
// `npx edge-auth check <program-dir> --stack <name> ...` (scripts/check/index.ts), from a clone of
// this repository with `npm ci` run at its root (the policy pack in policies/ is started from there).
// Plain JavaScript so that npx can start it; the command's TypeScript is only transpiled, as
// components/provider/plugin.js does, since type-checking is `npm run typecheck`'s job.
"use strict";
const path = require("path");

const [command, ...args] = process.argv.slice(2);
if (command !== "check") {
    console.error(`${command === undefined ? "no command given" : `unknown command "${command}"`}. usage: edge-auth check <program-dir> --stack <name> [--config <file>] [--policy-config <file>] [--stack-outputs <file>] [--allow-unevaluated <type>[,<type>]] [--timeout <seconds>] [--format text|json]`);
    process.exit(2);
}
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
require("../scripts/check/index.ts").main(args).then(
    (code) => process.exit(code),
    (err) => {
        console.error(err instanceof Error ? err.stack : err);
        process.exit(2);
    },
);
