/**
 * `scorecard report` with deliveries in the config: the e-mails go through the
 * embedded SES server and land in OUT/mail/ as .eml files, and the output says so;
 * the same run again on the same --state sends nothing new, says that too, and
 * leaves no earlier .eml in OUT/mail/ to be mistaken for this run's.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE, runCli, tempDir, removeTempDirs } from './helpers';
import { load } from '../report/xlsx';

afterAll(removeTempDirs);

describe('scorecard report with deliveries (CLI process)', () => {
  it('writes what was sent to OUT/mail/ as .eml files, and a rerun of the same run sends nothing new', async () => {
    const dir = await tempDir('mail');
    const config = join(dir, 'config.json');
    const base = JSON.parse(await readFile(join(FIXTURE, 'config.json'), 'utf8'));
    await writeFile(config, JSON.stringify({ ...base, deliveries: [{ workbook: 'weekly', scope: 'team=EMEA', to: ['emea@acme.example', 'boss@acme.example'] }] }));
    const args = ['report', '--data', FIXTURE, '--config', config, '--as-of', '2026-05-20', '--state', join(dir, 'state')];

    const first = await runCli([...args, '--out', join(dir, 'out1')]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/mail\/ +\(2 e-mails of the config's deliveries sent through the embedded SES server, as \.eml files a mail client opens\)/);
    const files = (await readdir(join(dir, 'out1', 'mail'))).sort();
    expect(files).toEqual([
      '01-emea@acme.example-manager-dashboard-2026-W21-team-EMEA.eml',
      '02-boss@acme.example-manager-dashboard-2026-W21-team-EMEA.eml',
    ]);
    const mail = await simpleParser(await readFile(join(dir, 'out1', 'mail', files[0])));
    expect(mail.subject).toMatch(/\(team=EMEA\): weekly manager dashboard 2026-W21$/);
    const wb = await load(mail.attachments[0].content);
    expect(String(wb.getWorksheet('Summary')!.getCell('A1').value)).toContain('(team=EMEA)');

    const again = await runCli([...args, '--out', join(dir, 'out1')]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/\(0 e-mails .*; 2 already sent by an earlier run of this report\)/);
    expect(await readdir(join(dir, 'out1', 'mail'))).toEqual([]);
  }, 180_000);
});
