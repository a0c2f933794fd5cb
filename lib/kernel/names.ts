/** A kfunc name is a C identifier (at most 128 characters here). */
export function isKfuncName(name: string): boolean {
  return /^[A-Za-z_]\w{0,127}$/.test(name);
}
