#!/usr/bin/env bash
# A Fleet cluster on this machine, as it runs in production but without containers (docs/operations.md,
# "Several silos on one machine"): Redis (membership and grain state), one EC2 emulator shared by every silo,
# N silos with Redis clustering, and the demo fleet's agents as a process of their own that, like the CLI, finds
# the silos through Redis — so they carry on when any silo dies.
#
#   deploy/local-cluster.sh up [--silos N] [--demo-nodes N] [--base-port P]   build, start everything, wait until ready
#   deploy/local-cluster.sh status                                            what runs, and each silo's /readyz
#   deploy/local-cluster.sh kill I                                            kill -9 silo I (1-based): a failover
#   deploy/local-cluster.sh start I                                           start silo I again on its ports
#   deploy/local-cluster.sh down                                              stop everything it started (by PID)
#
# Defaults: 3 silos, 24 demo nodes, base port 21000. Ports from the base P: Redis P, the emulator P+1, silo I's
# silo-to-silo port P+10+I, gateway P+20+I and HTTP P+30+I (fleet page http://127.0.0.1:P+30+I/).
# State (PIDs, logs, the CLI's environment) lives in .local-cluster/ at the repository root (FLEET_LOCAL_DIR).
# FLEET_NO_BUILD=1 skips the build. Needs dotnet, redis-server and curl.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state=${FLEET_LOCAL_DIR:-$repo/.local-cluster}
configuration=${FLEET_CONFIGURATION:-Debug}
bin() { echo "$repo/src/$1/bin/$configuration/net10.0/$2.dll"; }

usage() { sed -n '2,20p' "${BASH_SOURCE[0]}" >&2; exit 2; }
say() { printf '%s\n' "$*"; }
fail() { printf 'local-cluster: %s\n' "$*" >&2; exit 1; }

# The saved layout of the running cluster (written by `up`).
load_layout() {
  [ -f "$state/layout" ] || fail "no cluster here ($state/layout missing): run '$0 up' first"
  # shellcheck disable=SC1091
  . "$state/layout"
}

# running PID: exists and is not a zombie (a killed process nobody has reaped yet still answers kill -0).
running() { kill -0 "$1" 2>/dev/null && ! grep -qs '^[0-9]* (.*) Z' "/proc/$1/stat"; }

alive() { [ -f "$state/pids/$1" ] && running "$(cat "$state/pids/$1")"; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# launch NAME COMMAND...: runs in the background, output to logs/NAME.log, PID to pids/NAME.
launch() {
  local name=$1
  shift
  "$@" >"$state/logs/$name.log" 2>&1 &
  echo $! >"$state/pids/$name"
}

wait_until() { # wait_until SECONDS WHAT COMMAND...
  local limit=$1 what=$2
  shift 2
  for _ in $(seq $((limit * 5))); do
    "$@" && return 0
    sleep 0.2
  done
  fail "timed out after ${limit}s waiting for $what"
}

silo_ready() { curl -sf -o /dev/null "http://127.0.0.1:$((BASE + 30 + $1))/readyz"; }

start_silo() {
  local i=$1
  alive "silo$i" && fail "silo $i runs already (PID $(cat "$state/pids/silo$i"))"
  launch "silo$i" dotnet "$(bin Fleet.Silo fleet-silo)" \
    --Fleet:Clustering:Provider=Redis --Fleet:Clustering:ConnectionString="127.0.0.1:$BASE" \
    --Fleet:Ec2:ServiceUrl="http://127.0.0.1:$((BASE + 1))/" \
    --Fleet:Clustering:SiloPort=$((BASE + 10 + i)) --Fleet:Clustering:GatewayPort=$((BASE + 20 + i)) \
    --Fleet:Http:Urls="http://127.0.0.1:$((BASE + 30 + i))"
  local pid
  pid=$(cat "$state/pids/silo$i")
  for _ in $(seq 600); do # up to 120 s
    running "$pid" || { tail -20 "$state/logs/silo$i.log" >&2; fail "silo $i exited; see $state/logs/silo$i.log"; }
    silo_ready "$i" && break
    sleep 0.2
  done
  silo_ready "$i" || fail "silo $i was not ready after 120 s; see $state/logs/silo$i.log"
  say "silo $i ready: fleet page http://127.0.0.1:$((BASE + 30 + i))/ (gateway 127.0.0.1:$((BASE + 20 + i)), PID $(cat "$state/pids/silo$i"))"
}

up() {
  local silos=3 demo=24 base=21000
  while [ $# -gt 0 ]; do
    case $1 in
      --silos) silos=$2; shift 2 ;;
      --demo-nodes) demo=$2; shift 2 ;;
      --base-port) base=$2; shift 2 ;;
      *) usage ;;
    esac
  done
  [[ $silos =~ ^[1-9]$ ]] || fail "--silos must be 1 to 9"
  [[ $demo =~ ^[0-9]+$ ]] || fail "--demo-nodes must be a number"
  [[ $base =~ ^[0-9]+$ ]] && [ "$base" -ge 1024 ] && [ "$base" -le 65490 ] || fail "--base-port must be 1024 to 65490"
  command -v redis-server >/dev/null || fail "redis-server is not installed (apt-get install redis-server)"
  command -v curl >/dev/null || fail "curl is not installed"
  if [ -f "$state/layout" ] && ls "$state/pids/"* >/dev/null 2>&1; then
    for pid in "$state"/pids/*; do running "$(cat "$pid")" && fail "a cluster runs already from $state: '$0 down' first"; done
  fi
  local port
  for port in $base $((base + 1)) $(for i in $(seq "$silos"); do echo $((base + 10 + i)) $((base + 20 + i)) $((base + 30 + i)); done); do
    port_free "$port" || fail "port $port is taken: choose another range with --base-port"
  done

  rm -rf "$state"
  mkdir -p "$state/pids" "$state/logs" "$state/redis"
  cat >"$state/layout" <<EOF
BASE=$base
SILOS=$silos
DEMO=$demo
EOF
  BASE=$base

  if [ "${FLEET_NO_BUILD:-0}" != 1 ]; then
    say "building the emulator, the silo and the CLI ($configuration)…"
    for project in Fleet.Ec2.Emulator Fleet.Silo Fleet.Cli; do
      dotnet build "$repo/src/$project" -c "$configuration" -nologo -v quiet >"$state/logs/build-$project.log" 2>&1 \
        || { tail -30 "$state/logs/build-$project.log" >&2; fail "building $project failed"; }
    done
  fi

  launch redis redis-server --port "$base" --bind 127.0.0.1 --save "" --appendonly no --dir "$state/redis"
  wait_until 20 "redis on $base" bash -c "(exec 3<>/dev/tcp/127.0.0.1/$base) 2>/dev/null"
  say "redis ready: 127.0.0.1:$base (PID $(cat "$state/pids/redis"))"

  launch emulator dotnet "$(bin Fleet.Ec2.Emulator fleet-ec2-emulator)" --port $((base + 1))
  wait_until 60 "the EC2 emulator on $((base + 1))" bash -c "(exec 3<>/dev/tcp/127.0.0.1/$((base + 1))) 2>/dev/null"
  say "EC2 emulator ready: http://127.0.0.1:$((base + 1))/ (PID $(cat "$state/pids/emulator"))"

  # The first silo creates the membership table; the others join it.
  for i in $(seq "$silos"); do start_silo "$i"; done

  cat >"$state/env" <<EOF
# source this file: the fleet CLI then finds the silos through Redis, whichever of them run.
export FLEET_REDIS=127.0.0.1:$base
EOF

  if [ "$demo" -gt 0 ]; then
    launch demo dotnet "$(bin Fleet.Cli fleet)" load --nodes "$demo" --launch --ec2-endpoint "http://127.0.0.1:$((base + 1))/" \
      --duration 0 --interval 2s --redis "127.0.0.1:$base" --json
    say "demo fleet: $demo instances launched in the emulator, their agents report every 2 s through Redis (PID $(cat "$state/pids/demo"), log $state/logs/demo.log)"
  fi

  say ""
  say "The CLI finds the cluster through Redis:"
  say "  source $state/env"
  say "  dotnet run --project src/Fleet.Cli -- nodes        (or: fleet nodes, once installed as a tool)"
  say "Stop everything with: $0 down"
}

status() {
  load_layout
  local name
  for name in redis emulator $(for i in $(seq "$SILOS"); do echo "silo$i"; done) demo; do
    [ -f "$state/pids/$name" ] || continue
    if alive "$name"; then
      if [[ $name == silo* ]] && silo_ready "${name#silo}"; then
        say "$name: running (PID $(cat "$state/pids/$name")), ready at http://127.0.0.1:$((BASE + 30 + ${name#silo}))/"
      else
        say "$name: running (PID $(cat "$state/pids/$name"))"
      fi
    else
      say "$name: not running"
    fi
  done
}

kill_silo() {
  load_layout
  local i=${1:-}
  [[ $i =~ ^[1-9]$ ]] && [ "$i" -le "$SILOS" ] || fail "which silo? 1 to $SILOS"
  alive "silo$i" || fail "silo $i is not running"
  local pid
  pid=$(cat "$state/pids/silo$i")
  kill -9 "$pid"
  for _ in $(seq 50); do running "$pid" || break; sleep 0.1; done
  say "silo $i killed (kill -9 $pid)"
}

start_again() {
  load_layout
  local i=${1:-}
  [[ $i =~ ^[1-9]$ ]] && [ "$i" -le "$SILOS" ] || fail "which silo? 1 to $SILOS"
  start_silo "$i"
}

# stop NAME: SIGTERM, up to 30 s for a graceful stop, then SIGKILL. Only the PID this script recorded.
stop() {
  local name=$1 pid
  [ -f "$state/pids/$name" ] || return 0
  pid=$(cat "$state/pids/$name")
  if running "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 150); do running "$pid" || break; sleep 0.2; done
    running "$pid" && kill -9 "$pid" 2>/dev/null || true
    say "$name stopped (PID $pid)"
  fi
  rm -f "$state/pids/$name"
}

down() {
  load_layout
  stop demo # first: its agents stop while the silos still answer
  for i in $(seq "$SILOS" -1 1); do stop "silo$i"; done
  stop emulator
  stop redis
  say "logs kept in $state/logs"
}

case ${1:-} in
  up) shift; up "$@" ;;
  status) status ;;
  kill) kill_silo "${2:-}" ;;
  start) start_again "${2:-}" ;;
  down) down ;;
  *) usage ;;
esac
