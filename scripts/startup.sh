#!/usr/bin/env bash
# Start-up figures for issue 15's fast start: the median wall time of `apigwlab --help`,
# and of the TUI's first frame (launch in a 120×40 tmux pane until the tab bar shows, less
# the same measurement of a command that prints the tab bar at once: tmux's own cost).
# Usage: scripts/startup.sh [BINARY] [RUNS]   (default: builds ./apigwlab into a temp dir, 15 runs)
set -euo pipefail
bin=${1:-}
runs=${2:-15}
if [ -z "$bin" ]; then
  bin=$(mktemp -d)/apigwlab
  go build -o "$bin" .
fi
ms() { echo $(( ($2 - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

help=()
for _ in $(seq "$runs"); do
  s=$(date +%s%N); "$bin" --help >/dev/null; e=$(date +%s%N)
  help+=("$(ms "$s" "$e")")
done

first() { # $1: the command to run in the pane, $2 a run number; prints ms until "Explorer" shows
  local s e sock="apigwlab-startup-$$-$2"
  s=$(date +%s%N)
  tmux -L "$sock" new-session -d -s s -x 120 -y 40 "$1"
  until tmux -L "$sock" capture-pane -p -t s 2>/dev/null | grep -q Explorer; do :; done
  e=$(date +%s%N)
  tmux -L "$sock" kill-server >/dev/null 2>&1 || true
  ms "$s" "$e"
}
frame=() base=()
for i in $(seq "$runs"); do
  base+=("$(first "echo '[1 Explorer]'; sleep 5" "b$i")")
  frame+=("$(first "$bin" "f$i")")
done
hm=$(printf '%s\n' "${help[@]}" | median)
bm=$(printf '%s\n' "${base[@]}" | median)
fm=$(printf '%s\n' "${frame[@]}" | median)
echo "apigwlab --help: median ${hm} ms (runs: ${help[*]})"
echo "first TUI frame: median $((fm - bm)) ms (${fm} ms in tmux, less tmux's own ${bm} ms)"
