/** Labels of engine enums in the workbook's locale (the locale kit holds every locale's words). */
import type { TargetStatus } from '../../engine/types';
import type { LoyaltySegment } from '../../engine/types';
import type { RenderContext } from '../render-context';

export function statusLabel(ctx: RenderContext, s: TargetStatus): string {
  return ctx.locale.statusLabel(s);
}

export function statusLabels(ctx: RenderContext): Record<TargetStatus, string> {
  return { met: statusLabel(ctx, 'met'), at_risk: statusLabel(ctx, 'at_risk'), behind: statusLabel(ctx, 'behind') };
}

export const SEGMENTS: LoyaltySegment[] = ['loyal', 'somewhat_loyal', 'disloyal', 'competitor_loyal'];

export function segmentLabel(ctx: RenderContext, s: LoyaltySegment): string {
  return ctx.locale.segmentLabel(s);
}
