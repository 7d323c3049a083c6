/**
 * The report Lambda's work (for sizing it): runReport (shared/usecases/run-report.ts)
 * for the weekly, quarterly and annual workbooks — compute every period, snapshots,
 * render the three workbooks, write them and kpis.json — over an in-memory store holding
 * the data set (loaded from the CSVs through readUpload before the clock starts) and an
 * in-memory blob store. The peak includes the data set, as the Lambda holds it after
 * loading from DynamoDB (the load itself is not measured here: see the notes).
 * Args: --dir DATA_DIR --as-of YYYY-MM-DD
 */
import { DEFAULT_CONFIG } from '../../shared/config/config';
import { runReport } from '../../shared/usecases/run-report';
import { loadDir } from '../lib/load';
import { MemoryBlobStore, MemoryRecordStore } from '../lib/memory-stores';
import { args, emit, now, peakRssMb, required, resetPeak, rssMb } from '../lib/mem';

const a = args();
const asOf = required(a, 'as-of');
const config = { ...DEFAULT_CONFIG, stages: [...DEFAULT_CONFIG.stages] };
const { data } = await loadDir(required(a, 'dir'), config);
const loadPeakRssMb = peakRssMb();
resetPeak();
const rssBeforeMb = rssMb();
const blobs = new MemoryBlobStore();
const t0 = now();
const res = await runReport(
  { store: new MemoryRecordStore(data), blobs, now: () => new Date(`${asOf}T06:00:00Z`) },
  { kinds: ['weekly', 'quarterly', 'annual'], asOf, config },
);
const ms = now() - t0;
const bytes = [...blobs.blobs.values()].reduce((s, b) => s + b.length, 0);
emit({ ms, workbooks: Object.keys(res).length ? blobs.blobs.size : 0, bytes, loadPeakRssMb, rssBeforeMb, peakRssMb: peakRssMb() });
