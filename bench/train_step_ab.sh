#!/usr/bin/env bash
# Training-step overhead, side by side (issue 14): the median flow-matching step of the default MLP (width 256, 3
# residual layers, batch 64) of this tree against a build of an earlier commit (default d015463, the tree the issue
# measured), run alternately in fresh JVMs, each as its own launcher ran it then; prints one row per round and the
# median ratio, and writes bench/results/train-step-ab.md.
# Usage: bench/train_step_ab.sh [REV] [ROUNDS] [STEPS] (defaults d015463, 6, 300). About 2 minutes after the builds.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rev="${1:-d015463}"
rounds="${2:-6}"
steps="${3:-300}"
work="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
"$root/diamond" --version >/dev/null  # builds this tree's jar
git -C "$root" worktree add --detach "$work/old" "$rev" >/dev/null 2>&1
(cd "$work/old" && mvn -B -q -DskipTests package >"$work/build.log" 2>&1) || { cat "$work/build.log"; exit 1; }
old_dir="$work/old/target"
[[ -d "$work/old/core" ]] && old_dir="$work/old/core/target"
new_cp="$root/core/target/diamond.jar:$(cat "$root/core/target/runtime-classpath.txt")"
old_cp="$old_dir/diamond.jar:$(cat "$old_dir/runtime-classpath.txt")"
# Each side runs in the environment its own launcher gave it: this tree's allocator settings and oneDNN choice
# (the MLP has no convolution), the old tree's AVX cap and glibc's defaults.
alloc=(MALLOC_ARENA_MAX=1 MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=268435456)
probe() { java -Dai.djl.offline=true -cp "$1" "$root/bench/TrainStepProbe.java" "$steps" 64 2>/dev/null | tail -n 1; }
rows=()
for ((i = 1; i <= rounds; i++)); do
  old="$(env DJL_OFFLINE=true DNNL_MAX_CPU_ISA=AVX bash -c "$(declare -f probe); root='$root' steps='$steps' probe '$old_cp'")"
  new="$(env DJL_OFFLINE=true "${alloc[@]}" bash -c "$(declare -f probe); root='$root' steps='$steps' probe '$new_cp'")"
  ratio="$(awk -v a="$new" -v b="$old" 'BEGIN { printf "%.3f", a / b }')"
  rows+=("| $i | $old | $new | $ratio |")
  echo "round $i: $rev $old ms, this tree $new ms, ratio $ratio" >&2
done
median="$(printf '%s\n' "${rows[@]}" | awk -F'|' '{ print $5 + 0 }' | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')"
out="$root/bench/results/train-step-ab.md"
{
  echo "# MLP training step against $rev, side by side"
  echo
  echo "Measured on $(date -u +%F) by \`bench/train_step_ab.sh\` on this machine ($(nproc) cores): the median of" \
    "$steps flow-matching steps (after 300 warm-up steps) of the default MLP (width 256, 3 residual layers, 2-D" \
    "checkerboard data, batch 64; forward, backward, clip, RAdam, EMA) by \`bench/TrainStepProbe.java\`, run against" \
    "a build of $rev and of this tree alternately, each in a fresh JVM with the environment its own launcher set" \
    "($rev: oneDNN capped at AVX, glibc's allocator defaults; this tree: one malloc arena with 256 MB thresholds)."
  echo
  echo "| round | $rev (ms) | this tree (ms) | ratio |"
  echo "|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Median ratio: $median."
} >"$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
