// Hostile uploads to POST /api/v1/check (lib/check/handle-request.ts, lib/check/inputs.ts) on a
// real database with the fixture catalog: too many parts or files, file names with paths in them,
// files whose headers declare gigabytes, and random multipart bodies. Each is a 400 naming the
// field, or a report; never a 500. Nothing uploaded touches the file system: the name is only a label.
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as checkRoute } from "../app/api/v1/check/route";
import { MAX_PARTS } from "../lib/check/handle-request";
import { loadCatalogData } from "../lib/ingest/load-catalog";
import { SHT } from "../lib/kernel/elf/elf-constants";
import { buildElf } from "../lib/kernel/elf/testing/elf-writer";
import { fuzzSeed, hostileString } from "../lib/security/testing/hostile";
import { setUpTestDatabase } from "./test-db";

const database = setUpTestDatabase();
beforeAll(async () => {
  await loadCatalogData(database.get().prisma, path.join(import.meta.dirname, "fixtures", "catalog"));
});

const RUNS = Number(process.env.FUZZ_RUNS) || 300;
const SOURCE = "extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;\n";

// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely and asserted on
async function send(body: BodyInit, contentType?: string): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = contentType ? { "content-type": contentType } : {};
  const response = await checkRoute(
    new Request("http://127.0.0.1/api/v1/check", { method: "POST", body, headers }),
  );
  return { status: response.status, json: await response.json() };
}

function upload(bytes: Uint8Array | string, name: string, fields: [string, string][] = []): FormData {
  const form = new FormData();
  form.append("file", new Blob([typeof bytes === "string" ? bytes : Buffer.from(bytes)]), name);
  for (const [k, v] of fields) form.append(k, v);
  return form;
}

/** A multipart body written by hand, so that nothing in the client tidies it. */
function multipart(parts: { name: string; filename?: string; body: string }[], boundary = "hostile"): string {
  return `${parts
    .map(
      (p) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${
          p.filename === undefined ? "" : `; filename="${p.filename}"`
        }\r\n\r\n${p.body}\r\n`,
    )
    .join("")}--${boundary}--\r\n`;
}

const issue = (answer: { json: { error: { issues: { param: string; message: string }[] } } }) => {
  const first = answer.json.error.issues[0];
  if (!first) throw new Error(`a 400 naming no field: ${JSON.stringify(answer.json)}`);
  return first;
};

describe("the number of parts and files", () => {
  it("refuses a body of thousands of parts before parsing it", async () => {
    const parts = Array.from({ length: 200_000 }, () => ({ name: "release", body: "v6.1" }));
    const body = multipart(parts);
    const started = performance.now();
    const answer = await send(body, "multipart/form-data; boundary=hostile");
    const elapsed = performance.now() - started;
    expect(answer.status).toBe(400);
    expect(issue(answer)).toEqual({ param: "body", message: expect.stringMatching(/more than 8 parts/) });
    // Parsing them took over a second; counting them is a few milliseconds.
    expect(elapsed).toBeLessThan(500);
  });

  it("takes up to the limit, and names what is wrong with them", async () => {
    const extra = Array.from({ length: MAX_PARTS - 1 }, (_, i) => ({ name: `x${i}`, body: "1" }));
    const answer = await send(
      multipart([{ name: "file", filename: "a.c", body: SOURCE }, ...extra]),
      "multipart/form-data; boundary=hostile",
    );
    expect(answer.status).toBe(400);
    expect(issue(answer)).toEqual({ param: "x0", message: "unknown field" });
  });

  it("refuses two files, or a file field that is not a file", async () => {
    const two = upload(SOURCE, "a.c");
    two.append("file", new Blob([SOURCE]), "b.c");
    expect(issue(await send(two))).toEqual({ param: "file", message: "send one file at a time" });
    const text = new FormData();
    text.set("file", SOURCE);
    expect(issue(await send(text))).toEqual({
      param: "file",
      message: "the file field must be a file upload",
    });
    const repeated = upload(SOURCE, "a.c", [
      ["release", "v6.1"],
      ["release", "v6.12"],
    ]);
    expect(issue(await send(repeated))).toEqual({ param: "release", message: "given more than once" });
  });
});

describe("file names", () => {
  it("are labels, never paths: only the last component is kept", async () => {
    const cases: [string, string][] = [
      ["../../etc/passwd", "passwd"],
      ["..\\..\\windows\\win.ini", "win.ini"],
      ["/etc/shadow", "shadow"],
      ["dir/", "upload"],
      ["..", ".."],
      ["<script>alert(1)</script>.c", "script>.c"],
      ["a\u0000b.c", "a\u0000b.c"],
      ["x".repeat(5000), "x".repeat(200)],
    ];
    for (const [name, label] of cases) {
      const answer = await send(upload(SOURCE, name));
      expect(answer.status, `${name.slice(0, 40)}: ${JSON.stringify(answer.json).slice(0, 200)}`).toBe(200);
      expect(answer.json.report.input.label).toBe(label);
    }
  });
});

describe("files that declare gigabytes", () => {
  const le32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

  it("raw BTF whose header declares 4 GiB of types or strings is refused as corrupt", async () => {
    for (const [typeLen, strLen] of [
      [0xfffffff0, 0],
      [0, 0xfffffff0],
      [0x7fffffff, 0x7fffffff],
    ] as const) {
      // magic, version 1, flags 0, hdr_len 24; type_off, type_len, str_off, str_len.
      const header = Uint8Array.from([
        0x9f,
        0xeb,
        1,
        0,
        ...le32(24),
        ...le32(0),
        ...le32(typeLen),
        ...le32(0),
        ...le32(strLen),
      ]);
      const bytes = new Uint8Array(64);
      bytes.set(header);
      const answer = await send(upload(bytes, "vmlinux"));
      expect(answer.status, JSON.stringify(answer.json)).toBe(400);
      expect(issue(answer).param).toBe("file");
      expect(issue(answer).message).toMatch(/vmlinux: corrupt BTF/);
    }
  });

  it("an ELF whose headers declare huge sections or tables is refused as corrupt", async () => {
    const object = buildElf([{ name: ".BTF", type: SHT.PROGBITS, data: new Uint8Array(32) }]);
    const view = new DataView(object.buffer);
    const shoff = Number(view.getBigUint64(40, true));
    const mutations: [string, (v: DataView) => void][] = [
      ["e_shoff past 4 EiB", (v) => v.setBigUint64(40, 1n << 62n, true)],
      ["65,535 section headers", (v) => v.setUint16(60, 0xffff, true)],
      ["a section of 1 TiB", (v) => v.setBigUint64(shoff + 64 + 32, 1n << 40n, true)],
      ["a section at offset 2^63", (v) => v.setBigUint64(shoff + 64 + 24, 1n << 63n, true)],
      ["entries of 2^63 bytes", (v) => v.setBigUint64(shoff + 64 + 56, 1n << 63n, true)],
    ];
    for (const [label, mutate] of mutations) {
      const bytes = object.slice();
      mutate(new DataView(bytes.buffer));
      const answer = await send(upload(bytes, "prog.bpf.o"));
      expect([200, 400], label).toContain(answer.status);
      if (answer.status === 400) {
        expect(issue(answer).param, label).toBe("file");
        expect(issue(answer).message, label).toMatch(/prog\.bpf\.o/);
      }
    }
  });
});

describe("random multipart bodies", () => {
  const seed = fuzzSeed(1501);
  it(`answer a report or a 400 naming the field, never a 500 (seed ${seed}, ${RUNS} cases)`, async () => {
    const field = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom("file", "release", "min") },
      hostileString(20),
    );
    const content = fc.oneof(
      fc.constant(SOURCE),
      hostileString(),
      fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b).toString("latin1")),
      fc.constantFrom("\u007fELF\u0002\u0001\u0001", "\u009f\u00eb\u0001\u0000"),
    );
    const part = fc.record({
      name: field,
      filename: fc.option(hostileString(60), { nil: undefined }),
      body: content,
    });
    const body = fc.array(part, { maxLength: 12 });
    const boundary = fc.constantFrom("hostile", "a", '"quoted"', "x".repeat(70));
    await fc.assert(
      fc.asyncProperty(body, boundary, async (parts, b) => {
        const bare = b.replace(/"/g, "");
        const safeParts = parts.map((p) => ({
          name: p.name.replace(/["\r\n]/g, "_"),
          filename: p.filename?.replace(/["\r\n]/g, "_"),
          body: p.body.split(`--${bare}`).join("-"),
        }));
        const answer = await send(multipart(safeParts, bare), `multipart/form-data; boundary=${b}`);
        if (answer.status !== 200 && answer.status !== 400) {
          throw new Error(`status ${answer.status}: ${JSON.stringify(answer.json).slice(0, 300)}`);
        }
        if (answer.status === 400) expect(issue(answer).message).toMatch(/\w/);
      }),
      { seed, numRuns: RUNS },
    );
  });
});
