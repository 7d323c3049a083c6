import type { ExportPreset } from './types';

/**
 * HubSpot CRM: Deals index page -> Export (CSV or XLSX), property labels as headers.
 * Default "Sales Pipeline" stages; Deal Type's default options New Business / Existing Business.
 */
export const HUBSPOT_DEALS: ExportPreset = {
  id: 'hubspot-deals',
  label: 'HubSpot deals export',
  dataset: 'deals',
  signature: ['Record ID', 'Deal Name', 'Deal Stage'],
  columns: {
    'Record ID': 'deal_id',
    'Associated Company IDs': 'customer_id',
    'Associated Company IDs (Primary)': 'customer_id',
    'Associated Company': 'customer_name',
    'Associated Company (Primary)': 'customer_name',
    'Create Date': 'created_date',
    'Deal Stage': ['stage', 'status'],
    'Close Date': 'closed_date',
    'Amount': 'amount',
    'Deal currency code': 'currency',
    'Currency': 'currency',
    'Deal Type': 'deal_type',
    'Closed Lost Reason': 'lost_reason',
    'Deal owner': 'owner',
    'HubSpot Team': 'team',
    'Original Source Type': 'source',
    'Original Traffic Source': 'source',
    'Date of last stage change': 'stage_entered_date',
  },
  values: {
    status: { 'closed won': 'won', 'closed lost': 'lost', '*': 'open' },
    stage: { 'closed won': 'won', 'closed lost': 'lost' },
    // Existing Business is more business from a current customer: upsell (docs/decisions/crm-exports.md)
    deal_type: { 'new business': 'new', 'existing business': 'upsell' },
  },
  fallbacks: { customer_id: 'customer_name' },
  stages: ['appointment scheduled', 'qualified to buy', 'presentation scheduled', 'decision maker bought-in', 'contract sent'],
  openCloseDateIsExpected: true,
  // Date entered "Appointment Scheduled (Sales Pipeline)"
  stageEntryHeader: /^date entered\s+["“]?(.+?)(?:\s*\([^()]*\))?["”]?\s*$/i,
};
