/** Definitions: every KPI's formula in words (the catalog), then how the forecast is made and how it did in the past. */
import type { ForecastBacktestSummary } from '../../engine/types';
import { num, PCT_FORMAT, unitLabel } from '../cells';
import { orderedDefs } from '../kpi-tables';
import type { RenderContext } from '../render-context';
import type { SheetModule } from './module';

export const definitions: SheetModule = {
  name: 'sheet.definitions',
  render(s, ctx) {
    const { t } = ctx;
    s.title([
      { text: t('definitions.title', { company: ctx.company }), kind: 'title' },
      { text: t('definitions.subtitle') },
    ]);
    s.widths([26, 30, 17, 13, 17, 100]);
    const defs = orderedDefs(ctx.input.catalog);
    const tab = s.table(
      [
        { header: t('definitions.id'), value: (d) => d.id, style: top },
        { header: t('col.kpi'), value: (d) => ctx.label(d.id), style: top },
        { header: t('definitions.area'), value: (d) => ctx.locale.groupLabel(d.group), style: top },
        { header: t('definitions.unit'), value: (d) => ctx.locale.unitLabel(d.unit, ctx.currency), style: top },
        { header: t('definitions.direction'), value: (d) => ctx.locale.betterLabel(d.better), style: top },
        { header: t('definitions.definition'), value: (d) => ctx.formula(d.id), style: (c) => (c.alignment = { wrapText: true, vertical: 'top' }) },
      ],
      defs,
    );
    defs.forEach((d, i) => {
      const lines = Math.ceil(ctx.formula(d.id).length / 110);
      if (lines > 1) s.ws.getRow(tab.firstRow + i).height = 15 * lines;
    });
    s.freeze(tab.firstRow, 3);
    forecastMethod(s, ctx);
    s.printArea(6);
  },
};

const top = (c: { alignment: unknown }) => (c.alignment = { vertical: 'top' });

/** How the forecast is made and, when the engine backtested it, its error against two simpler methods. */
function forecastMethod(s: Parameters<SheetModule['render']>[0], ctx: RenderContext): void {
  const { t } = ctx;
  const quarter = ctx.doc.periods.find((p) => p.id === ctx.details.currentQuarter);
  const methods = [...new Set(Object.values(quarter?.kpis ?? {}).flatMap((kv) => (kv.forecast ? [kv.forecast.method] : [])))];
  const backtest = ctx.details.forecastBacktest;
  if (!methods.length && !backtest) return;
  s.skip(2);
  s.section(t('forecast.definitionSection'), t('forecast.definition', { methods: methods.join(', ') || t('common.na') }));
  s.ws.getCell(s.row - 1, 1).alignment = { wrapText: false };
  if (!backtest?.summary.length) return;
  s.skip();
  s.section(t('forecast.backtestSection'), t('forecast.backtestNote', { n: Math.max(0, ...backtest.summary.map((x) => x.quarters)) }));
  s.table<ForecastBacktestSummary>(
    [
      { header: t('definitions.id'), value: (x) => x.kpi },
      { header: t('forecast.methodCol'), value: (x) => t(`forecast.method.${x.method}`) },
      { header: t('forecast.quarters'), value: (x) => x.quarters, format: '0' },
      { header: t('forecast.mape'), value: (x) => num(x.mape), format: PCT_FORMAT },
      { header: t('forecast.coverage'), value: (x) => num(x.coverage), format: PCT_FORMAT },
    ],
    backtest.summary,
    { filter: false },
  );
}
