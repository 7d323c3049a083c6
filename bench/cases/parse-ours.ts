/**
 * Ours for "parse and validate": readUpload (shared/ingest) streaming the deals CSV from
 * disk: CSV parsing, header matching, type coercion, validation, natural-key
 * de-duplication per batch, row issues. Records are counted, not kept.
 * Args: --file PATH
 */
import { DEFAULT_CONFIG } from '../../shared/config/config';
import { readFile } from '../lib/load';
import { args, emit, required } from '../lib/mem';

const a = args();
const file = required(a, 'file');
let records = 0;
const r = await readFile(file, 'deals', { ...DEFAULT_CONFIG }, (batch) => (records += batch.length));
emit({ rows: r.rowsRead, records, rowsRejected: r.rowsRejected, ms: r.ms, rowsPerSec: r.rowsRead / (r.ms / 1000) });
