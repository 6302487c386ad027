#!/usr/bin/env bash
# Scale ladder: generate -> ingest -> train -> value on synthetic logs of growing size, one command
# (one JVM) per stage, recording each stage's wall time (from manifest.json) and the peak resident
# memory of its JVM (GNU time), then the fitted exponent b of time ~ a * size^b per stage.
#
#   deploy/bench/scale-ladder.sh WORKDIR SIZE...       e.g. deploy/bench/scale-ladder.sh /tmp/ladder 1e5 1e6
#
# Sizes are interactions; users = size/20, items = size/100 (at least 1,000 and 500), rank 10, 5 %
# noise, explicit CSV. Training runs train.max-iter sweeps (default here 10, env MAX_ITER) without the
# MLlib comparison; "value" is influence, "ep" equilibrium propagation on the same model. Env STAGES
# (default "generate ingest train value ep") picks the stages; a later stage reuses what an earlier run
# of the script left in WORKDIR, and results.tsv is started afresh only when generate runs. Rows go to
# benchmarks/scale.md (env RECORD to change) through BenchmarkRecord; RECORD_ONLY=1 records WORKDIR/results.tsv
# of an earlier run without running anything. VALUE_SETTINGS="key=value ..." adds --set options to the
# value and ep stages (e.g. value.polish-steps=0 to value at the trained model).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$1"; shift
record="${RECORD:-$root/benchmarks/scale.md}"
max_iter="${MAX_ITER:-10}"
recvalue="$root/deploy/bin/recvalue"
export RECVALUE_DRIVER_MEMORY="${RECVALUE_DRIVER_MEMORY:-8g}"
mkdir -p "$work"
results="$work/results.tsv"
stages="${STAGES:-generate ingest train value ep}"
runs() { case " $stages " in *" $1 "*) return 0;; *) return 1;; esac; }
[ "${RECORD_ONLY:-0}" = 1 ] || ! runs generate || : > "$results"

seconds_of() { # manifest stage -> wall seconds
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["stages"][sys.argv[2]]; print(s.get("wall_seconds", s.get("seconds")))' "$1" "$2"
}
peak_mib() { # GNU time -v output -> MiB
  awk -F: '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$1"
}

value_sets=()
for setting in ${VALUE_SETTINGS:-}; do value_sets+=(--set "$setting"); done

for size in "$@"; do
  [ "${RECORD_ONLY:-0}" = 1 ] && break
  n=$(awk -v s="$size" 'BEGIN {printf "%d", s}')
  users=$(( n / 20 > 1000 ? n / 20 : 1000 ))
  items=$(( n / 100 > 500 ? n / 100 : 500 ))
  gen="$work/gen-$n"; run="$work/run-$n"
  if runs generate; then
    rm -rf "$gen" "$run"
    /usr/bin/time -v -o "$work/time-generate-$n.txt" "$recvalue" generate --interactions "$n" --users "$users" \
      --items "$items" --rank 10 --noise 0.05 --output "$gen" >/dev/null
    echo -e "$n\tgenerate\t$(seconds_of "$gen/manifest.json" generate)\t$(peak_mib "$work/time-generate-$n.txt")" >> "$results"
  fi
  if runs ingest; then
    /usr/bin/time -v -o "$work/time-ingest-$n.txt" "$recvalue" ingest --input "$gen/interactions" --output "$run" \
      --config "$gen/recvalue.properties" >/dev/null
    echo -e "$n\tingest\t$(seconds_of "$run/manifest.json" ingest)\t$(peak_mib "$work/time-ingest-$n.txt")" >> "$results"
  fi
  if runs train; then
    /usr/bin/time -v -o "$work/time-train-$n.txt" "$recvalue" train --output "$run" --config "$gen/recvalue.properties" \
      --set train.compare-mllib=false --set train.max-iter="$max_iter" >/dev/null
    echo -e "$n\ttrain\t$(seconds_of "$run/manifest.json" train)\t$(peak_mib "$work/time-train-$n.txt")" >> "$results"
  fi
  for method in value ep; do
    runs "$method" || continue
    name=$([ "$method" = value ] && echo influence || echo ep)
    /usr/bin/time -v -o "$work/time-$method-$n.txt" "$recvalue" value --method "$name" --output "$run" \
      --config "$gen/recvalue.properties" --set train.compare-mllib=false --set train.max-iter="$max_iter" "${value_sets[@]}" >/dev/null
    echo -e "$n\t$method\t$(seconds_of "$run/manifest.json" value)\t$(peak_mib "$work/time-$method-$n.txt")" >> "$results"
  done
  cat "$results"
done

# Fitted exponent per stage: least squares of log(seconds) on log(size) over the sizes measured.
fit() {
  awk -F'\t' -v st="$1" '$2 == st {x = log($1); y = log($3); n++; sx += x; sy += y; sxx += x*x; sxy += x*y}
    END {if (n >= 2) printf "%.2f", (n*sxy - sx*sy) / (n*sxx - sx*sx); else printf "n/a"}' "$results"
}
classes="$root/pipeline-core/target/classes:$root/pipeline-core/target/test-classes"
command="${STAGES:+STAGES=\"$STAGES\" }${VALUE_SETTINGS:+VALUE_SETTINGS=\"$VALUE_SETTINGS\" }deploy/bench/scale-ladder.sh WORKDIR $*"
for stage in $stages; do
  cells=""
  for size in "$@"; do
    n=$(awk -v s="$size" 'BEGIN {printf "%d", s}')
    cells="$cells${cells:+; }$size: $(awk -F'\t' -v n="$n" -v st="$stage" '$1 == n && $2 == st {printf "%.1f s, %s MiB", $3, $4}' "$results")"
  done
  java -cp "$classes" io.recvalue.core.bench.AppendBenchmarkRow "$record" "Scale ladder (synthetic, explicit, rank 10, 5 % noise)" \
    "$command" "generated: sizes $*, users = size/20, items = size/100, train.max-iter=$max_iter" \
    "| stage | sizes | wall time and peak JVM memory per size | fitted exponent of time vs size |" \
    "| $stage | $* | $cells | $(fit "$stage") |"
done
echo "appended to $record"
