/**
 * A scope: one value of one breakdown dimension (`team=EMEA`, `region=North`), or the
 * whole company (''). The syntax of the targets file's `scope` column, used again by
 * the config's `deliveries`. Values match deal fields regardless of case and
 * surrounding spaces, as the engine places scoped targets.
 */
import { DIMENSIONS, type Deal, type Dimension } from './types';

export interface Scope {
  dimension: Dimension;
  /** As written (trimmed), e.g. `EMEA`. */
  value: string;
}

export const SCOPE_SYNTAX = `empty (whole company) or dimension=value with dimension one of ${DIMENSIONS.join(', ')}, e.g. team=EMEA`;

/** `team=EMEA` -> { dimension: 'team', value: 'EMEA' }; '' -> null (company); undefined when malformed. */
export function parseScope(raw: string): Scope | null | undefined {
  const s = raw.trim();
  if (!s) return null;
  const m = /^([^=]+)=(.+)$/.exec(s);
  if (!m) return undefined;
  const dim = m[1].trim().toLowerCase().replace(/[\s_-]+/g, '');
  const dimension = DIMENSIONS.find((d) => d === dim);
  const value = m[2].trim();
  if (!dimension || !value || value.includes('=')) return undefined;
  return { dimension, value };
}

export function formatScope(scope: Scope | null): string {
  return scope ? `${scope.dimension}=${scope.value}` : '';
}

/** Whether a deal belongs to the scope (case-insensitive, trimmed). */
export function dealInScope(deal: Deal, scope: Scope): boolean {
  const v = deal[scope.dimension];
  return typeof v === 'string' && v.trim().toLowerCase() === scope.value.toLowerCase();
}
