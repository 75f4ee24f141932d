#!/usr/bin/env bash
# Installs what building and testing need on a fresh Debian 12 machine (idempotent; quick when all is there).
#   patchelf + g++: the post-build patch that lets TorchSharp's native library load on Debian 12's libstdc++.
#   chromium-headless-shell: the test that opens a sweep's results/index.html in a headless browser.
#   python3-numpy: the independent reference forward pass the Hugging Face decoder is tested against.
set -euo pipefail

missing=()
command -v patchelf >/dev/null 2>&1 || missing+=(patchelf)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v chromium-headless-shell >/dev/null 2>&1 || missing+=(chromium-headless-shell)
/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1 || missing+=(python3-numpy)

if ((${#missing[@]} > 0)); then
  echo "prerequisites: installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v dotnet >/dev/null 2>&1 || { echo "prerequisites: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
