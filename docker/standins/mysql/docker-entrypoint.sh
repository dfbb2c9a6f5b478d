#!/usr/bin/env bash
# TEST STAND-IN (see ../README.md) for the official mysql image's entrypoint, with its documented contract:
# on an empty data directory, one of MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD or
# MYSQL_RANDOM_ROOT_PASSWORD is required; MYSQL_DATABASE is created; MYSQL_USER / MYSQL_PASSWORD get every
# right on it; /docker-entrypoint-initdb.d/*.sql and *.sh run once. Meanwhile a temporary server listens on the
# socket only, so a TCP ping answers only once the real server is up. An initialized directory is used as is.
set -euo pipefail
log() { printf '%s [Entrypoint]: %s\n' "$(date -u +%FT%TZ)" "$*"; }
fail() { log "error: $*" >&2; exit 1; }

datadir=/var/lib/mysql
socket=/run/mysqld/mysqld.sock

if [ "${1:-}" = mariadbd ] && [ ! -d "$datadir/mysql" ]; then
  if [ -z "${MYSQL_ROOT_PASSWORD:-}" ] && [ -z "${MYSQL_ALLOW_EMPTY_PASSWORD:-}" ] && [ -z "${MYSQL_RANDOM_ROOT_PASSWORD:-}" ]; then
    fail "Database is uninitialized and password option is not specified. You need to specify one of MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD and MYSQL_RANDOM_ROOT_PASSWORD"
  fi
  if [ "${MYSQL_USER:-}" = root ]; then fail "MYSQL_USER=root: use MYSQL_ROOT_PASSWORD for the root user"; fi
  if [ -n "${MYSQL_USER:-}" ] && [ -z "${MYSQL_PASSWORD:-}" ]; then fail "MYSQL_USER is set but MYSQL_PASSWORD is not"; fi

  log "Initializing database files"
  mariadb-install-db --datadir="$datadir" --auth-root-authentication-method=normal --skip-test-db >/dev/null
  mariadbd --skip-networking --socket="$socket" &
  temporary=$!
  for _ in $(seq 1 60); do
    mariadb-admin --socket="$socket" -uroot ping >/dev/null 2>&1 && break
    sleep 1
  done
  mariadb-admin --socket="$socket" -uroot ping >/dev/null

  root_password="${MYSQL_ROOT_PASSWORD:-}"
  if [ -n "${MYSQL_RANDOM_ROOT_PASSWORD:-}" ]; then
    root_password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    log "GENERATED ROOT PASSWORD: $root_password"
  fi
  sql_string() { local value="${1//\\/\\\\}"; printf "'%s'" "${value//\'/\\\'}"; }
  {
    echo "DELETE FROM mysql.global_priv WHERE User = '' OR (User = 'root' AND Host <> 'localhost');"
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $(sql_string "$root_password");"
    if [ -n "${MYSQL_DATABASE:-}" ]; then
      echo "CREATE DATABASE IF NOT EXISTS \`${MYSQL_DATABASE//\`/}\`;"
    fi
    if [ -n "${MYSQL_USER:-}" ]; then
      echo "CREATE USER $(sql_string "$MYSQL_USER")@'%' IDENTIFIED BY $(sql_string "$MYSQL_PASSWORD");"
      if [ -n "${MYSQL_DATABASE:-}" ]; then
        echo "GRANT ALL ON \`${MYSQL_DATABASE//\`/}\`.* TO $(sql_string "$MYSQL_USER")@'%';"
      fi
    fi
    echo "FLUSH PRIVILEGES;"
  } | mariadb --socket="$socket" -uroot
  for file in /docker-entrypoint-initdb.d/*; do
    case "$file" in
      *.sql) log "running $file"; mariadb --socket="$socket" -uroot --password="$root_password" "${MYSQL_DATABASE:-}" < "$file" ;;
      *.sh) log "running $file"; . "$file" ;;
    esac
  done
  mariadb-admin --socket="$socket" -uroot --password="$root_password" shutdown
  wait "$temporary"
  log "MySQL init process done. Ready for start up."
fi

exec "$@"
