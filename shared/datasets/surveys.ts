import { DATE_TEXT, type DatasetSpec } from './spec';

const SCORE = 'at least one score per row';

export const SURVEYS: DatasetSpec = {
  name: 'surveys',
  key: ['response_id'],
  about: 'One row per survey response.',
  columns: [
    { name: 'response_id', field: 'responseId', type: 'string', typeText: 'text', required: true, meaning: 'Unique id of the survey response.' },
    { name: 'customer_id', field: 'customerId', type: 'string', typeText: 'text', required: false, meaning: 'The customer who answered; empty for anonymous responses.' },
    { name: 'responded_date', field: 'respondedDate', type: 'date', typeText: DATE_TEXT, required: true, meaning: 'When the customer answered.' },
    { name: 'nps', field: 'nps', type: 'integer', typeText: 'whole number 0-10', min: 0, max: 10, required: false, requiredText: SCORE, oneOf: 'score', meaning: '"How likely are you to recommend us?" At least one score column must be filled in each row.', readmeNote: 'nps (0-10)' },
    { name: 'csat', field: 'csat', type: 'integer', typeText: 'whole number 1-5', min: 1, max: 5, required: false, requiredText: SCORE, oneOf: 'score', meaning: '"How satisfied are you?"', readmeNote: 'csat (1-5)' },
    { name: 'ces', field: 'ces', type: 'integer', typeText: 'whole number 1-7', min: 1, max: 7, required: false, requiredText: SCORE, oneOf: 'score', meaning: '"The company made it easy to handle my issue" (7 = strongly agree).', readmeNote: 'ces (1-7)' },
    { name: 'expectation', field: 'expectation', type: 'integer', typeText: 'whole number 1-5', min: 1, max: 5, required: false, requiredText: SCORE, oneOf: 'score', meaning: 'What the customer expected.', readmeNote: 'expectation (1-5)' },
    { name: 'performance', field: 'performance', type: 'integer', typeText: 'whole number 1-5', min: 1, max: 5, required: false, requiredText: SCORE, oneOf: 'score', meaning: 'What the customer received.', readmeNote: 'performance (1-5)' },
    { name: 'channel', field: 'channel', type: 'string', typeText: 'text', required: false, meaning: 'Where the survey was answered (email, phone, in-app...).' },
    { name: 'comment', field: 'comment', type: 'string', typeText: 'text', required: false, meaning: 'Free-text comment.' },
  ],
  rules: ['a row needs at least one score (nps, csat, ces, expectation, performance)'],
};
