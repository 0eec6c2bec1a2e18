#!/usr/bin/env bash
# Installs a built diemcau tree as systemd services: the diemcau user, the tree in /opt/diemcau (or
# the clone in place), /etc/diemcau/diemcau.env from its template, the units, enabled and started.
set -euo pipefail

SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEPLOY="$SOURCE/scripts/deploy"
SERVICE_USER=diemcau
UNITS=(diemcau-server.service diemcau-media-worker.service diemcau.target)
MIN_NODE=20.19

usage() {
  cat <<EOF
Usage: scripts/deploy/install.sh [options]

Installs this built tree (npm start -- --setup-only builds it) as the systemd services
diemcau-server and diemcau-media-worker, grouped by diemcau.target. Run as root. Run it
again after an update: it copies the new tree and restarts the services, and keeps the
environment file.

  --prefix DIR     copy the tree here (default /opt/diemcau); the previous copy is replaced
  --in-place       run the services from this clone instead of a copy (it must stay readable
                   by the diemcau user, and not be under /home, /root or /run/user)
  --data-dir DIR   DATA_DIR, the only path the services may write (default /var/lib/diemcau)
  --node PATH      the node binary (default: node on PATH), version >= $MIN_NODE
  --no-start       install and enable, but do not (re)start
  --root DIR       write everything under DIR as a root file system (an image or a package):
                   no user is created, nothing is started, units are enabled with
                   systemctl --root
  --help           this text

It writes:
  PREFIX                              the tree, owned by root (the services only read it)
  /etc/diemcau/diemcau.env            from scripts/deploy/diemcau.env, if absent (0640 root:diemcau)
  /etc/systemd/system/diemcau*.{service,target}  from scripts/deploy/systemd/
and creates the system user diemcau and DATA_DIR (0750 diemcau:diemcau).
docs/deploy.md explains each step and setting.
EOF
}

die() {
  printf 'install.sh: %s\n' "$*" >&2
  exit 1
}
usage_error() {
  printf 'install.sh: %s (see --help)\n' "$*" >&2
  exit 2
}
say() { printf '[install] %s\n' "$*"; }

# Paths go into unit files and sed expressions: absolute, below /, no trailing slash, and only
# characters safe in both.
check_path() {
  [[ "$2" =~ ^(/[A-Za-z0-9._-]+)+$ ]] ||
    usage_error "$1 must be an absolute path below / of letters, digits, . _ - (got \"$2\")"
}

prefix=/opt/diemcau
data_dir=/var/lib/diemcau
node=""
in_place=false
start=true
root=""
while [ $# -gt 0 ]; do
  case "$1" in
    --help | -h)
      usage
      exit 0
      ;;
    --prefix | --data-dir | --node | --root)
      [ $# -ge 2 ] || usage_error "$1 needs a value"
      case "$1" in
        --prefix) prefix="$2" ;;
        --data-dir) data_dir="$2" ;;
        --node) node="$2" ;;
        --root) root="$2" ;;
      esac
      shift 2
      ;;
    --in-place)
      in_place=true
      shift
      ;;
    --no-start)
      start=false
      shift
      ;;
    *) usage_error "unknown option $1" ;;
  esac
done

if $in_place; then
  prefix="$SOURCE"
else
  # The copy replaces what is at the prefix: never the clone it is copied from, nor a folder around it.
  case "$SOURCE/" in
    "$prefix"/*) usage_error "--prefix $prefix holds this clone: give another folder, or --in-place" ;;
  esac
  case "$prefix/" in
    "$SOURCE"/*) usage_error "--prefix $prefix is inside this clone: give another folder, or --in-place" ;;
  esac
fi
check_path --prefix "$prefix"
check_path --data-dir "$data_dir"
[ -z "$root" ] || check_path --root "$root"
# ProtectHome=yes hides these from the services.
not_in_home() {
  case "$2/" in
    /home/* | /root/* | /run/user/*) die "$1 $2 is under /home, /root or /run/user, which the units hide (ProtectHome=yes)" ;;
  esac
}
not_in_home --prefix "$prefix"
not_in_home --data-dir "$data_dir"

[ -n "$root" ] || [ "$(id -u)" -eq 0 ] || die "run as root (e.g. with sudo), or with --root DIR to stage the files"

# The tree must be built: the units run it as it is, with no npm or network at start.
for built in server/dist/main.js media-worker/dist/main.js web-client/dist/index.html \
  node_modules/mediasoup/worker/out/Release/mediasoup-worker; do
  [ -e "$SOURCE/$built" ] || die "$built is missing: build the tree first with: npm start -- --setup-only"
done

node="${node:-$(command -v node || true)}"
[ -n "$node" ] || die "node not found on PATH: install Node.js >= $MIN_NODE, or pass --node PATH"
node="$(readlink -f "$node")"
check_path --node "$node"
version="$("$node" -p 'process.versions.node')" || die "$node does not run"
"$node" -e "const [a, b] = process.versions.node.split('.').map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)" ||
  die "$node is Node.js $version; diemcau needs >= $MIN_NODE"
not_in_home --node "$node"

# The service user: a system account with no login, its home the data directory.
if [ -n "$root" ]; then
  say "--root: not creating the user $SERVICE_USER (create it in the target system)"
elif id -u "$SERVICE_USER" >/dev/null 2>&1; then
  say "user $SERVICE_USER exists"
else
  say "creating the system user $SERVICE_USER"
  useradd --system --user-group --home-dir "$data_dir" --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
fi

# The tree: copied beside the old one, then swapped in, so running services keep their files
# until the restart. Without .git and data/: the data directory is elsewhere.
if $in_place; then
  say "running from the clone in place: $SOURCE"
else
  target="$root$prefix"
  say "copying $SOURCE to $target"
  mkdir -p "$(dirname "$target")"
  rm -rf "$target.new" "$target.old"
  mkdir "$target.new"
  tar -C "$SOURCE" --exclude=./.git --exclude=./data -cf - . | tar -C "$target.new" -xf -
  [ -n "$root" ] || chown -R root:root "$target.new"
  chmod -R go-w "$target.new"
  if [ -e "$target" ]; then mv "$target" "$target.old"; fi
  mv "$target.new" "$target"
  rm -rf "$target.old"
fi

install -d -m 0750 "$root$data_dir"
[ -n "$root" ] || chown "$SERVICE_USER:$SERVICE_USER" "$root$data_dir"

# The environment file: the operator's once written, so only a missing one is made.
env_file="$root/etc/diemcau/diemcau.env"
install -d -m 0755 "$root/etc/diemcau"
if [ -e "$env_file" ]; then
  say "keeping $env_file (the template is $DEPLOY/diemcau.env)"
else
  say "writing $env_file"
  sed "s#^DATA_DIR=/var/lib/diemcau\$#DATA_DIR=$data_dir#" "$DEPLOY/diemcau.env" >"$env_file"
  chmod 0640 "$env_file"
  [ -n "$root" ] || chgrp "$SERVICE_USER" "$env_file"
fi

# The units, with this installation's paths in place of the defaults they are written with.
unit_dir="$root/etc/systemd/system"
install -d -m 0755 "$unit_dir"
for unit in "${UNITS[@]}"; do
  say "writing $unit_dir/$unit"
  sed -e "s#/opt/diemcau#$prefix#g" -e "s#/var/lib/diemcau#$data_dir#g" -e "s#/usr/bin/node #$node #g" \
    "$DEPLOY/systemd/$unit" >"$unit_dir/$unit"
  chmod 0644 "$unit_dir/$unit"
done
# StateDirectory= makes /var/lib/diemcau; another data directory is made above instead.
if [ "$data_dir" != /var/lib/diemcau ]; then
  sed -i -e '/^StateDirectory/d' "$unit_dir"/diemcau-*.service
fi

if [ -n "$root" ]; then
  enabled="$(systemctl --root="$root" enable "${UNITS[@]}" 2>&1)" || die "systemctl --root=$root enable failed: $enabled"
  say "staged in $root; in the target system: systemctl daemon-reload && systemctl start diemcau.target"
  exit 0
fi

# What the services need from the system, named rather than installed: the operator chooses.
if grep -q '^REDIS_URL=redis://127.0.0.1' "$env_file" && ! command -v redis-server >/dev/null; then
  say "warning: REDIS_URL is on this machine but redis-server is not installed: apt-get install redis-server"
fi
if [ ! -e "$prefix/node_modules/ffmpeg-static/ffmpeg" ] && ! command -v ffmpeg >/dev/null; then
  say "warning: no ffmpeg for the media-worker: apt-get install ffmpeg (or set FFMPEG_PATH)"
fi
systemctl daemon-reload
systemctl enable "${UNITS[@]}"
if $start; then
  say "restarting diemcau.target"
  systemctl restart diemcau.target
  say "done: systemctl status diemcau-server diemcau-media-worker; journalctl -u 'diemcau-*' -f"
else
  say "done (--no-start): systemctl start diemcau.target"
fi
