import { readdirSync } from "node:fs";
import fc from "fast-check";
import { describe, it } from "vitest";
import { FUZZ_RUNS, fuzzSeed, startWatchdog } from "../testing/fuzz";
import { ExtractError } from "./errors";
import { extractFromFiles } from "./extract-from-files";
import { filesOf, fixturePath } from "./test-helpers";

// Fuzzing the source-tree extractor with kernel-style C: the fixture trees (every era and trap)
// with their text cut, repeated, spliced and salted with the tokens the extractor keys on, and
// random files made of those tokens. Each case must end in a result or an ExtractError, in under
// two seconds; a case stuck in a loop has the watchdog (../testing/fuzz.ts) end the process, naming
// it. Fixed seeds in the test names; FUZZ_SEED=<n> FUZZ_RUNS=<cases> explore further.

/**
 * Cases per property unless FUZZ_RUNS says otherwise: 10,000 mutated trees (under 1 ms each) and
 * 2,000 random files of up to 400 tokens (several ms each).
 */
const RUNS = FUZZ_RUNS;
const RANDOM_RUNS = process.env.FUZZ_RUNS ? FUZZ_RUNS : 2_000;
const SLOW_CASE_MS = 2_000;

const TREES = readdirSync(fixturePath("")).filter((name) => /^(era|trap)-/.test(name));
const SAMPLES = TREES.map((name) => ({ name, files: filesOf(fixturePath(name)) }));

/** What the extractor's scanners look for, and what breaks a naive one. */
const TOKENS = [
  "BTF_KFUNCS_START(",
  "BTF_KFUNCS_END(",
  "BTF_SET8_START(",
  "BTF_SET8_END(",
  "BTF_SET_START(",
  "BTF_SET_END(",
  "BTF_ID_FLAGS(func, ",
  "BTF_ID(func, ",
  "BTF_ID_LIST(",
  "KF_ACQUIRE",
  " | KF_RET_NULL",
  "KF_TRUSTED_ARGS",
  "KF_IMPLICIT_ARGS",
  "__bpf_kfunc ",
  "__bpf_kfunc_start_defs();",
  "__bpf_kfunc_end_defs();",
  "static const struct btf_kfunc_id_set ",
  "register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &",
  "register_btf_fmodret_id_set(",
  ".set = &",
  ".owner = THIS_MODULE,",
  "struct task_struct *bpf_x(struct task_struct *p, u32 flags__k)",
  "int f(void (*cb)(int), ...)",
  '#include "',
  '.c"\n',
  "#include <linux/btf.h>\n",
  "#define X(name) BTF_ID_FLAGS(func, name)\n",
  "#define K ",
  "#undef K\n",
  "#if ",
  "#ifdef CONFIG_X\n",
  "#if defined(CONFIG_A) && !IS_ENABLED(CONFIG_B)\n",
  "#elif ",
  "#else\n",
  "#endif\n",
  "/*",
  "*/",
  "//",
  '"',
  "'",
  "\\\n",
  "(",
  ")",
  "{",
  "}",
  "[",
  "]",
  ",",
  ";",
  "\n",
  " ",
  "\t",
  "\u0000",
  "\r\n",
  "\u00e9",
  "\ufeff",
  "x".repeat(1000),
  "(".repeat(200),
  "#if ".repeat(50),
];

const token = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z_][a-z0-9_]{0,12}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);

type Edit = (text: string) => string;

/** One edit at a place in the text, given as a fraction of its length. */
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), token).map(
    ([at, t]): Edit =>
      (text) => {
        const i = Math.floor(at * text.length);
        return text.slice(0, i) + t + text.slice(i);
      },
  ),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(400)).map(
    ([at, n]): Edit =>
      (text) => {
        const i = Math.floor(at * text.length);
        return text.slice(0, i) + text.slice(i + n);
      },
  ),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(400), fc.integer({ min: 2, max: 20 })).map(
    ([at, n, times]): Edit =>
      (text) => {
        const i = Math.floor(at * text.length);
        return text.slice(0, i) + text.slice(i, i + n).repeat(times) + text.slice(i + n);
      },
  ),
  fc.double({ min: 0, max: 1, noNaN: true }).map(
    (at): Edit =>
      (text) =>
        text.slice(0, Math.floor(at * text.length)),
  ),
);

interface Case {
  name: string;
  files: Map<string, string>;
}

const mutatedTree: fc.Arbitrary<Case> = fc
  .tuple(fc.nat(SAMPLES.length - 1), fc.nat(), fc.array(edit, { minLength: 1, maxLength: 6 }))
  .map(([which, pick, edits]) => {
    const sample = SAMPLES[which] as (typeof SAMPLES)[number];
    const paths = [...sample.files.keys()];
    const path = paths[pick % paths.length] as string;
    const files = new Map(sample.files);
    files.set(
      path,
      edits.reduce((text, e) => e(text), files.get(path) as string),
    );
    return { name: `${sample.name}, ${path} with ${edits.length} edits`, files };
  });

const randomTree: fc.Arbitrary<Case> = fc
  .array(
    fc.tuple(
      fc.constantFrom("kernel/bpf/x.c", "net/core/y.c", "include/linux/z.h", "kernel/bpf/x_inc.c"),
      fc.array(token, { maxLength: 400, size: "max" }),
    ),
    {
      minLength: 1,
      maxLength: 4,
    },
  )
  .map((files) => ({
    name: "random tokens",
    files: new Map(files.map(([path, tokens]) => [path, tokens.join("")])),
  }));

async function assertExtractsOrRefuses(
  label: string,
  seed: number,
  cases: fc.Arbitrary<Case>,
  numRuns: number,
) {
  const watchdog = startWatchdog();
  watchdog.begin(`${label} (seed ${seed})`);
  try {
    await fc.assert(
      fc.asyncProperty(cases, async ({ name, files }) => {
        const text = [...files].map(([path, body]) => `--- ${path}\n${body}`).join("\n");
        watchdog.beat({ name, bytes: new TextEncoder().encode(text) });
        const started = performance.now();
        try {
          const kfuncs = await extractFromFiles(files, { onWarning: () => {} });
          if (!Array.isArray(kfuncs)) throw new Error("the extractor returned no list");
        } catch (error) {
          if (!(error instanceof ExtractError) || !error.message) throw error;
        }
        const elapsed = performance.now() - started;
        if (elapsed > SLOW_CASE_MS)
          throw new Error(`${name}: one case took ${Math.round(elapsed)} ms (a hang?)`);
      }),
      { seed, numRuns },
    );
  } finally {
    watchdog.end();
  }
}

describe("the C extractor on hostile kernel-style source", () => {
  const mutated = fuzzSeed(1401);
  it(`mutated fixture trees (${TREES.length} trees): a result or an ExtractError, each in under 2 s (seed ${mutated}, ${RUNS} cases)`, async () => {
    await assertExtractsOrRefuses("mutated trees", mutated, mutatedTree, RUNS);
  }, 600_000);

  const random = fuzzSeed(1402);
  it(`random files of kernel tokens: a result or an ExtractError, each in under 2 s (seed ${random}, ${RANDOM_RUNS} cases)`, async () => {
    await assertExtractsOrRefuses("random tokens", random, randomTree, RANDOM_RUNS);
  }, 600_000);
});
