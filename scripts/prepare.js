#!/usr/bin/env node
/**
 * npm's `prepare` hook: builds dist/ (JavaScript, .d.ts, Lambda bundles). npm runs it after
 * `npm ci`/`npm install` here, before `npm pack`/`npm publish`, and when a consumer installs
 * from a git URL (after installing devDependencies into the clone) or from a folder. A folder
 * install does NOT install the folder's devDependencies, so the build tools are installed here
 * first, from the lockfile, when they are missing. Plain JavaScript: it must run before any of
 * the tools it installs.
 */
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const BUILD_TOOLS = ["typescript", "esbuild", "ts-node", "@pulumi/pulumi", "@pulumi/aws", "@pulumi/auth0", "aws-jwt-verify"];

/** Whether `node_modules/<id>` exists here or above (not require.resolve: some packages do not export package.json). */
function installed(id) {
    for (let dir = root; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "node_modules", id, "package.json"))) {
            return true;
        }
        if (path.dirname(dir) === dir) {
            return false;
        }
    }
}

function missingTools() {
    return BUILD_TOOLS.filter((id) => !installed(id));
}

function run(args) {
    const result = spawnSync(npm, args, { cwd: root, stdio: "inherit", env: { ...process.env, npm_config_omit: "" } });
    if (result.status !== 0) {
        console.error(`edge-auth prepare: "npm ${args.join(" ")}" failed in ${root} (exit ${result.status ?? result.signal}).`);
        process.exit(result.status || 1);
    }
}

const missing = missingTools();
let installedTools = false;
if (missing.length > 0) {
    console.log(`edge-auth prepare: installing the build tools (${missing.join(", ")} missing) from package-lock.json`);
    // --ignore-scripts: this package's own prepare would otherwise run again, recursively.
    run(["ci", "--include=dev", "--ignore-scripts", "--no-audit", "--no-fund"]);
    installedTools = true;
}
run(["run", "build"]);

// `npm install <folder>` links the folder: Node then resolves edge-auth's @pulumi/* from the
// folder's own node_modules, a second Pulumi runtime next to the program's. A copy avoids that.
const linked = process.env.npm_command === "install" && process.env.INIT_CWD && path.resolve(process.env.INIT_CWD) !== root
    && process.env.npm_config_install_links !== "true" && !root.split(path.sep).includes("node_modules");
if (linked && installedTools) {
    console.warn([
        `edge-auth prepare: built in ${root}, which npm links into ${process.env.INIT_CWD}/node_modules.`,
        "A linked edge-auth loads @pulumi/* from its own node_modules: two Pulumi runtimes in one program.",
        `Fix: install a copy instead: npm install --install-links ${root}`,
    ].join("\n"));
}
