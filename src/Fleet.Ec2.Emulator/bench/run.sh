#!/usr/bin/env bash
# Requests per second of the emulator on loopback, measured with wrk (apt-get install wrk).
# Usage: src/Fleet.Ec2.Emulator/bench/run.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/../../.."
SECONDS_PER_RUN=${1:-10}
CONNECTIONS=${2:-32}
PORT=4577
URL="http://127.0.0.1:$PORT/"
BENCH=src/Fleet.Ec2.Emulator/bench

dotnet build -c Release src/Fleet.Ec2.Emulator -v q -nologo >/dev/null
dotnet src/Fleet.Ec2.Emulator/bin/Release/net10.0/fleet-ec2-emulator.dll --port $PORT --config $BENCH/bench-config.json >/tmp/fleet-ec2-emulator-bench.log 2>&1 &
EMULATOR=$!
trap 'kill $EMULATOR 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "$URL?Action=DescribeVpcs" && break; sleep 0.1; done

call() { curl -s -X POST "$URL" -H 'Content-Type: application/x-www-form-urlencoded' --data "$1"; }
SUBNET=$(call 'Action=DescribeSubnets' | grep -o 'subnet-[0-9a-f]\{17\}' | head -1)
ENIS=""
for _ in 1 2; do
  ENI=$(call "Action=CreateNetworkInterface&SubnetId=$SUBNET" | grep -o 'eni-[0-9a-f]\{17\}' | head -1)
  ENIS="$ENIS${ENIS:+,}$ENI"
done
export ENIS

echo "== DescribeNetworkInterfaces by id: wrk -t2 -c$CONNECTIONS -d${SECONDS_PER_RUN}s"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s $BENCH/describe.lua "$URL"
echo "== AssignPrivateIpAddresses / UnassignPrivateIpAddresses: wrk -t2 -c$CONNECTIONS -d${SECONDS_PER_RUN}s"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s $BENCH/assign.lua "$URL"
echo "== calls by outcome"
curl -s "${URL}_emulator/stats"; echo
