#!/usr/bin/env bash
# Makes sure PostgreSQL's `psql` client is installed (the sync benchmark's baseline is `psql \copy`), installing
# Debian's postgresql-client when it is missing; prints the psql path on stdout. Used by scripts/bench/suite-sync.ts.
set -euo pipefail
if command -v psql >/dev/null 2>&1; then command -v psql; exit 0; fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "psql is missing and this user cannot install it: run 'apt-get install postgresql-client' as root." >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "psql is missing and this machine has no apt-get: install the PostgreSQL client (psql) yourself." >&2
  exit 1
fi
echo "Installing Debian's postgresql-client for the sync benchmark baseline…" >&2
$SUDO apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql-client >/dev/null
if ! command -v psql >/dev/null 2>&1; then
  echo "postgresql-client was installed but psql is still not on PATH." >&2
  exit 1
fi
psql --version >&2
command -v psql
