/**
 * The Persian demo company (`scorecard demo --locale fa-IR`): the same simulated history
 * as the English one (so every sheet has the same story to tell), as an Iranian company
 * would have it: Persian company, customer and owner names, sales offices and provinces,
 * products, lead sources, lost reasons and survey comments; amounts in rials; Saturday
 * weeks; config `locale: "fa-IR"`, `currency: "IRR"`, `timeZone: "Asia/Tehran"`.
 *
 * With `jalali` (see JALALI_READY) it is also a Solar Hijri company: config
 * `calendar: "jalali"`, finance rows per Jalali month and quarter (`1403-07`,
 * `FY1402-Q3`), targets per Jalali fiscal year, and upload files dated as a local CRM
 * writes them: `1403/01/15` in deals and stage events, `۱۴۰۳/۰۱/۱۵` (Persian digits)
 * in the survey tool's export.
 *
 * Codes the data contract fixes (status, deal_type, stage names, KPI ids) stay as they
 * are; the workbooks translate them (shared/i18n). Pure: same options, same company.
 */
import type { FinanceRow, IsoDate, Target } from '../model/types';
import { dayOf, periodById } from '../calendar/fiscal';
import { dayOfJalali, isJalaliLeapYear, jalaliOfDay } from '../calendar/jalali';
import { persianDigits } from '../i18n/locale';
import { generateCompany, generateTargets, type GenerateOptions, type RawRow, type SyntheticCompany } from './company';

/**
 * Turn on once the calendar branch (config `calendar`, Jalali dates in uploads) is
 * merged: until then the reader rejects Jalali dates and the config rejects `calendar`,
 * so the Persian demo keeps Gregorian files and fiscal periods.
 */
export const JALALI_READY = false;

export const PERSIAN_COMPANY_NAME = 'داده\u200cکاوان پارس';

/** Rials per unit of the English company's currency: a Platform subscription is about 2.2 billion rials a year. */
export const RIAL_FACTOR = 100_000;

/** Every English word or phrase of the English company's text columns, in Persian. */
const WORDS: Readonly<Record<string, string>> = {
  // customer names: first part, industry, legal form
  Nordic: 'البرز', Blue: 'نیلی', Silver: 'سیمین', Oak: 'بلوط', Summit: 'قله', Harbor: 'بندر', Cedar: 'سرو', Atlas: 'اطلس',
  Pioneer: 'پیشرو', Bright: 'تابان', Iron: 'آهن', Crescent: 'هلال', Golden: 'زرین', Red: 'ارغوان', Green: 'سبز', Polar: 'قطب',
  Coastal: 'ساحل', Alpine: 'دماوند', Union: 'اتحاد', Metro: 'کلان\u200cشهر',
  Logistics: 'پخش', Foods: 'صنایع غذایی', Health: 'سلامت', Energy: 'انرژی', Retail: 'فروشگاه\u200cهای زنجیره\u200cای',
  Systems: 'سامانه\u200cهای', Motors: 'خودروسازی', Finance: 'تأمین سرمایه', Textiles: 'نساجی', Labs: 'آزمایشگاه',
  Media: 'رسانه', Pharma: 'داروسازی', Builders: 'ساختمانی', Travel: 'گردشگری', Robotics: 'رباتیک', Farms: 'کشت و صنعت',
  Insurance: 'بیمه', Telecom: 'مخابرات',
  Ltd: 'سهامی خاص', GmbH: 'مسئولیت محدود', Inc: 'سهامی عام', AB: 'تعاونی', SA: 'گروه', Pty: 'هلدینگ', KK: 'شرکت', Group: 'گروه صنعتی', Co: 'و شرکا',
  // owners
  'Anna Berg': 'آناهیتا برزگر', 'Lukas Meyer': 'لیلا مقدم', 'Sofia Rossi': 'سارا رستمی', 'James Walker': 'جواد ولی\u200cزاده',
  'Maria Lopez': 'مریم لطفی', 'Ethan Brooks': 'احسان بهرامی', 'Olivia Chen': 'الهام چمنی', 'Kenji Sato': 'کامران ستوده',
  'Priya Nair': 'پریا نیک\u200cنام',
  // sales offices (teams) and provinces (regions)
  EMEA: 'تهران', Americas: 'اصفهان', APAC: 'مشهد',
  'UK & Ireland': 'تهران شمال', DACH: 'تهران مرکز', Nordics: 'البرز', 'Southern Europe': 'قم',
  'North America': 'اصفهان', LATAM: 'فارس', ANZ: 'خراسان رضوی', Japan: 'گلستان', 'Southeast Asia': 'مازندران',
  // products and lead sources
  Platform: 'پلتفرم', 'Analytics Add-on': 'افزونهٔ تحلیل', 'Onboarding Services': 'خدمات راه\u200cاندازی', 'Hardware Kit': 'بستهٔ سخت\u200cافزاری',
  inbound: 'وب\u200cسایت', outbound: 'تماس خروجی', partner: 'شریک تجاری', referral: 'معرفی مشتری', event: 'نمایشگاه',
  'account management': 'مدیریت حساب',
  // lost reasons: a loss to a competitor keeps the word the data contract looks for ("competitor")
  'no response': 'بی\u200cپاسخ', 'not a fit': 'نامتناسب با نیاز', 'no budget': 'نبود بودجه', 'no decision': 'تصمیم\u200cگیری نشد',
  timing: 'زمان نامناسب', 'price too high': 'قیمت بالا', 'lost to competitor': 'واگذاری به رقیب (competitor)',
  'legal terms': 'شرایط حقوقی قرارداد', 'moved to competitor': 'مهاجرت به رقیب (competitor)', 'budget cuts': 'کاهش بودجه',
  'no longer needed': 'عدم نیاز',
  // survey channels and comments (the ones starting with + = - stay formula-like on purpose)
  email: 'ایمیل', 'in-app': 'درون\u200cبرنامه', phone: 'تلفن',
  'Great onboarding, the team was very responsive.': 'راه\u200cاندازی عالی بود، تیم خیلی پاسخگو بود.',
  'Support took too long to answer.': 'پاسخ پشتیبانی خیلی طول کشید.',
  'Reports are much easier since the new portal.': 'با پرتال جدید گزارش\u200cگیری خیلی راحت\u200cتر شده.',
  'Pricing is hard to understand.': 'قیمت\u200cگذاری گنگ است.',
  'The account manager knows our business.': 'مدیر حساب کسب\u200cوکار ما را می\u200cشناسد.',
  'Invoices were wrong twice this year.': 'امسال دو بار فاکتورها اشتباه صادر شد.',
  '+1 for the new self-service portal': '+۱ برای پرتال سلف\u200cسرویس جدید',
  '=very happy overall': '=در مجموع خیلی راضی\u200cام',
  '-': '-',
  'Typo Traders Ltd': 'بازرگانی غلط\u200cتایپی',
  'score typed by hand': 'امتیاز دستی وارد شده',
};

/** A text value in Persian: a known phrase, or a customer name "A B C [n]" word by word. */
export function persianText(s: string | undefined): string | undefined {
  if (s === undefined || s === '') return s;
  const known = WORDS[s];
  if (known !== undefined) return known;
  const m = /^(\S+) (\S+) (\S+)(?: (\d+))?$/.exec(s);
  if (m && WORDS[m[1]] && WORDS[m[2]] && WORDS[m[3]]) {
    return `${WORDS[m[2]]} ${WORDS[m[1]]} (${WORDS[m[3]]})${m[4] ? ` ${persianDigits(m[4])}` : ''}`;
  }
  return s;
}

export interface PersianOptions extends GenerateOptions {
  /** A Solar Hijri company with Jalali-dated files (default JALALI_READY). */
  jalali?: boolean;
}

/** How a dataset's upload file writes dates: ISO, Jalali `1403/01/15`, or Jalali with Persian digits `۱۴۰۳/۰۱/۱۵`. */
export type FileDateStyle = 'iso' | 'jalali' | 'jalali-fa';

/** An ISO date as an upload file of that style writes it; text that is not an ISO date stays as it is. */
export function fileDate(iso: string, style: FileDateStyle): string {
  if (style === 'iso' || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const j = jalaliOfDay(dayOf(iso));
  const text = `${j.y}/${String(j.m).padStart(2, '0')}/${String(j.d).padStart(2, '0')}`;
  return style === 'jalali-fa' ? persianDigits(text) : text;
}

const scale = (v: number | undefined): number | undefined => (v === undefined ? undefined : v * RIAL_FACTOR);
const MONEY_TARGETS = new Set(['bookings']);

export function generatePersianCompany(options: PersianOptions): SyntheticCompany {
  const jalali = options.jalali ?? JALALI_READY;
  const en = generateCompany(options);
  const deals = en.deals.map((d) => ({
    ...d,
    amount: d.amount * RIAL_FACTOR,
    customerName: persianText(d.customerName),
    owner: persianText(d.owner),
    team: persianText(d.team),
    region: persianText(d.region),
    product: persianText(d.product),
    source: persianText(d.source),
    lostReason: persianText(d.lostReason),
  }));
  for (const d of deals) for (const k of Object.keys(d) as (keyof typeof d)[]) if (d[k] === undefined) delete d[k];
  const surveys = en.surveys.map((s) => {
    const out = { ...s, channel: persianText(s.channel), comment: persianText(s.comment) };
    if (out.channel === undefined) delete out.channel;
    if (out.comment === undefined) delete out.comment;
    return out;
  });
  const finance = en.finance.map((f) => {
    const row: FinanceRow = { period: f.period };
    for (const k of FINANCE_KEYS) if (f[k] !== undefined) row[k] = scale(f[k]);
    return row;
  });
  const persianScope = (t: Target): Target => ({ ...t, scope: t.scope.replace(/^team=(.*)$/, (_, team: string) => `team=${persianText(team)}`) });
  const rialTarget = (t: Target): Target => (MONEY_TARGETS.has(t.kpi) ? { ...t, target: t.target * RIAL_FACTOR } : t);
  const targets = (jalali ? generateTargets(deals, en.asOf, jalaliYearOf) : en.targets.map(rialTarget)).map(persianScope);

  const asOfJ = jalaliOfDay(dayOf(en.asOf));
  const impossible = `${isJalaliLeapYear(asOfJ.y - 1) ? asOfJ.y - 2 : asOfJ.y - 1}/12/30`;
  const translateRow = (r: RawRow): RawRow => {
    const out: RawRow = {};
    for (const [k, v] of Object.entries(r)) out[k] = k === 'amount' && /^\d+$/.test(v) ? String(Number(v) * RIAL_FACTOR) : (persianText(v) ?? v);
    return out;
  };
  const badRows = {
    // The impossible date is an impossible Jalali date (30 Esfand of a common year) in a Jalali company.
    deals: en.badRows.deals.map((r) => ({ ...translateRow(r), ...(jalali && /-02-30$/.test(r.created_date) ? { created_date: impossible } : {}) })),
    surveys: en.badRows.surveys.map(translateRow),
  };

  return {
    ...en,
    config: {
      ...en.config,
      companyName: PERSIAN_COMPANY_NAME,
      currency: 'IRR',
      locale: 'fa-IR',
      timeZone: 'Asia/Tehran',
      weekStartsOn: 6,
      ...(jalali ? { calendar: 'jalali' as const } : {}),
    },
    deals,
    surveys,
    finance: jalali ? jalaliFinance(finance, en.asOf) : finance,
    targets,
    badRows,
    fileDates: jalali ? { deals: 'jalali', 'stage-events': 'jalali', surveys: 'jalali-fa' } : undefined,
  };
}

const FINANCE_KEYS = ['revenue', 'costOfRevenue', 'salesMarketingCost', 'serviceCost', 'crmCost', 'marketRevenue'] as const;

function jalaliYearOf(iso: IsoDate): number {
  return jalaliOfDay(dayOf(iso)).y;
}

/** Day span of a Gregorian finance period id of the generator: `2026-03` or `FY2026-Q3` (calendar quarters). */
function gregorianSpan(period: string): [number, number] {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) {
    return [dayOf(`${period}-01`), Date.UTC(+m[1], +m[2], 0) / 86_400_000];
  }
  const p = periodById(period, 1);
  return [dayOf(p.start), dayOf(p.end)];
}

/**
 * The finance rows re-cut into Jalali periods, each amount spread evenly over the days
 * its Gregorian row covers (up to the as-of date for actuals): the older years and the
 * planned quarters after the current one as Jalali quarter rows (`FY1402-Q3`), the
 * last two Jalali years up to the current quarter's end as month rows (`1404-07`).
 */
export function jalaliFinance(rows: FinanceRow[], asOf: IsoDate): FinanceRow[] {
  const asOfDay = dayOf(asOf);
  const a = jalaliOfDay(asOfDay);
  const monthRowsFrom = dayOfJalali(a.y - 1, 1, 1);
  const qEndMonth = Math.ceil(a.m / 3) * 3;
  const monthRowsTo = qEndMonth === 12 ? dayOfJalali(a.y + 1, 1, 1) - 1 : dayOfJalali(a.y, qEndMonth + 1, 1) - 1;
  const buckets = new Map<string, FinanceRow>();
  const order: string[] = [];
  for (const row of rows) {
    const [s, e0] = gregorianSpan(row.period);
    const e = s <= asOfDay ? Math.min(e0, asOfDay) : e0;
    const n = e - s + 1;
    for (let day = s; day <= e; day++) {
      const j = jalaliOfDay(day);
      const id =
        day >= monthRowsFrom && day <= monthRowsTo
          ? `${j.y}-${String(j.m).padStart(2, '0')}`
          : `FY${j.y}-Q${Math.ceil(j.m / 3)}`;
      let b = buckets.get(id);
      if (!b) {
        b = { period: id };
        buckets.set(id, b);
        order.push(id);
      }
      for (const k of FINANCE_KEYS) if (row[k] !== undefined) b[k] = (b[k] ?? 0) + row[k]! / n;
    }
  }
  const sortKey = (id: string) => {
    const q = /^FY(\d{4})-Q(\d)$/.exec(id);
    return q ? `${q[1]}-${String((+q[2] - 1) * 3 + 1).padStart(2, '0')}` : id;
  };
  return order
    .sort((x, y) => sortKey(x).localeCompare(sortKey(y)))
    .map((id) => {
      const b = buckets.get(id)!;
      for (const k of FINANCE_KEYS) if (b[k] !== undefined) b[k] = Math.round(b[k]!);
      return b;
    });
}

/** The demo company of a locale: the English one, or the Persian one. */
export function generateCompanyFor(locale: 'en' | 'fa-IR', options: GenerateOptions): SyntheticCompany {
  return locale === 'fa-IR' ? generatePersianCompany(options) : generateCompany(options);
}

/** Today's date for the demo of a locale: the Persian company lives in Tehran time. */
export const DEMO_TIME_ZONE = { en: 'UTC', 'fa-IR': 'Asia/Tehran' } as const;
