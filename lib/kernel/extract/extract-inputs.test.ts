// The same fixture trees read from a directory, a .tar.gz, a .tar.xz, a git tag and a Map
// must give the same kfuncs.

import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractFromFiles, extractFromGit, extractFromTarball, extractFromTree } from "./index";
import { filesOf, fixturePath, kfunc, writeTarGz, writeTarXz } from "./test-helpers";

const FIXTURES = ["trap-guards", "trap-xdp-xmacro", "era-6.1"];

function git(repo: string, ...args: string[]): string {
  return execFileSync(
    "git",
    ["-C", repo, "-c", "user.name=Fixture", "-c", "user.email=fixture@example.invalid", ...args],
    {
      encoding: "utf8",
    },
  );
}

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "kfunc-extract-inputs-"));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe.each(FIXTURES)("inputs for %s", (fixture) => {
  it("gives the same kfuncs from a Map, a .tar.gz and a .tar.xz as from the directory", async () => {
    const fromTree = await extractFromTree(fixturePath(fixture));
    expect(fromTree.length).toBeGreaterThan(0);

    expect(await extractFromFiles(filesOf(fixturePath(fixture)))).toEqual(fromTree);

    const gz = join(scratch, `${fixture}.tar.gz`);
    await writeTarGz(fixturePath(fixture), gz);
    expect(await extractFromTarball(gz)).toEqual(fromTree);

    const xz = join(scratch, `${fixture}.tar.xz`);
    writeTarXz(fixturePath(fixture), xz, scratch);
    expect(await extractFromTarball(xz)).toEqual(fromTree);
  });
});

describe("git input", () => {
  it("reads a tag with ls-tree and cat-file, without a checkout", async () => {
    const repo = join(scratch, "repo");
    cpSync(fixturePath("trap-guards"), repo, { recursive: true });
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "fixture");
    git(repo, "tag", "v6.99");
    // A later commit adds a kfunc; the work tree (and HEAD) have it, the tag does not.
    const ext = join(repo, "kernel/sched/ext.c");
    writeFileSync(
      ext,
      readFileSync(ext, "utf8").replace(
        "BTF_ID_FLAGS(func, scx_bpf_kick_cpu)",
        "BTF_ID_FLAGS(func, scx_bpf_kick_cpu)\nBTF_ID_FLAGS(func, scx_bpf_new_kfunc)",
      ),
    );
    git(repo, "commit", "-q", "-am", "add a kfunc");

    const atTag = await extractFromGit(repo, "v6.99");
    expect(atTag).toEqual(await extractFromTree(fixturePath("trap-guards")));
    const atHead = await extractFromGit(repo, "HEAD");
    expect(kfunc(atHead, "scx_bpf_new_kfunc").guards).toEqual(["CONFIG_SCHED_CLASS_EXT"]);
  });
});

describe("progress", () => {
  it("reports work done out of the total known, ending complete", async () => {
    const calls: [number, number][] = [];
    await extractFromTree(fixturePath("era-6.1"), { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.length).toBeGreaterThan(0);
    for (const [done, total] of calls) expect(done).toBeLessThanOrEqual(total);
    const [lastDone, lastTotal] = calls.at(-1) as [number, number];
    expect(lastDone).toBe(lastTotal);
  });
});
