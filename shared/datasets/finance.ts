import type { DatasetSpec } from './spec';

export const FINANCE: DatasetSpec = {
  name: 'finance',
  key: ['period'],
  about: 'Figures the CRM cannot know, per fiscal quarter, month or year.',
  columns: [
    { name: 'period', field: 'period', type: 'period', typeText: 'FY2026-Q1 (fiscal quarter), 2026-03 (calendar month) or FY2026 (fiscal year); with config calendar "jalali": FY1403-Q1, 1403-01, FY1403', required: true, meaning: 'The period the figures are for. Months are summed into quarters and years; a quarter row wins over month rows of the same quarter.', readmeNote: 'period (FY2026-Q1, 2026-03 or FY2026; with calendar jalali: FY1403-Q1, 1403-01, FY1403)' },
    { name: 'revenue', field: 'revenue', type: 'number', typeText: 'number', required: false, meaning: 'Company revenue recognised in the period.' },
    { name: 'cost_of_revenue', field: 'costOfRevenue', type: 'number', typeText: 'number', required: false, meaning: 'Cost of goods sold / cost of revenue.' },
    { name: 'sales_marketing_cost', field: 'salesMarketingCost', type: 'number', typeText: 'number', required: false, meaning: 'Sales and marketing spend (for CAC).' },
    { name: 'service_cost', field: 'serviceCost', type: 'number', typeText: 'number', required: false, meaning: 'Cost of serving customers: support, account management (cost to serve).' },
    { name: 'crm_cost', field: 'crmCost', type: 'number', typeText: 'number', required: false, meaning: 'What the CRM cost in the period: licences, implementation, operation, training (TCO and ROI).' },
    { name: 'market_revenue', field: 'marketRevenue', type: 'number', typeText: 'number', required: false, meaning: 'Total sales of the whole market in the period (market share).' },
  ],
  rules: [],
};
