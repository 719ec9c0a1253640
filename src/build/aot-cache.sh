#!/usr/bin/env bash
# JDK 25's ahead-of-time cache for the jar (JEP 483, made in one step as JEP 514 allows), beside it, when a
# JDK 25 or later is on this machine: the training run of the CDS archive (training-run.sh) with that JDK.
# Beside the cache, node-handshake.aot.jdk names the JDK and its exact build (its release file's
# JAVA_RUNTIME_VERSION): bin/node-handshake runs that JDK with the cache when JAVA_HOME is not set and the
# JDK is still that build, and Java 17 with the CDS archive otherwise.
#
#   aot-cache.sh JAR          the JDK: $AOT_JAVA_HOME if set, else the newest /usr/lib/jvm/* of release 25+
#
# Without such a JDK, or when the training run writes no cache, it says so in one line and exits 0: the
# build does not depend on it.
set -u
jar=$1
cache=${jar%.jar}.aot
record=$cache.jdk
rm -f "$cache" "$record"

feature() { # JDK_HOME -> its feature release, from its release file; empty if unknown
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}

jdk=${AOT_JAVA_HOME:-}
if [ -z "$jdk" ]; then
  best=0
  for home in /usr/lib/jvm/*; do
    v=$(feature "$home")
    if [ -n "$v" ] && [ "$v" -ge 25 ] && [ "$v" -gt "$best" ] && [ -x "$home/bin/java" ]; then
      jdk=$home
      best=$v
    fi
  done
fi
if [ -z "$jdk" ] || [ -z "$(feature "$jdk")" ] || [ "$(feature "$jdk")" -lt 25 ]; then
  echo "aot-cache: no JDK 25 or later (AOT_JAVA_HOME, /usr/lib/jvm): bin/node-handshake uses the CDS archive"
  exit 0
fi
runtime=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$jdk/release")

# The JDK 24+ options the launcher passes: a cache made without --enable-native-access is refused by a run
# with it, and one made without the Unsafe access holds Netty's other buffer classes.
log=$(dirname "$jar")/aot-training.log
bash "$(dirname "$0")/training-run.sh" "$jar" "$(dirname "$jar")/aot-training" "$jdk/bin/java" \
  --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -XX:AOTCacheOutput="$cache" -Xlog:aot=off -Xlog:cds=off > "$log" 2>&1
if [ -f "$cache" ] && [ -n "$runtime" ]; then
  printf '%s\n%s\n' "$jdk" "$runtime" > "$record"
  echo "aot-cache: $cache for $jdk ($runtime)"
else
  rm -f "$cache"
  echo "aot-cache: $jdk wrote no cache (see $log): bin/node-handshake uses the CDS archive"
fi
exit 0
