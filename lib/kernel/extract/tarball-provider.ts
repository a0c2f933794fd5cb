// Files of a kernel source tarball (.tar.xz, .tar.gz or plain .tar), streamed with tar-stream:
// nothing is unpacked to disk and only *.c / *.h entries outside the excluded top-level
// directories are kept in memory. The top-level directory ("linux-source-6.12/") is stripped,
// like `tar --strip-components=1`.

import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { createGunzip } from "node:zlib";
import * as tar from "tar-stream";
import { ExtractError } from "./errors";
import { InMemoryProvider, isScannedSourcePath, type ProgressCallback } from "./file-provider";

// xz-decompress is a webpack-built CommonJS bundle whose named exports Node's ESM loader cannot
// detect, so it is loaded with require().
const { XzReadableStream } = createRequire(import.meta.url)(
  "xz-decompress",
) as typeof import("xz-decompress");

type Compression = "xz" | "gzip" | "none";

async function detectCompression(file: string): Promise<Compression> {
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(6);
    const { bytesRead } = await handle.read(head, 0, 6, 0);
    if (bytesRead >= 6 && head.equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return "xz";
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "gzip";
    return "none";
  } finally {
    await handle.close();
  }
}

/** Counts compressed bytes as they pass, for progress. */
function byteCounter(onBytes: (bytes: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      onBytes(chunk.length);
      callback(null, chunk);
    },
  });
}

function stripTopLevel(name: string): string | null {
  const cleaned = name.replace(/^\.\//, "");
  const slash = cleaned.indexOf("/");
  return slash === -1 ? null : cleaned.slice(slash + 1);
}

export async function loadTarball(file: string, onProgress?: ProgressCallback): Promise<InMemoryProvider> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile())
      throw new ExtractError(`${file} is not a file (expected a .tar.xz or .tar.gz kernel tarball)`);
    size = info.size;
  } catch (error) {
    if (error instanceof ExtractError) throw error;
    throw new ExtractError(`cannot open tarball ${file}: ${(error as Error).message}`, { cause: error });
  }

  const compression = await detectCompression(file);
  const entries: [string, Buffer][] = [];
  const extract = tar.extract();
  let compressedBytes = 0;
  let lastReported = 0;
  const counter = byteCounter((bytes) => {
    compressedBytes += bytes;
    if (compressedBytes - lastReported > 4 << 20) {
      lastReported = compressedBytes;
      onProgress?.(compressedBytes, size);
    }
  });

  const consume = (async () => {
    for await (const entry of extract) {
      const path =
        entry.header.type === "file" || entry.header.type === "contiguous-file"
          ? stripTopLevel(entry.header.name)
          : null;
      if (path === null || !isScannedSourcePath(path)) {
        entry.resume();
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      entries.push([path, Buffer.concat(chunks)]);
    }
  })();

  try {
    if (compression === "xz") {
      const compressed = Readable.toWeb(
        createReadStream(file).pipe(counter),
      ) as WebReadableStream<Uint8Array>;
      const tarBytes = Readable.fromWeb(
        new XzReadableStream(compressed as ReadableStream<Uint8Array>) as WebReadableStream<Uint8Array>,
      );
      await Promise.all([pipeline(tarBytes, extract), consume]);
    } else if (compression === "gzip") {
      await Promise.all([pipeline(createReadStream(file), counter, createGunzip(), extract), consume]);
    } else {
      await Promise.all([pipeline(createReadStream(file), counter, extract), consume]);
    }
  } catch (error) {
    throw new ExtractError(
      `cannot read tarball ${file} (corrupt or truncated ${compression === "none" ? "tar" : `${compression} tar`}): ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  onProgress?.(size, size);
  if (entries.length === 0)
    throw new ExtractError(`tarball ${file} holds no .c or .h files under a top-level directory`);
  return new InMemoryProvider(file, entries);
}
