# Build, test and install the pipeline runner.
#   make                      release build
#   make test                 what CI runs (see .ci/run)
#   make install PREFIX=DIR   installs DIR/bin/pipeline and DIR/lib/pipeline/{libPipelineDescription.so,Modules/}
#   make dist DIST=FILE       packs the runner, its step modules and its DSL into FILE (.tar.gz) for CI jobs
PREFIX ?= /usr/local
CONFIG ?= release
BUILD := .build/$(CONFIG)
DIST ?= dist/pipeline-runner.tar.gz

.PHONY: all build test install uninstall demo dist

all: build

build:
	swift build -c $(CONFIG)

test:
	scripts/test.sh

install: build
	install -d "$(PREFIX)/bin" "$(PREFIX)/lib/pipeline/Modules"
	install -m 755 "$(BUILD)/pipeline" "$(PREFIX)/bin/pipeline"
	install -m 644 "$(BUILD)/libPipelineDescription.so" "$(PREFIX)/lib/pipeline/libPipelineDescription.so"
	rm -rf "$(PREFIX)/lib/pipeline/Modules/PipelineDescription.swiftmodule"
	cp -R "$(BUILD)/Modules/PipelineDescription.swiftmodule" "$(PREFIX)/lib/pipeline/Modules/"
	for extra in swiftdoc swiftsourceinfo; do \
	  [ ! -e "$(BUILD)/Modules/PipelineDescription.$$extra" ] || cp "$(BUILD)/Modules/PipelineDescription.$$extra" "$(PREFIX)/lib/pipeline/Modules/"; \
	done

uninstall:
	rm -f "$(PREFIX)/bin/pipeline"
	rm -rf "$(PREFIX)/lib/pipeline"

demo:
	scripts/demo.sh

dist:
	scripts/dist.sh --configuration $(CONFIG) "$(DIST)"
