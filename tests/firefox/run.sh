#!/usr/bin/env bash
# Firefox suite: the cross-browser e2e tests (tests/e2e/*.cross.test.mjs), the managed-policy test (a real
# /etc/firefox/policies/policies.json) and the network recording, in real Firefox ESR driven over WebDriver BiDi:
# Debian's firefox-esr and the oldest version the manifest allows (strict_min_version), which scripts/setup.sh
# unpacks into ~/.cache/postcheck. Everything runs in a private mount namespace (its own /etc) and a loopback-only
# network namespace, so nothing can leave the machine and the host's /etc is never touched.
# POSTCHECK_FIREFOXES="path ..." overrides which Firefox binaries are tested; test files given as arguments run
# instead of the whole suite (bash tests/firefox/run.sh tests/e2e/post_anyway.cross.test.mjs).
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/run.sh"
cd "$(dirname "$0")/../.."

if [ "${POSTCHECK_FIREFOX_NS:-}" != 1 ]; then
  if [ ! -f build/wasm/postcheck.wasm ] || [ ! -f build/rules/bundle.json ]; then
    echo "firefox: build/wasm or build/rules/bundle.json missing: run scripts/build.sh first" >&2; exit 1
  fi
  [ "$(id -u)" = 0 ] || { echo "firefox: needs root for its private mount and network namespaces" >&2; exit 1; }
  ff_min="$HOME/.cache/postcheck/firefox-esr-140.12.0esr/usr/lib/firefox-esr/firefox-esr"
  export POSTCHECK_FIREFOXES="${POSTCHECK_FIREFOXES:-/usr/bin/firefox-esr $ff_min}"
  for ff in $POSTCHECK_FIREFOXES; do
    [ -x "$ff" ] || { echo "firefox: $ff missing (bash scripts/setup.sh installs and unpacks it)" >&2; exit 1; }
  done
  [ -d node_modules/puppeteer-core ] || npm ci --no-audit --no-fund >/dev/null
  bash scripts/build-extension.sh
  node tests/e2e/fixtures/build-fixtures.mjs
  export POSTCHECK_FIREFOX_NS=1
  exec unshare --mount --net --propagation private bash "$self" "$@"
fi

# Inside the namespaces. Loopback only: the browser, the fixture servers and the recorder talk over 127.0.0.1.
ip link set lo up
# A private /etc: an overlay whose writes go to a tmpfs that vanishes with the namespace. The policy test writes
# /etc/firefox/policies/policies.json there; resolv.conf names the recorder's DNS stub.
priv=$(mktemp -d /tmp/postcheck-firefox-etc.XXXXXX)
mount -t tmpfs tmpfs "$priv"
mkdir -p "$priv/upper" "$priv/work"
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$priv/upper,workdir=$priv/work" /etc
rm -f /etc/resolv.conf
echo 'nameserver 127.0.0.1' > /etc/resolv.conf
rm -rf /etc/firefox

files=("$@")
[ ${#files[@]} -gt 0 ] || files=(tests/e2e/*.cross.test.mjs tests/firefox/*.test.mjs)
status=0
for ff in $POSTCHECK_FIREFOXES; do
  echo "=== firefox: $("$ff" --version 2>/dev/null) ($ff)"
  POSTCHECK_BROWSERS=firefox POSTCHECK_FIREFOX="$ff" \
    node --test --test-concurrency=1 "${files[@]}" || status=1
done
exit $status
