/**
 * Seeded generator of benchmark data, laid out like `scorecard report --data DIR`:
 * DIR/deals/deals.csv, DIR/stage-events/stage-events.csv, DIR/surveys/surveys.csv,
 * DIR/finance/finance.csv, DIR/targets/targets.csv.
 *
 * For N deals it writes ~2N stage events (85% of deals have a recorded history; the
 * rest are derived by the engine) and 0.5N survey responses. Every row is valid
 * under shared/spec/data-contract.md. Rows are written in chunks with backpressure,
 * so 1M deals never sit in memory as strings.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { columnNames } from '../../shared/datasets';
import { Rng } from './rng';

/** Bump when the generated data changes, so cached files are regenerated. */
export const GENERATOR_VERSION = 5;
export const BENCH_AS_OF = '2026-09-30';
const FIRST_DAY = '2023-01-01';
const STAGES = ['lead', 'qualified', 'proposal', 'negotiation'];
const OWNERS = Array.from({ length: 40 }, (_, i) => `owner${String(i + 1).padStart(2, '0')}`);
const TEAMS = ['EMEA', 'Americas', 'APAC', 'Partners'];
const REGIONS = ['North', 'South', 'East', 'West', 'Central'];
const PRODUCTS = ['Core', 'Analytics', 'Support Plus', 'Integrations', 'Mobile'];
const SOURCES = ['inbound', 'outbound', 'referral', 'partner', 'event'];
const LOST_REASONS = ['price', 'lost to competitor', 'no budget', 'timing', 'Competitor had a better offer', 'no decision'];
const CHANNELS = ['email', 'phone', 'chat', 'web'];
const COMMENTS = ['', '', '', 'great service', 'slow response, but helpful', 'the "new" portal is confusing', 'ok'];

export interface GeneratedData {
  dir: string;
  deals: number;
  stageEvents: number;
  surveys: number;
  finance: number;
  targets: number;
  bytes: Record<string, number>;
  files: { deals: string; stageEvents: string; surveys: string; finance: string; targets: string };
  seed: number;
  asOf: string;
  version: number;
}

const DAY_MS = 86_400_000;
const dayNum = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const FIRST = dayNum(FIRST_DAY);
const LAST = dayNum(BENCH_AS_OF);
// ISO strings of every day from FIRST to LAST (+ a margin), so dates cost a lookup.
const ISO: string[] = [];
for (let d = FIRST; d <= LAST + 400; d++) ISO.push(new Date(d * DAY_MS).toISOString().slice(0, 10));
const iso = (d: number) => ISO[d - FIRST];

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Buffers lines and writes them in ~64 KB chunks, waiting for 'drain' (bounded memory). */
class ChunkWriter {
  private buf: string[] = [];
  private size = 0;
  bytes = 0;
  rows = 0;
  private readonly ws: WriteStream;
  constructor(path: string, header: string) {
    this.ws = createWriteStream(path);
    this.buf.push(header);
  }
  async line(s: string): Promise<void> {
    this.buf.push(s);
    this.size += s.length;
    this.rows++;
    if (this.size > 65_536) await this.flush();
  }
  private async flush(): Promise<void> {
    if (this.buf.length === 0) return;
    const chunk = this.buf.join('\n') + '\n';
    this.buf = [];
    this.size = 0;
    this.bytes += Buffer.byteLength(chunk);
    if (!this.ws.write(chunk)) await once(this.ws, 'drain');
  }
  async close(): Promise<void> {
    await this.flush();
    this.ws.end();
    await once(this.ws, 'finish');
  }
}

export function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s.trim());
  if (!m) throw new Error(`bad size "${s}" (use e.g. 10k, 100k, 1M)`);
  const n = Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1e3 : m[2].toLowerCase() === 'm' ? 1e6 : 1);
  return Math.round(n);
}

export function sizeLabel(n: number): string {
  if (n >= 1e6 && n % 1e6 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 1e3 === 0) return `${n / 1e3}k`;
  return String(n);
}

/** Generates (or reuses, when a manifest of the same version/seed/size exists) the data set in dir. */
export async function generate(dir: string, deals: number, seed = 42): Promise<GeneratedData & { reused: boolean }> {
  const manifestPath = join(dir, 'manifest.json');
  if (existsSync(manifestPath)) {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as GeneratedData;
    if (m.version === GENERATOR_VERSION && m.seed === seed && m.deals === deals) return { ...m, reused: true };
  }
  for (const d of ['deals', 'stage-events', 'surveys', 'finance', 'targets']) mkdirSync(join(dir, d), { recursive: true });
  const files = {
    deals: join(dir, 'deals', 'deals.csv'),
    stageEvents: join(dir, 'stage-events', 'stage-events.csv'),
    surveys: join(dir, 'surveys', 'surveys.csv'),
    finance: join(dir, 'finance', 'finance.csv'),
    targets: join(dir, 'targets', 'targets.csv'),
  };
  const rng = new Rng(seed);
  const nCustomers = Math.max(10, Math.round(deals / 4));
  const customerName = (c: number) => (c % 10 === 0 ? `Acme, Inc. ${c}` : `Customer ${c}`);
  const cid = (c: number) => `C${String(c).padStart(7, '0')}`;

  const dw = new ChunkWriter(
    files.deals,
    // the spec's columns through source, the last one the rows fill (a CSV with consistent record lengths)
    columnNames('deals').slice(0, columnNames('deals').indexOf('source') + 1).join(','),
  );
  const ew = new ChunkWriter(files.stageEvents, columnNames('stage-events').join(','));
  const span = LAST - FIRST + 1;
  const ev: [string, number][] = [];
  for (let i = 1; i <= deals; i++) {
    const dealId = `D${String(i).padStart(8, '0')}`;
    const c = 1 + rng.int(nCustomers);
    const created = FIRST + rng.int(span);
    const cycle = 3 + Math.floor(rng.next() ** 2 * 180);
    let close = created + cycle;
    let status: 'open' | 'won' | 'lost';
    if (close > LAST) status = 'open';
    else {
      const r = rng.next();
      status = r < 0.42 ? 'won' : r < 0.93 ? 'lost' : 'open';
    }
    if (status === 'open') close = LAST;
    // Stage history: lead on created, then up to 3 more open stages, then won/lost on close.
    const reached = status === 'open' ? rng.int(4) : [0, 0, 0, 0, 0, 0, 0, 1, 1, 2][rng.int(10)] + (rng.chance(0.05) ? 1 : 0);
    ev.length = 0;
    ev.push(['lead', created]);
    const gap = close - created;
    let prev = created;
    for (let s = 1; s <= reached; s++) {
      const day = Math.min(close, prev + 1 + Math.floor(rng.next() * Math.max(1, (gap - (prev - created)) / (reached - s + 2))));
      ev.push([STAGES[s], day]);
      prev = day;
    }
    if (status !== 'open') ev.push([status, close]);
    const [stage, stageEntered] = ev[ev.length - 1];
    if (rng.chance(0.85)) for (const [s, d] of ev) await ew.line(`${dealId},${s},${iso(d)}`);

    const amount = Math.round((500 + rng.next() ** 3 * 150_000) * 100) / 100;
    const dt = rng.next();
    const dealType = dt < 0.6 ? 'new' : dt < 0.75 ? 'upsell' : dt < 0.85 ? 'cross_sell' : 'renewal';
    const cm = rng.next();
    const contractMonths = cm < 0.3 ? '' : cm < 0.4 ? '0' : cm < 0.75 ? '12' : cm < 0.92 ? '24' : '36';
    const lostReason = status === 'lost' ? rng.pick(LOST_REASONS) : '';
    await dw.line(
      [
        dealId,
        cid(c),
        csvField(customerName(c)),
        iso(created),
        status,
        stage,
        iso(stageEntered),
        status === 'open' ? '' : iso(close),
        amount.toFixed(2),
        dealType,
        contractMonths,
        lostReason,
        rng.pick(OWNERS),
        rng.pick(TEAMS),
        rng.pick(REGIONS),
        rng.pick(PRODUCTS),
        rng.pick(SOURCES),
      ].join(','),
    );
  }
  await dw.close();
  await ew.close();

  const sw = new ChunkWriter(files.surveys, columnNames('surveys').join(','));
  const nSurveys = Math.round(deals / 2);
  for (let i = 1; i <= nSurveys; i++) {
    const nps = rng.chance(0.9) ? String(Math.min(10, Math.floor(rng.next() ** 0.6 * 11))) : '';
    let csat = rng.chance(0.7) ? String(1 + Math.min(4, Math.floor(rng.next() ** 0.7 * 5))) : '';
    const ces = rng.chance(0.5) ? String(1 + rng.int(7)) : '';
    const both = rng.chance(0.4);
    if (!nps && !csat && !ces && !both) csat = '3';
    await sw.line(
      [
        `S${String(i).padStart(8, '0')}`,
        rng.chance(0.1) ? '' : cid(1 + rng.int(nCustomers)),
        iso(FIRST + rng.int(span)),
        nps,
        csat,
        ces,
        both ? String(1 + rng.int(5)) : '',
        both ? String(1 + rng.int(5)) : '',
        rng.pick(CHANNELS),
        csvField(rng.pick(COMMENTS)),
      ].join(','),
    );
  }
  await sw.close();

  const fw = new ChunkWriter(files.finance, columnNames('finance').join(','));
  const scale = deals / 1000;
  for (let y = 2023; y <= 2026; y++) {
    for (let q = 1; q <= 4; q++) {
      if (y === 2026 && q > 3) break;
      const rev = Math.round(scale * (900_000 + rng.int(200_000)));
      await fw.line(
        [`FY${y}-Q${q}`, rev, Math.round(rev * 0.4), Math.round(rev * 0.15), Math.round(rev * 0.08), Math.round(scale * 2000), rev * 12].join(','),
      );
    }
  }
  await fw.close();

  const tw = new ChunkWriter(files.targets, columnNames('targets').join(','));
  for (const q of ['FY2026-Q1', 'FY2026-Q2', 'FY2026-Q3']) {
    await tw.line(`bookings,${q},${Math.round(scale * 12_000_000)},`);
    await tw.line(`win_rate,${q},0.45,`);
    await tw.line(`win_rate,${q},0.5,team=EMEA`);
    await tw.line(`nps,${q},30,`);
  }
  await tw.line(`bookings,FY2026,${Math.round(scale * 48_000_000)},`);
  await tw.close();

  const result: GeneratedData = {
    dir,
    deals: dw.rows,
    stageEvents: ew.rows,
    surveys: sw.rows,
    finance: fw.rows,
    targets: tw.rows,
    bytes: { deals: dw.bytes, stageEvents: ew.bytes, surveys: sw.bytes, finance: fw.bytes, targets: tw.bytes },
    files,
    seed,
    asOf: BENCH_AS_OF,
    version: GENERATOR_VERSION,
  };
  writeFileSync(manifestPath, JSON.stringify(result, null, 2));
  return { ...result, reused: false };
}
