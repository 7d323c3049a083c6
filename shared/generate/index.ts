export { generateCompany, coverageByCustomer, type GenerateOptions, type SyntheticCompany, type CompanyConfig, type RawRow } from './company';
export { writeCompany, toCsv, csvField, type WrittenFiles } from './write';
export { createRng, type Rng } from './random';
