// Compiles the `kfunc` command line (cli/kfunc.ts and what it imports) into one ES module
// directory, .build/cli/, that plain `node` runs without tsx: bin/kfunc starts in tens of
// milliseconds. Run by `npm ci` (postinstall) and by bin/kfunc itself when a source is newer.
// Packages stay in node_modules; each command is a chunk loaded only when it runs. The sources it
// was built from are listed in .build/cli/inputs.json, which bin/kfunc checks for changes.
import { rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
export const OUT_DIR = `${root}.build/cli`;

export async function buildCli() {
  rmSync(OUT_DIR, { recursive: true, force: true });
  const { metafile } = await build({
    absWorkingDir: root,
    metafile: true,
    entryPoints: { kfunc: `${root}cli/kfunc.ts` },
    outdir: OUT_DIR,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    // The data functions are marked server-only; the command line is a server.
    conditions: ["react-server"],
    alias: { "@": root.replace(/\/$/, "") },
    logLevel: "warning",
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
  });
  // Paths relative to the repository root; written last, so a build cut short leaves none.
  writeFileSync(`${OUT_DIR}/inputs.json`, `${JSON.stringify(Object.keys(metafile.inputs).sort())}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildCli();
}
