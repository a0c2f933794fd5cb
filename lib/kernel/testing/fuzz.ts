import { getHeapStatistics } from "node:v8";
import { Worker } from "node:worker_threads";
import fc from "fast-check";

// Shared harness for the fuzz tests of the binary readers (ELF, BTF): fixed seeds, the property that
// a reader either returns or throws its own error type, and guards against hangs and huge allocations.
//
// Every property runs with a fixed seed shown in its test name, so a failure reproduces as is.
// FUZZ_SEED=<integer> replaces every fixed seed and FUZZ_RUNS=<n> the number of cases, to explore:
//   FUZZ_SEED=7 FUZZ_RUNS=200000 npx vitest run --testTimeout=0 lib/kernel/elf/fuzz.test.ts
// fast-check prints the seed and the shrunk counterexample of a failure.

/** Cases per property: 10,000 unless FUZZ_RUNS says otherwise. */
export const FUZZ_RUNS = envInteger("FUZZ_RUNS") ?? 10_000;

/** The property's fixed seed, or FUZZ_SEED when set. */
export function fuzzSeed(fixed: number): number {
  return envInteger("FUZZ_SEED") ?? fixed;
}

/** One call of a reader that took longer than this is a hang (a case usually takes under 1 ms). */
const SLOW_CASE_MS = 1_000;
/** A case still running after this long has the watchdog end the test process, naming the case. */
const HUNG_CASE_MS = 15_000;
/** Memory a single case may add; more means a size or count was trusted before being checked. */
const MAX_CASE_ALLOCATION = 64 * 1024 * 1024;
/**
 * A property that runs longer than this fails (2 ms a case is 5 times the usual). It also
 * bounds fast-check's shrinking of a slow case, which would otherwise rerun slow cases for minutes:
 * past the limit it reports the smallest counterexample found so far.
 */
const propertyTimeLimit = (numRuns: number) => 20_000 + 2 * numRuns;

type ErrorClass = abstract new (...args: never[]) => Error;

/** One fuzz case: the bytes given to the reader, what they were made from, and a base for split BTF. */
export interface FuzzInput {
  name: string;
  bytes: Uint8Array;
  base?: Uint8Array;
}

/**
 * Runs `call` on `numRuns` inputs from `inputs`: each call must return or throw one of `allowed`
 * with a message that names something (no "undefined"/"NaN" standing in for a value). Any other
 * exception, a call slower than a second, or one that allocates more than 64 MB fails the property.
 */
export function assertOnlyReaderErrors<T extends FuzzInput>(
  label: string,
  seed: number,
  inputs: fc.Arbitrary<T>,
  allowed: readonly ErrorClass[],
  call: (input: T) => unknown,
  numRuns = FUZZ_RUNS,
): void {
  const watchdog = startWatchdog();
  watchdog.begin(`${label} (seed ${seed})`);
  try {
    fc.assert(
      fc.property(inputs, (input) => {
        watchdog.beat(input);
        const before = getHeapStatistics();
        const started = performance.now();
        const unexpected = unexpectedError(allowed, () => call(input));
        const elapsed = performance.now() - started;
        const after = getHeapStatistics();
        if (unexpected) throw unexpected;
        if (elapsed > SLOW_CASE_MS) throw new Error(`one call took ${Math.round(elapsed)} ms (a hang?)`);
        const grown =
          after.external_memory - before.external_memory + (after.used_heap_size - before.used_heap_size);
        if (grown > MAX_CASE_ALLOCATION)
          throw new Error(`one call allocated ${Math.round(grown / 2 ** 20)} MB`);
      }),
      { seed, numRuns, interruptAfterTimeLimit: propertyTimeLimit(numRuns), markInterruptAsFailure: true },
    );
  } finally {
    watchdog.end();
  }
}

/**
 * What `run` threw if it was not one of `allowed` or had no clear message; null if all went well.
 * Stack traces are off while it runs (most cases throw, and capturing a stack costs more than the
 * rest of the case); an unexpected error is thrown again by a second run, with its stack.
 */
function unexpectedError(allowed: readonly ErrorClass[], run: () => unknown): unknown {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let error: unknown = null;
  try {
    run();
  } catch (thrown) {
    error = thrown;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  if (error === null) return null;
  if (!allowed.some((kind) => error instanceof kind)) return withStack(error, run);
  const message = (error as Error).message;
  if (message && !/\bundefined\b|\bNaN\b/.test(message)) return null;
  return new Error(`unclear ${(error as Error).name} message: ${JSON.stringify(message)}`);
}

/** The error `run` throws again now that stack traces are on (the readers are deterministic). */
function withStack(error: unknown, run: () => unknown): unknown {
  try {
    run();
  } catch (again) {
    return again;
  }
  return error;
}

/** Bytes to write over an input at a byte offset. */
type Patch = { at: number; value: Uint8Array };

/** The input with `patches` written over it. */
function patched(bytes: Uint8Array, patches: readonly Patch[]): Uint8Array {
  // A copy (Buffer#slice would share the sample's memory), made by set() for a plain memory copy.
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  for (const { at, value } of patches) copy.set(value.subarray(0, Math.max(0, copy.length - at)), at);
  return copy;
}

/** A header field of a sample file: where it is, how wide, and values that mean something there. */
export interface Field {
  at: number;
  width: 1 | 2 | 4 | 8;
  /** E.g. the known section types or BTF kinds, valid indexes, an id that makes a reference loop. */
  values?: readonly bigint[];
}

export interface MutationSeed {
  /** Names the sample in a counterexample. */
  name: string;
  bytes: Uint8Array;
  littleEndian: boolean;
  /**
   * The fields worth aiming at (offsets, sizes, counts, indexes, string offsets, type ids), grouped
   * by the record they belong to (the file header, one section header, one type record), so that
   * several fields of one record can change together.
   */
  records: readonly (readonly Field[])[];
  /** The largest small number that means something here (a type count, a section count). */
  small: number;
}

/**
 * Values a mutated field gets: its meaningful values, the edges (0, 1, all ones, the sign bit),
 * values near the input's size, small numbers (ids, indexes, counts), and anything at all.
 */
function fieldValue(field: Field, inputSize: number, small: number): fc.Arbitrary<bigint> {
  const max = (1n << BigInt(field.width * 8)) - 1n;
  const edges = [0n, 1n, max, max >> 1n, (max >> 1n) + 1n, 0xffffn, 0xffffffffn, 1n << 32n, 1n << 53n];
  const near = BigInt(inputSize);
  const choices = [
    fc.constantFrom(...edges),
    fc.bigInt({ min: near - 16n, max: near + 16n }),
    fc.bigInt({ min: 0n, max: BigInt(small) }),
    fc.bigInt({ min: 0n, max }),
  ];
  if (field.values && field.values.length > 0) choices.unshift(fc.constantFrom(...field.values));
  return fc.oneof(...choices).map((value) => BigInt.asUintN(field.width * 8, value));
}

/** A field rewritten in the file's byte order. */
function fieldPatch(field: Field, value: bigint, littleEndian: boolean): Patch {
  const bytes = new Uint8Array(field.width);
  for (let i = 0; i < field.width; i++) {
    const byte = Number((value >> BigInt(8 * i)) & 0xffn);
    bytes[littleEndian ? i : field.width - 1 - i] = byte;
  }
  return { at: field.at, value: bytes };
}

/**
 * A sample with 1 to 4 mutations, each one of: a field set to a meaningful, edge, near-size, small or
 * random value; two to four fields of one record set together; a random byte; a flipped bit.
 */
export function mutatedInputs(seeds: readonly MutationSeed[]): fc.Arbitrary<FuzzInput> {
  // One arbitrary per sample, built once: building them per case costs more than the readers.
  return fc.oneof(...seeds.map(mutationsOf));
}

function mutationsOf(seed: MutationSeed): fc.Arbitrary<FuzzInput> {
  const size = seed.bytes.length;
  const records = seed.records.filter((fields) => fields.length > 0);
  const write = (field: Field) =>
    fieldValue(field, size, seed.small).map((value) => fieldPatch(field, value, seed.littleEndian));
  const fieldWrite: fc.Arbitrary<Patch[]> = fc
    .constantFrom(...records.flat())
    .chain((field) => write(field).map((patch) => [patch]));
  const recordWrite: fc.Arbitrary<Patch[]> = fc
    .constantFrom(...records)
    .chain((fields) => fc.array(fc.constantFrom(...fields).chain(write), { minLength: 2, maxLength: 4 }));
  const byteWrite: fc.Arbitrary<Patch[]> = fc
    .record({ at: fc.nat(size - 1), byte: fc.nat(255) })
    .map(({ at, byte }) => [{ at, value: Uint8Array.of(byte) }]);
  const bitFlip: fc.Arbitrary<Patch[]> = fc
    .record({ at: fc.nat(size - 1), bit: fc.nat(7) })
    .map(({ at, bit }) => [{ at, value: Uint8Array.of((seed.bytes[at] ?? 0) ^ (1 << bit)) }]);
  const mutation = fc.oneof(
    { arbitrary: fieldWrite, weight: 3 },
    { arbitrary: recordWrite, weight: 2 },
    { arbitrary: byteWrite, weight: 2 },
    { arbitrary: bitFlip, weight: 1 },
  );
  return fc.array(mutation, { minLength: 1, maxLength: 4 }).map((groups) => {
    const patches = groups.flat();
    return {
      name: `${seed.name}, ${patches.map(({ at, value }) => `[${value.join(",")}] at ${at}`).join(", ")}`,
      bytes: patched(seed.bytes, patches),
    };
  });
}

/** Prefixes of the samples, from empty to one byte short. */
export function truncatedInputs(seeds: readonly FuzzInput[]): fc.Arbitrary<FuzzInput> {
  return fc.constantFrom(...seeds).chain((seed) =>
    fc.nat(seed.bytes.length - 1).map((length) => ({
      name: `${seed.name}, first ${length} bytes`,
      bytes: seed.bytes.subarray(0, length),
    })),
  );
}

/** Random bytes, either alone or after one of the `prefixes` (a magic number, a plausible header). */
export function randomInputs(prefixes: readonly Uint8Array[], maxLength: number): fc.Arbitrary<FuzzInput> {
  const tail = fc.uint8Array({ maxLength });
  return fc.oneof(
    tail.map((bytes) => ({ name: "random bytes", bytes })),
    fc.tuple(fc.nat(prefixes.length - 1), tail).map(([which, rest]) => {
      const prefix = prefixes[which] as Uint8Array;
      const bytes = new Uint8Array(prefix.length + rest.length);
      bytes.set(prefix);
      bytes.set(rest, prefix.length);
      return { name: `random bytes after prefix ${which}`, bytes };
    }),
  );
}

function envInteger(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === "") return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value))
    throw new Error(`${name} must be an integer, got ${JSON.stringify(text)}`);
  return value;
}

// The watchdog: a worker thread that watches the time the current case started. A reader stuck in a
// loop blocks this thread, so no test timeout can fire; the worker writes which property, seed and
// input hung to stderr and kills the process, which fails the run instead of leaving it hanging.

export interface Watchdog {
  begin(label: string): void;
  beat(input: FuzzInput): void;
  end(): void;
}

let watchdog: Watchdog | null = null;

// Shared memory: [0] the current case's start (Date.now(), 0 when idle); then the lengths of the
// label text, the input's bytes and its base's bytes, then those three, one after another.
const WATCHDOG_SOURCE = `
const { workerData } = require("node:worker_threads");
const { writeSync } = require("node:fs");
const clock = new Float64Array(workerData.clock);
const lengths = new Int32Array(workerData.lengths);
const data = Buffer.from(workerData.data);
setInterval(() => {
  const started = clock[0];
  if (started === 0 || Date.now() - started < workerData.limit) return;
  const [text, bytes, base] = [Atomics.load(lengths, 0), Atomics.load(lengths, 1), Atomics.load(lengths, 2)];
  const about = data.subarray(0, text).toString("utf8");
  const input = data.subarray(text, text + bytes).toString("base64");
  const baseInput = base > 0 ? "\\nbase (base64): " + data.subarray(text + bytes, text + bytes + base).toString("base64") : "";
  writeSync(2, "\\nfuzz watchdog: one case has run for " + workerData.limit + " ms; stopping the process.\\n" +
    about + "\\ninput (base64): " + input + baseInput + "\\n");
  process.kill(process.pid, "SIGKILL");
}, 250);
`;

const DATA_CAPACITY = 1024 * 1024;

/** The process's one watchdog; async fuzz tests (the extractor's) call begin, beat and end themselves. */
export function startWatchdog(): Watchdog {
  if (watchdog) return watchdog;
  const clock = new SharedArrayBuffer(8);
  const lengths = new SharedArrayBuffer(12);
  const data = new SharedArrayBuffer(DATA_CAPACITY);
  const worker = new Worker(WATCHDOG_SOURCE, {
    eval: true,
    workerData: { clock, lengths, data, limit: HUNG_CASE_MS },
  });
  worker.unref();
  const clockView = new Float64Array(clock);
  const lengthsView = new Int32Array(lengths);
  const dataView = new Uint8Array(data);
  const encoder = new TextEncoder();
  let label = "";
  watchdog = {
    begin(text) {
      label = text;
    },
    beat(input) {
      const text = encoder.encodeInto(`${label}\ninput: ${input.name}`, dataView).written;
      const bytes = copyInto(dataView, text, input.bytes);
      const base = input.base ? copyInto(dataView, text + bytes, input.base) : 0;
      Atomics.store(lengthsView, 0, text);
      Atomics.store(lengthsView, 1, bytes);
      Atomics.store(lengthsView, 2, base);
      clockView[0] = Date.now();
    },
    end() {
      clockView[0] = 0;
    },
  };
  return watchdog;
}

function copyInto(target: Uint8Array, at: number, bytes: Uint8Array): number {
  const length = Math.min(bytes.length, target.length - at);
  target.set(bytes.subarray(0, length), at);
  return length;
}
