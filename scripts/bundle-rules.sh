#!/usr/bin/env bash
# Writes build/rules/bundle.json (or a one-Trust bundle with --trust ID): the rule files verbatim in a fixed order; see scripts/ruleset-bundle.mjs --help.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node scripts/ruleset-bundle.mjs "$@"
