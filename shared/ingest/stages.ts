/**
 * The pipeline stages a report uses: config `stages`, then the open stages that files brought
 * beyond them (a recognised CRM export's pipeline in its order, then names in first-seen order),
 * as recorded on each file record at ingest. The default stages (lead, qualified, proposal,
 * negotiation) are placeholders: when config does not name stages and no deal or stage event uses
 * any of them, they are left out, so a HubSpot pipeline is shown as HubSpot's stages alone.
 */
import { DEFAULT_CONFIG, type Config } from '../config/config';
import type { Dataset, FileRecord } from '../model/types';

export function effectiveStages(config: Config, files: readonly FileRecord[], data: Pick<Dataset, 'deals' | 'stageEvents'>): string[] {
  const extra: string[] = [];
  const sorted = [...files].sort((a, b) => (a.ingestedAt < b.ingestedAt ? -1 : a.ingestedAt > b.ingestedAt ? 1 : 0));
  for (const f of sorted) for (const s of f.stages ?? []) if (!config.stages.includes(s) && !extra.includes(s)) extra.push(s);
  if (extra.length === 0) return config.stages;
  const isDefault = config.stages.length === DEFAULT_CONFIG.stages.length && config.stages.every((s, i) => s === DEFAULT_CONFIG.stages[i]);
  if (isDefault) {
    const used = new Set<string>();
    for (const d of data.deals) if (d.stage) used.add(d.stage);
    for (const e of data.stageEvents) used.add(e.stage);
    if (!config.stages.some((s) => used.has(s))) return extra;
  }
  return [...config.stages, ...extra];
}

/** The config a report computes with: its stages extended by the files' stages. */
export function withFileStages(config: Config, files: readonly FileRecord[], data: Pick<Dataset, 'deals' | 'stageEvents'>): Config {
  const stages = effectiveStages(config, files, data);
  return stages === config.stages ? config : { ...config, stages };
}
