/** The locales the product speaks (config `locale`, outputs.md); the kit is locale.ts. */
export const LOCALE_IDS = ['en', 'fa-IR'] as const;
export type LocaleId = (typeof LOCALE_IDS)[number];

export function isLocaleId(v: unknown): v is LocaleId {
  return typeof v === 'string' && (LOCALE_IDS as readonly string[]).includes(v);
}
