// `npm start`: builds the app when the build is missing or older than the sources, brings the
// database up to date, then hands the process over to `next start` (which honours PORT and
// HOSTNAME). The database is closed before the server opens it: one owner at a time.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { setUpDatabase } from "./db-setup";

const root = process.cwd();
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsStale(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "public"].map((d) => newestMtime(path.join(root, d)));
  const configs = ["next.config.ts", "package-lock.json", "postcss.config.mjs"]
    .map((f) => path.join(root, f))
    .filter(existsSync)
    .map((f) => statSync(f).mtimeMs);
  return Math.max(...sources, ...configs) > built;
}

/** The port and host `next start` will listen on, from its arguments or PORT and HOSTNAME. */
function listenAddress(args: readonly string[]): { port: number; host: string | undefined } {
  const option = (short: string, long: string) => {
    for (let i = 0; i < args.length; i++) {
      const arg = args[i] as string;
      if (arg === short || arg === long) return args[i + 1];
      if (arg.startsWith(`${long}=`)) return arg.slice(long.length + 1);
    }
    return undefined;
  };
  const port = Number(option("-p", "--port") ?? process.env.PORT ?? 3000);
  return { port, host: option("-H", "--hostname") ?? process.env.HOSTNAME };
}

/** Fails before minutes of building and seeding when the port is already taken. */
async function checkPortFree({ port, host }: { port: number; host: string | undefined }) {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`port "${port}" is not a TCP port (set PORT or pass -- -p 4000)`);
  }
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === "EADDRINUSE"
            ? `port ${port} is already in use${host ? ` on ${host}` : ""}: stop what runs there, or choose another port (PORT=4000 npm start, or npm start -- -p 4000)`
            : `cannot listen on port ${port}: ${error.message}`,
        ),
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

async function main() {
  await checkPortFree(listenAddress(process.argv.slice(2)));
  if (buildIsStale()) {
    console.error("building the app (next build)…");
    const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  await setUpDatabase({ seed: true });
  const extra = process.argv.slice(2);
  // `next start` reads PORT itself; HOSTNAME is honoured here as Next's standalone server does.
  const hostnameGiven = extra.some((a) => a === "-H" || a === "--hostname" || a.startsWith("--hostname="));
  if (!hostnameGiven && process.env.HOSTNAME) extra.push("-H", process.env.HOSTNAME);
  const args = [nextBin, "start", ...extra];
  const server = spawn(process.execPath, args, { stdio: "inherit", env });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((error) => {
  console.error(`start failed: ${(error as Error).message}`);
  process.exit(1);
});
