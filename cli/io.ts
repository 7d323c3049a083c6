/** Where a command writes: stdout for results (the summary), stderr for progress, logs and errors. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

export const processIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr });

export function line(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(`${text}\n`);
}
