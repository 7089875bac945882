#!/usr/bin/env bash
# One prepared run of Reflex's checks on a lent machine with more cores and a GPU (no Maven, no JDK, no network
# there). Carries: .dev/jre17.tgz (a jlink'd JDK 17 runtime) and .dev/bench.jar (benchmarks/target/benchmarks.jar
# with the other platforms' native libraries removed); docs/benchmarks/device.md says how both are made.
# Usage: bash benchmarks/device/run-device-checks.sh OUTDIR [quick] [STEPS...]
#   STEPS (default all): machine device-choice ring ndtiff chain e2e
#   env: RING_SIZES (JMH sizes, default 512,2048), E2E_RING (ring slots in the end-to-end run, default 32)
# Writes one log per step into OUTDIR (at most 8 files) and prints the essentials.
set -uo pipefail
out="${1:?output folder}"; shift
quick=""; if [[ "${1:-}" == quick ]]; then quick=quick; shift; fi
steps="${*:-machine device-choice ring ndtiff chain e2e}"
mkdir -p "$out"
here="$(pwd)"
work=/tmp/reflex-device; mkdir -p "$work"
if [[ ! -x "$work/jre17/bin/java" ]]; then tar -C "$work" -xzf "$here/.dev/jre17.tgz"; fi
java="$work/jre17/bin/java"; jar="$here/.dev/bench.jar"
secs=60; jmh="-wi 2 -w 1 -i 3 -r 2 -f 1"; frames=300; ndframes=3000
if [[ "$quick" == quick ]]; then secs=5; jmh="-wi 1 -w 1 -i 1 -r 1 -f 1"; frames=40; ndframes=100; fi
[[ -n "${JMH_OPTS:-}" ]] && jmh="$JMH_OPTS"
step() { echo "== $1 $(date +%T)"; }
has() { [[ " $steps " == *" $1 "* ]]; }

if has machine; then
  step machine
  { nproc; grep -m1 'model name' /proc/cpuinfo; free -g; df -h /tmp /dev/shm; uname -r
    nvidia-smi -L 2>&1; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1
    "$java" -version 2>&1
    echo "-- CUDA user-space libraries found:"
    find /usr /opt -maxdepth 8 \( -name 'libcudart.so.*' -o -name 'libcublasLt.so.*' -o -name 'libcudnn.so.*' \
        -o -name 'libonnxruntime_providers_cuda.so' \) 2>/dev/null | sort | head -40
    echo "-- disk: dd 4 GiB with fdatasync"
    dd if=/dev/zero of=/tmp/reflex-dd bs=8M count=512 conv=fdatasync 2>&1 | tail -1; rm -f /tmp/reflex-dd
  } > "$out/machine.txt" 2>&1
  cat "$out/machine.txt"
fi

if has device-choice; then
  step device-choice
  # GPU libraries that PyTorch brings (CUDA 13): on the library path so DJL can count the GPU.
  cudalibs=$(find /opt /usr -type d -path '*site-packages/nvidia/*/lib' 2>/dev/null | tr '\n' ':')
  for d in auto gpu cpu; do
    echo "-- reflex run --device $d"
    LD_LIBRARY_PATH="${cudalibs}${LD_LIBRARY_PATH:-}" timeout 120 "$java" -Dai.djl.offline=true \
      -cp "$jar" org.reflexscope.cli.ReflexCommand run -n 20 --no-report -q --device "$d" -o "$work/run-$d" 2>&1 \
      | grep -v '^\s*at ' | head -12
    echo "exit ${PIPESTATUS[0]}"
  done > "$out/device-choice.txt" 2>&1
  cat "$out/device-choice.txt"
fi

if has ring; then
  step ring-jmh
  "$java" -jar "$jar" RingHandoffBenchmark -p analyzer=inPlace -p size="${RING_SIZES:-512,2048}" $jmh -prof gc \
    > "$out/ring.txt" 2>&1
  grep -E '^Benchmark|RingHandoffBenchmark\.[a-zA-Z]+ |bytes |gc.alloc.rate.norm ' "$out/ring.txt" | head -40
fi

if has ndtiff; then
  step ndtiff
  { echo "-- NdTiffWriteThroughput, $ndframes frames of 2048² to /dev/shm"
    "$java" -Xmx8g -cp "$jar" org.reflexscope.bench.pipeline.NdTiffWriteThroughput /dev/shm "$ndframes" 2048 1 2>&1 | tail -3
    echo "-- the same, 600 frames to /tmp (disk)"
    "$java" -Xmx8g -cp "$jar" org.reflexscope.bench.pipeline.NdTiffWriteThroughput /tmp 600 2048 1 2>&1 | tail -3
  } > "$out/ndtiff.txt" 2>&1
  cat "$out/ndtiff.txt"
fi

if has chain; then
  step chain
  for cpus in 0-1 all; do
    pre=""; [[ "$cpus" != all ]] && pre="taskset -c $cpus"
    echo "-- ChainAB 2048 4 $frames fused,standalone, cpus $cpus"
    $pre "$java" -Dai.djl.offline=true -cp "$jar" org.reflexscope.bench.inference.ChainAB 2048 4 "$frames" \
      fused,standalone 2>&1 | tail -6
  done > "$out/chain.txt" 2>&1
  cat "$out/chain.txt"
fi

if has e2e; then
  step e2e
  # 60 s of 2048² 16-bit at 100 fps is 50 GB: on disk when the disk sustains it (dd >= 1.2 GB/s), else in RAM.
  rate=$(grep -o '[0-9.]* GB/s' "$out/machine.txt" 2>/dev/null | cut -d' ' -f1); dirs="/tmp/reflex-e2e"
  if [[ "$quick" == quick ]]; then dirs="/tmp/reflex-e2e /dev/shm/reflex-e2e";
  elif ! awk -v r="${rate:-0}" 'BEGIN{exit !(r >= 1.2)}'; then dirs="/dev/shm/reflex-e2e"; fi
  for dir in $dirs; do
    tag=$(basename "$(dirname "$dir")")
    echo "-- EndToEndBenchmark 2048² 100 fps ${secs} s, ring ${E2E_RING:-32}, recording to $dir"
    "$java" -Xmx24g -Xlog:gc:file="$out/gc-$tag.log" -Dai.djl.offline=true -cp "$jar" \
      org.reflexscope.bench.e2e.EndToEndBenchmark --size 2048 --fps 100 --seconds "$secs" --bin 4 \
      --ring "${E2E_RING:-32}" --dir "$dir" > "$out/e2e-$tag.log" 2>&1
    grep -v 'ALARM' "$out/e2e-$tag.log" | tail -40
    echo "gc pauses: $(grep -c Pause "$out/gc-$tag.log"), longest $(grep -o '[0-9.]*ms$' "$out/gc-$tag.log" | sort -n | tail -1)"
    rm -rf "$dir"
  done > "$out/e2e.txt" 2>&1
  cat "$out/e2e.txt"
fi
step done
