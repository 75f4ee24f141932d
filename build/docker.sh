#!/usr/bin/env bash
# Makes a Docker engine available for the integration tests on a fresh Debian machine: installs docker.io and
# debootstrap (and docker-compose, for the compose.yaml test) when missing, starts dockerd in the background when none answers, and waits until it does.
set -euo pipefail
if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null || ! command -v docker-compose >/dev/null; then
  echo "docker: installing docker.io, debootstrap and docker-compose" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq docker.io debootstrap docker-compose >/dev/null
fi
if ! docker info >/dev/null 2>&1; then
  echo "docker: starting dockerd" >&2
  nohup dockerd >/var/log/rlvr-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || { echo "docker: dockerd did not start; see /var/log/rlvr-dockerd.log" >&2; tail -20 /var/log/rlvr-dockerd.log >&2; exit 1; }
fi
