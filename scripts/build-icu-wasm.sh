#!/usr/bin/env bash
# Builds ICU 72 (Debian's source) as static wasm libraries plus a minimal data file; cached outside the tree.
# Output: $ICU_WASM_PREFIX/{include,lib/libicuuc.a,lib/libicui18n.a,lib/libicudata-min.a,share/icudt72l-min.dat}
set -euo pipefail

ICU_VERSION=72.1
FLAGS_KEY="O2-static-archive-v2"   # bump when configure flags or the data item list change
CACHE_ROOT=${POSTCHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/postcheck}
PREFIX=${ICU_WASM_PREFIX:-$CACHE_ROOT/icu-wasm-$ICU_VERSION-$FLAGS_KEY}

if [ "${1:-}" = "--print-prefix" ]; then echo "$PREFIX"; exit 0; fi

if [ -f "$PREFIX/.complete" ]; then
  echo "icu-wasm: cached at $PREFIX"
  exit 0
fi

export NODE_PATH=/usr/share/nodejs
# Emscripten 3.1.6's glue calls fetch() on file paths under node 20's global fetch.
export NODE_OPTIONS=--no-experimental-fetch
JOBS=$(nproc)
WORK=$CACHE_ROOT/icu-wasm-work-$ICU_VERSION
mkdir -p "$WORK"; cd "$WORK"
SRC=$WORK/icu/source

if [ ! -d "$SRC" ]; then
  echo "icu-wasm: fetching Debian source package icu $ICU_VERSION"
  apt-get source --download-only icu=72.1-3+deb12u1 >/dev/null 2>&1 || apt-get source --download-only icu >/dev/null
  tar xzf icu_72.1.orig.tar.gz
fi

# The host build is kept across failed attempts: it is half the time and does not change.
if [ ! -x host/bin/icupkg ] || [ ! -x host/bin/genccode ]; then
  echo "icu-wasm: host build (tools for the cross build, ~9 min)"
  rm -rf host; mkdir -p host && cd host
  "$SRC/configure" --disable-tests --disable-samples --disable-extras --disable-layoutex >/dev/null
  mkdir -p data/out/tmp
  make -j"$JOBS" >/dev/null 2>host-make.log || true   # the data step may fail; the tools are what we need
  test -x bin/icupkg && test -x bin/genccode || { tail -40 host-make.log; exit 1; }
  cd ..
fi

if [ ! -f wasm/lib/libicui18n.a ] || [ ! -f wasm/lib/libicuuc.a ]; then
echo "icu-wasm: wasm build (~10 min)"
rm -rf wasm; mkdir -p wasm && cd wasm
CFLAGS="-O2" CXXFLAGS="-O2 -std=c++17" emconfigure "$SRC/configure" --with-cross-build="$WORK/host" \
  --enable-static --disable-shared --disable-tools --disable-tests --disable-samples \
  --disable-extras --disable-layoutex --disable-icuio --with-data-packaging=archive >/dev/null
mkdir -p lib stubdata common i18n   # ICU's Makefiles assume lib/ exists (the data step normally makes it)
for d in stubdata common i18n; do (cd "$d" && emmake make -j"$JOBS" >/dev/null); done
cd ..
fi

echo "icu-wasm: minimal data package"
FULL=$(ls "$SRC"/data/in/icudt72l.dat)
rm -rf data-x; mkdir -p data-x/extracted/brkitr && cd data-x
ITEMS="res_index.res brkitr/res_index.res brkitr/root.res brkitr/en.res brkitr/en_US.res brkitr/char.brk brkitr/word.brk brkitr/sent.brk nfkc.nrm nfkc_cf.nrm confusables.cfu"
printf '%s\n' $ITEMS > list.txt
LD_LIBRARY_PATH=$WORK/host/lib "$WORK/host/bin/icupkg" -d extracted -x list.txt "$FULL"
# Items inside must be named icudt72l/...: icupkg takes that prefix from the output file name.
LD_LIBRARY_PATH=$WORK/host/lib "$WORK/host/bin/icupkg" --ignore-deps -s extracted -a list.txt new icudt72l.dat
# genccode names the C symbol after the file: icudt72_dat is the entry point ICU looks for.
cp icudt72l.dat icudt72.dat
LD_LIBRARY_PATH=$WORK/host/lib "$WORK/host/bin/genccode" -d . icudt72.dat
emcc -O2 -I"$SRC/common" -c icudt72_dat.c -o icudt72_dat.o
emar rcs libicudata-min.a icudt72_dat.o
cd ..

rm -rf "$PREFIX"; mkdir -p "$PREFIX/lib" "$PREFIX/include" "$PREFIX/share"
cp wasm/lib/libicuuc.a wasm/lib/libicui18n.a "$PREFIX/lib/"
cp data-x/libicudata-min.a "$PREFIX/lib/"
cp data-x/icudt72l.dat "$PREFIX/share/icudt72l-min.dat"
cp -r "$SRC/common/unicode" "$PREFIX/include/"
cp -r "$SRC/i18n/unicode/." "$PREFIX/include/unicode/"
touch "$PREFIX/.complete"
cd / && rm -rf "$WORK"
echo "icu-wasm: done -> $PREFIX"
