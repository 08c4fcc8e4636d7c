#!/usr/bin/env bash
# The container scenario of samples/OmniSqlite.WebApi, proven with podman (Debian's package, installed when missing):
#   1. build the image; run it with a named volume on /data; write a client through the API
#   2. replace the container with one from a freshly built image (--no-cache), same volume: the client is still there
#   3. the same without a volume: a client written in one container is gone in its replacement
# Prints PASS/FAIL per step and exits non-zero on the first failure. Not part of `dotnet test` (needs root and minutes).
#
#   scripts/container-scenario.sh                  # the sample's Dockerfile, as is (needs its base images from mcr.microsoft.com)
#   OFFLINE=1 scripts/container-scenario.sh        # no registry: the same final stage FROM scratch, with this machine's
#                                                  # .NET runtime and libraries staged into the image (see below)
#   KEEP=1 ...                                     # leave the images and the volume for inspection
#
# With OFFLINE unset the script tries the Dockerfile first and, when the base image cannot be pulled, says so and
# falls back to the offline build. The offline image keeps the Dockerfile's final stage (ENV, VOLUME, USER, EXPOSE,
# ENTRYPOINT are read from it), so what the scenario proves about volumes holds for the real image.
#
# Sandboxes: when `podman run` fails on rlimits or hybrid cgroups (crun: "setrlimit RLIMIT_NOFILE: Operation not
# permitted", "cgroups in hybrid mode not supported"), the script retries with runc and lowered ulimits, and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

IMAGE=${IMAGE:-omnisqlite-webapi-scenario}
VOLUME=${VOLUME:-omnisqlite-scenario-data}
PORT=${PORT:-18080}
OFFLINE=${OFFLINE:-}
KEEP=${KEEP:-0}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/omnisqlite-container.XXXXXX")
RUN_ARGS=()
CONTAINERS=()

say() { printf '\n== %s\n' "$*"; }
pass() { printf 'PASS  %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*" >&2; exit 1; }

cleanup() {
  for c in "${CONTAINERS[@]:-}"; do [ -n "$c" ] && podman rm -f "$c" >/dev/null 2>&1 || true; done
  if [ "$KEEP" != 1 ]; then
    podman volume rm -f "$VOLUME" >/dev/null 2>&1 || true
    podman rmi -f "$IMAGE:1" "$IMAGE:2" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# ---- tools -------------------------------------------------------------------------------------------------------
if ! command -v podman >/dev/null 2>&1; then
  say "installing podman (Debian package)"
  apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y podman >/dev/null
fi
command -v curl >/dev/null 2>&1 || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y curl >/dev/null; }
podman --version

# ---- image -------------------------------------------------------------------------------------------------------
# The Dockerfile's final stage, rewritten to start FROM scratch with a staged root filesystem.
offline_containerfile() {
  local dockerfile=samples/OmniSqlite.WebApi/Dockerfile
  {
    echo "FROM scratch"
    echo "COPY rootfs/ /"
    # COPY gives root the files; the Dockerfile's RUN chown (no shell here) becomes COPY --chown of the empty volume folders.
    echo "COPY --chown=1654:1654 volumes/ /"
    echo "ENV APP_UID=1654 PATH=/usr/share/dotnet:/usr/bin:/bin DOTNET_ROOT=/usr/share/dotnet DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1"
    # Lines after the last FROM, minus what needs a shell or the build stage (RUN; COPY --from), which the rootfs replaces.
    awk '/^FROM /{buf=""; next} {buf=buf $0 "\n"} END{printf "%s", buf}' "$dockerfile" \
      | awk 'BEGIN{cont=0} { if (cont) { cont = /\\$/; next } if (/^RUN / || /^COPY --from/) { cont = /\\$/; next } print }'
  }
}

# The app (framework-dependent publish), this machine's .NET runtime, the shared libraries they load, /tmp and the volume folders.
stage_offline_rootfs() {
  local rootfs=$WORK/offline/rootfs
  mkdir -p "$rootfs"/{app,tmp,etc} "$WORK/offline/volumes"/{data,backups}
  chmod 1777 "$rootfs/tmp"
  dotnet publish samples/OmniSqlite.WebApi -c Release -o "$rootfs/app" -p:UseAppHost=false >"$WORK/publish.log" 2>&1 \
    || { tail -20 "$WORK/publish.log"; fail "dotnet publish of the web API"; }
  local dotnet_root; dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  local netcore aspnet
  netcore=$(ls -d "$dotnet_root"/shared/Microsoft.NETCore.App/10.* | sort -V | tail -1)
  aspnet=$(ls -d "$dotnet_root"/shared/Microsoft.AspNetCore.App/10.* | sort -V | tail -1)
  mkdir -p "$rootfs/usr/share/dotnet/shared/Microsoft.NETCore.App" "$rootfs/usr/share/dotnet/shared/Microsoft.AspNetCore.App"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$rootfs/usr/share/dotnet/"
  cp -a "$netcore" "$rootfs/usr/share/dotnet/shared/Microsoft.NETCore.App/"
  cp -a "$aspnet" "$rootfs/usr/share/dotnet/shared/Microsoft.AspNetCore.App/"
  # Every shared library the runtime and the app's native assets need, copied from this machine with their paths.
  find "$rootfs/usr/share/dotnet" "$rootfs/app" -name '*.so*' -o -name dotnet -type f | while read -r f; do ldd "$f" 2>/dev/null || true; done \
    | awk '/=>/ {print $3} /^\t\/[^ ]+ \(/ {print $1}' | grep '^/' | sort -u | while read -r lib; do cp --parents -L "$lib" "$rootfs/"; done
  [ -e /lib64/ld-linux-x86-64.so.2 ] && cp --parents -L /lib64/ld-linux-x86-64.so.2 "$rootfs/"
  printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1654:1654:app:/app:/bin/sh\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\napp:x:1654:\n' >"$rootfs/etc/group"
  offline_containerfile >"$WORK/offline/Containerfile"
}

build_image() {   # $1: tag; builds without cache every time ("a freshly built image")
  local tag=$1
  if [ -z "$OFFLINE" ]; then
    if podman build --no-cache -f samples/OmniSqlite.WebApi/Dockerfile -t "$IMAGE:$tag" . >"$WORK/build-$tag.log" 2>&1; then
      pass "image $IMAGE:$tag built from samples/OmniSqlite.WebApi/Dockerfile"
      return
    fi
    echo "The Dockerfile build failed; its error:" >&2
    grep -m3 -iE 'error|denied|no such host|unauthorized' "$WORK/build-$tag.log" >&2 || tail -5 "$WORK/build-$tag.log" >&2
    echo "Falling back to the offline build (the Dockerfile's final stage FROM scratch); set OFFLINE=1 to skip the attempt." >&2
    OFFLINE=1
  fi
  [ -d "$WORK/offline/rootfs" ] || stage_offline_rootfs
  podman build --no-cache -f "$WORK/offline/Containerfile" -t "$IMAGE:$tag" "$WORK/offline" >"$WORK/build-$tag.log" 2>&1 \
    || { tail -20 "$WORK/build-$tag.log"; fail "offline image build"; }
  pass "image $IMAGE:$tag built offline (FROM scratch + this machine's .NET $(dotnet --list-runtimes | awk '/NETCore/{v=$2} END{print v}'))"
}

# ---- containers --------------------------------------------------------------------------------------------------
start() {   # $1: name, $2: image tag, $3: volume or "" ; host network so no port-forwarding setup is needed
  local name=$1 tag=$2 volume=$3 args=(--name "$1" -d --network host -e ASPNETCORE_HTTP_PORTS="$PORT")
  [ -n "$volume" ] && args+=(-v "$volume:/data")
  if ! podman run "${RUN_ARGS[@]}" "${args[@]}" "$IMAGE:$tag" >"$WORK/run.log" 2>&1; then
    podman rm -f "$name" >/dev/null 2>&1 || true
    if [ ${#RUN_ARGS[@]} -eq 0 ] && grep -qE 'setrlimit|cgroups in hybrid mode|OCI permission denied' "$WORK/run.log"; then
      echo "podman run failed here: $(grep -m1 -E 'Error' "$WORK/run.log")" >&2
      echo "retrying with runc and lowered ulimits (this sandbox may not raise rlimits or use hybrid cgroups)" >&2
      command -v runc >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y runc >/dev/null
      RUN_ARGS=(--runtime "$(command -v runc)" --ulimit nofile=1024:1024 --ulimit nproc=1000:1000)
      start "$@"
      return
    fi
    cat "$WORK/run.log" >&2
    fail "podman run $name"
  fi
  CONTAINERS+=("$name")
  for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && return
    sleep 1
  done
  podman logs "$name" 2>&1 | tail -20 >&2
  fail "$name did not answer /health on port $PORT"
}

stop() { podman rm -f "$1" >/dev/null; }

create_client() {   # prints the new client's id
  curl -fsS -X POST "http://127.0.0.1:$PORT/clients" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1\",\"email\":\"$1@example.com\"}" | sed -E 's/.*"id": *([0-9]+).*/\1/'
}

client_status() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/clients/$1"; }

podman volume rm -f "$VOLUME" >/dev/null 2>&1 || true
podman volume create "$VOLUME" >/dev/null

say "1. image, container with a named volume, one write"
build_image 1
start scenario-a 1 "$VOLUME"
id=$(create_client volume-kept)
[ "$(client_status "$id")" = 200 ] && pass "client $id written in container scenario-a (database on volume $VOLUME)" || fail "client $id not readable in scenario-a"
stop scenario-a

say "2. a freshly built image, a new container, the same volume"
build_image 2
start scenario-b 2 "$VOLUME"
status=$(client_status "$id")
[ "$status" = 200 ] && pass "client $id read back from scenario-b (new image, same volume)" || fail "client $id gone after replacing the container (HTTP $status)"
stop scenario-b

say "3. without a volume: the database lives in the container and dies with it"
start scenario-c 2 ""
id2=$(create_client container-only)
[ "$(client_status "$id2")" = 200 ] && pass "client $id2 written in scenario-c (no volume)" || fail "client $id2 not readable in scenario-c"
stop scenario-c
start scenario-d 2 ""
status=$(client_status "$id2")
[ "$status" = 404 ] && pass "client $id2 gone in scenario-d, the replacement without a volume (HTTP 404)" || fail "client $id2 still there without a volume (HTTP $status)?"
stop scenario-d

say "the scenario holds: data on the named volume survives a rebuilt image and a new container; data without it does not"
