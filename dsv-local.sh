#!/usr/bin/env bash
# Builds what the local cluster needs, then starts it: a real Kafka broker, a real Cassandra node,
# metadata, repair, five shard nodes and the gateway on loopback. Data stays in ./.dsv/.
# Options go to the launcher: --gateways N, --data-dir DIR, --help. It builds the dsv command too (bin/dsv).
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -pl dsv-local,dsv-cli -am install -DskipTests
exec ./mvnw -B -q -pl dsv-local exec:java -Dexec.args="$*"
