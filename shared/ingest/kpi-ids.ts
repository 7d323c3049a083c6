/**
 * The KPI ids of ../shared/spec/kpis.md that a target may name. Kept in this one place
 * until shared/engine/catalog.ts (KPI_CATALOG) lands; then this module derives the set
 * from the catalog.
 */
export const KPI_IDS: readonly string[] = [
  // pipeline and sales
  'deals_won', 'deals_lost', 'bookings', 'avg_deal_size', 'win_rate', 'close_rate', 'conversion_rate',
  'sales_cycle_days', 'sales_cycle_days_median', 'open_pipeline_value', 'open_deals', 'pipeline_velocity',
  'net_new_revenue', 'expansion_revenue', 'upsell_rate',
  // customers
  'new_customers', 'active_customers', 'churned_customers', 'churn_rate', 'retention_rate',
  'customer_growth_rate', 'renewal_rate', 'repeat_purchase_rate', 'cac', 'cost_to_serve', 'clv', 'clv_to_cac',
  'pareto_top20_share', 'pareto_80_customer_share',
  // loyalty segments
  'loyal_share', 'somewhat_loyal_share', 'disloyal_share', 'competitor_loyal_share',
  // surveys
  'survey_responses', 'nps', 'csat', 'ces', 'ces_easy_share', 'expectation_gap', 'delighted_share',
  'satisfied_share', 'dissatisfied_share',
  // finance
  'revenue', 'gross_profit', 'gross_margin', 'market_share', 'crm_tco_to_date', 'crm_tco_3y', 'savings',
  'crm_roi_to_date',
];
