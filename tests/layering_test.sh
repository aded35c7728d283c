#!/bin/bash
# Data flows one way: config -> sched -> probes -> results -> store -> web. Each module may
# include only the modules listed for it here; this test fails on any other include.
# Usage: layering_test.sh SOURCE_DIR
set -euo pipefail
top=${1:?usage: $0 SOURCE_DIR}
declare -A allowed=(
  [core]="core"
  [config]="core config"
  [results]="core results"
  [probes]="core config results probes"
  [store]="core config results store"
  [protocol]="core config results protocol"
  [sched]="core config results probes sched"
  [alerts]="core config results alerts"
  [export]="core config results export"
  [uplink]="core config results protocol uplink"
  [web]="core config results store protocol web"
  [daemon]="core config results probes store sched protocol uplink alerts export web daemon"
)
bad=0
checked=0
for module in "${!allowed[@]}"; do
  for dir in "$top/src/$module" "$top/include/smokeping/$module"; do
    [ -d "$dir" ] || continue
    while IFS= read -r line; do
      file=${line%%:*}
      used=$(sed -n 's/.*#include "\(src\/\)\{0,1\}smokeping\/\([a-z_]*\)\/.*/\2/p; s/.*#include "src\/\([a-z_]*\)\/.*/\1/p' <<<"${line#*:}")
      [ -n "$used" ] || continue
      checked=$((checked + 1))
      if ! grep -qw "$used" <<<"${allowed[$module]}"; then
        echo "layering: $file ($module) includes $used: ${line#*:}"
        bad=$((bad + 1))
      fi
    done < <(grep -rn '#include "' "$dir" --include='*.hpp' --include='*.cpp' || true)
  done
done
echo "layering: $checked module includes checked"
if [ "$bad" -gt 0 ]; then
  echo "0 passed, 1 failed"
  exit 1
fi
echo "1 passed, 0 failed"
