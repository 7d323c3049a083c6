import { DEAL_STATUSES, DEAL_TYPES } from '../model/types';
import { DATE_TEXT, type DatasetSpec } from './spec';

export const DEALS: DatasetSpec = {
  name: 'deals',
  key: ['deal_id'],
  about: 'One row per deal (opportunity), as it stands now.',
  columns: [
    { name: 'deal_id', field: 'dealId', type: 'string', typeText: 'text', required: true, meaning: 'Unique id of the deal (opportunity). Sending the same id again replaces the earlier row.', aliases: ['opportunity_id'] },
    { name: 'customer_id', field: 'customerId', type: 'string', typeText: 'text', required: true, meaning: 'The account the deal is with.', aliases: ['account_id', 'company_id'] },
    { name: 'customer_name', field: 'customerName', type: 'string', typeText: 'text', required: false, meaning: 'Display name of the customer.', aliases: ['account_name', 'company_name'] },
    { name: 'created_date', field: 'createdDate', type: 'date', typeText: DATE_TEXT, required: true, meaning: 'First contact / lead created.' },
    { name: 'status', field: 'status', type: 'enum', typeText: 'open, won or lost', values: DEAL_STATUSES, required: true, meaning: 'Where the deal stands.', readmeNote: 'status (open/won/lost)' },
    { name: 'stage', field: 'stage', type: 'string', typeText: 'text', required: false, meaning: 'Current pipeline stage (config "stages", default lead, qualified, proposal, negotiation; other names are accepted after them in first-seen order); defaults to won/lost for closed deals.' },
    { name: 'stage_entered_date', field: 'stageEnteredDate', type: 'date', typeText: DATE_TEXT, required: false, meaning: 'When the deal entered its current stage.' },
    { name: 'closed_date', field: 'closedDate', type: 'date', typeText: DATE_TEXT, required: false, requiredText: 'when won or lost', meaning: 'When the deal was won or lost; on or after created_date.' },
    { name: 'amount', field: 'amount', type: 'number', typeText: 'number >= 0', min: 0, required: true, requiredText: 'yes (may be empty on open deals: unknown)', meaning: 'Deal value in the reporting currency (the whole contract value for subscriptions). Empty on an open deal = not yet known.', readmeNote: 'amount (may be empty on open deals)' },
    { name: 'deal_type', field: 'dealType', type: 'enum', typeText: 'new, upsell, cross_sell or renewal', values: DEAL_TYPES, required: false, meaning: 'Kind of deal; empty means new.', readmeNote: 'deal_type (new/upsell/cross_sell/renewal)' },
    { name: 'contract_months', field: 'contractMonths', type: 'integer', typeText: 'whole number >= 0', min: 0, required: false, meaning: 'Subscription term in months; empty or 0 = one-time sale.' },
    { name: 'lost_reason', field: 'lostReason', type: 'string', typeText: 'text', required: false, meaning: 'Free text; containing "competitor" marks a loss to a competitor.' },
    { name: 'owner', field: 'owner', type: 'string', typeText: 'text', required: false, meaning: 'Sales owner (breakdowns).' },
    { name: 'team', field: 'team', type: 'string', typeText: 'text', required: false, meaning: 'Sales team (breakdowns, targets with scope team=...).' },
    { name: 'region', field: 'region', type: 'string', typeText: 'text', required: false, meaning: 'Region (breakdowns, targets with scope region=...).' },
    { name: 'product', field: 'product', type: 'string', typeText: 'text', required: false, meaning: 'Product (breakdowns).' },
    { name: 'source', field: 'source', type: 'string', typeText: 'text', required: false, meaning: 'Lead source (breakdowns).' },
    { name: 'expected_close_date', field: 'expectedCloseDate', type: 'date', typeText: DATE_TEXT, required: false, meaning: 'When an open deal is expected to close (a CRM\'s "Close Date" of an open deal); not a close.' },
    { name: 'currency', field: 'currency', type: 'string', typeText: 'ISO 4217 code', required: false, meaning: 'Currency of the amount; must be config "currency" when given (no mixing of currencies).' },
  ],
  rules: [
    'closed_date is required when status is won or lost, and is on or after created_date',
    'an open deal keeps no closed_date (it is not stored, and counted in a note)',
    'amount may be empty only on open deals (counted as unknown)',
    'a won or lost deal\'s stage is its status',
    'currency, when given, equals config currency',
  ],
};
