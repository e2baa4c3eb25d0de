#!/usr/bin/env bash
# Packages build/extension/ into build/packages/: store zip (no "key"), signed CRX3 + updates.xml, Firefox XPI; same inputs give the same bytes.
#
# Environment:
#   POSTCHECK_EXTENSION_DIR    unpacked extension to package (default build/extension, made by scripts/build.sh)
#   POSTCHECK_PACKAGES_DIR     output folder (default build/packages)
#   POSTCHECK_CRX_KEY          RSA key that signs the CRX and so fixes the self-hosted id
#                              (default ~/.config/postcheck/crx-key.pem; never inside the repo; made only with --new-crx-key)
#   POSTCHECK_UPDATE_BASE_URL  where the Trust serves the CRX and updates.xml, e.g. https://apps.trust.nhs.uk/postcheck
# The version is the one in the extension's manifest.json: nothing here repeats it.
set -euo pipefail
cd "$(dirname "$0")/.."
usage() {
  cat <<'TXT'
usage: bash scripts/package.sh [--new-crx-key]

Packages the built extension (bash scripts/build.sh first) into build/packages/:
  postcheck-<version>-store.zip   upload to the Chrome Web Store / Edge Add-ons (no "key")
  postcheck-<version>.crx         self-hosted Chrome/Edge package, signed with the CRX key
  updates.xml                     the self-hosted update manifest pointing at that CRX
  postcheck-<version>.xpi         Firefox package (UNSIGNED: have it signed by AMO before hosting it)
  postcheck-latest.xpi            the same bytes, for a Firefox install_url that stays the same
  SHA256SUMS, extension-ids.json  checksums; the self-hosted and Firefox ids

  --new-crx-key   create the CRX signing key if there is none. The key IS the self-hosted
                  extension id: use this once, for the very first self-hosted release, then back the
                  key up. Without it a missing key is an error, never silently a new identity.
  -h, --help      this help

Environment: POSTCHECK_EXTENSION_DIR, POSTCHECK_PACKAGES_DIR, POSTCHECK_CRX_KEY (default
~/.config/postcheck/crx-key.pem), POSTCHECK_UPDATE_BASE_URL (e.g. https://apps.trust.nhs.uk/postcheck).
See docs/admin/README.md, "Self-hosting" and "Firefox".
TXT
}
new_key=0
for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
    --new-crx-key) new_key=1 ;;
    *) echo "package.sh: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
  esac
done
src=${POSTCHECK_EXTENSION_DIR:-build/extension}
out=${POSTCHECK_PACKAGES_DIR:-build/packages}
# Only a release build ships: pack.mjs refuses the test build (open shadow roots, admin override in storage.local,
# 127.0.0.1 access; scripts/package/release_check.mjs says why).
POSTCHECK_NEW_CRX_KEY=$new_key exec node scripts/package/pack.mjs "$src" "$out"
