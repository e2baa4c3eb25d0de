# Everyday tasks; each target is a thin wrapper over scripts/ so CI and people run the same thing.
.PHONY: all setup build native wasm rules extension test demo package bench fuzz format clean

all: build

setup:            ## install system packages (apt) and npm dependencies
	bash scripts/setup.sh && npm ci --no-audit --no-fund

build:            ## everything: native CLI, wasm module, rules bundle, extension
	bash scripts/build.sh

native:
	cmake --preset native && cmake --build build/native

wasm:
	bash scripts/build-wasm.sh

rules:            ## lint and test the rules, rebuild the bundle
	build/native/postcheck rules lint && build/native/postcheck rules test && bash scripts/bundle-rules.sh

extension:
	bash scripts/build-extension.sh

test:             ## every suite (what CI runs)
	bash scripts/test.sh

demo:             ## Chromium with the extension on the demo compose page
	bash scripts/demo.sh

package:          ## store zip, signed CRX + updates.xml, Firefox XPI
	bash scripts/package.sh

bench:
	bash scripts/bench.sh

fuzz:
	POSTCHECK_SUITES=fuzz bash scripts/test.sh

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf build
