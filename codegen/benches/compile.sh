#!/usr/bin/env bash
# Compile time of generated crates: ours and progenitor 0.15.1's, side by side in one run.
#
#   codegen/benches/compile.sh [--runs N] [--docs "nexus github rebilly"] [--no-progenitor]
#                              [--features "ARGS"] [--check-only] [--dir DIR]
#
# For each corpus document (matched like `cargo xtask corpus --only`), our crate is generated
# with `cargo xtask corpus --keep DIR/ours --no-check` and progenitor's with
# `cargo progenitor` (installed into DIR/progenitor-bin when missing; not in CI). The
# dependencies of both are checked and built once first, into one target folder, with the
# workspace's `Cargo.lock` for ours. Then, N rounds, alternating ours and progenitor's
# crate within each round (A B A B ...): `cargo check` and a debug `cargo build` of the
# crate alone (`touch src/lib.rs`, `CARGO_INCREMENTAL=0`), timed with `/usr/bin/time`, which
# also gives the peak resident memory of cargo and the rustc it waits for. The load average
# is printed before each round: on a shared machine read the ranges, not single figures.
#
# Progenitor's defaults are used (`--interface positional`, `--tags merged`).
# When progenitor cannot generate a document, only our figures are printed.
set -euo pipefail

runs=3
docs="nexus"
progenitor=1
build=1
features=""
dir="${TMPDIR:-/tmp}/compile-bench"
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --docs) docs="$2"; shift 2 ;;
        --no-progenitor) progenitor=0; shift ;;
        --check-only) build=0; shift ;;
        --features) features="$2"; shift 2 ;;
        --dir) dir="$2"; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "$0")/../.." && pwd)"
corpus="$root/../shared/corpus"
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 2; }
mkdir -p "$dir"
export CARGO_TARGET_DIR="$dir/target" CARGO_INCREMENTAL=0

progenitor_bin=""
if [ "$progenitor" = 1 ]; then
    if command -v cargo-progenitor >/dev/null; then
        progenitor_bin="$(command -v cargo-progenitor)"
    elif [ -x "$dir/progenitor-bin/bin/cargo-progenitor" ]; then
        progenitor_bin="$dir/progenitor-bin/bin/cargo-progenitor"
    elif [ -n "${CI:-}" ]; then
        echo "cargo-progenitor is missing; not installing it in CI" >&2
        progenitor=0
    else
        echo "installing cargo-progenitor 0.15.1 into $dir/progenitor-bin (a few minutes)" >&2
        cargo install cargo-progenitor --version 0.15.1 --locked --root "$dir/progenitor-bin" >&2
        progenitor_bin="$dir/progenitor-bin/bin/cargo-progenitor"
    fi
fi

# One timed cargo command in a crate: prints "wall-seconds KB user-seconds".
timed() {
    local crate="$1"; shift
    touch "$crate/src/lib.rs"
    (cd "$crate" && /usr/bin/time -f "%e %M %U" -o "$dir/time.txt" cargo "$@" --quiet >/dev/null 2>"$dir/err.txt") \
        || { cat "$dir/err.txt" >&2; echo "failed: cargo $* in $crate" >&2; exit 1; }
    cat "$dir/time.txt"
}

# Generates the crates of one document; prints "ours-crate [progenitor-crate]".
prepare() {
    local doc="$1" spec ours prog=""
    spec="$(ls "$corpus" | grep -F "$doc" | head -n 1)"
    [ -n "$spec" ] || { echo "no corpus document matches $doc" >&2; exit 2; }
    rm -rf "$dir/ours-$doc"
    (cd "$root" && cargo xtask corpus --keep "$dir/ours-$doc" --only "$spec" --no-check >/dev/null 2>&1)
    ours="$(ls -d "$dir/ours-$doc"/*/ | head -n 1)"
    ours="${ours%/}"
    cp "$root/Cargo.lock" "$ours/Cargo.lock"
    if [ "$progenitor" = 1 ]; then
        prog="$dir/progenitor-$doc"
        rm -rf "$prog"
        if ! "$progenitor_bin" progenitor -i "$corpus/$spec" -o "$prog" -n "progenitor-$doc" -v 0.1.0 >/dev/null 2>"$dir/err.txt"; then
            echo "progenitor cannot generate $spec: $(head -c 300 "$dir/err.txt")" >&2
            prog=""
        fi
    fi
    echo "$ours $prog"
}

summary() { # "label" then lines of "wall-seconds KB user-seconds"
    local label="$1"
    sort -n | awk -v l="$label" '{ s[NR]=$1; u[NR]=$3; if ($2>m) m=$2 } END {
        umin=u[1]; umax=u[1]; for (i=2; i<=NR; i++) { if (u[i]<umin) umin=u[i]; if (u[i]>umax) umax=u[i] }
        printf "%-34s wall %6.2f to %6.2f s (median %6.2f), cpu %6.2f to %6.2f s, peak %5.0f MB\n",
            l, s[1], s[NR], (s[int((NR+1)/2)]+s[int(NR/2)+1])/2, umin, umax, m/1024 }'
}

for doc in $docs; do
    read -r ours prog <<<"$(prepare "$doc")"
    # Our API module's lines, one file or a folder (the runtime and lib.rs apart).
    ours_lines=$(find "$ours/src" -path "$ours/src/runtime" -prune -o -name '*.rs' ! -name lib.rs -print0 |
        xargs -0 cat | wc -l)
    echo "== $doc: ours $ours_lines lines${prog:+, progenitor $(cat "$prog"/src/*.rs | wc -l) lines}"
    # Dependencies first, so each timing is the crate alone.
    (cd "$ours" && cargo check --quiet $features >/dev/null 2>&1)
    [ -z "$prog" ] || (cd "$prog" && cargo check --quiet >/dev/null 2>&1)
    if [ "$build" = 1 ]; then
        (cd "$ours" && cargo build --quiet $features >/dev/null 2>&1)
        [ -z "$prog" ] || (cd "$prog" && cargo build --quiet >/dev/null 2>&1)
    fi
    : >"$dir/ours-check.txt"; : >"$dir/ours-build.txt"; : >"$dir/prog-check.txt"; : >"$dir/prog-build.txt"
    for round in $(seq "$runs"); do
        echo "round $round: $(cut -d' ' -f1-3 /proc/loadavg) load" >&2
        timed "$ours" check $features >>"$dir/ours-check.txt"
        [ -z "$prog" ] || timed "$prog" check >>"$dir/prog-check.txt"
        [ "$build" = 0 ] || timed "$ours" build $features >>"$dir/ours-build.txt"
        [ "$build" = 0 ] || [ -z "$prog" ] || timed "$prog" build >>"$dir/prog-build.txt"
    done
    summary "ours check $features" <"$dir/ours-check.txt"
    [ -z "$prog" ] || summary "progenitor check" <"$dir/prog-check.txt"
    [ "$build" = 0 ] || summary "ours debug build $features" <"$dir/ours-build.txt"
    [ "$build" = 0 ] || [ -z "$prog" ] || summary "progenitor debug build" <"$dir/prog-build.txt"
    if [ -n "$prog" ]; then
        paste "$dir/ours-check.txt" "$dir/prog-check.txt" | awk '{ printf "check ratio, round %d: wall %.2f, cpu %.2f\n", NR, $1/$4, $3/$6 }'
        [ "$build" = 0 ] || paste "$dir/ours-build.txt" "$dir/prog-build.txt" | awk '{ printf "build ratio, round %d: wall %.2f, cpu %.2f\n", NR, $1/$4, $3/$6 }'
    fi
done
