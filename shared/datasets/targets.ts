import type { DatasetSpec } from './spec';

export const TARGETS: DatasetSpec = {
  name: 'targets',
  key: ['kpi', 'period', 'scope'],
  about: 'Targets per KPI, fiscal period and scope.',
  columns: [
    { name: 'kpi', field: 'kpi', type: 'kpi', typeText: 'a KPI id (list on the Lists sheet)', required: true, meaning: 'The KPI the target is for.' },
    { name: 'period', field: 'period', type: 'period', typeText: 'FY2026-Q3 or FY2026 (FY1403-Q3 or FY1403 with config calendar "jalali")', required: true, meaning: 'The fiscal quarter or year the target is for.' },
    { name: 'target', field: 'target', type: 'number', typeText: 'number', percent: true, required: true, meaning: "In the KPI's own unit: fractions for rates (0.8 = 80%)." },
    { name: 'scope', field: 'scope', type: 'string', typeText: 'text, optional', required: false, meaning: 'team=EMEA, region=North, ...; empty = whole company.', readmeNote: 'scope (team=EMEA; empty = company)' },
  ],
  rules: ['scope is empty (whole company) or dimension=value'],
};
