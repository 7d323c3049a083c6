/**
 * Locally, a bad file whose name has `+ & = ;` is quarantined with its real reason
 * (issue 12, item 11): s3rver decodes CopySource with decodeURI, S3 percent-decodes it
 * whole; the local stack encodes the copy source as s3rver reads it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../shared/local/runtime';

let dir: string;
let stack: LocalStack;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'scorecard-names-'));
  stack = await startLocalStack({ retryDelayMs: 5, maxReceiveCount: 2 });
});
afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('quarantine of files with URL-special characters in their names', () => {
  for (const name of ['a+b.csv', 'q&a=1;v 2.csv', 'x%41 #1 @$,.csv']) {
    it(`"${name}" is moved to quarantine/ with the real reason`, async () => {
      const p = path.join(dir, 'bad.csv');
      await writeFile(p, 'deal_id,created_date,status,amount\nD-1,2026-01-05,open,10\n');
      await stack.uploadFile(p, `uploads/deals/${name}`);
      const [o] = await stack.waitForIngestIdle();
      expect(o.status).toBe('quarantined');
      expect(o.error).toMatch(/customer_id/);
      expect(await stack.blobs.head(`quarantine/deals/${name}`)).not.toBeNull();
      expect((await stack.blobs.getBuffer(`quarantine/deals/${name}.error.txt`)).toString('utf8')).toMatch(/Reason: .*customer_id/);
      expect(await stack.blobs.head(`uploads/deals/${name}`)).toBeNull();
    });
  }
});
