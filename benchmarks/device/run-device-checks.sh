#!/usr/bin/env bash
# One prepared run of Reflex's checks on a lent machine with more cores and a GPU (no Maven, no JDK, no network
# there). Carries: .dev/jre17.tgz (a jlink'd JDK 17 runtime) and .dev/bench.jar (benchmarks/target/benchmarks.jar
# with the other platforms' native libraries removed); see docs/benchmarks/device.md for how both are made.
# Usage: bash benchmarks/device/run-device-checks.sh OUTDIR [quick]
# Writes one log per step into OUTDIR and prints a short table last.
set -uo pipefail
out="${1:?output folder}"; quick="${2:-}"
mkdir -p "$out"
here="$(pwd)"
work=/tmp/reflex-device; mkdir -p "$work"
if [[ ! -x "$work/jre17/bin/java" ]]; then tar -C "$work" -xzf "$here/.dev/jre17.tgz"; fi
java="$work/jre17/bin/java"; jar="$here/.dev/bench.jar"
secs=60; jmh="-wi 2 -w 1 -i 3 -r 2 -f 1"; frames=300
if [[ "$quick" == quick ]]; then secs=5; jmh="-wi 1 -w 1 -i 1 -r 1 -f 1"; frames=40; fi
step() { echo "== $1 $(date +%T)"; }

step machine
{ nproc; grep -m1 'model name' /proc/cpuinfo; free -g; df -h /tmp /dev/shm; uname -r
  nvidia-smi -L 2>&1; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1
  "$java" -version 2>&1
  echo "-- CUDA user-space libraries found:"
  find /usr /opt -maxdepth 8 \( -name 'libcudart.so.*' -o -name 'libcublasLt.so.*' -o -name 'libcudnn.so.*' \
      -o -name 'libonnxruntime_providers_cuda.so' \) 2>/dev/null | sort | head -40
} > "$out/machine.txt" 2>&1
cat "$out/machine.txt"

step disk
{ dd if=/dev/zero of=/tmp/reflex-dd bs=8M count=512 conv=fdatasync 2>&1 | tail -1; rm -f /tmp/reflex-dd; } \
  > "$out/disk.txt" 2>&1; cat "$out/disk.txt"

# GPU libraries that PyTorch brings (CUDA 13): on the library path so DJL can count the GPU.
cudalibs=$(find /opt /usr -type d -path '*site-packages/nvidia/*/lib' 2>/dev/null | tr '\n' ':')
step device-choice
for d in auto gpu cpu; do
  echo "-- reflex run --device $d"
  LD_LIBRARY_PATH="${cudalibs}${LD_LIBRARY_PATH:-}" timeout 120 "$java" -Dai.djl.offline=true \
    -cp "$jar" org.reflexscope.cli.ReflexCommand run -n 20 --no-report -q --device "$d" -o "$work/run-$d" 2>&1 \
    | grep -v '^\s*at ' | head -12
  echo "exit $?"
done > "$out/device-choice.txt" 2>&1
cat "$out/device-choice.txt"

step ring-jmh
"$java" -jar "$jar" RingHandoffBenchmark -p analyzer=inPlace $jmh -prof gc -rf csv -rff "$out/ring.csv" \
  > "$out/ring.txt" 2>&1
grep -E '^Benchmark|RingHandoffBenchmark\.[a-zA-Z]+ |bytes |gc.alloc.rate.norm ' "$out/ring.txt" | grep -v '·gc\.[^a]' | head -40

step chain
for cpus in all 0-1; do
  pre=""; [[ "$cpus" != all ]] && pre="taskset -c $cpus"
  echo "-- ChainAB 2048 4 $frames fused, cpus $cpus"
  $pre "$java" -Dai.djl.offline=true -cp "$jar" org.reflexscope.bench.inference.ChainAB 2048 4 "$frames" fused 2>&1 | tail -6
done > "$out/chain.txt" 2>&1
cat "$out/chain.txt"

step e2e
# 60 s of 2048² 16-bit at 100 fps is 50 GB: on disk when the disk sustains it (dd above >= 1.2 GB/s), else in RAM.
rate=$(grep -o '[0-9.]* GB/s' "$out/disk.txt" | cut -d' ' -f1); dirs="/tmp/reflex-e2e"
if [[ "$quick" == quick ]]; then dirs="/tmp/reflex-e2e /dev/shm/reflex-e2e";
elif ! awk -v r="${rate:-0}" 'BEGIN{exit !(r >= 1.2)}'; then dirs="/dev/shm/reflex-e2e"; fi
for dir in $dirs; do
  echo "-- EndToEndBenchmark 2048² 100 fps ${secs} s, recording to $dir"
  "$java" -Xmx24g -Dai.djl.offline=true -cp "$jar" org.reflexscope.bench.e2e.EndToEndBenchmark --size 2048 --fps 100 \
    --seconds "$secs" --bin 4 --dir "$dir" > "$out/e2e-$(basename "$(dirname "$dir")").log" 2>&1
  grep -v 'ALARM' "$out/e2e-$(basename "$(dirname "$dir")").log" | tail -40
  rm -rf "$dir"
done > "$out/e2e.txt" 2>&1
cat "$out/e2e.txt"
step done
