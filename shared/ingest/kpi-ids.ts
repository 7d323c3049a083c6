/**
 * The KPI ids a target may name: the engine's catalog (shared/engine/catalog.ts), the
 * single source of the ids of kpis.md.
 */
export { KPI_IDS } from '../engine/catalog';
