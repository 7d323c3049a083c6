import type { ExportPreset } from './types';

/**
 * Salesforce: an Opportunities report exported as "Details Only" (CSV) or "Formatted Report"
 * (XLSX: title rows above the header, a Grand Totals row and confidentiality/copyright lines below).
 * Default Opportunity stages and Type picklist values of a new org.
 */
export const SALESFORCE_OPPORTUNITIES: ExportPreset = {
  id: 'salesforce-opportunities',
  label: 'Salesforce opportunities report',
  dataset: 'deals',
  signature: ['Opportunity Name', 'Account Name', 'Stage', 'Close Date'],
  columns: {
    'Opportunity ID': 'deal_id',
    'Opportunity Name': 'deal_name',
    'Account ID': 'customer_id',
    'Account Name': 'customer_name',
    'Created Date': 'created_date',
    'Stage': ['stage', 'status'],
    'Close Date': 'closed_date',
    'Last Stage Change Date': 'stage_entered_date',
    'Amount': 'amount',
    'Amount Currency': 'currency',
    'Opportunity Currency': 'currency',
    'Type': 'deal_type',
    'Opportunity Owner': 'owner',
    'Owner Role': 'team',
    'Lead Source': 'source',
    'Loss Reason': 'lost_reason',
    'Billing Country': 'region',
    'Product Name': 'product',
  },
  values: {
    status: { 'closed won': 'won', 'closed lost': 'lost', '*': 'open' },
    stage: { 'closed won': 'won', 'closed lost': 'lost' },
    deal_type: {
      'new customer': 'new',
      'new business': 'new',
      'existing customer - upgrade': 'upsell',
      'existing customer - replacement': 'renewal',
      'existing customer - downgrade': 'renewal',
      'existing business': 'upsell',
    },
  },
  // without an Opportunity ID column the name is the id (a warning says so); the account name is the customer
  fallbacks: { deal_id: 'deal_name', customer_id: 'customer_name' },
  stages: [
    'prospecting', 'qualification', 'needs analysis', 'value proposition', 'id. decision makers',
    'perception analysis', 'proposal/price quote', 'negotiation/review',
  ],
  openCloseDateIsExpected: true,
};
