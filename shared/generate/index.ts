export { generateCompany, coverageByCustomer, type GenerateOptions, type SyntheticCompany, type CompanyConfig, type RawRow } from './company';
export { writeCompany, toCsv, csvField, type WrittenFiles } from './write';
export { createRng, type Rng } from './random';
export { generatePersianCompany, generateCompanyFor, DEMO_TIME_ZONE, fileDate, JALALI_READY, type PersianOptions, type FileDateStyle } from './persian';
