import cliProgress from "cli-progress";

// Progress of a long read for the command line: a bar on a terminal, a line every 10 % otherwise.

type Stream = NodeJS.WriteStream | { write(text: string): unknown; isTTY?: boolean };

/** A progress reporter: a bar on a terminal, a line every 10 % otherwise. */
export function progressReporter(label: string, stream: Stream) {
  let bar: cliProgress.SingleBar | null = null;
  let lastDecile = -1;
  return {
    update(done: number, total: number) {
      if (stream.isTTY) {
        if (!bar) {
          bar = new cliProgress.SingleBar(
            {
              stream: stream as NodeJS.WriteStream,
              format: `${label} [{bar}] {percentage}% {value}/{total}`,
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, 0);
        }
        bar.setTotal(total);
        bar.update(done);
        return;
      }
      const decile = total ? Math.floor((done / total) * 10) : 10;
      if (decile !== lastDecile) {
        lastDecile = decile;
        stream.write(`${label}: ${decile * 10}% (${done}/${total})\n`);
      }
    },
    stop() {
      bar?.stop();
    },
  };
}

/** What readSnapshot needs to report progress and warnings on `stream`. */
export function readProgress(label: string, stream: Stream) {
  const progress = progressReporter(label, stream);
  return {
    onProgress: (done: number, total: number) => progress.update(done, total),
    onWarning: (message: string) => {
      stream.write(`warning: ${message}\n`);
    },
    stop: () => progress.stop(),
  };
}
