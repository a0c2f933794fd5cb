// Unusable inputs fail with an ExtractError that names the input and what was expected.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExtractError, extractFromGit, extractFromTarball, extractFromTree } from "./index";
import { fixturePath, writeTarGz, writeTarXz } from "./test-helpers";

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "kfunc-extract-bad-"));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<ExtractError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ExtractError);
  return error as ExtractError;
}

describe("bad input", () => {
  it("rejects a directory that is not a kernel tree, naming it and what was expected", async () => {
    const notKernel = join(scratch, "not-kernel");
    mkdirSync(join(notKernel, "src"), { recursive: true });
    writeFileSync(join(notKernel, "src", "main.c"), "int main(void) { return 0; }\n");
    const error = await failure(extractFromTree(notKernel));
    expect(error.message).toContain(notKernel);
    expect(error.message).toContain("include/linux/btf.h");
    expect(error.message).toContain("kernel/bpf/");
  });

  it("rejects a missing path and a file given as a tree", async () => {
    const missing = join(scratch, "nowhere");
    expect((await failure(extractFromTree(missing))).message).toMatch(/nowhere does not exist/);
    const file = join(scratch, "plain.txt");
    writeFileSync(file, "hello");
    expect((await failure(extractFromTree(file))).message).toMatch(/plain\.txt is not a directory/);
    expect((await failure(extractFromTarball(missing))).message).toMatch(/cannot open tarball .*nowhere/);
  });

  it("rejects corrupt and truncated tarballs, naming the file", async () => {
    const garbage = join(scratch, "garbage.tar.gz");
    writeFileSync(garbage, Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(512, 0x41)]));
    expect((await failure(extractFromTarball(garbage))).message).toMatch(/garbage\.tar\.gz/);

    const gz = join(scratch, "good.tar.gz");
    await writeTarGz(fixturePath("trap-guards"), gz);
    const truncatedGz = join(scratch, "truncated.tar.gz");
    const gzBytes = readFileSync(gz);
    writeFileSync(truncatedGz, gzBytes.subarray(0, Math.floor(gzBytes.length / 2)));
    expect((await failure(extractFromTarball(truncatedGz))).message).toMatch(
      /truncated\.tar\.gz.*corrupt or truncated/,
    );

    const xz = join(scratch, "good.tar.xz");
    writeTarXz(fixturePath("trap-guards"), xz, scratch);
    const truncatedXz = join(scratch, "truncated.tar.xz");
    const xzBytes = readFileSync(xz);
    writeFileSync(truncatedXz, xzBytes.subarray(0, Math.floor(xzBytes.length / 2)));
    expect((await failure(extractFromTarball(truncatedXz))).message).toMatch(/truncated\.tar\.xz/);
  });

  it("rejects a tarball that does not hold a kernel tree", async () => {
    const dir = join(scratch, "tiny", "proj");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "main.c"), "int main(void) { return 0; }\n");
    const file = join(scratch, "tiny.tar.gz");
    execFileSync("tar", ["-czf", file, "-C", join(scratch, "tiny"), "proj"]);
    const error = await failure(extractFromTarball(file));
    expect(error.message).toContain("tiny.tar.gz is not a kernel source tree");
  });

  it("rejects an unknown git ref and a directory that is not a repository", async () => {
    const repo = join(scratch, "repo");
    mkdirSync(join(repo, "kernel", "bpf"), { recursive: true });
    writeFileSync(join(repo, "kernel", "bpf", "helpers.c"), "int x;\n");
    execFileSync("git", ["-C", repo, "init", "-q"]);
    execFileSync("git", ["-C", repo, "-c", "user.name=F", "-c", "user.email=f@example.invalid", "add", "-A"]);
    execFileSync("git", [
      "-C",
      repo,
      "-c",
      "user.name=F",
      "-c",
      "user.email=f@example.invalid",
      "commit",
      "-q",
      "-m",
      "x",
    ]);
    expect((await failure(extractFromGit(repo, "v9.99"))).message).toMatch(/unknown git ref "v9\.99"/);
    expect(await extractFromGit(repo, "HEAD")).toEqual([]);
    const notRepo = join(scratch, "not-a-repo");
    mkdirSync(notRepo);
    expect((await failure(extractFromGit(notRepo, "v6.12"))).message).toMatch(
      /not a git repository|unknown git ref/,
    );
  });
});
