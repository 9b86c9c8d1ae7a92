# Tributary's entry points. Every target installs missing dependencies first
# (scripts/install-deps.sh is idempotent and quick when nothing is missing).
BUILD       ?= build
BUILD_ASAN  ?= build-asan
BUILD_FUZZ  ?= build-fuzz
JOBS        ?= $(shell nproc)
CMAKE_FLAGS ?=
# e.g. make demo DEMO_ARGS="--serve --port 15433"
DEMO_ARGS   ?=
# make bench SF=10: the SSB scale factor; BENCH_ALL=1 adds the other benchmarks.
SF          ?= 1

.PHONY: all deps build test demo asan bench fuzz format clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# A failing test runs once more before the run fails: the scheduler and
# server tests drive real processes and sockets against a simulated clock
# that advances in real sleeps, and on an oversubscribed machine one of them
# can lose a race (3 failures in about 90 runs of the scheduler suite with 4
# to 8 processes on 2 cores). A test that fails twice in a row fails
# `make test`.
test: build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) --repeat until-pass:2

demo: build
	@$(BUILD)/tributary demo $(DEMO_ARGS)

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer.
asan: deps
	@cmake -S . -B $(BUILD_ASAN) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTRIBUTARY_SANITIZE=address,undefined >/dev/null
	@cmake --build $(BUILD_ASAN) -j $(JOBS)
	@ASAN_OPTIONS=detect_leaks=1 ctest --test-dir $(BUILD_ASAN) --output-on-failure -j $(JOBS)

# Builds only what the benchmark runs (tributary, ssb_bench), not the tests.
bench: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@BENCH_SSB_SCALE=$(SF) bash bench/run.sh $(BUILD)

# libFuzzer targets (clang); FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 60
fuzz: deps
	@CC=clang CXX=clang++ cmake -S . -B $(BUILD_FUZZ) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRIBUTARY_FUZZ=ON -DTRIBUTARY_WERROR=OFF >/dev/null
	@cmake --build $(BUILD_FUZZ) -j $(JOBS)
	@bash fuzz/run.sh $(BUILD_FUZZ) $(FUZZ_SECONDS)

format:
	@find src tests bench fuzz -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_FUZZ)
