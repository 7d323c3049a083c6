/** Prints the end of a pipeline run: KPI summary and the files written (stdout). */
import { join, relative } from 'node:path';
import type { Io } from './io';
import { line } from './io';
import type { PipelineResult } from './pipeline';
import { ingestSummaryLine, kpiSummaryLines, plural } from './summary';

const show = (p: string) => {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
};

/** `planted`: rows the demo made bad on purpose, so the summary can say the rejections are expected. */
export function printResult(io: Io, result: PipelineResult, elapsedMs: number, configSource: string, planted = 0): void {
  const out = io.stdout;
  line(out);
  for (const l of kpiSummaryLines(result.document)) line(out, l);
  line(out);
  line(out, `Data: ${ingestSummaryLine(result.outcomes, planted)}`);
  line(out, `Config: ${show(configSource)}`);
  line(out);
  line(out, 'Files:');
  const labels = { weekly: 'weekly manager dashboard', quarterly: 'quarterly finance review', annual: 'annual review' } as const;
  for (const w of result.workbooks) line(out, `  ${show(w.path)}  (${labels[w.kind]} ${w.period})`);
  line(out, `  ${show(result.kpisPath)}  (every KPI, every period)`);
  if (result.rejected.length) line(out, `  ${show(join(result.outDir, 'rejected'))}/  (${plural(result.rejected.length, 'report')} of rejected rows)`);
  if (result.quarantine.length) line(out, `  ${show(join(result.outDir, 'quarantine'))}/  (${plural(result.quarantine.length, 'file')} rejected whole, with the reason)`);
  if (result.mail) line(out, `  ${show(result.mail.dir)}/  (${mailLine(result.mail)})`);
  line(out);
  line(out, `Done in ${(elapsedMs / 1000).toFixed(1)}s.`);
}

/** `5 e-mails sent through the embedded SES server, as .eml files (open them in a mail client)`. */
function mailLine(m: NonNullable<PipelineResult['mail']>): string {
  const parts = [`${m.files.length} e-mail${m.files.length === 1 ? '' : 's'} of the config's deliveries sent through the embedded SES server, as .eml files a mail client opens`];
  if (m.alreadySent) parts.push(`${m.alreadySent} already sent by an earlier run of this report`);
  if (m.failed) parts.push(`${m.failed} not sent (see the warnings)`);
  return parts.join('; ');
}
