import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/config';
import type { FileRecord } from '../model/types';
import { effectiveStages } from './stages';

const file = (stages: string[], ingestedAt: string): FileRecord => ({
  key: `uploads/deals/${ingestedAt}.csv`, etag: 'e', dataset: 'deals', fileName: 'f.csv', outcome: 'accepted', rowsAccepted: 1, rowsRejected: 0, stages, ingestedAt,
});
const none = { deals: [], stageEvents: [] };

describe('effectiveStages', () => {
  it('config stages first, then the files\' stages in ingestion order', () => {
    const config = parseConfig({ stages: ['discovery', 'demo'] });
    const files = [file(['trial', 'demo'], '2026-01-02'), file(['pilot', 'trial'], '2026-01-01')];
    expect(effectiveStages(config, files, none)).toEqual(['discovery', 'demo', 'pilot', 'trial']);
    expect(effectiveStages(config, [], none)).toBe(config.stages);
  });

  it('the unconfigured default stages are dropped when no deal or event uses them', () => {
    const hubspot = [file(['appointment scheduled', 'contract sent'], '2026-01-01')];
    expect(effectiveStages(parseConfig({}), hubspot, none)).toEqual(['appointment scheduled', 'contract sent']);
    const used = { deals: [], stageEvents: [{ dealId: 'D', stage: 'lead', enteredDate: '2026-01-01' }] };
    expect(effectiveStages(parseConfig({}), hubspot, used)).toEqual(['lead', 'qualified', 'proposal', 'negotiation', 'appointment scheduled', 'contract sent']);
  });
});
