#!/usr/bin/env bash
# The whole test suite: installs prerequisites (patchelf; Docker and debootstrap for the container images), builds the
# solution and the images, runs every test project, and ends with
# one plain line "N passed, N failed" summed over the test projects.
set -uo pipefail
cd "$(dirname "$0")/.."

bash build/prerequisites.sh || exit 1
dotnet build Orleans.Rlvr.sln -c Release -nologo -v:q || { echo "0 passed, 1 failed"; exit 1; }

# The integration tests run a hosted cluster in containers: a Docker engine and the locally built images.
bash build/docker.sh || { echo "0 passed, 1 failed"; exit 1; }
images=$(bash build/images.sh | tail -1) || { echo "0 passed, 1 failed"; exit 1; }
export RLVR_REDIS_IMAGE=${images% *} RLVR_SILO_IMAGE=${images#* } TESTCONTAINERS_RYUK_DISABLED=true
# Testcontainers 4 speaks a newer Docker API than Debian 12's engine (1.41) unless told the engine's own version.
if [[ -z ${DOCKER_API_VERSION:-} ]]; then
  DOCKER_API_VERSION=$(docker version --format '{{.Server.APIVersion}}') || { echo "0 passed, 1 failed"; exit 1; }
  export DOCKER_API_VERSION
fi

log=$(mktemp)
dotnet test Orleans.Rlvr.sln -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one summary per test assembly: "Passed!  - Failed: 0, Passed: 61, Skipped: 0, ...".
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
rm -f "$log"
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi
echo "$passed passed, $failed failed"
exit $status
