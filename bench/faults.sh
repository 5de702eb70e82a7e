#!/usr/bin/env bash
# The history test (design §9) for as long as you like: every service a process of its own, two metadata
# instances and two gateways, concurrent clients, and a nemesis killing, pausing and restarting services,
# Kafka and Cassandra and breaking the links between them; then everything healed and the whole history
# checked. Prints the summary line; the history, the final state and every service's log are kept in
# dsv-local/target/history-*.
#   bench/faults.sh [--minutes 10] [--seed N]
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=10
SEED=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) MINUTES="$2"; shift 2 ;;
    --seed) SEED="-Ddsv.history.seed=$2"; shift 2 ;;
    *) echo "usage: bench/faults.sh [--minutes N] [--seed N]" >&2; exit 2 ;;
  esac
done
echo "[faults] building"
./mvnw -B -q -pl dsv-local -am install -DskipTests
echo "[faults] $MINUTES minutes of faults (plus about three to start the cluster and heal it)"
./mvnw -B -pl dsv-local surefire:test@history -Ddsv.history.seconds=$((MINUTES * 60)) $SEED \
  | grep -E '^\[history\]|Tests run:|BUILD' || true
cat dsv-local/target/history-summary.txt
