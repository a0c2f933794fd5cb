#!/usr/bin/env bash
# Fetch Debian's kernel source packages and unpack only the C sources (*.c, *.h).
#
# Idempotent: a package already downloaded is not downloaded again, and a tree whose
# .debian-version matches the package version is not unpacked again.
#
# Layout under the cache dir (default ${KFUNC_CACHE:-$HOME/.cache/kfunc-catalog}/kernel-src):
#   linux-source-6.12_<version>_all.deb   the package as downloaded
#   linux-source-6.12.tar.xz              the tarball from usr/src/ (kept: a tarball input for tests)
#   linux-6.12/                           *.c and *.h, top-level dir stripped (kernel/, net/, include/ …)
#   linux-6.12/.debian-version            the exact Debian package version, e.g. "6.12.57-1~deb12u1"
#
# Where the package comes from: the machine's own apt sources when they carry linux-source-<series>
# (6.1, 6.12), exactly as before. A series they do not carry (7.2 from sid, 7.3 from trixie-backports
# or experimental, …) is taken from the private apt configuration that scripts/fetch-debian-kernels.sh
# keeps under ${KFUNC_CACHE:-$HOME/.cache/kfunc-catalog}/debian/apt/ (same apt options; this script
# only reads its lists, it runs no apt-get update). There the newest release version wins; an rc
# (e.g. 7.3~rc7-1~exp1) is taken only when no release of the series is in the lists. If the private
# configuration is missing, run `scripts/fetch-debian-kernels.sh --dry-run 6.1` once to create it.
# The machine's apt sources (/etc/apt) are never changed.
#
# Usage: scripts/fetch-kernel-sources.sh [series …]   (default: 6.1 6.12)
set -euo pipefail

CACHE_DIR="${KFUNC_CACHE:-$HOME/.cache/kfunc-catalog}/kernel-src"
SERIES=("$@")
[ ${#SERIES[@]} -eq 0 ] && SERIES=(6.1 6.12)

for tool in apt-get dpkg-deb tar xz; do
  command -v "$tool" >/dev/null || { echo "fetch-kernel-sources: '$tool' is required" >&2; exit 1; }
done

mkdir -p "$CACHE_DIR"
cd "$CACHE_DIR"

# The private apt configuration of scripts/fetch-debian-kernels.sh, with the options it uses.
PRIVATE_APT_DIR="${KFUNC_CACHE:-$HOME/.cache/kfunc-catalog}/debian/apt"
PRIVATE_APT_OPTS=(
  -c "$PRIVATE_APT_DIR/apt.conf"
  -o "Dir::Etc::SourceList=$PRIVATE_APT_DIR/sources.list"
  -o "Dir::Etc::SourceParts=$PRIVATE_APT_DIR/sources.list.d"
  -o "Dir::State::Lists=$PRIVATE_APT_DIR/lists"
  -o "Dir::State::Status=/var/lib/dpkg/status"
  -o "Dir::Cache=$PRIVATE_APT_DIR/cache"
  -o "APT::Architectures::=amd64"
  -o "APT::Get::List-Cleanup=true"
)

# True when the machine's own apt sources know the package.
machine_has() {
  [ -n "$(apt-cache madison "$1" 2>/dev/null)" ]
}

private_apt_ready() {
  [ -f "$PRIVATE_APT_DIR/apt.conf" ] && [ -f "$PRIVATE_APT_DIR/sources.list" ] &&
    ls "$PRIVATE_APT_DIR/lists/"*Packages* >/dev/null 2>&1
}

# The version to take from the private configuration: the newest release, else the newest rc.
private_version() {
  local pkg="$1" v release="" rc=""
  while read -r v; do
    [ -n "$v" ] || continue
    if [[ "$v" == *~rc* ]]; then
      if [ -z "$rc" ] || dpkg --compare-versions "$v" gt "$rc"; then rc="$v"; fi
    else
      if [ -z "$release" ] || dpkg --compare-versions "$v" gt "$release"; then release="$v"; fi
    fi
  done < <(apt-cache "${PRIVATE_APT_OPTS[@]}" madison "$pkg" 2>/dev/null |
    awk -F'|' '{ gsub(/[ \t]/, "", $2); print $2 }' | sort -u)
  [ -n "$release" ] || { [ -z "$rc" ] || echo "fetch-kernel-sources: $pkg: no release version, taking $rc" >&2; }
  printf '%s\n' "${release:-$rc}"
}

# Download one package through the private configuration unless its .deb is already here; prints the .deb.
private_download() {
  local pkg="$1" version file
  private_apt_ready || {
    echo "fetch-kernel-sources: $pkg is not in the machine's apt sources, and the private apt configuration" \
      "in $PRIVATE_APT_DIR is missing: run scripts/fetch-debian-kernels.sh --dry-run 6.1 first to set it up" >&2
    exit 1
  }
  version="$(private_version "$pkg")"
  [ -n "$version" ] || { echo "fetch-kernel-sources: $pkg is in neither the machine's nor the private apt lists" >&2; exit 1; }
  file="${pkg}_${version//:/%3a}_all.deb"
  if [ ! -s "$file" ]; then
    echo "fetch-kernel-sources: downloading $pkg=$version (private apt configuration)" >&2
    apt-get "${PRIVATE_APT_OPTS[@]}" -q download "$pkg=$version" >&2
    [ -s "$file" ] || { echo "fetch-kernel-sources: apt-get download $pkg=$version left no $file" >&2; exit 1; }
  fi
  printf '%s\n' "$file"
}

fetch_one() {
  local series="$1"
  local pkg="linux-source-$series"
  local tree="$CACHE_DIR/linux-$series"
  local tarball="$CACHE_DIR/$pkg.tar.xz"

  # 1. Download the .deb unless one is already here (apt-get download writes to the cwd).
  local deb
  if machine_has "$pkg"; then
    deb="$(ls -1 "${pkg}"_*.deb 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -z "$deb" ]; then
      echo "fetch-kernel-sources: downloading $pkg" >&2
      apt-get download "$pkg" >&2
      deb="$(ls -1 "${pkg}"_*.deb | sort -V | tail -n 1)"
    fi
  else
    deb="$(private_download "$pkg")"
  fi
  local version
  version="$(dpkg-deb -f "$deb" Version)"

  # 2. Skip a tree already unpacked from this exact version.
  if [ -f "$tree/.debian-version" ] && [ "$(cat "$tree/.debian-version")" = "$version" ] && [ -f "$tarball" ]; then
    echo "$pkg $version (cached in $tree)"
    return
  fi

  # 3. dpkg-deb -x the package into a scratch dir and keep the tarball from usr/src/.
  local scratch
  scratch="$(mktemp -d "$CACHE_DIR/.unpack-$series.XXXXXX")"
  trap 'rm -rf "$scratch"' RETURN
  echo "fetch-kernel-sources: extracting $deb" >&2
  dpkg-deb -x "$deb" "$scratch/deb"
  local inner
  inner="$(ls -1 "$scratch"/deb/usr/src/linux-source-*.tar.xz | head -n 1)"
  [ -n "$inner" ] || { echo "fetch-kernel-sources: no usr/src/*.tar.xz in $deb" >&2; exit 1; }
  mv -f "$inner" "$tarball"

  # 4. Unpack only *.c and *.h, stripping the top-level dir, then swap the tree in atomically.
  echo "fetch-kernel-sources: unpacking *.c *.h from $tarball" >&2
  mkdir -p "$scratch/tree"
  tar -xJf "$tarball" -C "$scratch/tree" --strip-components=1 --wildcards --no-anchored '*.c' '*.h'
  printf '%s\n' "$version" > "$scratch/tree/.debian-version"
  rm -rf "$tree"
  mv "$scratch/tree" "$tree"
  echo "$pkg $version (unpacked to $tree)"
}

for series in "${SERIES[@]}"; do
  fetch_one "$series"
done
