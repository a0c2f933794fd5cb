// How a program type reads. A kfunc set registered for BPF_PROG_TYPE_UNSPEC serves every type.

export const ANY_PROG_TYPE = "UNSPEC";

export function progTypeLabel(type: string): string {
  return type === ANY_PROG_TYPE ? "any program type (UNSPEC)" : type;
}

/** May a kfunc registered for `registered` be called from a program of `type`? */
export function servesProgType(registered: readonly string[], type: string): boolean {
  return registered.includes(type) || registered.includes(ANY_PROG_TYPE);
}
