#!/usr/bin/env bash
# The operator's command line, run from the project's root: issue the internal plane's certificates,
# create the root token, run an anti-entropy sweep, read or change the ring, forget a node's pinned key,
# grant Kafka users and ACLs (./dsv-operator.sh --help).
# Without --ca it uses the local cluster's CA (.dsv/tls/internal).
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -pl dsv-local -am install -DskipTests
exec ./mvnw -B -q -pl dsv-local exec:java -Dexec.mainClass=io.dsv.local.OperatorMain -Dexec.args="$*"
