/** Reading workbooks back in tests: cells via exceljs, package parts (charts, sheet XML) via jszip. */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

export async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}

const unescape = (s: string) =>
  s.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export interface ChartSeriesXml {
  name: string;
  catRef: string;
  valRef: string;
  categories: string[];
  values: (number | null)[];
}
export interface ChartXml {
  part: string;
  title: string;
  kinds: string[];
  series: ChartSeriesXml[];
}

function cache(xml: string, tag: 'strCache' | 'numCache'): { count: number; pts: Map<number, string> } {
  const m = new RegExp(`<c:${tag}>([\\s\\S]*?)</c:${tag}>`).exec(xml);
  const pts = new Map<number, string>();
  if (!m) return { count: 0, pts };
  const count = Number(/<c:ptCount val="(\d+)"\/>/.exec(m[1])?.[1] ?? 0);
  for (const p of m[1].matchAll(/<c:pt idx="(\d+)"><c:v>([\s\S]*?)<\/c:v><\/c:pt>/g)) pts.set(Number(p[1]), unescape(p[2]));
  return { count, pts };
}

export async function charts(buf: Buffer): Promise<ChartXml[]> {
  const zip = await JSZip.loadAsync(buf);
  const parts = Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f)).sort((a, b) => Number(/(\d+)/.exec(a)![1]) - Number(/(\d+)/.exec(b)![1]));
  const out: ChartXml[] = [];
  for (const part of parts) {
    const xml = await zip.file(part)!.async('string');
    const title = [...(/<c:title>([\s\S]*?)<\/c:title>/.exec(xml)?.[1] ?? '').matchAll(/<a:t>([\s\S]*?)<\/a:t>/g)].map((m) => unescape(m[1])).join('');
    const kinds = [...xml.matchAll(/<c:(barChart|lineChart|doughnutChart|pieChart|areaChart)>/g)].map((m) => m[1]);
    const series: ChartSeriesXml[] = [];
    for (const s of xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)) {
      const body = s[1];
      const cat = /<c:cat>([\s\S]*?)<\/c:cat>/.exec(body)?.[1] ?? '';
      const val = /<c:val>([\s\S]*?)<\/c:val>/.exec(body)?.[1] ?? '';
      const cc = cache(cat, cat.includes('numCache') ? 'numCache' : 'strCache');
      const vc = cache(val, 'numCache');
      series.push({
        name: unescape(/<c:tx>[\s\S]*?<c:v>([\s\S]*?)<\/c:v>/.exec(body)?.[1] ?? ''),
        catRef: unescape(/<c:f>([\s\S]*?)<\/c:f>/.exec(cat)?.[1] ?? ''),
        valRef: unescape(/<c:f>([\s\S]*?)<\/c:f>/.exec(val)?.[1] ?? ''),
        categories: Array.from({ length: cc.count }, (_, i) => cc.pts.get(i) ?? ''),
        values: Array.from({ length: vc.count }, (_, i) => (vc.pts.has(i) ? Number(vc.pts.get(i)) : null)),
      });
    }
    out.push({ part, title, kinds, series });
  }
  return out;
}

/** Values of the cells a chart reference like `'Trends'!$B$6:$I$6` points at (row- or column-wise). */
export function cellsOf(wb: ExcelJS.Workbook, ref: string): { sheet: string; values: ExcelJS.CellValue[] } {
  const m = /^'((?:[^']|'')+)'!\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?$/.exec(ref);
  if (!m) throw new Error(`not an absolute range reference: ${ref}`);
  const sheet = m[1].replace(/''/g, "'");
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  const col = (l: string) => [...l].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const c1 = col(m[2]);
  const r1 = Number(m[3]);
  const c2 = m[4] ? col(m[4]) : c1;
  const r2 = m[5] ? Number(m[5]) : r1;
  const values: ExcelJS.CellValue[] = [];
  for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) values.push(ws.getCell(r, c).value);
  return { sheet, values };
}

/** The raw XML of a worksheet by its name. */
export async function sheetXml(buf: Buffer, name: string): Promise<string> {
  const zip = await JSZip.loadAsync(buf);
  const wbXml = await zip.file('xl/workbook.xml')!.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const esc = name.replace(/&/g, '&amp;').replace(/'/g, '&apos;');
  const rid = new RegExp(`<sheet [^>]*name="(?:${name}|${esc})"[^>]*r:id="([^"]+)"`).exec(wbXml)?.[1];
  const target = new RegExp(`<Relationship [^>]*Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)?.[1];
  if (!target) throw new Error(`no sheet ${name}`);
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  return zip.file(path)!.async('string');
}

/** Finds the row whose column `col` holds `text`. */
export function rowWith(ws: ExcelJS.Worksheet, text: string, col = 1): number {
  let found = -1;
  ws.eachRow((row, n) => {
    if (found < 0 && row.getCell(col).value === text) found = n;
  });
  if (found < 0) throw new Error(`no row with "${text}" in column ${col} of ${ws.name}`);
  return found;
}

/**
 * Formula cells of a sheet straight from its XML: address -> formula and cached
 * result (exceljs' reader drops a cached result of 0, so tests read the XML).
 */
export async function formulaCells(buf: Buffer, sheet: string): Promise<Map<string, { formula: string; result: number | string | null }>> {
  const xml = await sheetXml(buf, sheet);
  const out = new Map<string, { formula: string; result: number | string | null }>();
  for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"([^>]*)><f(?: [^>]*)?>([^<]*)<\/f>(?:<v>([^<]*)<\/v>)?<\/c>/g)) {
    const isStr = /t="str"/.test(m[2]);
    const v = m[4] === undefined ? null : isStr ? unescape(m[4]) : Number(m[4]);
    out.set(m[1], { formula: unescape(m[3]), result: v });
  }
  return out;
}
