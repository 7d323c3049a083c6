/**
 * Upload readers and validation (the ingestion issue): CSV/XLSX -> validated domain records
 * in batches, row issues, whole-file rejections. See docs/decisions/ingest.md.
 */
export { DEFAULT_LIMITS } from './types';
export type { Limits, ReadOptions, ReadBatch, ReadSummary, UploadReader, CellValue, RawRow } from './types';
export { readUpload } from './reader';
export { datasetFromKey, naturalKey, KEY_COLUMNS } from './keys';
export { issuesToCsv, csvCell, ISSUES_CSV_HEADER, type IssuesCsvOptions } from './report';
export { parseNumber, parseDate, normalizeDigits, normalizeHeader, matchEnum } from './coerce';
export { parsePeriod } from './validate';
export { SCHEMAS } from './schema';
