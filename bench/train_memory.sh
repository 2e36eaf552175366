#!/usr/bin/env bash
# Resident memory of a U-Net training run (issue 14): trains a flow map on the shipped Fashion-MNIST subset and samples
# the process's RSS every 5 s against the last checkpoint's step; writes bench/results/train-memory-unet.md.
# Usage: bench/train_memory.sh [STEPS] (default 3000). Run it alone: it takes about 10 minutes on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-3000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/diamond" --version >/dev/null  # builds the jar and runs the one-time oneDNN check before the timed run
cmd=(train flowmap --data fashion-mnist --data-dir subset --steps "$steps" --batch 64 --checkpoint-every 250 --seed 1
  --out "$work/unet.ckpt")
start=$(date +%s)
"$root/diamond" "${cmd[@]}" >"$work/log" 2>&1 &
launcher=$!
samples="$work/rss.tsv"
while kill -0 "$launcher" 2>/dev/null; do
  pid="$(pgrep -f -n 'io.diamondmaps.cli.Main train flowmap' || true)"
  if [[ -n "$pid" ]]; then
    rss="$(ps -o rss= -p "$pid" 2>/dev/null | tr -d ' ' || true)"
    step="$(tail -n 1 "$work/unet.ckpt.csv" 2>/dev/null | cut -d, -f1 || true)"
    [[ -n "$rss" ]] && printf '%s\t%s\n' "${step:-0}" "$rss" >>"$samples"
  fi
  sleep 5
done
wait "$launcher"
seconds=$(( $(date +%s) - start ))
{
  echo "# Resident memory over a ${steps}-step U-Net training run"
  echo
  echo "Measured on $(date -u +%F) by \`bench/train_memory.sh\` on this machine ($(nproc) cores, oneDNN" \
    "${DNNL_MAX_CPU_ISA:-as the launcher chose}): \`./diamond ${cmd[*]/$work\//}\` (U-Net flow map, LSD objective" \
    "with the exact time derivative, RAdam, EMA, a checkpoint every 250 steps; ${seconds} s). The process's resident" \
    "set size (\`ps -o rss\`) was sampled every 5 s; the step is that of the last checkpoint written, so each row" \
    "covers the 250 steps that followed it."
  echo
  echo "| steps | min RSS (MB) | max RSS (MB) |"
  echo "|---|---|---|"
  awk -F'\t' '{ b = $1; if (!(b in mn) || $2 < mn[b]) mn[b] = $2; if ($2 > mx[b]) mx[b] = $2; if (!(b in seen)) { seen[b] = 1; order[n++] = b } }
    END { for (i = 0; i < n; i++) { b = order[i]; printf "| %d–%d | %.0f | %.0f |\n", b + 1, b + 250, mn[b] / 1024, mx[b] / 1024 } }' "$samples"
} >"$root/bench/results/train-memory-unet.md.tmp"
mv "$root/bench/results/train-memory-unet.md.tmp" "$root/bench/results/train-memory-unet.md"
cat "$root/bench/results/train-memory-unet.md"
