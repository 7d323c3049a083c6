/**
 * `scorecard <command>`: demo, report, generate, templates, link. Results go to
 * stdout, progress and errors to stderr. A failure prints ONE line a user can act
 * on and returns a non-zero exit code (2 for a wrong command line, 1 otherwise).
 */
import { readFileSync } from 'node:fs';
import { ConfigError, ScorecardError, UsageError } from '../shared/errors';
import { processIo, line, type Io } from './io';

export const HELP = `Usage: scorecard <command> [options]

Commands:
  demo        generate a synthetic company and run the whole pipeline locally (./out)
  report      run the pipeline on your own files: --data DIR --out DIR
  generate    write the synthetic company's files (the layout 'report' reads)
  templates   write blank CSV/XLSX upload templates with notes and drop-downs
  link        connect to a deployed stack (see 'scorecard link --help')
  inspect     show how files would be read (dataset, CRM export, columns, row errors); stores nothing

Run 'scorecard <command> --help' for the options of a command; 'scorecard --version' prints the version.`;

/** The version in package.json (the one place it is written). */
export function version(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

type Command = (argv: string[], io: Io) => Promise<number>;

// Loaded on demand: `generate` and `templates` need neither the AWS SDK nor the servers.
const COMMANDS: Record<string, Command> = {
  demo: async (argv, io) => (await import('./commands/demo')).runDemo(argv, io),
  report: async (argv, io) => (await import('./commands/report')).runReport(argv, io),
  generate: async (argv, io) => (await import('./commands/generate')).runGenerate(argv, io),
  templates: async (argv, io) => (await import('./commands/templates')).runTemplates(argv, io),
  link: async (argv, io) => (await import('./commands/link')).runLink(argv, io),
  inspect: async (argv, io) => (await import('./commands/inspect')).runInspect(argv, io),
};

/** One line, no stack: what went wrong and what to do. */
export function errorLine(e: unknown): string {
  if (e instanceof UsageError || e instanceof ConfigError || e instanceof ScorecardError) return e.message.split('\n')[0];
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'EADDRINUSE') return `a port is already in use (${err.message}); stop the other process or try again`;
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return `permission denied: ${err.message}`;
  if (err?.code === 'ENOSPC') return `no space left on the device: ${err.message}`;
  return `unexpected error: ${err instanceof Error ? err.message.split('\n')[0] : String(e)}`;
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  // The SDK's "node >= 22 after January 2027" notice is not something a local user can act on
  // (the project supports Node 20); it would push the one-line error contract onto several lines.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    line(io.stdout, `scorecard ${version()}`);
    return 0;
  }
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    line(io.stdout, HELP);
    return command ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    line(io.stderr, `scorecard: unknown command '${command}'; commands: ${Object.keys(COMMANDS).join(', ')} (see 'scorecard --help')`);
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (e) {
    line(io.stderr, `scorecard ${command}: ${errorLine(e)}`);
    if (process.env.SCORECARD_DEBUG && e instanceof Error) line(io.stderr, e.stack ?? '');
    return e instanceof UsageError && /--help'$/.test(e.message) ? 2 : 1;
  }
}
