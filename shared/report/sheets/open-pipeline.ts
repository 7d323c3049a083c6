/** Open pipeline: every open deal, largest amount first (capped). */
import type { OpenDeal } from '../../engine/types';
import { COUNT_FORMAT } from '../cells';
import type { SheetModule } from './module';
import type { DashboardContext } from './dashboard-context';
import { dateColumn, dealColumns } from './deal-columns';

/** Open deals on the printed pages (about two A4 landscape pages). */
const PRINTED_DEALS = 60;

export const openPipeline: SheetModule<DashboardContext> = {
  name: 'sheet.openPipeline',
  render(s, ctx) {
    const { t, doc, details } = ctx;
    const open = details.openDeals;
    const shown = open.slice(0, ctx.max);
    s.title([
      { text: t('open.title', { company: ctx.company, asOf: doc.asOf }), kind: 'title' },
      { text: `${s.cap(shown.length, open.length, t('open.what'), t('open.order'))} ${t('open.totalOnSummary')}` },
      { text: '' },
    ]);
    s.widths([22, 30, 16, 13, 16, 18, 16, 10]);
    const asOfDay = Date.parse(`${doc.asOf}T00:00:00Z`);
    const tab = s.table<OpenDeal>(
      [
        ...dealColumns<OpenDeal>(ctx, [dateColumn<OpenDeal>(t('open.created'), (d) => d.createdDate)]),
        {
          header: t('open.age'),
          value: (d) => {
            const created = Date.parse(`${d.createdDate}T00:00:00Z`);
            return Number.isFinite(created) ? Math.round((asOfDay - created) / 86_400_000) : null;
          },
          format: COUNT_FORMAT,
        },
      ],
      shown,
    );
    s.freeze(tab.firstRow);
    // The printout holds the largest deals (two pages); the sheet holds them all.
    const printNote = s.printTop(8, tab, PRINTED_DEALS);
    if (printNote) s.ws.getCell(3, 1).value = printNote;
  },
};
