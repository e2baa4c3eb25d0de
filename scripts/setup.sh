#!/usr/bin/env bash
# Installs every system package the build and tests need on a fresh Debian 12 machine (idempotent, quick when done).
set -euo pipefail

PKGS=(g++ cmake ninja-build make pkg-config libicu-dev nlohmann-json3-dev doctest-dev
      emscripten binaryen clang libclang-rt-14-dev llvm dpkg-dev
      chromium xz-utils zip unzip openssl util-linux
      python3 libxml2-utils)   # the admin-file tests read plists and ADMX with python3 and xmllint

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v node >/dev/null || missing+=(nodejs npm)

# ICU's wasm build starts from Debian's source package, which needs a deb-src entry.
debsrc=/etc/apt/sources.list.d/postcheck-debsrc.sources
need_update=0
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
  $SUDO tee "$debsrc" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  need_update=1
fi

if [ ${#missing[@]} -gt 0 ] || [ $need_update -eq 1 ]; then
  echo "setup: installing ${missing[*]:-(source index only)}"
  # Third-party repos on some images are unreachable here; Debian's own lists are what matter.
  $SUDO apt-get update -qq || true
  if [ ${#missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi
echo "setup: system packages ready"
