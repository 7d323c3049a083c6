/**
 * Progress for the long steps (generate, upload, ingest, compute, render): a
 * cli-progress bar per step when stderr is a terminal, plain log lines otherwise
 * (CI, pipes). Everything goes to stderr so stdout keeps only the summary.
 */
import cliProgress from 'cli-progress';

export interface Step {
  /** Advances by n (default 1); `detail` shows what is being worked on. */
  tick(n?: number, detail?: string): void;
  /** Sets the total when it becomes known. */
  setTotal(total: number): void;
  /** Ends the step with a one-line result. */
  done(result?: string): void;
}

export interface Progress {
  step(name: string, total: number): Step;
  log(text: string): void;
  warn(text: string): void;
}

type Stream = NodeJS.WritableStream & { isTTY?: boolean };

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

export function createProgress(stream: Stream, opts: { tty?: boolean; now?: () => number } = {}): Progress {
  const tty = opts.tty ?? Boolean(stream.isTTY);
  const now = opts.now ?? (() => performance.now());
  let active: cliProgress.SingleBar | null = null;
  const write = (text: string) => {
    if (active) active.stop();
    active = null;
    stream.write(`${text}\n`);
  };
  return {
    log: (text) => write(text),
    warn: (text) => write(`warning: ${text}`),
    step(name, total) {
      const started = now();
      let value = 0;
      let bar: cliProgress.SingleBar | null = null;
      if (tty) {
        if (active) active.stop();
        bar = new cliProgress.SingleBar(
          {
            stream: stream as NodeJS.WriteStream,
            format: `${name.padEnd(9)} [{bar}] {value}/{total} {detail}`,
            barsize: 24,
            hideCursor: true,
            clearOnComplete: true,
            noTTYOutput: false,
            etaBuffer: 20,
            fps: 10,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(Math.max(total, 1), 0, { detail: '' });
        active = bar;
      } else {
        stream.write(`${name}: started${total > 1 ? ` (${total})` : ''}\n`);
      }
      let finished = false;
      return {
        tick(n = 1, detail = '') {
          value += n;
          if (bar) bar.update(value, { detail: detail.slice(0, 50) });
        },
        setTotal(t) {
          total = t;
          if (bar) bar.setTotal(Math.max(t, 1));
        },
        done(result) {
          if (finished) return;
          finished = true;
          if (bar) {
            bar.update(Math.max(total, 1));
            bar.stop();
            if (active === bar) active = null;
          }
          stream.write(`${name}: done in ${seconds(now() - started)}${result ? ` - ${result}` : ''}\n`);
        },
      };
    },
  };
}

/** Progress that prints nothing (library use, tests). */
export const silentProgress: Progress = {
  step: () => ({ tick() {}, setTotal() {}, done() {} }),
  log() {},
  warn() {},
};
