/**
 * A progress line on stderr when it is a terminal (redrawn in place, at most ten times a second);
 * nothing when stderr is a file or a pipe, so logs stay clean.
 */
export interface Progress {
  update(done: number, detail?: string): void;
  finish(detail?: string): void;
}

export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  let last = 0;
  const draw = (done: number, detail = '') => {
    const width = 30;
    const ratio = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(ratio * width);
    const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
    stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(ratio * 100).toFixed(1).padStart(5)}% ${done}/${total} ${Math.round(rate)}/s ${detail}\u001b[K`);
  };
  return {
    update(done, detail) {
      if (!stream.isTTY) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      draw(done, detail);
    },
    finish(detail) {
      if (!stream.isTTY) return;
      draw(total, detail);
      stream.write('\n');
    },
  };
}
