#!/usr/bin/env bash
# Installs every system package the build and tests need on a fresh Debian 12 machine (idempotent, quick when done).
set -euo pipefail

PKGS=(g++ cmake ninja-build make pkg-config libicu-dev nlohmann-json3-dev doctest-dev
      emscripten binaryen clang libclang-rt-14-dev llvm dpkg-dev
      chromium firefox-esr iproute2 xz-utils zip unzip openssl util-linux
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

# The oldest Firefox the manifest allows (strict_min_version 140.0) is tested too: Debian's previous ESR, unpacked
# into the cache beside the installed one (its libraries match Debian 12's), never installed over it.
FIREFOX_MIN_DEB="${POSTCHECK_FIREFOX_MIN_DEB:-140.12.0esr-1~deb12u1}"
ff_min_dir="${HOME}/.cache/postcheck/firefox-esr-${FIREFOX_MIN_DEB%%-*}"
if [ ! -x "$ff_min_dir/usr/lib/firefox-esr/firefox-esr" ]; then
  echo "setup: unpacking firefox-esr $FIREFOX_MIN_DEB into $ff_min_dir"
  dl=$(mktemp -d) && chmod 755 "$dl" # apt-get download runs as _apt and must write here
  (cd "$dl" && apt-get download -qq "firefox-esr=$FIREFOX_MIN_DEB") || { $SUDO apt-get update -qq || true; (cd "$dl" && apt-get download -qq "firefox-esr=$FIREFOX_MIN_DEB"); }
  mkdir -p "$ff_min_dir.tmp" && dpkg-deb -x "$dl"/firefox-esr_*.deb "$ff_min_dir.tmp" && rm -rf "$ff_min_dir" && mv "$ff_min_dir.tmp" "$ff_min_dir"
  rm -rf "$dl"
fi
echo "setup: firefox-esr $("$ff_min_dir/usr/lib/firefox-esr/firefox-esr" --version 2>/dev/null | awk '{print $NF}') in $ff_min_dir"
