// Files of a git ref, read without a checkout: `git ls-tree -r` lists the blobs and one
// long-lived `git cat-file --batch` process streams their contents.

import { type ChildProcessWithoutNullStreams, execFile, spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { promisify } from "node:util";
import { ExtractError } from "./errors";
import {
  containsAny,
  type FileProvider,
  isScannedCFile,
  isScannedSourcePath,
  isWithin,
  type ScanOptions,
} from "./file-provider";

const execFileAsync = promisify(execFile);

interface PendingBlob {
  resolve: (content: Buffer | undefined) => void;
  reject: (error: Error) => void;
}

/** Parses `git cat-file --batch` output: "<oid> blob <size>\n<content>\n" or "<name> missing\n". */
class CatFileBatch {
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly queue: PendingBlob[] = [];
  /** Received, not yet parsed output (kept as chunks: a big blob is concatenated once). */
  private chunks: Buffer[] = [];
  private length = 0;
  /** Size of the blob whose content is awaited; null while a header line is awaited. */
  private bodySize: number | null = null;
  private failure: Error | null = null;

  constructor(repo: string) {
    this.process = spawn("git", ["-C", repo, "cat-file", "--batch"], { stdio: ["pipe", "pipe", "pipe"] });
    this.process.stdout.on("data", (chunk: Buffer) => this.receive(chunk));
    let stderr = "";
    this.process.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    this.process.on("error", (error) => this.fail(error));
    this.process.on("close", (code) => {
      if (this.queue.length > 0) this.fail(new Error(`git cat-file exited with ${code}: ${stderr.trim()}`));
    });
    this.process.stdin.on("error", (error) => this.fail(error));
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const pending of this.queue.splice(0)) pending.reject(error);
  }

  private flatten(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.length)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private consume(bytes: number): void {
    const rest = this.flatten().subarray(bytes);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
  }

  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    for (;;) {
      if (this.bodySize === null) {
        const pending = this.flatten();
        const newline = pending.indexOf(10);
        if (newline === -1) return;
        const header = pending.subarray(0, newline).toString("latin1");
        this.consume(newline + 1);
        if (header.endsWith(" missing")) {
          this.queue.shift()?.resolve(undefined);
          continue;
        }
        const size = Number(header.split(" ")[2]);
        if (!Number.isFinite(size)) {
          this.fail(new Error(`unexpected git cat-file output: ${header}`));
          return;
        }
        this.bodySize = size;
      } else {
        if (this.length < this.bodySize + 1) return;
        const content = Buffer.from(this.flatten().subarray(0, this.bodySize));
        this.consume(this.bodySize + 1);
        this.bodySize = null;
        this.queue.shift()?.resolve(content);
      }
    }
  }

  read(object: string): Promise<Buffer | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ resolve, reject });
      this.process.stdin.write(`${object}\n`);
    });
  }

  close(): void {
    this.process.stdin.end();
  }
}

export class GitProvider implements FileProvider {
  readonly label: string;
  private batch: CatFileBatch | null = null;

  private constructor(
    private readonly repo: string,
    private readonly blobs: Map<string, string>,
    ref: string,
  ) {
    this.label = `${repo}@${ref}`;
  }

  /** Lists the ref's tree; throws ExtractError for a missing repository or an unknown ref. */
  static async open(repo: string, ref: string): Promise<GitProvider> {
    try {
      if (!(await stat(repo)).isDirectory())
        throw new ExtractError(`${repo} is not a directory (expected a git repository)`);
    } catch (error) {
      if (error instanceof ExtractError) throw error;
      throw new ExtractError(`${repo} does not exist (expected a git repository)`, { cause: error });
    }
    let commit: string;
    try {
      const { stdout } = await execFileAsync("git", [
        "-C",
        repo,
        "rev-parse",
        "--verify",
        "--quiet",
        `${ref}^{commit}`,
      ]);
      commit = stdout.trim();
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
      if (/not a git repository|cannot change to/i.test(stderr))
        throw new ExtractError(`${repo} is not a git repository`, { cause: error });
      throw new ExtractError(`unknown git ref "${ref}" in ${repo}${stderr ? `: ${stderr}` : ""}`, {
        cause: error,
      });
    }
    const { stdout } = await execFileAsync(
      "git",
      ["-C", repo, "ls-tree", "-r", "-z", "--full-tree", commit],
      {
        maxBuffer: 1 << 30,
        encoding: "buffer",
      },
    );
    const blobs = new Map<string, string>();
    for (const record of stdout.toString("utf8").split("\0")) {
      // "<mode> <type> <oid>\t<path>"
      const tab = record.indexOf("\t");
      if (tab === -1) continue;
      const [, type, oid] = record.slice(0, tab).split(" ");
      const path = record.slice(tab + 1);
      if (type === "blob" && oid && isScannedSourcePath(path)) blobs.set(path, oid);
    }
    return new GitProvider(repo, blobs, ref);
  }

  private catFile(): CatFileBatch {
    this.batch ??= new CatFileBatch(this.repo);
    return this.batch;
  }

  async scan(
    needles: readonly string[],
    { onProgress, within }: ScanOptions = {},
  ): Promise<Map<string, string>> {
    const needleBytes = needles.map((needle) => Buffer.from(needle, "latin1"));
    const found = new Map<string, string>();
    const cFiles = [...this.blobs].filter(([path]) => isScannedCFile(path) && isWithin(path, within));
    const total = cFiles.length;
    let done = 0;
    const reads: Promise<void>[] = [];
    for (const [path, oid] of cFiles) {
      reads.push(
        this.catFile()
          .read(oid)
          .then((content) => {
            if (content && containsAny(content, needleBytes)) found.set(path, content.toString("latin1"));
            if (++done % 1000 === 0 || done === total) onProgress?.(done, total);
          }),
      );
    }
    try {
      await Promise.all(reads);
    } catch (error) {
      throw new ExtractError(`cannot read ${this.label}: ${(error as Error).message}`, { cause: error });
    }
    return found;
  }

  async read(path: string): Promise<string | undefined> {
    const oid = this.blobs.get(path);
    if (!oid) return undefined;
    return (await this.catFile().read(oid))?.toString("latin1");
  }

  async exists(path: string): Promise<boolean> {
    if (this.blobs.has(path)) return true;
    const prefix = path.endsWith("/") ? path : `${path}/`;
    for (const key of this.blobs.keys()) if (key.startsWith(prefix)) return true;
    return false;
  }

  async close(): Promise<void> {
    this.batch?.close();
    this.batch = null;
  }
}
