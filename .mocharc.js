"use strict";
// `npx mocha test/a.test.ts` runs only the files named; `npm test` (no files) runs the whole suite.
// Mocha appends positional files to `spec`, so the default spec is left out when files are named.
const named = process.argv.slice(2).some((arg) => /\.test\.ts$/.test(arg) && !arg.startsWith("-"));

module.exports = {
  require: [
    "ts-node/register/transpile-only",
    "./test/support/fastcheck.ts",
    "./test/support/programBoundary.ts",
  ],
  extension: ["ts"],
  ...(named ? {} : { spec: ["test/**/*.test.ts"] }),
  timeout: 30000,
  exit: true,
  reporter: "./test/support/reporter.js",
};
