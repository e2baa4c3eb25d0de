#!/usr/bin/env bash
# Packages build/extension/ into build/packages/: store zip (no "key"), signed CRX3 + updates.xml, Firefox XPI; same inputs give the same bytes.
#
# Environment:
#   POSTCHECK_EXTENSION_DIR    unpacked extension to package (default build/extension, made by scripts/build.sh)
#   POSTCHECK_PACKAGES_DIR     output folder (default build/packages)
#   POSTCHECK_CRX_KEY          RSA key that signs the CRX and so fixes the self-hosted id
#                              (default ~/.config/postcheck/crx-key.pem, created on first use; never inside the repo)
#   POSTCHECK_UPDATE_BASE_URL  where the Trust serves the CRX and updates.xml, e.g. https://apps.trust.nhs.uk/postcheck
# The version is the one in the extension's manifest.json: nothing here repeats it.
set -euo pipefail
cd "$(dirname "$0")/.."
src=${POSTCHECK_EXTENSION_DIR:-build/extension}
out=${POSTCHECK_PACKAGES_DIR:-build/packages}
# Only a release build ships: pack.mjs refuses the test build (open shadow roots, admin override in storage.local,
# 127.0.0.1 access; scripts/package/release_check.mjs says why).
exec node scripts/package/pack.mjs "$src" "$out"
