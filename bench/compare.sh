#!/usr/bin/env bash
# DSV against etcd on this machine, in one run, each alone while it is measured: builds, starts a fresh
# local cluster, drives it (dsv-bench's LoadTool), stops it, then starts a local etcd (Debian's
# etcd-server, default durability, installed if missing) and drives it with the same load; prints one
# table with the DSV/etcd ratios and issue 14's targets with a pass or a miss each.
#   bench/compare.sh [--clients 16] [--seconds 20] [--warmup-seconds 5] [--mix 10,10,80] [--size 64] [--keys 200]
# Then, for each system, gets alone (--mix 0,0,100) and creates alone (--mix 100,0,0) with the same
# clients, seconds and size: the targets must hold both in the mix and measured separately.
# Before DSV stops: the same load over 10x the stored secrets (--keys 2000; cost must not grow with
# them), and a .env file of 100 enc() lines against one single create (EnvTiming).
# Then DSV again with --processes (every service a JVM of its own, as the launcher makes them), same load.
# DSV_BENCH_QUICK=1 skips those three. DSV_BENCH_STORED=100000 adds, before DSV stops, the mix and gets alone
# over 1,000 secrets it stores and then over that many (stored first in .env files of 100; about 15 min per
# 100,000 here), and the issue's target that the figures with them stay within 10 % of those with 1,000.
# Everything listens on 127.0.0.1 only. Results also land in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
ARGS=("$@")
[[ ${#ARGS[@]} -gt 0 ]] || ARGS=(--clients 16 --seconds 20 --mix 10,10,80 --size 64 --keys 200)
# the separate gets-only and creates-only loads take the mix run's clients, seconds and size
CLIENTS=16; SECONDS_=20; SIZE=64
for ((i = 0; i + 1 < ${#ARGS[@]}; i++)); do
  case "${ARGS[i]}" in
    --clients) CLIENTS=${ARGS[i+1]} ;;
    --seconds) SECONDS_=${ARGS[i+1]} ;;
    --size) SIZE=${ARGS[i+1]} ;;
  esac
done
SEPARATE=(--clients "$CLIENTS" --seconds "$SECONDS_" --size "$SIZE")
WORK=$(mktemp -d)
OUT=bench/results; mkdir -p "$OUT"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

echo "[compare] building"
./mvnw -B -q -pl dsv-local,dsv-bench -am install -DskipTests

if ! command -v etcd >/dev/null; then
  echo "[compare] installing etcd-server"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server >/dev/null
fi
LOAD=(java -Xms256m -Xmx256m -XX:+UseSerialGC -cp dsv-bench/target/benchmarks.jar io.dsv.bench.load.LoadTool)
# DSV's own JVM (./dsv-local.sh's: Maven's, which runs the launcher in process) gets a fixed heap and GC too;
# Cassandra's child JVM has its own fixed settings (-Xms512m -Xmx512m, G1), as do --processes' JVMs.
DSV_JVM="-Xms2g -Xmx2g -XX:+UseG1GC"
echo "[compare] load tool JVM: ${LOAD[*]:1:3}; DSV as ./dsv-local.sh runs it, one JVM: $DSV_JVM"

# Each system is measured alone on the machine: DSV first (etcd not started yet), then DSV is stopped
# and etcd started.
echo "[compare] starting the DSV local cluster"
MAVEN_OPTS="$DSV_JVM" ./mvnw -B -q -pl dsv-local exec:java -Dexec.args="--data-dir $WORK/dsv --rate-limit 1000000" \
  > "$WORK/dsv.log" 2>&1 &
DSV_PID=$!
PIDS+=($DSV_PID)
for _ in $(seq 1 180); do grep -q "DSV is up" "$WORK/dsv.log" && break; sleep 1; done
grep -q "DSV is up" "$WORK/dsv.log" || { tail -30 "$WORK/dsv.log"; echo "[compare] DSV did not start" >&2; exit 1; }
TOKEN=$(grep -o 'dsv\.[A-Za-z0-9_-]\{16\}\.[A-Za-z0-9_-]\{43\}' "$WORK/dsv.log" | head -1)

# The cluster's eight Spring contexts are still being JIT-compiled long after start (a 30 s warm-up left
# the first run ~40 % slower than one two minutes later; after 90 s the mix still ran at 140 gets/s where
# the same mix two minutes later ran at 244): warm them first, measuring only the steady state.
echo "[compare] DSV warm-up (180 s, not measured)"
"${LOAD[@]}" --target dsv --url http://127.0.0.1:8080 --token "$TOKEN" --clients 16 --seconds 180 --warmup-seconds 0 \
  --keys 100 --namespace warmup > /dev/null
echo "[compare] DSV"
"${LOAD[@]}" --target dsv --url http://127.0.0.1:8080 --token "$TOKEN" --json "$OUT/dsv.json" "${ARGS[@]}"
echo "[compare] DSV, gets only"
"${LOAD[@]}" --target dsv --url http://127.0.0.1:8080 --token "$TOKEN" --json "$OUT/dsv-gets.json" "${SEPARATE[@]}" \
  --mix 0,0,100 --keys 200 --namespace gets
echo "[compare] DSV, creates only"
"${LOAD[@]}" --target dsv --url http://127.0.0.1:8080 --token "$TOKEN" --json "$OUT/dsv-creates.json" "${SEPARATE[@]}" \
  --mix 100,0,0 --keys 10 --namespace creates

ENV_RATIO=""
if [[ -z "${DSV_BENCH_QUICK:-}" ]]; then
  echo "[compare] DSV with 10x the stored secrets (2000 keys for get and update instead of 200)"
  "${LOAD[@]}" --target dsv --url http://127.0.0.1:8080 --token "$TOKEN" --json "$OUT/dsv-10x.json" \
    --clients 16 --seconds 20 --mix 10,10,80 --size 64 --keys 2000 | tee "$OUT/dsv-10x.txt"
  echo "[compare] .env file of 100 enc() lines vs one create"
  java -cp dsv-bench/target/benchmarks.jar io.dsv.bench.load.EnvTiming --url http://127.0.0.1:8080 --token "$TOKEN" \
    --lines 100 --rounds 15 | tee "$OUT/env-timing.txt"
  ENV_RATIO=$(grep -o 'ratio .env / create *[0-9.]*' "$OUT/env-timing.txt" | awk '{print $NF}')
fi

STORED_ARGS=()
if [[ -n "${DSV_BENCH_STORED:-}" ]]; then
  echo "[compare] DSV over 1,000 stored secrets, then over $DSV_BENCH_STORED (stored first; the mix, then gets alone)"
  stored() { # name, how many, then --stored-run RUN for the gets alone
    local name=$1 count=$2; shift 2
    "${LOAD[@]}" --target dsv --url http://127.0.0.1:8080 --token "$TOKEN" --json "$OUT/dsv-stored-$name-mix.json" \
      --clients 16 --seconds 20 --mix 10,10,80 --size 64 --stored "$count" --namespace stored | tee "$OUT/dsv-stored-$name-mix.txt"
    local run
    run=$(grep -o '(run [a-z0-9]*)' "$OUT/dsv-stored-$name-mix.txt" | head -1 | tr -d '()' | cut -d' ' -f2)
    "${LOAD[@]}" --target dsv --url http://127.0.0.1:8080 --token "$TOKEN" --json "$OUT/dsv-stored-$name-gets.json" \
      --clients 16 --seconds 20 --mix 0,0,100 --size 64 --stored "$count" --stored-run "$run" --namespace stored \
      | tee "$OUT/dsv-stored-$name-gets.txt"
  }
  stored 1000 1000
  stored many $((DSV_BENCH_STORED - 1000))
  STORED_ARGS=(--stored "$DSV_BENCH_STORED" "$OUT/dsv-stored-1000-mix.json" "$OUT/dsv-stored-many-mix.json"
    "$OUT/dsv-stored-1000-gets.json" "$OUT/dsv-stored-many-gets.json")
fi

echo "[compare] stopping DSV"
kill "$DSV_PID" 2>/dev/null || true
wait "$DSV_PID" 2>/dev/null || true

if [[ -z "${DSV_BENCH_QUICK:-}" ]]; then
  echo "[compare] DSV with --processes (Kafka and every service a JVM of its own; 60 s warm-up, not measured)"
  ./mvnw -B -q -pl dsv-local exec:java -Dexec.args="--data-dir $WORK/dsv-processes --processes --rate-limit 1000000" \
    > "$WORK/dsv-processes.log" 2>&1 &
  PROC_PID=$!
  PIDS+=($PROC_PID)
  for _ in $(seq 1 240); do grep -q "DSV is up" "$WORK/dsv-processes.log" && break; sleep 1; done
  if grep -q "DSV is up" "$WORK/dsv-processes.log"; then
    PTOKEN=$(grep -o 'dsv\.[A-Za-z0-9_-]\{16\}\.[A-Za-z0-9_-]\{43\}' "$WORK/dsv-processes.log" | head -1)
    "${LOAD[@]}" --target dsv --url http://127.0.0.1:8080 --token "$PTOKEN" --clients 16 --seconds 60 --warmup-seconds 0 \
      --keys 100 --namespace warmup > /dev/null
    "${LOAD[@]}" --target dsv --url http://127.0.0.1:8080 --token "$PTOKEN" --json "$OUT/dsv-processes.json" "${ARGS[@]}" \
      | tee "$OUT/dsv-processes.txt"
  else
    tail -30 "$WORK/dsv-processes.log"; echo "[compare] DSV --processes did not start" >&2
  fi
  kill "$PROC_PID" 2>/dev/null || true
  wait "$PROC_PID" 2>/dev/null || true
fi

echo "[compare] starting etcd on 127.0.0.1:23790 (alone)"
etcd --name bench --data-dir "$WORK/etcd" --listen-client-urls http://127.0.0.1:23790 \
  --advertise-client-urls http://127.0.0.1:23790 --listen-peer-urls http://127.0.0.1:23800 \
  --initial-advertise-peer-urls http://127.0.0.1:23800 --initial-cluster bench=http://127.0.0.1:23800 \
  > "$WORK/etcd.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 30); do curl -sf http://127.0.0.1:23790/health >/dev/null && break; sleep 1; done
echo "[compare] etcd"
"${LOAD[@]}" --target etcd --url http://127.0.0.1:23790 --json "$OUT/etcd.json" "${ARGS[@]}"
echo "[compare] etcd, gets only"
"${LOAD[@]}" --target etcd --url http://127.0.0.1:23790 --json "$OUT/etcd-gets.json" "${SEPARATE[@]}" \
  --mix 0,0,100 --keys 200 --namespace gets
echo "[compare] etcd, puts only"
"${LOAD[@]}" --target etcd --url http://127.0.0.1:23790 --json "$OUT/etcd-creates.json" "${SEPARATE[@]}" \
  --mix 100,0,0 --keys 10 --namespace creates

echo "[compare] DSV / etcd"
java -cp dsv-bench/target/benchmarks.jar io.dsv.bench.load.Compare "$OUT/dsv.json" "$OUT/etcd.json" \
  "$OUT/dsv-gets.json" "$OUT/etcd-gets.json" "$OUT/dsv-creates.json" "$OUT/etcd-creates.json" $ENV_RATIO "${STORED_ARGS[@]}" \
  | tee "$OUT/compare.txt"
