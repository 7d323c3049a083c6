/**
 * Which row is the header, and how its columns map: the contract's own names (fast path), or a
 * mapping (a recognised CRM export, config `columns` / `values`).
 */
import type { Config } from '../config/config';
import type { DatasetName } from '../model/types';
import { needsMapping, resolveMapping, type FileMapping } from './mapping';
import { mapHeader, type HeaderMap } from './schema';

export type ResolvedHeader = { ok: true; map: HeaderMap; mapping?: FileMapping } | { ok: false; reason: string };

export function resolveHeader(dataset: DatasetName, header: readonly string[], config: Config): ResolvedHeader {
  if (!needsMapping(dataset, header, config)) {
    const r = mapHeader(dataset, [...header]);
    return r.ok ? { ok: true, map: r.map } : r;
  }
  const r = resolveMapping(dataset, header, config);
  return r.ok ? { ok: true, map: r.mapping.map, mapping: r.mapping } : { ok: false, reason: r.reason };
}
