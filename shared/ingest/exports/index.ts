/** The CRM exports recognised from their header row (see types.ts). */
import { HUBSPOT_DEALS } from './hubspot';
import { PIPEDRIVE_DEALS } from './pipedrive';
import { SALESFORCE_OPPORTUNITIES } from './salesforce';
import type { ExportPreset } from './types';

export type { ExportPreset } from './types';
export const EXPORT_PRESETS: readonly ExportPreset[] = [HUBSPOT_DEALS, SALESFORCE_OPPORTUNITIES, PIPEDRIVE_DEALS];
