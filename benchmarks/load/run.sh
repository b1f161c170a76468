#!/usr/bin/env bash
# Report throughput and memory per node at 10,000 (or 30,000) nodes on this machine: a Release silo (embedded emulator
# with emulator-10000.json, or emulator-30000.json above 10,000 nodes; Fleet's buckets raised to match), then
# `fleet load --throughput` from a separate process via the Orleans gateway and via HTTP, then `fleet load --memory`.
# Ports 23000-23999; everything started is stopped.
# Usage: benchmarks/load/run.sh [nodes] [seconds] [out-dir]   (writes out-dir/load-NODES-{orleans,http,memory}.json;
# BENCHMARKS.md's table comes from docs/bench: run.sh 10000 20 docs/bench; run.sh 30000 20 docs/bench; fleet bench render)
set -euo pipefail
cd "$(dirname "$0")/../.."
NODES=${1:-10000}; SECONDS_MEASURED=${2:-20}; OUT=${3:-$(mktemp -d)}
mkdir -p "$OUT"
if (( NODES <= 10000 )); then REGION=benchmarks/load/emulator-10000.json
elif (( NODES <= 30000 )); then REGION=benchmarks/load/emulator-30000.json
else echo "at most 30,000 nodes: the regions in benchmarks/load hold no more" >&2; exit 2; fi
HTTP=23080; EC2=23566; SILO=23111; GATEWAY=23300
dotnet build -c Release src/Fleet.Silo/Fleet.Silo.csproj -v q -nologo >/dev/null
dotnet build -c Release src/Fleet.Cli/Fleet.Cli.csproj -v q -nologo >/dev/null
raise=()
for action in AssignPrivateIpAddresses UnassignPrivateIpAddresses CreateNetworkInterface AttachNetworkInterface ModifyNetworkInterfaceAttribute DeleteNetworkInterface; do
  raise+=("--Fleet:Throttle:Buckets:$action:Capacity=2000" "--Fleet:Throttle:Buckets:$action:RefillPerSecond=500")
done
dotnet src/Fleet.Silo/bin/Release/net10.0/fleet-silo.dll --Fleet:Http:Urls=http://127.0.0.1:$HTTP --Fleet:Emulator:Port=$EC2 \
  --Fleet:Clustering:SiloPort=$SILO --Fleet:Clustering:GatewayPort=$GATEWAY \
  --Fleet:Emulator:ConfigFile=$REGION "${raise[@]}" >"$OUT/silo.log" 2>&1 &
SILO_PID=$!
trap 'kill $SILO_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf http://127.0.0.1:$HTTP/readyz >/dev/null && break
  kill -0 $SILO_PID 2>/dev/null || { echo "the silo exited before it was ready: see $OUT/silo.log" >&2; exit 1; }
  sleep 1
done
curl -sf http://127.0.0.1:$HTTP/readyz >/dev/null || { echo "the silo was not ready within 120 s: see $OUT/silo.log" >&2; exit 1; }
FLEET=(dotnet src/Fleet.Cli/bin/Release/net10.0/fleet.dll)
common=(--nodes "$NODES" --max-pods 20 --duration "${SECONDS_MEASURED}s" --warmup 10s --ec2-endpoint http://127.0.0.1:$EC2/ --gateway 127.0.0.1:$GATEWAY --json)
"${FLEET[@]}" load --throughput --via orleans --launch --keep "${common[@]}" >"$OUT/load-$NODES-orleans.json"
"${FLEET[@]}" load --throughput --via http --http http://127.0.0.1:$HTTP/ "${common[@]}" >"$OUT/load-$NODES-http.json"
"${FLEET[@]}" load --memory --nodes "$NODES" --ec2-endpoint http://127.0.0.1:$EC2/ --gateway 127.0.0.1:$GATEWAY --json >"$OUT/load-$NODES-memory.json" || true
echo "results in $OUT"; cat "$OUT/load-$NODES-orleans.json" "$OUT/load-$NODES-http.json" "$OUT/load-$NODES-memory.json"
