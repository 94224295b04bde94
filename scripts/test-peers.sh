#!/usr/bin/env bash
# Runs the whole suite against other versions of the peer dependencies, in a throwaway copy of
# the committed tree (needs the npm registry). The lowest versions this passes with are the
# floors of package.json's peerDependencies; `npm test` itself runs the newest (the lockfile).
#   scripts/test-peers.sh                      # the floors declared in package.json
#   scripts/test-peers.sh 3.171.0 7.37.0 3.36.0  # @pulumi/pulumi, @pulumi/aws, @pulumi/auth0
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
floor() { node -p "require('$root/package.json').peerDependencies['$1'].replace(/^[^0-9]*/, '')"; }
pulumi="${1:-$(floor @pulumi/pulumi)}"; aws="${2:-$(floor @pulumi/aws)}"; auth0="${3:-$(floor @pulumi/auth0)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git -C "$root" archive HEAD | tar -x -C "$work"
cd "$work"
node -e '
const fs = require("fs"); const p = require("./package.json");
const [pulumi, aws, auth0] = process.argv.slice(1);
Object.assign(p.devDependencies, { "@pulumi/pulumi": pulumi, "@pulumi/aws": aws, "@pulumi/auth0": auth0 });
fs.writeFileSync("package.json", JSON.stringify(p, null, 2));' "$pulumi" "$aws" "$auth0"
rm -f package-lock.json
echo "testing @pulumi/pulumi@$pulumi @pulumi/aws@$aws @pulumi/auth0@$auth0 in $work"
npm install --no-audit --no-fund --loglevel=error
node -e 'for (const p of ["pulumi", "aws", "auth0"]) console.log(`@pulumi/${p}`, require(`@pulumi/${p}/package.json`).version)'
# The policy-pack harness (test/support/policyHarness.ts) reads computed outputs through the mock
# monitor's getRegisteredResources() and newer analyzer proto fields, which @pulumi/pulumi added
# in 3.247.0: below that, type-check what a consumer compiles (the components; the consumer test
# compiles a program against them too) and skip the tests that go through the harness (policy
# pack, plan, and the consumer test's pack step).
ignore=()
typecheck=(npm run typecheck)
if node -e 'const [a, b] = require("@pulumi/pulumi/package.json").version.split(".").map(Number); process.exit(a === 3 && b < 247 ? 0 : 1)'; then
    echo "@pulumi/pulumi < 3.247: components-only type-check, skipping the tests that run the policy-pack harness"
    for file in $(grep -rl "policyHarness\|scripts/plan" test --include='*.test.ts'); do ignore+=(--ignore "$file"); done
    typecheck=(npx tsc -p tsconfig.build.json --noEmit)
fi
"${typecheck[@]}"
npx mocha "${ignore[@]}"
