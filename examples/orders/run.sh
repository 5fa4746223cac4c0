#!/usr/bin/env bash
# The orders example from a checkout: picks a JDK >= 21 (like ./keel), builds what is missing.
#   examples/orders/run.sh build                               build (the other commands build when needed)
#   examples/orders/run.sh mock NAME [PORT] [FAULTS]           a fault-injecting mock of stubs/NAME:
#                                                              payment-service (8081), recommendations (8082),
#                                                              email-service (8083)
#   examples/orders/run.sh app                                 the service on ORDERS_HTTP_PORT (8090), with the
#                                                              environment of dev.env for every variable not set
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
. "$ROOT/scripts/jdk.sh"
keel_select_jdk
export PATH="$JAVA_HOME/bin:$PATH"

CLASSPATH_FILE="$HERE/target/run-classpath.txt"

build() {
  echo "orders: building (./mvnw package -pl examples/orders -am; the first build takes a few minutes)" >&2
  (cd "$ROOT" && "$ROOT/mvnw" -B -q -pl examples/orders -am package dependency:build-classpath \
    -DskipTests -Dmdep.outputFile=target/run-classpath.txt -Dmdep.includeScope=test) >&2
  touch "$CLASSPATH_FILE" # the plugin leaves an unchanged file alone; this marks the build time
}

# What the example is built from: its own module, the Keel modules it uses, the root pom.
SOURCES=(examples/orders keel-core keel-http keel-idempotency keel-jobs keel-testkit pom.xml)

# Builds when the classpath file is missing or older than any of those sources. Holds a lock, so
# mocks and the app started at once build one after the other (the later ones find it fresh).
build_if_stale() {
  mkdir -p "$HERE/target"
  exec 9>"$HERE/target/.run.lock"
  flock 9
  local stale=""
  if [ ! -f "$CLASSPATH_FILE" ]; then
    stale="missing"
  else
    stale=$(cd "$ROOT" && find "${SOURCES[@]}" -path '*/target' -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) \
      -newer "$CLASSPATH_FILE" -print -quit)
  fi
  if [ -n "$stale" ]; then
    build
  fi
  flock -u 9
}

classpath() {
  echo "$HERE/target/classes:$(cat "$CLASSPATH_FILE")"
}

cmd="${1:-help}"
[ $# -gt 0 ] && shift
case "$cmd" in
  build)
    build
    ;;
  mock)
    name="${1:?usage: run.sh mock payment-service|recommendations|email-service [PORT] [FAULTS]}"
    case "$name" in
      payment-service) port=8081 ;;
      recommendations) port=8082 ;;
      email-service) port=8083 ;;
      *) echo "orders: no stubs for '$name'; try payment-service, recommendations or email-service" >&2; exit 2 ;;
    esac
    port="${2:-$port}"
    args=(--stubs "$HERE/stubs/$name" --port "$port" --bind "${MOCK_BIND:-127.0.0.1}")
    [ -n "${3:-}" ] && args+=(--faults "$3")
    build_if_stale
    exec java -cp "$(classpath)" dev.keel.testkit.MockServerCommand "${args[@]}"
    ;;
  app)
    while IFS='=' read -r key value; do
      case "$key" in ''|'#'*) continue ;; esac
      [ -z "${!key:-}" ] && export "$key=$value"
    done < "$HERE/dev.env"
    build_if_stale
    cd "$ROOT"
    exec java ${ORDERS_JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED -cp "$(classpath)" \
      dev.keel.examples.orders.OrdersApp
    ;;
  help|-h|--help)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    ;;
  *)
    echo "orders: unknown command '$cmd'; try examples/orders/run.sh help" >&2
    exit 2
    ;;
esac
