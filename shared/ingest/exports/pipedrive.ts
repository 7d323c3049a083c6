import type { ExportPreset } from './types';

/**
 * Pipedrive: Deals list view -> Export (CSV or XLSX); headers "Deal - Title", "Deal - Value", ...
 * (newer exports may drop the "Deal - " prefix). Status is Open / Won / Lost; won and lost times
 * are separate columns. Default pipeline stages of a new company account.
 */
export const PIPEDRIVE_DEALS: ExportPreset = {
  id: 'pipedrive-deals',
  label: 'Pipedrive deals export',
  dataset: 'deals',
  optionalPrefix: 'Deal - ',
  signature: ['Title', 'Value', 'Status', 'Stage', 'Deal created'],
  columns: {
    'ID': 'deal_id',
    'Organization ID': 'customer_id',
    'Organization': 'customer_name',
    'Deal created': 'created_date',
    'Status': 'status',
    'Stage': 'stage',
    'Last stage change': 'stage_entered_date',
    'Won time': 'closed_date',
    'Lost time': 'closed_date',
    'Expected close date': 'expected_close_date',
    'Value': 'amount',
    'Currency': 'currency',
    'Lost reason': 'lost_reason',
    'Owner': 'owner',
    'Source origin': 'source',
    'Source channel': 'source',
    'Product name': 'product',
  },
  fallbacks: { customer_id: 'customer_name' },
  stages: ['qualified', 'contact made', 'demo scheduled', 'proposal made', 'negotiations started'],
};
