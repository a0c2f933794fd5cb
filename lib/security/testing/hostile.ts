import fc from "fast-check";

// Hostile text for the fuzz tests of the web inputs (query parameters, JSON fields, form fields):
// the values that have broken web apps before, and random text of every kind around them. Each
// property runs with a fixed seed shown in its test name; FUZZ_SEED and FUZZ_RUNS explore further,
// as for the binary readers (lib/kernel/testing/fuzz.ts).

export { FUZZ_RUNS, fuzzSeed } from "../../kernel/testing/fuzz";

export const HOSTILE_STRINGS: readonly string[] = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\t\r\n",
  "%",
  "%%",
  "%00",
  "%25",
  "_",
  "\\",
  "\\%",
  "*",
  "' OR 1=1 --",
  "'; DROP TABLE kfunc; --",
  '" OR ""="',
  "1; SELECT pg_sleep(10)",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  "../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "/etc/passwd\u0000.png",
  "\ud800",
  "\udfff",
  "a\ud800b",
  "\udc00\ud800",
  "\u202e\u2066",
  "\ufeff",
  "\uffff",
  "😀",
  "x".repeat(101),
  "x".repeat(10_000),
  "v6.12".repeat(1000),
  "-1",
  "0",
  "-0",
  "1.5",
  "1e309",
  "-1e309",
  "NaN",
  "Infinity",
  "0x10",
  " 1",
  "2147483648",
  "9007199254740993",
  "99999999999999999999999",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "__proto__",
  "constructor",
  "toString",
  "v6.12",
  "6.12",
  "v99.999",
  "v6.12\n",
  "V6.12",
  "v6.12'",
  "unstable,stable",
  "REMOVED",
  "bpf_task_acquire",
  "name.desc",
  "2025-01-01",
  "2025-13-45",
  "2025-01-01T12:00:00Z",
];

/** One UTF-16 code unit of any value: lone surrogates and NUL included. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Hostile text: a known bad value, random text of any kind, or a mixture of both. */
export function hostileString(maxLength = 200): fc.Arbitrary<string> {
  const known = fc.constantFrom(...HOSTILE_STRINGS);
  return fc.oneof(
    { weight: 4, arbitrary: known },
    { weight: 2, arbitrary: fc.string({ maxLength }) },
    { weight: 2, arbitrary: fc.string({ unit: anyCodeUnit, maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength }) },
    { weight: 1, arbitrary: fc.array(known, { minLength: 2, maxLength: 4 }).map((parts) => parts.join("")) },
    { weight: 1, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: fc.double().map(String) },
  );
}

/**
 * One query-string component as a client could send it: percent-encoded as browsers do, raw bytes
 * (%ff, an unpaired %d8 surrogate half, a lone "%"), or characters left unencoded.
 */
export function queryComponent(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const encoded = text.map((v) => new URLSearchParams([["", v]]).toString().slice(1));
  const rawBytes = fc
    .array(fc.integer({ min: 0, max: 255 }), { maxLength: 12 })
    .map((bytes) => bytes.map((b) => `%${b.toString(16).padStart(2, "0")}`).join(""));
  const broken = fc.constantFrom(
    "%",
    "%4",
    "%zz",
    "%%",
    "%ed%a0%80",
    "%c0%af",
    "+",
    "&",
    "=",
    "#",
    ";",
    "a=b",
  );
  return fc.oneof({ weight: 4, arbitrary: encoded }, rawBytes, broken);
}
