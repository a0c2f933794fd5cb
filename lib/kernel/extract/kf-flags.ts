// KF_* flags of include/linux/btf.h, in bit order. Source: docs/kernel-facts.md section 2
// (ACQUIRE 0 … PERFMON 18). The output drops the "KF_" prefix.
export const KNOWN_KF_FLAGS: readonly string[] = [
  "ACQUIRE", // bit 0, v6.0
  "RELEASE", // bit 1, v6.0
  "RET_NULL", // bit 2, v6.0
  "KPTR_GET", // bit 3, v6.0, removed v6.4
  "TRUSTED_ARGS", // bit 4, v6.0, removed v7.0
  "SLEEPABLE", // bit 5, v6.1
  "DESTRUCTIVE", // bit 6, v6.1
  "RCU", // bit 7, v6.2
  "ITER_NEW", // bit 8, v6.4
  "ITER_NEXT", // bit 9, v6.4
  "ITER_DESTROY", // bit 10, v6.4
  "RCU_PROTECTED", // bit 11, v6.7
  "FASTCALL", // bit 12, v6.13
  "ARENA_RET", // bit 13, v6.15
  "ARENA_ARG1", // bit 14, v6.15
  "ARENA_ARG2", // bit 15, v6.15
  "IMPLICIT_ARGS", // bit 16, v7.0
  "SPINLOCK_SAFE", // bit 17, v7.3
  "PERFMON", // bit 18, v7.3
];

const BIT_OF = new Map(KNOWN_KF_FLAGS.map((flag, bit) => [flag, bit]));

export function isKnownKfFlag(flag: string): boolean {
  return BIT_OF.has(flag);
}

/** Deduplicates and orders flags: known ones by bit number, unknown ones after them, alphabetically. */
export function sortKfFlags(flags: Iterable<string>): string[] {
  return [...new Set(flags)].sort((a, b) => {
    const bitA = BIT_OF.get(a) ?? Number.POSITIVE_INFINITY;
    const bitB = BIT_OF.get(b) ?? Number.POSITIVE_INFINITY;
    if (bitA !== bitB) return bitA - bitB;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}
