import { DATE_TEXT, type DatasetSpec } from './spec';

export const STAGE_EVENTS: DatasetSpec = {
  name: 'stage-events',
  key: ['deal_id', 'stage', 'entered_date'],
  about: 'One row each time a deal enters a stage (the pipeline history a CRM export gives).',
  columns: [
    { name: 'deal_id', field: 'dealId', type: 'string', typeText: 'text', required: true, meaning: 'The deal that entered the stage.' },
    { name: 'stage', field: 'stage', type: 'string', typeText: 'text', required: true, meaning: 'The stage entered (an open stage, won or lost).' },
    { name: 'entered_date', field: 'enteredDate', type: 'date', typeText: DATE_TEXT, required: true, meaning: 'When the deal entered the stage. One row each time a deal enters a stage.' },
  ],
  rules: [],
};
