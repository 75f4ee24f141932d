#!/usr/bin/env bash
# Builds the container images of a hosted cluster locally, without a registry:
#   rlvr-redis:<key>  Debian bookworm (debootstrap minbase) + redis-server
#   rlvr-silo:<key>   Debian bookworm (debootstrap minbase) + a self-contained publish of silo/
# Each tag is a hash of what goes into the image, so a rerun with nothing changed only checks that the tags exist.
# Also tags both as :latest. Prints the two image names on its last line ("rlvr-redis:<key> rlvr-silo:<key>").
# Needs: a running Docker engine, debootstrap (build/docker.sh provides both).
set -euo pipefail
cd "$(dirname "$0")/.."
suite=bookworm
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=${RLVR_IMAGE_CACHE:-/var/cache/rlvr-images}
mkdir -p "$cache"

hash() { sha256sum | cut -c1-16; }
have() { docker image inspect "$1" >/dev/null 2>&1; }

# A root filesystem from Debian packages, imported as an image (the tarball is cached between runs).
rootfs_image() {
  local name=$1 packages=$2
  local key; key=$(printf '%s %s %s' "$suite" "$packages" "$(sha256sum build/images.sh | cut -c1-16)" | hash)
  local image="$name:$key"
  if ! have "$image"; then
    local tarball="$cache/$name-$key.tar"
    if [[ ! -s $tarball ]]; then
      local dir; dir=$(mktemp -d)
      echo "images: debootstrap $suite ($packages) for $name ..." >&2
      debootstrap --variant=minbase --include="$packages" "$suite" "$dir" "$mirror" >/dev/null
      rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
      tar -C "$dir" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
      rm -rf "$dir"
    fi
    docker import "$tarball" "$image" >/dev/null
  fi
  echo "$image"
}

redis=$(rootfs_image rlvr-redis redis-server)
docker tag "$redis" rlvr-redis:latest
base=$(rootfs_image rlvr-base ca-certificates,libgomp1)

# The silo image: keyed by the sources that go into the publish and by the base image.
key=$( (git ls-files --cached --others --exclude-standard -z src silo build/TorchSharp.props build/TorchSharp.targets \
          build/patch-libtorchsharp.py build/native Directory.Build.props Directory.Build.targets Directory.Packages.props \
          appsettings.json build/images | sort -z | xargs -0 sha256sum; echo "$base") | hash)
silo="rlvr-silo:$key"
if ! have "$silo"; then
  context=$(mktemp -d)
  echo "images: publishing silo/ (self-contained linux-x64) ..." >&2
  dotnet publish silo/Orleans.Rlvr.Silo -c Release -r linux-x64 --self-contained -nologo -v:q -o "$context/app" >&2
  cp build/images/Dockerfile.silo "$context/Dockerfile"
  docker build -q --build-arg BASE="$base" -t "$silo" "$context" >/dev/null
  rm -rf "$context"
fi
docker tag "$silo" rlvr-silo:latest
# Older silo images (other source versions) would pile up at ~730 MB each: keep this one and :latest.
docker images rlvr-silo --format '{{.Tag}}' | grep -v -x -e latest -e "$key" | xargs -r -I{} docker rmi -f "rlvr-silo:{}" >/dev/null 2>&1 || true
echo "$redis $silo"
