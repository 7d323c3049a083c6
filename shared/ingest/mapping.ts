/**
 * Header rows that are not the contract's own: a recognised CRM export (exports/) and config
 * `columns` / `values`. A FileMapping turns each source row into a row of contract columns
 * ("slots"), with the vendor's values mapped, before the validator sees it.
 */
import type { Config } from '../config/config';
import { DATASET_SPECS, columnNames } from '../datasets';
import type { DatasetName } from '../model/types';
import { normalizeHeader } from './coerce';
import { EXPORT_PRESETS, type ExportPreset } from './exports';
import type { HeaderMap } from './schema';
import { suggestColumns } from './suggest';
import type { CellValue } from './types';

export interface FileMapping {
  preset?: ExportPreset;
  /** The validator's view: contract column -> slot of the mapped row, label = the source header(s). */
  map: HeaderMap;
  /** Source header -> contract column(s), for `inspect` and the run's output. */
  pairs: { source: string; targets: string[] }[];
  /** Header positions that feed a slot (the rest are unmapped: values beyond the header are still checked). */
  mappedPositions: ReadonlySet<number>;
  /** Header positions holding a stage-entry date, with the stage (HubSpot "Date entered <stage>"). */
  stageEntries: { index: number; stage: string; label: string }[];
  /** Warnings about the mapping itself (an id taken from a name column...). */
  warnings: string[];
  transform(cells: CellValue[]): CellValue[];
}

export type MappingResult = { ok: true; mapping: FileMapping } | { ok: false; reason: string; missing: string[] };

/** Value-map keys and values compared like enum values: case and surrounding spaces ignored. */
const normValue = (s: string) => s.trim().toLowerCase();

function blank(v: CellValue): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** The presets whose signature the header row carries (first match wins). */
export function recognise(header: readonly string[], dataset?: DatasetName): ExportPreset | undefined {
  for (const p of EXPORT_PRESETS) {
    if (dataset && p.dataset !== dataset) continue;
    const present = new Set<string>();
    for (const h of header) for (const n of headerKeys(h, p)) present.add(n);
    if (p.signature.every((s) => present.has(normalizeHeader(s)))) return p;
  }
  return undefined;
}

/** A header's normalised forms: as written, and without the preset's optional prefix. */
function headerKeys(h: string, p?: ExportPreset): string[] {
  const n = normalizeHeader(h);
  if (!p?.optionalPrefix) return [n];
  const pre = normalizeHeader(p.optionalPrefix);
  return n.startsWith(pre) && n.length > pre.length ? [n.slice(pre.length), n] : [n];
}

/** Does the dataset need a mapping (a preset, or config columns/values) rather than the contract's own headers? */
export function needsMapping(dataset: DatasetName, header: readonly string[], config: Config): boolean {
  return recognise(header, dataset) !== undefined || config.columns[dataset] !== undefined || config.values[dataset] !== undefined;
}

export function resolveMapping(dataset: DatasetName, header: readonly string[], config: Config, preset = recognise(header, dataset)): MappingResult {
  const spec = DATASET_SPECS[dataset];
  const contract = columnNames(dataset);
  // source header (normalised) -> targets; config first, then the preset, then contract names and aliases
  const byHeader = new Map<string, string[]>();
  const add = (h: string, t: string | readonly string[]) => {
    const k = normalizeHeader(h);
    if (!byHeader.has(k)) byHeader.set(k, typeof t === 'string' ? [t] : [...t]);
  };
  for (const [h, t] of Object.entries(config.columns[dataset] ?? {})) add(h, t);
  for (const [h, t] of Object.entries(preset?.columns ?? {})) add(h, t);
  for (const c of spec.columns) {
    add(c.name, c.name);
    for (const a of c.aliases ?? []) add(a, c.name);
  }

  const slots: string[] = [...contract];
  const slotOf = new Map(slots.map((c, i) => [c, i]));
  const slotFor = (col: string) => {
    let i = slotOf.get(col);
    if (i === undefined) {
      i = slots.length;
      slots.push(col);
      slotOf.set(col, i);
    }
    return i;
  };
  const sources: number[][] = [];
  const labels = new Map<string, string>();
  const pairs: { source: string; targets: string[] }[] = [];
  const unknown: string[] = [];
  const mappedPositions = new Set<number>();
  const stageEntries: FileMapping['stageEntries'] = [];
  const stageValues = valueMap(dataset, 'stage', preset, config);
  for (let i = 0; i < header.length; i++) {
    const text = header[i].trim();
    if (text === '') continue;
    let targets: string[] | undefined;
    for (const k of headerKeys(text, preset)) {
      targets = byHeader.get(k);
      if (targets) break;
    }
    if (!targets && preset?.stageEntryHeader) {
      const m = preset.stageEntryHeader.exec(text);
      if (m) {
        const raw = m[1].trim();
        const stage = stageValues?.get(normValue(raw)) ?? normValue(raw);
        stageEntries.push({ index: i, stage, label: text });
        mappedPositions.add(i);
        pairs.push({ source: text, targets: [`stage-events: ${stage}`] });
        continue;
      }
    }
    if (!targets) {
      if (!unknown.includes(text)) unknown.push(text);
      continue;
    }
    pairs.push({ source: text, targets });
    mappedPositions.add(i);
    for (const t of targets) {
      const s = slotFor(t);
      (sources[s] ??= []).push(i);
      const l = labels.get(t);
      labels.set(t, l ? `${l}/${text}` : text);
    }
  }

  const warnings: string[] = [];
  const fallbacks: [number, number][] = [];
  for (const [target, from] of Object.entries(preset?.fallbacks ?? {})) {
    const t = slotFor(target);
    const f = slotOf.get(from);
    if (sources[t]?.length || f === undefined || !sources[f]?.length) continue;
    fallbacks.push([t, f]);
    labels.set(target, labels.get(from) ?? from);
    for (const p of pairs) if (p.targets.includes(from)) p.targets.push(target);
    if (target === 'deal_id') {
      warnings.push(`the file has no id column for deals; "${labels.get(from)}" is used as deal_id (add the record id column to the export to tell apart deals with the same name)`);
    }
  }

  const has = (c: string) => (sources[slotOf.get(c)!]?.length ?? 0) > 0 || fallbacks.some(([t]) => slots[t] === c);
  const missing = spec.columns.filter((c) => c.required && !has(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    const found = header.map((h) => h.trim()).filter((h) => h !== '');
    return {
      ok: false,
      missing,
      reason:
        `missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} for dataset ${dataset}` +
        (preset ? ` (the file looks like a ${preset.label})` : '') +
        `. Name the columns as the data contract does (case, spaces, "-" and "_" do not matter), or map your file's headers in config "columns": ` +
        `${suggestColumns(dataset, missing, unknown)}; found: ` +
        `${found.slice(0, 20).map((h) => JSON.stringify(h.length > 60 ? `${h.slice(0, 60)}…` : h)).join(', ')}${found.length > 20 ? ` and ${found.length - 20} more` : ''}`,
    };
  }

  const index = new Map<string, number>();
  for (const c of slots) if (has(c)) index.set(c, slotOf.get(c)!);
  const maps = slots.map((c) => valueMap(dataset, c, preset, config));
  const statusSlot = slotOf.get('status');
  const closedSlot = slotOf.get('closed_date');
  const expectedSlot = slotOf.get('expected_close_date');
  const moveExpected = preset?.openCloseDateIsExpected === true && statusSlot !== undefined && closedSlot !== undefined && expectedSlot !== undefined;
  if (moveExpected && !index.has('expected_close_date') && index.has('closed_date')) {
    index.set('expected_close_date', expectedSlot!);
    labels.set('expected_close_date', labels.get('closed_date')!);
  }
  const n = slots.length;

  const transform = (cells: CellValue[]): CellValue[] => {
    const out: CellValue[] = new Array(n);
    for (let s = 0; s < n; s++) {
      const src = sources[s];
      if (!src) continue;
      let v: CellValue = undefined;
      for (const i of src) {
        if (!blank(cells[i])) {
          v = cells[i];
          break;
        }
      }
      const m = maps[s];
      if (m && typeof v === 'string' && v.trim() !== '') v = m.get(normValue(v)) ?? m.get('*') ?? v;
      out[s] = v;
    }
    for (const [t, f] of fallbacks) if (blank(out[t])) out[t] = out[f];
    if (moveExpected && typeof out[statusSlot!] === 'string' && normValue(out[statusSlot!] as string) === 'open') {
      if (blank(out[expectedSlot!])) out[expectedSlot!] = out[closedSlot!];
      out[closedSlot!] = undefined;
    }
    return out;
  };

  return {
    ok: true,
    mapping: {
      ...(preset ? { preset } : {}),
      map: { index, label: labels, unknown },
      pairs,
      mappedPositions,
      stageEntries,
      warnings,
      transform,
    },
  };
}

/** The value map of one column: the preset's, overridden by config `values`. */
function valueMap(dataset: DatasetName, col: string, preset: ExportPreset | undefined, config: Config): Map<string, string> | undefined {
  const fromPreset = preset?.values?.[col];
  const fromConfig = config.values[dataset]?.[col];
  if (!fromPreset && !fromConfig) return undefined;
  const m = new Map<string, string>();
  for (const [k, v] of Object.entries(fromPreset ?? {})) m.set(k === '*' ? '*' : normValue(k), v);
  for (const [k, v] of Object.entries(fromConfig ?? {})) m.set(k === '*' ? '*' : normValue(k), v);
  return m;
}
