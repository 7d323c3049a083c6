/** The deal columns the stuck-deal and open-deal lists share (upload text made formula-safe). */
import type { OpenDeal, StuckDeal } from '../../engine/types';
import { DATE_FORMAT, dateCell, safeText } from '../cells';
import type { RenderContext } from '../render-context';
import type { Column } from '../sheet';

type Deal = Pick<StuckDeal | OpenDeal, 'dealId' | 'customerId' | 'customerName' | 'stage' | 'amount' | 'amountUnknown' | 'owner' | 'team'>;

export function dealColumns<D extends Deal>(ctx: RenderContext, middle: Column<D>[]): Column<D>[] {
  const { t } = ctx;
  return [
    { header: t('col.deal'), key: 'deal', value: (d) => safeText(d.dealId) },
    { header: t('col.customer'), key: 'customer', value: (d) => safeText(d.customerName || d.customerId) },
    { header: t('col.stage'), key: 'stage', value: (d) => safeText(ctx.locale.stageLabel(d.stage)) },
    ...middle,
    { header: t('col.amount'), key: 'amount', value: (d) => (d.amountUnknown ? null : d.amount), format: ctx.money },
    // indent keeps the owner clear of the right-aligned amount
    { header: t('col.owner'), key: 'owner', value: (d) => safeText(d.owner), style: (c) => (c.alignment = { indent: 1 }) },
    { header: t('col.team'), key: 'team', value: (d) => safeText(d.team) },
  ];
}

export function dateColumn<D>(header: string, get: (d: D) => string | null | undefined): Column<D> {
  return { header, value: (d) => dateCell(get(d)), format: DATE_FORMAT };
}
