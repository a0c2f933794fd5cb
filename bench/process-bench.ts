// Whole-process timings: what a user waits for when they run a command, start-up included.
// Commands compared with each other run in turn (ours, theirs, ours, theirs …) after one warm-up
// each, so that both see the same machine: on a shared machine the speed drifts from second to
// second, and five runs of one command followed by five of the other measured the drift.
// Medians, stdout discarded.
import { spawn } from "node:child_process";

export type Command = readonly [command: string, ...args: string[]];

function runOnce([command, ...args]: Command): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "ignore"] });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 || (command === "grep" && code === 1)
        ? resolve(performance.now() - start)
        : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`)),
    );
  });
}

/** The median time of each command, runs interleaved. */
export async function timeProcesses(commands: readonly Command[], runs = 5): Promise<number[]> {
  for (const command of commands) await runOnce(command);
  const samples: number[][] = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [j, command] of commands.entries()) samples[j]?.push(await runOnce(command));
  }
  return samples.map((s) => {
    s.sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)] as number;
  });
}
