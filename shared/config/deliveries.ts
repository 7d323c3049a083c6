/**
 * The config key `deliveries` (outputs.md): which workbook goes to which addresses,
 * for the whole company or one scope (`team=EMEA`, the targets file's syntax), in a
 * locale. And the sender settings the e-mail needs (CDK context `scorecardMail`, or
 * the Lambda environment), validated here so `cdk synth` and the function fail alike.
 */
import { ConfigError } from '../errors';
import { formatScope, parseScope, SCOPE_SYNTAX } from '../model/scope';
import { LOCALE_IDS, type LocaleId } from '../i18n/ids';

export const DELIVERY_WORKBOOKS = ['weekly', 'quarterly', 'annual'] as const;
export type DeliveryWorkbook = (typeof DELIVERY_WORKBOOKS)[number];
const LOCALES = LOCALE_IDS;
type Locale = LocaleId;

export interface Delivery {
  workbook: DeliveryWorkbook;
  /** Recipients, lower-cased, each once. */
  to: string[];
  /** `team=EMEA`; '' = whole company. Only the weekly dashboard can be scoped. */
  scope: string;
  locale: Locale;
}

/** Each message goes to one recipient; SES allows 50 per message, we keep lists reviewable. */
export const MAX_RECIPIENTS_PER_DELIVERY = 50;
export const MAX_DELIVERIES = 50;
const DELIVERY_KEYS = ['workbook', 'to', 'scope', 'locale'];

// WHATWG "valid e-mail address" (what browsers accept in <input type=email>), which SES also accepts.
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

export function isEmailAddress(s: string): boolean {
  return s.length <= 254 && EMAIL.test(s);
}

/** `defaultLocale`: the config's `locale`, which a delivery without one gets. */
export function parseDeliveries(input: unknown, source = 'config', defaultLocale: Locale = 'en'): Delivery[] {
  const key = 'deliveries';
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) {
    throw new ConfigError(`${source} key "deliveries" must be an array of { workbook, to, scope?, locale? }`, key);
  }
  if (input.length > MAX_DELIVERIES) throw new ConfigError(`${source} key "deliveries" has ${input.length} entries; at most ${MAX_DELIVERIES}`, key);
  return input.map((raw, i) => {
    const at = `${source} key "deliveries[${i}]"`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${at} must be an object { workbook, to, scope?, locale? }`, key);
    const d = raw as Record<string, unknown>;
    for (const k of Object.keys(d)) {
      if (!DELIVERY_KEYS.includes(k)) throw new ConfigError(`${at} has unknown key "${k}"; allowed keys: ${DELIVERY_KEYS.join(', ')}`, key);
    }
    if (!DELIVERY_WORKBOOKS.includes(d.workbook as DeliveryWorkbook)) {
      throw new ConfigError(`${at}.workbook must be one of ${DELIVERY_WORKBOOKS.join(', ')}, got ${JSON.stringify(d.workbook)}`, key);
    }
    const workbook = d.workbook as DeliveryWorkbook;
    const toRaw = typeof d.to === 'string' ? [d.to] : d.to;
    if (!Array.isArray(toRaw) || toRaw.length === 0) throw new ConfigError(`${at}.to must be an e-mail address or a non-empty array of them`, key);
    if (toRaw.length > MAX_RECIPIENTS_PER_DELIVERY) throw new ConfigError(`${at}.to has ${toRaw.length} addresses; at most ${MAX_RECIPIENTS_PER_DELIVERY}`, key);
    const to: string[] = [];
    for (const a of toRaw) {
      const addr = typeof a === 'string' ? a.trim().toLowerCase() : '';
      if (!isEmailAddress(addr)) throw new ConfigError(`${at}.to: ${JSON.stringify(a)} is not an e-mail address (name@example.com)`, key);
      if (!to.includes(addr)) to.push(addr);
    }
    if (d.scope !== undefined && typeof d.scope !== 'string') throw new ConfigError(`${at}.scope must be a string: ${SCOPE_SYNTAX}`, key);
    const scope = parseScope((d.scope as string | undefined) ?? '');
    if (scope === undefined) throw new ConfigError(`${at}.scope ${JSON.stringify(d.scope)} must be ${SCOPE_SYNTAX}`, key);
    if (scope && workbook !== 'weekly') {
      throw new ConfigError(`${at}.scope: only the weekly dashboard can be scoped (the ${workbook} review is company-wide: finance figures cannot be split by ${scope.dimension})`, key);
    }
    if (d.locale !== undefined && !LOCALES.includes(d.locale as Locale)) {
      throw new ConfigError(`${at}.locale must be one of ${LOCALES.join(', ')}, got ${JSON.stringify(d.locale)}`, key);
    }
    return { workbook, to, scope: formatScope(scope), locale: (d.locale as Locale | undefined) ?? defaultLocale };
  });
}

/** Who the e-mail comes from (a verified SES identity) and the SES configuration set to send through. */
export interface MailSettings {
  /** `reports@example.com` or `Scorecard <reports@example.com>`. */
  from: string;
  /** The bare address of `from`. */
  fromAddress: string;
  /** The SES identity that authorises `from`: the address itself, or its domain. */
  identity: string;
  configurationSet?: string;
}

export const MAIL_KEYS = ['from', 'identity'] as const;

/** Parses `{ from, identity? }` (CDK context `scorecardMail`; the functions get MAIL_FROM / MAIL_IDENTITY). */
export function parseMailSettings(input: unknown, source = 'scorecardMail'): MailSettings {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigError(`${source} must be an object { "from": "Scorecard <reports@example.com>", "identity"?: "example.com" }`, source);
  }
  const raw = input as Record<string, unknown>;
  for (const k of Object.keys(raw)) {
    if (!(MAIL_KEYS as readonly string[]).includes(k)) throw new ConfigError(`unknown ${source} key "${k}"; allowed keys: ${MAIL_KEYS.join(', ')}`, k);
  }
  const from = typeof raw.from === 'string' ? raw.from.trim() : '';
  const m = /^(?:([^<>"]*?)\s*<([^<>\s]+)>|([^<>\s]+))$/.exec(from);
  const fromAddress = (m?.[2] ?? m?.[3] ?? '').toLowerCase();
  if (!m || !isEmailAddress(fromAddress)) {
    throw new ConfigError(`${source} key "from" must be an e-mail address, optionally with a name ("Scorecard <reports@example.com>"), got ${JSON.stringify(raw.from)}`, 'from');
  }
  const domain = fromAddress.slice(fromAddress.indexOf('@') + 1);
  let identity = fromAddress;
  if (raw.identity !== undefined) {
    const id = typeof raw.identity === 'string' ? raw.identity.trim().toLowerCase() : '';
    if (id !== fromAddress && id !== domain) {
      throw new ConfigError(`${source} key "identity" must be the sender address or its domain (${fromAddress} or ${domain}), got ${JSON.stringify(raw.identity)}`, 'identity');
    }
    identity = id;
  }
  return { from, fromAddress, identity };
}
