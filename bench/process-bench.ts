// Whole-process timings: what a user waits for when they run a command, start-up included.
// Median of 5 runs after one warm-up, stdout discarded.
import { spawn } from "node:child_process";

export async function timeProcess(command: string, args: readonly string[], runs = 5): Promise<number> {
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const start = performance.now();
      const child = spawn(command, args, { stdio: ["ignore", "ignore", "ignore"] });
      child.on("error", reject);
      child.on("close", (code) =>
        code === 0 || (command === "grep" && code === 1)
          ? resolve(performance.now() - start)
          : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`)),
      );
    });
  await once();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await once());
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}
