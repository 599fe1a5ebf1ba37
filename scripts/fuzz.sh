#!/usr/bin/env bash
# Coverage-guided fuzzing campaigns (issue 17) with cargo-fuzz (libFuzzer) on the machine's
# nightly toolchain. Usage: scripts/fuzz.sh [TARGET|all] [SECONDS per target] (default: all,
# 60). Targets: what `cargo fuzz list` lists, the [[bin]]s of fuzz/Cargo.toml (fuzz_targets/,
# one per harness of fuzz/src/lib.rs TARGETS). For each target it prints the executions,
# coverage (libFuzzer's edges "cov" and features "ft") and any crash; a crash's input is saved
# under fuzz/regressions/TARGET/ (replayed by `cargo test` on stable from then on) and the
# script exits 1. The working corpus (seeds, the committed corpus, what the fuzzer finds)
# lives in target/fuzz/corpus/; after a campaign it is minimised into fuzz/corpus/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
what=${1:-all}
seconds=${2:-60}

say() { printf '\033[1m[fuzz]\033[0m %s\n' "$*" >&2; }
command -v cargo-fuzz >/dev/null || { say "installing cargo-fuzz"; cargo install cargo-fuzz --locked; }
rustup run nightly rustc --version >/dev/null 2>&1 || { say "no nightly toolchain (rustup toolchain install nightly)"; exit 1; }

# cargo-fuzz finds fuzz/ from the workspace root and reads the targets from its Cargo.toml
# (nothing is built; sorted by name).
listed=$(cargo fuzz list) || { say "cargo fuzz list failed"; exit 1; }
mapfile -t targets <<<"$listed"
[[ -n ${targets[0]} ]] || { say "cargo fuzz list found no targets in fuzz/Cargo.toml"; exit 1; }
if [[ $what != all ]]; then
  printf '%s\n' "${targets[@]}" | grep -qxF -- "$what" ||
    { say "no fuzz target \"$what\": use all or one of ${targets[*]}"; exit 2; }
  targets=("$what")
fi

work=target/fuzz
mkdir -p "$work/corpus" "$work/artifacts"
# Seeds from the project's own runs, each time (cheap): libFuzzer skips what it knows.
cargo run -q -p fuzz --example seed_corpus -- "$work/corpus" >/dev/null

failed=0
for t in "${targets[@]}"; do
  corpus="$work/corpus/$t"
  mkdir -p "$corpus" "$work/artifacts/$t" "fuzz/corpus/$t"
  cp -n fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null || true
  log="$work/$t.log"
  say "$t: ${seconds}s"
  # No sanitizer: the engine forbids unsafe code, and libFuzzer runs several times faster
  # without ASan; debug assertions stay on (cargo-fuzz's default).
  if ! cargo +nightly fuzz run "$t" "$corpus" --features libfuzzer --sanitizer none \
      --target-dir target/fuzz-build -- -max_total_time="$seconds" -print_final_stats=1 \
      -artifact_prefix="$work/artifacts/$t/" >"$log" 2>&1; then
    failed=1
    crash=$(ls -t "$work/artifacts/$t"/* 2>/dev/null | head -1 || true)
    say "$t: CRASH (log: $log)"
    grep -m3 -E "panicked|ERROR" "$log" >&2 || true
    if [[ -n $crash ]]; then
      mkdir -p "fuzz/regressions/$t"
      cp "$crash" "fuzz/regressions/$t/"
      say "$t: input saved as fuzz/regressions/$t/$(basename "$crash")"
    fi
    continue
  fi
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo '?')
  ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo '?')
  printf '%-9s %12s executions  cov %6s  ft %6s  0 crashes\n' "$t" "$execs" "$cov" "$ft"
  # Keep a minimised corpus in the repository for the stable replay.
  rm -rf "$work/min-$t" && mkdir -p "$work/min-$t"
  cargo +nightly fuzz cmin "$t" "$corpus" --features libfuzzer --sanitizer none \
    --target-dir target/fuzz-build >"$work/$t.cmin.log" 2>&1 || say "$t: cmin failed (see $work/$t.cmin.log)"
  rm -rf "fuzz/corpus/$t" && cp -r "$corpus" "fuzz/corpus/$t"
done
exit $failed
