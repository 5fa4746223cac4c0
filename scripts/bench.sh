#!/usr/bin/env bash
# ./keel bench [primitives|queue|idempotency|http|server|all] [--smoke] [options]: builds keel-bench and runs a benchmark.
#   ./keel bench                      every benchmark, full length, tables into docs/benchmarks.md
#   ./keel bench primitives           JMH: Keel's primitives beside Resilience4j, Failsafe, Bucket4j, keel-http's layers (~7 min)
#   ./keel bench queue                20,000 jobs, 16 workers: raw SKIP LOCKED, db-scheduler, JobRunr, Keel (~11 min)
#   ./keel bench idempotency          Redis idempotency store vs none, 64 threads, redis-benchmark SET as ceiling (~1 min; --ops N)
#   ./keel bench http                 KeelHttpClient vs bare JDK HttpClient, 64 threads, log on/off (~2 min; --requests N)
#   ./keel bench server               keel-server's HTTP API vs in-process keel-jobs, SQLite and PostgreSQL, 16 threads (~2 min; --ops N)
#   ./keel bench <which> --smoke      a short run that prints its table and writes nothing (CI)
# Other options: --doc PATH (the markdown file to update), primitives: --include REGEX,
# queue: --jobs N, --only raw,dbscheduler,jobrunr,keel-postgres,keel-postgres-fast,keel-sqlite.
# The queue needs PostgreSQL on 127.0.0.1:5432
# (or KEEL_BENCH_PG_URL, a JDBC URL); it creates and drops its own schemas.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. "$ROOT/scripts/jdk.sh"
keel_select_jdk
export PATH="$JAVA_HOME/bin:$PATH"

which="${1:-all}"
[ $# -gt 0 ] && shift
case "$which" in
  primitives|queue|idempotency|http|server|all) ;;
  help|-h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "bench: unknown benchmark '$which'; try './keel bench help'" >&2; exit 2 ;;
esac

MVN=("$ROOT/mvnw" -B -q)
[ "${CI:-}" = "true" ] && MVN+=(-ntp)
echo "bench: building keel-bench (./mvnw -pl keel-bench -am package -DskipTests)" >&2
"${MVN[@]}" -pl keel-bench -am package -DskipTests
CP="$ROOT/keel-bench/target/classes:$(cat "$ROOT/keel-bench/target/bench-classpath.txt")"

args=("$@")
smoke=false
has_doc=false
for a in "${args[@]+"${args[@]}"}"; do
  [ "$a" = "--smoke" ] && smoke=true
  [ "$a" = "--doc" ] && has_doc=true
done
# A full run records its table; a smoke run only prints unless told where to write.
if [ "$smoke" = false ] && [ "$has_doc" = false ]; then
  args+=(--doc "$ROOT/docs/benchmarks.md")
fi

run() {
  # slf4j-simple: the class path also holds logback, for the HTTP benchmark's child JVMs only.
  java -Xmx1g -Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider -Dslf4j.internal.verbosity=WARN \
    -cp "$CP" dev.keel.bench.Bench "$1" "${args[@]+"${args[@]}"}"
}
case "$which" in
  all) run primitives; run queue; run idempotency; run http; run server ;;
  *) run "$which" ;;
esac
