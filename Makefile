# kafkasim's commands. `make run` and `make test` work on a fresh Debian 12 machine: each installs
# what is missing (scripts/install-deps.sh), configures, builds and runs.
BUILD_DIR := build
DEBUG_DIR := build-debug
ASAN_DIR  := build-asan
JOBS      ?= 2
CMAKE     := cmake -G Ninja -Wno-dev

.PHONY: run test build bench clean deps configure debug asan asan-smoke format fuzz screenshots

deps:
	@scripts/install-deps.sh

$(BUILD_DIR)/build.ninja: | deps
	$(CMAKE) -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The main job: the default lesson, in a window where there is a display, otherwise narrated as
# text (kafkasim view falls back to the text run by itself when no window can open).
DEFAULT_LESSON := scenarios/lessons/02-trucks-gps.textproto
run: build
	@if [ -n "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  $(BUILD_DIR)/kafkasim view $(DEFAULT_LESSON); \
	else \
	  $(BUILD_DIR)/kafkasim run $(DEFAULT_LESSON); \
	fi

# A screenshot of every lesson for its docs page (under a virtual display).
screenshots: build
	scripts/render-lesson-screenshots.sh

# Every test, then the sanitizer smoke run (below). The Debug build of the executable lets a test
# check that Debug and Release agree.
test: build debug
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)
	$(MAKE) --no-print-directory asan-smoke

debug: deps
	@[ -f $(DEBUG_DIR)/build.ninja ] || $(CMAKE) -S . -B $(DEBUG_DIR) -DCMAKE_BUILD_TYPE=Debug -DBUILD_TESTING=OFF
	cmake --build $(DEBUG_DIR) -j $(JOBS) --target kafkasim

bench: build
	$(BUILD_DIR)/tests/bench/kafkasim_bench

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer.
asan: deps
	@[ -f $(ASAN_DIR)/build.ninja ] || $(CMAKE) -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=Debug -DKAFKASIM_SANITIZE=ON
	cmake --build $(ASAN_DIR) -j $(JOBS)
	ctest --test-dir $(ASAN_DIR) --output-on-failure -j $(JOBS) -E '^(source|determinism)\.'

# A few minutes of the suite under the same sanitizers: the kernel, the model's unit tests, replays
# through the incremental monitor's audit, sweep seeds with a replay, transactions, and the window.
ASAN_SMOKE := ^(Callback|TriangleTest|Network|Rng|Scheduler|Duration|Time|Trace|World[A-Za-z]*|BrokerConfig|TopicSettings|MetadataCache|RequestChannel|LeaderEpochCache|Truncation|Log|Partition[A-Za-z]*|ProducerState|DeliveryChecker|Guarantees|History|LagStatus|ReplicaInvariants|AccumulatorIndex|Murmur2|ChangeJournal|TopicName|ErrorCode|VersionProfile|Json|ZkData|LeaderElection|ReplicaAssignment|[A-Za-z]*Assignors?|StickyGeneral|DataTree[A-Za-z]*|ZkTypes|Kip101|Kip279|Transaction[A-Za-z]*)\.|^IncrementalMonitor\.Catches|^Sweep\.Unsafe|^cli\.view_screenshot_writes_a_png$$
asan-smoke: deps
	@[ -f $(ASAN_DIR)/build.ninja ] || $(CMAKE) -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=Debug -DKAFKASIM_SANITIZE=ON
	cmake --build $(ASAN_DIR) -j $(JOBS) --target kafkasim kafkasim_tests
	ctest --test-dir $(ASAN_DIR) --output-on-failure -j $(JOBS) -R '$(ASAN_SMOKE)'

format:
	scripts/check-format.sh --fix

# The scenario loader and the wire codec under libFuzzer for a minute each; the loader is seeded
# with the scenario library.
FUZZ_DIR := build-fuzz
fuzz: deps
	@[ -f $(FUZZ_DIR)/build.ninja ] || CC=clang CXX=clang++ $(CMAKE) -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKAFKASIM_FUZZ=ON
	cmake --build $(FUZZ_DIR) --target kafkasim_fuzz_loader kafkasim_fuzz_wire -j $(JOBS)
	mkdir -p $(FUZZ_DIR)/corpus $(FUZZ_DIR)/wire-corpus && cp scenarios/*/*.textproto $(FUZZ_DIR)/corpus/
	$(FUZZ_DIR)/tests/kafkasim_fuzz_loader -max_total_time=60 $(FUZZ_DIR)/corpus
	$(FUZZ_DIR)/tests/kafkasim_fuzz_wire -max_total_time=60 $(FUZZ_DIR)/wire-corpus

clean:
	rm -rf $(BUILD_DIR) $(DEBUG_DIR) $(ASAN_DIR) $(FUZZ_DIR)
