// Where the kernel's C files come from: a directory, a tarball, a git ref, or an in-memory map.
// The extractor core only asks for (1) the files whose text contains one of a few needles and
// (2) single files by path, so each source can do its own fast filtering.

export type ProgressCallback = (done: number, total: number) => void;

export interface ScanOptions {
  onProgress?: ProgressCallback;
  /** Only files below these directories ("net/", "kernel/bpf/"); every directory when absent. */
  within?: readonly string[];
}

export interface FileProvider {
  /** What is being read, for messages: a path, "file.tar.xz", "repo@ref". */
  readonly label: string;
  /**
   * Every scanned .c file (see isScannedCFile) whose text contains at least one of the needles,
   * as path (relative, forward slashes) → latin1-decoded text. Headers are not scanned: they are
   * read on demand with read().
   */
  scan(needles: readonly string[], options?: ScanOptions): Promise<Map<string, string>>;
  /** One file's latin1-decoded text, or undefined when it does not exist. */
  read(path: string): Promise<string | undefined>;
  /** True when some file lies at `path` or below the directory `path/`. */
  exists(path: string): Promise<boolean>;
  /** Releases processes or memory held by the provider. */
  close?(): Promise<void>;
}

/**
 * Top-level directories that are not kernel code built into vmlinux or modules: userspace tools
 * and selftests (tools/, whose bpf_testmod registers test-only kfunc sets), samples, docs, build
 * scripts, initramfs tooling.
 */
export const EXCLUDED_TOP_DIRS: readonly string[] = ["tools", "samples", "Documentation", "scripts", "usr"];

const EXCLUDED = new Set(EXCLUDED_TOP_DIRS);

function outsideExcludedDirs(path: string): boolean {
  const slash = path.indexOf("/");
  return slash === -1 || !EXCLUDED.has(path.slice(0, slash));
}

/** C sources and headers outside the excluded top-level directories: what a provider holds. */
export function isScannedSourcePath(path: string): boolean {
  return (path.endsWith(".c") || path.endsWith(".h")) && outsideExcludedDirs(path);
}

/**
 * What scan() reads: .c files only. Kernel fact: kfunc sets, btf_kfunc_id_set structs,
 * registrations and kfunc definitions are all in .c files (a set or a global function in a
 * header would be duplicated in every includer); headers (half of the tree's bytes, mostly
 * generated register definitions) matter only for macros and are read on demand.
 */
export function isScannedCFile(path: string): boolean {
  return path.endsWith(".c") && outsideExcludedDirs(path);
}

/** True when `path` lies below one of the directories (or `within` is absent). */
export function isWithin(path: string, within: readonly string[] | undefined): boolean {
  return within === undefined || within.some((dir) => path.startsWith(dir.endsWith("/") ? dir : `${dir}/`));
}

/** True when any needle occurs in the bytes. */
export function containsAny(bytes: Buffer, needles: readonly Buffer[]): boolean {
  for (const needle of needles) if (bytes.indexOf(needle) !== -1) return true;
  return false;
}

/** Files held in memory: latin1 Buffers (tarballs) or strings (tests). */
export class InMemoryProvider implements FileProvider {
  private readonly files = new Map<string, Buffer | string>();

  constructor(
    readonly label: string,
    files: Iterable<[string, Buffer | string]>,
  ) {
    for (const [path, content] of files) {
      const normalised = path.replace(/\\/g, "/").replace(/^\.\//, "");
      if (isScannedSourcePath(normalised)) this.files.set(normalised, content);
    }
  }

  async scan(
    needles: readonly string[],
    { onProgress, within }: ScanOptions = {},
  ): Promise<Map<string, string>> {
    const needleBytes = needles.map((needle) => Buffer.from(needle, "latin1"));
    const found = new Map<string, string>();
    let done = 0;
    const total = this.files.size;
    for (const [path, content] of this.files) {
      if (!isScannedCFile(path) || !isWithin(path, within)) {
        done++;
        continue;
      }
      if (typeof content === "string") {
        if (needles.some((needle) => content.includes(needle))) found.set(path, content);
      } else if (containsAny(content, needleBytes)) found.set(path, content.toString("latin1"));
      if (++done % 2000 === 0) onProgress?.(done, total);
    }
    onProgress?.(total, total);
    return found;
  }

  async read(path: string): Promise<string | undefined> {
    const content = this.files.get(path);
    if (content === undefined) return undefined;
    return typeof content === "string" ? content : content.toString("latin1");
  }

  async exists(path: string): Promise<boolean> {
    if (this.files.has(path)) return true;
    const prefix = path.endsWith("/") ? path : `${path}/`;
    for (const key of this.files.keys()) if (key.startsWith(prefix)) return true;
    return false;
  }
}
