/**
 * A workbook is an ordered list of sheet modules: each names its sheet (a message
 * key, so the name is translated with everything else) and fills it through a
 * SheetBuilder. Adding a sheet = one module + one line in the workbook's list.
 */
import { Book, COLORS } from '../book';
import type { MessageKey } from '../../i18n/messages-en';
import type { RenderContext } from '../render-context';
import { SheetBuilder } from '../sheet';

export interface SheetModule<C extends RenderContext = RenderContext> {
  /** Message key of the sheet name. */
  name: MessageKey;
  /** The first sheet of a workbook gets the house tab colour. */
  first?: boolean;
  render(s: SheetBuilder, ctx: C): void;
}

/** The name a module's sheet gets in this locale (charts on other sheets refer to it). */
export function sheetName(ctx: RenderContext, m: SheetModule<never> | MessageKey): string {
  return ctx.t(typeof m === 'string' ? m : m.name);
}

export async function buildWorkbook<C extends RenderContext>(ctx: C, title: string, modules: SheetModule<C>[]): Promise<Buffer> {
  const book = new Book({ title, company: ctx.company, generatedAt: ctx.doc.generatedAt }, ctx.locale);
  for (const m of modules) {
    const s = new SheetBuilder(book, ctx.t(m.name), ctx, { tabColor: m.first ? COLORS.headerFill : undefined });
    m.render(s, ctx);
  }
  return book.toBuffer();
}
