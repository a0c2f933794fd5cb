#!/usr/bin/env bash
# Fetch Debian's full-configuration amd64 kernel builds and unpack only what a BTF reader needs:
# the vmlinuz (a bzImage holding the compressed vmlinux ELF, whose .BTF is the base) and every
# module file (.ko, .ko.xz, .ko.zst; each module's .BTF is split BTF against that base).
#
# Debian's archive holds more than the machine's configured suites. This script keeps a private
# apt configuration in the cache dir, naming the archive URI (and signed-by keyring) that the
# machine's own apt sources use, with the suites bookworm, bookworm-backports, trixie,
# trixie-backports, sid and experimental. The machine's apt sources are only read, never changed.
#
# Package names (found with apt-cache against the private configuration):
#   up to 6.18  linux-image-<abi>-amd64-unsigned (or linux-image-<abi>-amd64): /boot/vmlinuz-* and
#               /lib/modules/<abi>-amd64/**.ko*
#   from 6.19   linux-binary-<abi>-amd64 (the vmlinuz) and linux-modules-<abi>-amd64 (the .ko.xz files)
# For each series the newest package version wins.
#
# Idempotent: a .deb already in the cache is not downloaded again, and a build whose
# .debian-version matches the chosen package versions is not unpacked again.
#
# Layout under the cache dir (default ${KFUNC_CACHE:-$HOME/.cache/kfunc-catalog}/debian):
#   apt/                       the private apt configuration, lists and package cache
#   debs/<package>_<ver>_amd64.deb
#   build-<series>/vmlinuz     the kernel image, renamed
#   build-<series>/modules/    the module files, their paths below /lib/modules/<abi>-amd64/ kept
#   build-<series>/.debian-version   "<package> <version>" per package, one a line
#
# Usage: scripts/fetch-debian-kernels.sh [--dry-run] [series …]   (default: all ten: 6.1 … 7.3)
#        --dry-run prints the packages chosen per series and downloads nothing.
#        KFUNC_DEBIAN_NO_UPDATE=1 skips `apt-get update` when lists are already there.
set -euo pipefail

CACHE_DIR="${KFUNC_CACHE:-$HOME/.cache/kfunc-catalog}/debian"
APT_DIR="$CACHE_DIR/apt"
DEB_DIR="$CACHE_DIR/debs"
SUITES=(bookworm bookworm-backports trixie trixie-backports sid experimental)
DRY_RUN=""
if [ "${1:-}" = "--dry-run" ]; then DRY_RUN=1; shift; fi
SERIES=("$@")
[ ${#SERIES[@]} -eq 0 ] && SERIES=(6.1 6.12 6.16 6.17 6.18 6.19 7.0 7.1 7.2 7.3)

log() { echo "fetch-debian-kernels: $*" >&2; }
die() { log "$*"; exit 1; }

for tool in apt-get apt-cache dpkg-deb dpkg tar awk sort; do
  command -v "$tool" >/dev/null || die "'$tool' is required"
done

mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$APT_DIR/sources.list.d" "$DEB_DIR"

# ---------------------------------------------------------------------------------------------
# 1. The archive URI and keyring of the machine's own sources (deb822 *.sources or one-line *.list).
#    The Debian archive is the entry that serves a plain release suite (not *-security, not *-updates).
# ---------------------------------------------------------------------------------------------
machine_archive() {
  local files=() f
  [ -f /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
  for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && files+=("$f")
  done
  [ ${#files[@]} -gt 0 ] || return 1
  # Prints "URI<TAB>KEYRING" (KEYRING may be empty) for each deb entry with a plain suite.
  awk '
    function emit(uri, suites, key,   n, i, s) {
      n = split(suites, s, /[ \t]+/)
      for (i = 1; i <= n; i++)
        if (s[i] != "" && s[i] !~ /-(security|updates|proposed-updates|backports)$/ && s[i] !~ /\//) {
          print uri "\t" key; return
        }
    }
    # A deb822 stanza ends at a blank line or at the end of its file.
    function flush() {
      if (types ~ /(^|[ \t])deb([ \t]|$)/ && uris != "") emit(uris, suites, key)
      types = uris = suites = key = ""
    }
    FNR == 1 { flush() }
    FILENAME ~ /\.sources$/ {
      if ($0 ~ /^[ \t]*$/) { flush(); next }
      if ($0 ~ /^#/) next
      line = $0; field = tolower(line); sub(/:.*/, "", field); sub(/^[^:]*:[ \t]*/, "", line)
      if (field == "types") types = line
      else if (field == "uris") { split(line, u, /[ \t]+/); uris = u[1] }
      else if (field == "suites") suites = line
      else if (field == "signed-by") key = line
      next
    }
    $1 == "deb" {
      key = ""; i = 2
      if ($2 ~ /^\[/) {
        opts = ""
        for (; i <= NF; i++) { opts = opts " " $i; if ($i ~ /\]$/) { i++; break } }
        if (match(opts, /signed-by=[^] ]+/)) key = substr(opts, RSTART + 10, RLENGTH - 10)
      }
      emit($i, $(i + 1), key)
    }
    END { flush() }
  ' "${files[@]}"
}

entry="$(machine_archive | head -n 1 || true)"
[ -n "$entry" ] || die "no Debian archive entry found in /etc/apt/sources.list or /etc/apt/sources.list.d/"
ARCHIVE_URI="${entry%%$'\t'*}"
KEYRING="${entry#*$'\t'}"
OPTS=""
if [ -n "$KEYRING" ]; then
  [ -f "$KEYRING" ] || die "the machine's sources name keyring $KEYRING, which does not exist"
  OPTS="[signed-by=$KEYRING] "
fi

SOURCES="$APT_DIR/sources.list"
{
  echo "# Written by scripts/fetch-debian-kernels.sh from the machine's own apt sources."
  for suite in "${SUITES[@]}"; do echo "deb ${OPTS}${ARCHIVE_URI} ${suite} main"; done
} > "$SOURCES.new"
mv -f "$SOURCES.new" "$SOURCES"

# Extra settings that -o cannot express: no post-update hooks of the machine (they act on its
# own caches), a package cache of our own, no translations.
cat > "$APT_DIR/apt.conf" <<EOF
#clear APT::Update::Post-Invoke-Success;
#clear APT::Update::Post-Invoke;
Dir::Cache::pkgcache "pkgcache.bin";
Dir::Cache::srcpkgcache "srcpkgcache.bin";
Acquire::Languages "none";
APT::Sandbox::User "root";
EOF

APT_OPTS=(
  -c "$APT_DIR/apt.conf"
  -o "Dir::Etc::SourceList=$SOURCES"
  -o "Dir::Etc::SourceParts=$APT_DIR/sources.list.d"
  -o "Dir::State::Lists=$APT_DIR/lists"
  -o "Dir::State::Status=/var/lib/dpkg/status"
  -o "Dir::Cache=$APT_DIR/cache"
  -o "APT::Architectures::=amd64"
  -o "APT::Get::List-Cleanup=true"
)

if [ -z "${KFUNC_DEBIAN_NO_UPDATE:-}" ] || ! ls "$APT_DIR/lists/"*Packages* >/dev/null 2>&1; then
  log "apt-get update (private config: ${SUITES[*]} from the machine's archive URI)"
  apt-get "${APT_OPTS[@]}" -q update >&2
fi

# ---------------------------------------------------------------------------------------------
# 2. Choosing packages.
# ---------------------------------------------------------------------------------------------
# All versions of all packages whose name matches a regex, as "name<TAB>version", newest first.
versions_of() {
  local regex="$1" name
  apt-cache "${APT_OPTS[@]}" pkgnames 2>/dev/null | grep -E "$regex" | sort -u | while read -r name; do
    apt-cache "${APT_OPTS[@]}" madison "$name" 2>/dev/null | awk -F'|' -v n="$name" '
      { gsub(/^[ \t]+|[ \t]+$/, "", $2); gsub(/^[ \t]+|[ \t]+$/, "", $3); if ($3 ~ /amd64/) print n "\t" $2 }'
  done | sort -u | while IFS=$'\t' read -r n v; do
    printf '%s\t%s\n' "$n" "$v"
  done | sort_by_version
}

# Sort "name<TAB>version" lines newest version first (dpkg's version order).
sort_by_version() {
  local lines=() best i j tmp
  mapfile -t lines
  for ((i = 0; i < ${#lines[@]}; i++)); do
    best=$i
    for ((j = i + 1; j < ${#lines[@]}; j++)); do
      if dpkg --compare-versions "${lines[j]#*$'\t'}" gt "${lines[best]#*$'\t'}"; then best=$j; fi
    done
    tmp="${lines[i]}"; lines[i]="${lines[best]}"; lines[best]="$tmp"
  done
  [ ${#lines[@]} -eq 0 ] || printf '%s\n' "${lines[@]}"
}

# The series' package set, newest version first: prints "image-pkg<TAB>version[<TAB>modules-pkg<TAB>version]".
# Only the plain amd64 flavour (not -cloud-amd64, -rt-amd64 or -dbg).
choose() {
  local series="$1" esc
  esc="${series//./\\.}"
  local major="${series%%.*}" minor="${series#*.}"
  local flavour='([.+-][0-9][^ ]*)?-amd64'
  if [ "$major" -gt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -ge 19 ]; }; then
    # linux-binary-<abi>-amd64 + linux-modules-<abi>-amd64 of the same version. The archive's
    # index may hold the binary of a version without its modules (the modules come from the
    # source package "linux", of which an index keeps only the current version): then the
    # newest binary is taken alone, and the build has no module BTF.
    local line name ver abi
    line="$(versions_of "^linux-binary-${esc}${flavour}\$" | grep -vE -- '-(cloud|rt)-amd64' | head -n 1)"
    [ -n "$line" ] || return 1
    name="${line%%$'\t'*}"; ver="${line#*$'\t'}"
    abi="${name#linux-binary-}"
    if apt-cache "${APT_OPTS[@]}" madison "linux-modules-$abi" 2>/dev/null | awk -F'|' '{ gsub(/[ \t]/, "", $2); print $2 }' |
      grep -qxF "$ver"; then
      printf '%s\t%s\t%s\t%s\n' "$name" "$ver" "linux-modules-$abi" "$ver"
    else
      log "$series: linux-modules-$abi $ver is not in the archive's index: vmlinux BTF only"
      printf '%s\t%s\n' "$name" "$ver"
    fi
  else
    # Prefer the unsigned image (same files, no signature wrapping); the signed one otherwise.
    local line
    line="$(versions_of "^linux-image-${esc}${flavour}-unsigned\$" | grep -vE -- '-(cloud|rt)-amd64' | head -n 1)"
    [ -n "$line" ] || line="$(versions_of "^linux-image-${esc}${flavour}\$" | grep -vE -- '-(cloud|rt)-amd64' | head -n 1)"
    [ -n "$line" ] || return 1
    printf '%s\n' "$line"
  fi
}

# Download one package version into debs/ unless it is already there; prints the .deb path.
download() {
  local name="$1" version="$2" file
  file="$DEB_DIR/${name}_${version//:/%3a}_amd64.deb"
  if [ -s "$file" ]; then
    log "have $(basename "$file") ($(du -h "$file" | cut -f1))"
  else
    log "downloading $name=$version"
    (cd "$DEB_DIR" && apt-get "${APT_OPTS[@]}" -q download "$name=$version" >&2)
    [ -s "$file" ] || file="$(ls -1 "$DEB_DIR/${name}_"*"_amd64.deb" | grep -F "${version//:/%3a}" | head -n 1)"
    [ -s "$file" ] || die "apt-get download $name=$version left no .deb in $DEB_DIR"
    log "downloaded $(basename "$file") ($(du -h "$file" | cut -f1))"
  fi
  printf '%s\n' "$file"
}

# Unpack the vmlinuz (/boot/vmlinuz-* up to 6.18, /usr/lib/modules/<abi>/vmlinuz from 6.19) and the
# module files of one .deb into a scratch dir. A pattern that matches nothing is not an error (the
# linux-binary package has no modules, linux-modules no vmlinuz); any other tar error is.
unpack() {
  local deb="$1" into="$2" err
  err="$(mktemp)"
  mkdir -p "$into"
  if ! dpkg-deb --fsys-tarfile "$deb" |
    tar -x -C "$into" --wildcards --no-anchored 'vmlinuz*' '*.ko' '*.ko.xz' '*.ko.zst' 2>"$err"; then
    if grep -vE 'Not found in archive|Exiting with failure status due to previous errors' "$err" >&2; then
      rm -f "$err"
      die "unpacking $deb failed"
    fi
  fi
  rm -f "$err"
}

fetch_one() {
  local series="$1" chosen
  chosen="$(choose "$series")" || die "no amd64 kernel image package found for $series"
  local fields=()
  IFS=$'\t' read -r -a fields <<<"$chosen"
  local build="$CACHE_DIR/build-$series" want=""
  local i
  for ((i = 0; i < ${#fields[@]}; i += 2)); do
    echo "$series: ${fields[i]} ${fields[i + 1]}"
    want+="${fields[i]} ${fields[i + 1]}"$'\n'
  done
  [ -z "$DRY_RUN" ] || return 0

  if [ -f "$build/.debian-version" ] && [ "$(cat "$build/.debian-version")" = "${want%$'\n'}" ] &&
    [ -f "$build/vmlinuz" ]; then
    log "$series: cached in $build"
    return
  fi

  local debs=()
  for ((i = 0; i < ${#fields[@]}; i += 2)); do
    debs+=("$(download "${fields[i]}" "${fields[i + 1]}")")
  done

  local scratch
  scratch="$(mktemp -d "$CACHE_DIR/.unpack-$series.XXXXXX")"
  # shellcheck disable=SC2064
  trap "rm -rf '$scratch'" RETURN
  local deb
  for deb in "${debs[@]}"; do
    log "$series: extracting vmlinuz and modules from $(basename "$deb")"
    unpack "$deb" "$scratch/root"
  done

  local vmlinuz
  vmlinuz="$(find "$scratch/root" -type f -name 'vmlinuz*' | sort | head -n 1)"
  [ -n "$vmlinuz" ] || die "$series: no vmlinuz in ${debs[*]}"
  mkdir -p "$scratch/build"
  mv "$vmlinuz" "$scratch/build/vmlinuz"
  # The modules' root: lib/modules/<abi>/ or usr/lib/modules/<abi>/ (absent when the archive had no modules).
  local moddir
  moddir="$(find "$scratch/root" -type d -path '*/lib/modules/*/kernel' | head -n 1)"
  if [ -n "$moddir" ]; then
    mv "$(dirname "$moddir")" "$scratch/build/modules"
  else
    log "$series: no modules in ${debs[*]}"
    mkdir -p "$scratch/build/modules"
  fi
  printf '%s' "$want" > "$scratch/build/.debian-version"
  rm -rf "$build"
  mv "$scratch/build" "$build"
  local count
  count="$(find "$build/modules" -name '*.ko*' | wc -l)"
  log "$series: $build: vmlinuz $(du -h "$build/vmlinuz" | cut -f1), $count module files ($(du -sh "$build/modules" | cut -f1))"
}

for series in "${SERIES[@]}"; do
  fetch_one "$series"
done
