/**
 * The engine's reasons (why a KPI value, a comparison or a target status is null) in
 * Persian. The engine keeps writing them in English (kpis.json carries the contract's
 * text); a workbook shows them through `reasonText(locale, english)`.
 *
 * Each entry is an English template as the engine composes it, `{name}` standing for
 * a part it fills in, and its Persian. The part's name says how it is written:
 * - `{reason}`: another reason (translated in turn);
 * - `{n}`: a number (the locale's digits); `{date}`, `{start}`, `{end}`, `{asOf}`: an ISO date (Jalali);
 * - `{kpi}`: a KPI id (its Persian label); `{word}`: a period kind (`quarter`, `fiscal year`);
 * - any other name: an id or a value from the data (kept, wrapped in direction marks).
 * `reasons-fa.test.ts` fails when the engine source has a reason without an entry here.
 */
import { localeOf, type LocaleId } from './locale';

export const REASONS_FA: Record<string, string> = {
  // values: the inputs are empty
  'no deals won in period': 'در این دوره معاملهٔ موفقی نیست',
  'no deals closed in period': 'در این دوره معاملهٔ بسته‌شده‌ای (موفق یا ناموفق) نیست',
  'no pipeline deals in period': 'در این دوره معامله‌ای در قیف فروش نیست',
  'no deals created in period': 'در این دوره معامله‌ای ایجاد نشده است',
  'mean sales cycle is 0 days': 'میانگین چرخهٔ فروش صفر روز است',
  'win rate unavailable: {reason}': 'نرخ موفقیت معاملات در دسترس نیست: {reason}',
  'average deal size unavailable: {reason}': 'میانگین ارزش معامله در دسترس نیست: {reason}',
  'sales cycle unavailable: {reason}': 'چرخهٔ فروش در دسترس نیست: {reason}',
  'no customers active on the day before the period': 'در روز پیش از آغاز دوره مشتری فعالی نیست',
  'no subscription terms end in period': 'در این دوره هیچ دورهٔ اشتراکی به پایان نمی‌رسد',
  'no customers with a won deal in the 12 months ending at the period end': 'در ۱۲ ماه منتهی به پایان دوره مشتری‌ای با معاملهٔ موفق نیست',
  'no won amount in the 12 months ending at the period end': 'در ۱۲ ماه منتهی به پایان دوره مبلغ معاملات موفق صفر است',
  'no new customers in period': 'در این دوره مشتری جدیدی نیست',
  'CLV unavailable: {reason}': 'ارزش طول عمر مشتری در دسترس نیست: {reason}',
  'CAC unavailable: {reason}': 'هزینهٔ جذب مشتری در دسترس نیست: {reason}',
  'CAC is 0': 'هزینهٔ جذب مشتری صفر است',
  'no active customers before or at the end of the period': 'نه در روز پیش از آغاز دوره و نه در پایان آن مشتری فعالی نیست',
  'no active customers at the period end': 'در پایان دوره مشتری فعالی نیست',
  'no customers active at the start of the 12 months ending at the period end': 'در آغاز ۱۲ ماه منتهی به پایان دوره مشتری فعالی نیست',
  'annual churn is 0 (lifetime unbounded)': 'ریزش سالانه صفر است (طول عمر مشتری نامحدود)',
  'gross margin taken as 1: no finance revenue or cost of revenue for the 12 months': 'حاشیهٔ سود ناخالص ۱ فرض شد: در ۱۲ ماه درآمد یا بهای تمام‌شدهٔ درآمد در ارقام مالی نیست',
  'gross margin unavailable: {column} missing for the 12 months': 'حاشیهٔ سود ناخالص در دسترس نیست: {column} برای ۱۲ ماه در ارقام مالی نیست',
  'gross margin unavailable: revenue is 0 for the 12 months': 'حاشیهٔ سود ناخالص در دسترس نیست: درآمد ۱۲ ماه صفر است',
  'no segmented customers at the period end': 'در پایان دوره مشتری بخش‌بندی‌شده‌ای نیست',
  'no NPS answers in period': 'در این دوره پاسخی با امتیاز NPS نیست',
  'no CSAT answers in period': 'در این دوره پاسخی با امتیاز رضایت (CSAT) نیست',
  'no CES answers in period': 'در این دوره پاسخی با امتیاز سهولت (CES) نیست',
  'no responses with both expectation and performance in period': 'در این دوره پاسخی با هر دو امتیاز انتظار و عملکرد نیست',
  // finance
  'no finance data': 'دادهٔ مالی نیست',
  'no {column} in finance data': '{column} در ارقام مالی نیست',
  'revenue is 0': 'درآمد صفر است',
  '{period} has a quarter row and month rows ({months}); the quarter row is used': '{period} هم ردیف سه‌ماهه دارد و هم ردیف‌های ماهانه ({months})؛ ردیف سه‌ماهه به کار رفت',
  '{period} has month rows for {months} only (missing {missing}); computed from the months present':
    '{period} فقط ردیف‌های ماهانهٔ {months} را دارد ({missing} نیست)؛ از ماه‌های موجود محاسبه شد',
  'market revenue is 0': 'درآمد بازار صفر است',
  'config crmGoLive is not set': 'تاریخ راه‌اندازی CRM (crmGoLive) در تنظیمات مشخص نشده است',
  'period ends before the CRM go-live quarter {period}': 'دوره پیش از سه‌ماههٔ راه‌اندازی CRM ({period}) به پایان می‌رسد',
  'period before the CRM go-live quarter {period}': 'دوره پیش از سه‌ماههٔ راه‌اندازی CRM ({period}) است',
  'no crm_cost in finance data since {period}': 'هزینهٔ CRM (crm_cost) از {period} به بعد در ارقام مالی نیست',
  'no crm_cost in finance data for {first}..{last}': 'هزینهٔ CRM (crm_cost) برای {first} تا {last} در ارقام مالی نیست',
  'crm_cost present for {n} of the 12 quarters {first}..{last}': 'هزینهٔ CRM (crm_cost) فقط برای {n} سه‌ماهه از ۱۲ سه‌ماههٔ {first} تا {last} موجود است',
  'baseline {kpi} needs the 4 quarters before go-live ({period}: {reason})': '{kpi} مبنا به ۴ سه‌ماههٔ پیش از راه‌اندازی CRM نیاز دارد ({period}: {reason})',
  'cost to serve unavailable: {reason}': 'هزینهٔ خدمت‌رسانی به مشتری در دسترس نیست: {reason}',
  'CRM TCO to date unavailable: {reason}': 'هزینهٔ کل مالکیت CRM تاکنون در دسترس نیست: {reason}',
  'CRM TCO to date is 0': 'هزینهٔ کل مالکیت CRM تاکنون صفر است',
  '{period} savings: {reason}': 'صرفه‌جویی {period}: {reason}',
  '{period} gross profit: {reason}': 'سود ناخالص {period}: {reason}',
  '{period}: {reason}': '{period}: {reason}',
  // arithmetic
  'not a finite number': 'عدد معتبری نیست',
  'missing input': 'داده‌های ورودی ناقص است',
  // comparisons
  'no data before {date}: {period} is not covered': 'داده‌ای پیش از {date} نیست: {period} پوشش داده نمی‌شود',
  'prior value is 0: relative change n/a': 'مقدار دورهٔ قبل صفر است: درصد تغییر ندارد',
  'prior value is negative: relative change n/a': 'مقدار دورهٔ قبل منفی است: درصد تغییر ندارد',
  // targets
  'no KPI value to compare with the target': 'مقداری برای مقایسه با هدف نیست',
  'informational KPI: no status': 'شاخص اطلاعاتی است: وضعیت ندارد',
  'value is 0: attainment n/a, at or below the target': 'مقدار صفر است: درصد تحقق ندارد، برابر یا کمتر از هدف',
  'attainment n/a for zero or negative values; status by direct comparison': 'درصد تحقق برای مقدار صفر یا منفی ندارد؛ وضعیت با مقایسهٔ مستقیم',
  // the review workbooks' note when no closed period has data (shared/report/periods.ts)
  'No closed {word} has data yet ({closed} ended {end}, before the earliest data): this review shows {period} to date ({start} to {asOf}).':
    'هنوز برای هیچ {word} بسته‌شده‌ای داده‌ای نیست ({closed} در {end} به پایان رسید، پیش از نخستین داده‌ها): این گزارش {period} را تا تاریخ گزارش نشان می‌دهد (از {start} تا {asOf}).',
  'unknown KPI id "{id}"': 'شناسهٔ شاخص ناشناخته: {id}',
  'target is not a number': 'هدف عدد نیست',
  'period {period} is not reported (outside the data through the as-of date)': 'دورهٔ {period} گزارش نمی‌شود (خارج از داده‌های تا تاریخ گزارش)',
  'not a fiscal period id "{id}"': 'شناسهٔ دورهٔ مالی نیست: {id}',
  'scope "{scope}" is not dimension=value with a dimension of {dimensions}': 'دامنهٔ {scope} به شکل بُعد=مقدار با یکی از بُعدهای {dimensions} نیست',
  '{kpi} is not computed per {dimension} (only the pipeline and sales KPIs are)': '{kpi} به تفکیک {dimension} محاسبه نمی‌شود (فقط شاخص‌های قیف و فروش)',
  'no deals with {dimension}={value}': 'معامله‌ای با {dimension} برابر {value} نیست',
};

/** Period kinds as the English texts name them, in the form that takes an adjective after it. */
const WORDS_FA: Record<string, string> = { quarter: 'سه‌ماههٔ', 'fiscal year': 'سال مالیِ' };

const DATES = new Set(['date', 'start', 'end', 'asOf']);

interface Pattern {
  re: RegExp;
  names: string[];
  persian: string;
}

const escape = (s: string) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

/** Fixed texts first, then templates with the most fixed text (the most specific), `{period}: {reason}` last. */
const PATTERNS: Pattern[] = Object.entries(REASONS_FA)
  .map(([en, persian]) => {
    const names: string[] = [];
    const body = escape(en).replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name);
      return name === 'n' ? '(\\d+)' : DATES.has(name) ? '(\\d{4}-\\d{2}-\\d{2})' : name === 'reason' ? '(.+)' : '(.+?)';
    });
    return { re: new RegExp(`^${body}$`, 's'), names, persian, fixed: en.replace(/\{\w+\}/g, '').length };
  })
  .sort((a, b) => b.fixed - a.fixed)
  .map(({ re, names, persian }) => ({ re, names, persian }));

/**
 * An engine reason as a workbook in `locale` shows it: the English text itself in
 * English (and for a reason the table does not know), else its translation with the
 * filled-in parts written for that locale.
 */
export function reasonText(locale: LocaleId, english: string): string {
  if (locale === 'en') return english;
  const kit = localeOf(locale);
  const part = (name: string, v: string): string => {
    if (name === 'reason') return reasonText(locale, v);
    if (name === 'n') return kit.number(Number(v));
    if (DATES.has(name)) return kit.dateText(v);
    if (name === 'kpi') return kit.kpiLabel(v);
    if (name === 'word') return WORDS_FA[v] ?? kit.dir(v);
    return kit.dir(v);
  };
  for (const p of PATTERNS) {
    const m = p.re.exec(english);
    if (!m) continue;
    return p.persian.replace(/\{(\w+)\}/g, (_x, name: string) => part(name, m[p.names.indexOf(name) + 1]));
  }
  return english;
}
