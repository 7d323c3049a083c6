/** Translated labels of engine enums (status, loyalty segment, direction, KPI area). */
import type { Better, KpiGroup, LoyaltySegment, TargetStatus } from '../../engine/types';
import type { RenderContext } from '../render-context';

export function statusLabel(ctx: RenderContext, s: TargetStatus): string {
  return statusLabels(ctx)[s];
}

export function statusLabels(ctx: RenderContext): Record<TargetStatus, string> {
  return { met: ctx.t('status.met'), at_risk: ctx.t('status.atRisk'), behind: ctx.t('status.behind') };
}

export const SEGMENTS: LoyaltySegment[] = ['loyal', 'somewhat_loyal', 'disloyal', 'competitor_loyal'];

export function segmentLabel(ctx: RenderContext, s: LoyaltySegment): string {
  return ctx.t(`segment.${s}`);
}

export function betterLabel(ctx: RenderContext, b: Better): string {
  return ctx.t(`better.${b}`);
}

export function groupLabel(ctx: RenderContext, g: KpiGroup): string {
  return ctx.t(`group.${g}`);
}
