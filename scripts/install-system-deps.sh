#!/usr/bin/env bash
# Installs the Debian packages the project needs beyond Node.js, when they are missing:
#   chromium  – the browser the end-to-end tests drive (Playwright cannot download its own here)
#   clang     – compiles the small BPF/BTF test fixtures (clang -target bpf -g)
#   bpftool   – cross-checks the BTF reader against the machine's /sys/kernel/btf/vmlinux
#   libbpf-dev – bpf_helpers.h for compiling BPF programs
#   xz-utils, git – reading kernel tarballs and git trees in tests
#   zstd      – compresses the bzImage and module fixtures of lib/kernel/vmlinuz tests (skipped without it)
#   nginx     – the load balancer in front of two app processes (test/two-processes.test.ts,
#               npm run bench:two-processes); started by them on 127.0.0.1 only, never as a service
# Run as root (or with sudo). Safe to run again: installs only what is missing.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v clang >/dev/null 2>&1 || need+=(clang)
command -v bpftool >/dev/null 2>&1 || [ -x /usr/sbin/bpftool ] || need+=(bpftool)
[ -f /usr/include/bpf/bpf_helpers.h ] || need+=(libbpf-dev)
command -v xz >/dev/null 2>&1 || need+=(xz-utils)
command -v zstd >/dev/null 2>&1 || need+=(zstd)
command -v git >/dev/null 2>&1 || need+=(git)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)

if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "system packages: installing ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
echo "system packages: installed ${need[*]}"
