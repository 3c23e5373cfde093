import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr for long work, shown only to a person at a terminal: pipes, CI logs
 * and `--json` consumers get clean output.
 */
export function progressBar(label: string, unit: 'bytes' | 'rows' = 'bytes', stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || process.env.CI) return { update: () => {}, stop: () => {} };
  const format =
    unit === 'bytes'
      ? `${label} [{bar}] {percentage}% | {doneMb}/{totalMb} MB | {eta_formatted}`
      : `${label} [{bar}] {percentage}% | {value}/{total} rows`;
  const bar = new cliProgress.SingleBar({ format, stream, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(done, total) {
      const payload = { doneMb: (done / 1e6).toFixed(1), totalMb: (total / 1e6).toFixed(1) };
      if (!started) {
        bar.start(Math.max(total, 1), done, payload);
        started = true;
      } else {
        bar.setTotal(Math.max(total, 1));
        bar.update(done, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
