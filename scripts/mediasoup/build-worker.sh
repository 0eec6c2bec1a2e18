#!/usr/bin/env bash
# Builds mediasoup-worker from the npm source tarball against Debian/Ubuntu
# system libraries, without reaching GitHub or wrapdb (meson runs with
# --wrap-mode=nodownload). Used by npm start / npm test (scripts/lib/mediasoup-worker.mjs)
# only when the prebuilt worker cannot be downloaded.
#
#   scripts/mediasoup/build-worker.sh OUT_FILE
#
# Env: MS_VERSION (required), JOBS (default nproc), SRTP_OPENSSL (default 1:
# libsrtp2 rebuilt from the distribution's source package on OpenSSL, measured
# 2-3x faster than Debian's NSS build; 0 links the distribution's libsrtp2).
# Needs root for apt-get (build dependencies) unless they are installed already.
set -euo pipefail
OUT=${1:?usage: build-worker.sh OUT_FILE}
MS_VERSION=${MS_VERSION:?MS_VERSION must be set}
HERE=$(cd "$(dirname "$0")" && pwd)
JOBS=${JOBS:-$(nproc)}
WORK=$(mktemp -d -t diemcau-msbuild-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
log() { printf '[mediasoup-build] %s\n' "$*" >&2; }

BUILD_PKGS="meson ninja-build pkg-config g++ patch python3 libssl-dev libuv1-dev libsrtp2-dev \
libusrsctp-dev libabsl-dev nlohmann-json3-dev flatbuffers-compiler libflatbuffers-dev dpkg-dev"
missing=""
for p in $BUILD_PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "${missing// /}" ]; then
  if [ "$(id -u)" != 0 ]; then
    log "missing build packages; run: sudo apt-get install -y --no-install-recommends $BUILD_PKGS"
    exit 2
  fi
  log "installing build packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $BUILD_PKGS >/dev/null
fi

# libsrtp2 on OpenSSL, static and position-independent, found first by pkg-config.
if [ "${SRTP_OPENSSL:-1}" = 1 ]; then
  if ! grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    src=""
    for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list.d/ubuntu.sources; do [ -f "$f" ] && src=$f; done
    if [ -n "$src" ] && [ "$(id -u)" = 0 ]; then
      sed 's/^Types: deb$/Types: deb-src/' "$src" > /etc/apt/sources.list.d/diemcau-src.sources
      apt-get update -qq
    fi
  fi
  mkdir -p "$WORK/srtp-src"
  if (cd "$WORK/srtp-src" && apt-get source --download-only -qq libsrtp2 >/dev/null 2>&1 && tar xzf libsrtp2_*.orig.tar.gz); then
    log "building libsrtp2 with OpenSSL crypto"
    (cd "$WORK"/srtp-src/libsrtp-* && ./configure -q --enable-openssl --prefix="$WORK/srtp" CFLAGS="-O2 -fPIC" \
      && make -s -j"$JOBS" libsrtp2.a && make -s install) >/dev/null
    export PKG_CONFIG_PATH="$WORK/srtp/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
  else
    log "no deb-src for libsrtp2: linking the distribution's libsrtp2 (slower SRTP)"
  fi
fi

log "fetching mediasoup@$MS_VERSION sources from the npm registry"
cd "$WORK"
npm pack --silent "mediasoup@$MS_VERSION" >/dev/null
mkdir src && tar xzf "mediasoup-$MS_VERSION.tgz" -C src --strip-components=1
cd src
python3 "$HERE/patch-meson-system-deps.py" worker >/dev/null
patch -s -p1 < "$HERE/libsrtp3-api-on-libsrtp2.patch"
patch -s -p1 < "$HERE/dtls-bio-callback-ktls-fix.patch"

# Debian's liburing 2.3 lacks io_uring_prep_sendto(); liburing is optional.
cd worker
log "compiling (a few minutes)"
meson setup "$WORK/build" --buildtype release -Db_ndebug=true -Db_pie=true -Db_staticpic=true \
  --wrap-mode=nodownload -Dms_disable_liburing=true >/dev/null
# flatc's generated headers must exist before the C++ objects that include them.
ninja -C "$WORK/build" fbs/FBS >/dev/null
ninja -C "$WORK/build" -j"$JOBS" mediasoup-worker >/dev/null
mkdir -p "$(dirname "$OUT")"
install -m 0755 "$WORK/build/mediasoup-worker" "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
log "built $OUT"
