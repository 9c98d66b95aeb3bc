# Sourced by bin/* scripts: finds a JDK 25 and exports JAVA_HOME, or fails with a clear message.
# Order: $SYMDEX_JAVA_HOME, $JAVA_HOME, $TEMURIN25_HOME, /usr/lib/jvm/*, java on PATH.

symdex_java_major() { # JAVA_HOME -> major version, or nothing
  [ -x "$1/bin/java" ] || return 0
  # The JDK's release file says it without starting a JVM (~0.1 s per CLI call otherwise).
  local v
  if [ -f "$1/release" ] && v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release") && [ -n "$v" ]; then
    echo "$v"; return 0
  fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -1
}

symdex_find_jdk() {
  local c candidates=()
  [ -n "${SYMDEX_JAVA_HOME:-}" ] && candidates+=("$SYMDEX_JAVA_HOME")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  [ -n "${TEMURIN25_HOME:-}" ] && candidates+=("$TEMURIN25_HOME")
  for c in /usr/lib/jvm/*25* /usr/lib/jvm/* /opt/java/* /opt/jdk*; do [ -d "$c" ] && candidates+=("$c"); done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in "${candidates[@]}"; do
    if [ "$(symdex_java_major "$c")" = "25" ] && [ -x "$c/bin/javac" ]; then
      export JAVA_HOME="$c"; return 0
    fi
  done
  echo "symdex: no JDK 25 found (looked at \$SYMDEX_JAVA_HOME, \$JAVA_HOME, \$TEMURIN25_HOME, /usr/lib/jvm, PATH)." >&2
  echo "symdex: install one (e.g. Temurin 25) or point SYMDEX_JAVA_HOME at it." >&2
  return 1
}
