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

fetch_one() {
  local series="$1"
  local pkg="linux-source-$series"
  local tree="$CACHE_DIR/linux-$series"
  local tarball="$CACHE_DIR/$pkg.tar.xz"

  # 1. Download the .deb unless one is already here (apt-get download writes to the cwd).
  local deb
  deb="$(ls -1 "${pkg}"_*.deb 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$deb" ]; then
    echo "fetch-kernel-sources: downloading $pkg" >&2
    apt-get download "$pkg" >&2
    deb="$(ls -1 "${pkg}"_*.deb | sort -V | tail -n 1)"
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
