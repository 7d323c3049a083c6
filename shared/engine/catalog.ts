/**
 * Every KPI of kpis.md: id, label, unit, direction and the formula in one sentence.
 * The single source for the workbooks' definitions sheet and the README.
 */
import type { KpiDefinition } from './types';

export const KPI_CATALOG: readonly KpiDefinition[] = Object.freeze([
  // ---------------------------------------------------------------- pipeline and sales
  { id: 'deals_won', label: 'Deals won', unit: 'count', better: 'higher', group: 'pipeline', headline: true, breakdown: true, accumulates: true,
    formula: 'Number of deals with status won and a closed date in the period.' },
  { id: 'deals_lost', label: 'Deals lost', unit: 'count', better: 'lower', group: 'pipeline', breakdown: true, accumulates: true,
    formula: 'Number of deals with status lost and a closed date in the period.' },
  { id: 'bookings', label: 'Bookings', unit: 'money', better: 'higher', group: 'pipeline', headline: true, breakdown: true, accumulates: true,
    formula: 'Sum of the amounts of the deals won in the period.' },
  { id: 'avg_deal_size', label: 'Average deal size', unit: 'money', better: 'higher', group: 'pipeline', breakdown: true,
    formula: 'Bookings divided by deals won (revenue per purchase).' },
  { id: 'win_rate', label: 'Win rate', unit: 'fraction', better: 'higher', group: 'pipeline', headline: true, breakdown: true,
    formula: 'Deals won divided by deals won plus deals lost in the period.' },
  { id: 'close_rate', label: 'Close rate', unit: 'fraction', better: 'higher', group: 'pipeline', headline: true, breakdown: true,
    formula: 'Deals won in the period divided by the pipeline deals: deals created on or before the period end that were not closed before its start.' },
  { id: 'conversion_rate', label: 'Lead conversion rate', unit: 'fraction', better: 'higher', group: 'pipeline', breakdown: true,
    formula: 'Of the deals created in the period, the share that are won as of the report date.' },
  { id: 'sales_cycle_days', label: 'Sales cycle (mean days)', unit: 'days', better: 'lower', group: 'pipeline', headline: true, breakdown: true,
    formula: 'Mean number of days from created date to closed date over the deals won in the period.' },
  { id: 'sales_cycle_days_median', label: 'Sales cycle (median days)', unit: 'days', better: 'lower', group: 'pipeline', breakdown: true,
    formula: 'Median number of days from created date to closed date over the deals won in the period.' },
  { id: 'open_pipeline_value', label: 'Open pipeline value', unit: 'money', better: 'higher', group: 'pipeline', headline: true, breakdown: true,
    formula: 'Sum of the amounts of the deals open at the period end (created on or before it and not closed on or before it).' },
  { id: 'open_deals', label: 'Open deals', unit: 'count', better: 'higher', group: 'pipeline', breakdown: true,
    formula: 'Number of deals open at the period end.' },
  { id: 'pipeline_velocity', label: 'Pipeline velocity', unit: 'money_per_day', better: 'higher', group: 'pipeline', headline: true, breakdown: true,
    formula: 'Open deals times win rate times average deal size, divided by the mean sales cycle in days.' },
  { id: 'net_new_revenue', label: 'Net new revenue', unit: 'money', better: 'higher', group: 'pipeline', breakdown: true, accumulates: true,
    formula: 'Sum of the first-year value of new-business deals won in the period: the amount, or amount x 12 / contract months for terms over 12 months.' },
  { id: 'expansion_revenue', label: 'Expansion revenue', unit: 'money', better: 'higher', group: 'pipeline', breakdown: true, accumulates: true,
    formula: 'Sum of the amounts of upsell and cross-sell deals won in the period.' },
  { id: 'upsell_rate', label: 'Upsell rate', unit: 'fraction', better: 'higher', group: 'pipeline', breakdown: true,
    formula: 'Distinct customers with an upsell or cross-sell deal won in the period divided by distinct customers with any deal won in the period.' },

  // ---------------------------------------------------------------- customers
  { id: 'new_customers', label: 'New customers', unit: 'count', better: 'higher', group: 'customers', headline: true, accumulates: true,
    formula: 'Customers whose first won deal closed in the period.' },
  { id: 'active_customers', label: 'Active customers', unit: 'count', better: 'higher', group: 'customers',
    formula: 'Customers active on the period end: covered by a won deal (closed date through closed date + contract months, or the activity window for one-time sales, minus one day).' },
  { id: 'churned_customers', label: 'Churned customers', unit: 'count', better: 'lower', group: 'customers', accumulates: true,
    formula: 'Customers active on the day before the period that are not active on its end.' },
  { id: 'churn_rate', label: 'Churn rate', unit: 'fraction', better: 'lower', group: 'customers', headline: true,
    formula: 'Churned customers divided by the customers active on the day before the period (logo churn).' },
  { id: 'retention_rate', label: 'Retention rate', unit: 'fraction', better: 'higher', group: 'customers',
    formula: 'Customers active both on the day before the period and on its end, divided by those active on the day before the period.' },
  { id: 'customer_growth_rate', label: 'Customer growth rate', unit: 'fraction', better: 'higher', group: 'customers',
    formula: '(Active customers at the period end minus active customers on the day before the period) divided by the latter.' },
  { id: 'renewal_rate', label: 'Renewal rate', unit: 'fraction', better: 'higher', group: 'customers',
    formula: 'Of the subscription deals whose term ends in the period, the share whose customer won another subscription deal after the original closed and no later than the term end plus the renewal grace days.' },
  { id: 'repeat_purchase_rate', label: 'Repeat purchase rate', unit: 'fraction', better: 'higher', group: 'customers',
    formula: 'Over the 12 months ending at the period end: customers with two or more won deals divided by customers with at least one.' },
  { id: 'cac', label: 'Customer acquisition cost', unit: 'money', better: 'lower', group: 'customers',
    formula: 'Finance sales and marketing cost in the period divided by new customers.' },
  { id: 'cost_to_serve', label: 'Cost to serve', unit: 'money', better: 'lower', group: 'customers',
    formula: 'Finance service cost in the period divided by the mean of the active customers on the day before the period and at its end.' },
  { id: 'clv', label: 'Customer lifetime value', unit: 'money', better: 'higher', group: 'customers',
    formula: 'Over the 12 months ending at the period end: bookings per active customer times gross margin, divided by the annual churn rate.' },
  { id: 'clv_to_cac', label: 'CLV to CAC', unit: 'ratio', better: 'higher', group: 'customers',
    formula: 'Customer lifetime value divided by customer acquisition cost.' },
  { id: 'pareto_top20_share', label: 'Top 20% customers share', unit: 'fraction', better: 'neutral', group: 'customers',
    formula: 'Over the 12 months ending at the period end: the share of the won amount brought by the top 20% of customers (rounded up) ranked by won amount.' },
  { id: 'pareto_80_customer_share', label: 'Customers bringing 80%', unit: 'fraction', better: 'neutral', group: 'customers',
    formula: 'Over the 12 months ending at the period end: the smallest share of customers, largest first, whose won amount reaches 80% of the total.' },

  // ---------------------------------------------------------------- loyalty
  { id: 'loyal_share', label: 'Loyal customers', unit: 'fraction', better: 'higher', group: 'loyalty',
    formula: 'Share of segmented customers that are active, have two or more won deals in the 24 months ending at the period end and whose latest NPS answer is 7 or more (or missing).' },
  { id: 'somewhat_loyal_share', label: 'Somewhat loyal customers', unit: 'fraction', better: 'higher', group: 'loyalty',
    formula: 'Share of segmented customers that are active at the period end but not loyal.' },
  { id: 'disloyal_share', label: 'Disloyal customers', unit: 'fraction', better: 'lower', group: 'loyalty',
    formula: 'Share of segmented customers that have a won deal, are not active at the period end and were not last lost to a competitor.' },
  { id: 'competitor_loyal_share', label: 'Competitor-loyal customers', unit: 'fraction', better: 'lower', group: 'loyalty',
    formula: 'Share of segmented customers that are not active at the period end and whose latest closed deal was lost to a competitor.' },

  // ---------------------------------------------------------------- surveys
  { id: 'survey_responses', label: 'Survey responses', unit: 'count', better: 'higher', group: 'surveys', accumulates: true,
    formula: 'Number of survey responses dated in the period.' },
  { id: 'nps', label: 'Net Promoter Score', unit: 'score', better: 'higher', group: 'surveys', headline: true,
    formula: '100 x (promoters answering 9-10 minus detractors answering 0-6) divided by the responses with an NPS answer.' },
  { id: 'csat', label: 'Customer satisfaction (CSAT)', unit: 'fraction', better: 'higher', group: 'surveys', headline: true,
    formula: 'Responses with a CSAT answer of 4 or 5 divided by the responses with a CSAT answer.' },
  { id: 'ces', label: 'Customer effort score', unit: 'score', better: 'higher', group: 'surveys',
    formula: 'Mean CES answer from 1 to 7 (7 = easiest).' },
  { id: 'ces_easy_share', label: 'Easy experiences', unit: 'fraction', better: 'higher', group: 'surveys',
    formula: 'Responses with a CES answer of 5 to 7 divided by the responses with a CES answer.' },
  { id: 'expectation_gap', label: 'Expectation gap', unit: 'score', better: 'higher', group: 'surveys',
    formula: 'Mean of performance minus expectation over the responses that answered both.' },
  { id: 'delighted_share', label: 'Delighted customers', unit: 'fraction', better: 'higher', group: 'surveys',
    formula: 'Share of the responses with both answers whose performance exceeds the expectation.' },
  { id: 'satisfied_share', label: 'Satisfied customers', unit: 'fraction', better: 'higher', group: 'surveys',
    formula: 'Share of the responses with both answers whose performance equals the expectation.' },
  { id: 'dissatisfied_share', label: 'Dissatisfied customers', unit: 'fraction', better: 'lower', group: 'surveys',
    formula: 'Share of the responses with both answers whose performance falls short of the expectation.' },

  // ---------------------------------------------------------------- finance
  { id: 'revenue', label: 'Revenue', unit: 'money', better: 'higher', group: 'finance', headline: true, accumulates: true,
    formula: 'Sum of the revenue recognised in the period from the finance figures.' },
  { id: 'gross_profit', label: 'Gross profit', unit: 'money', better: 'higher', group: 'finance', accumulates: true,
    formula: 'Revenue minus cost of revenue (null when either is missing).' },
  { id: 'gross_margin', label: 'Gross margin', unit: 'fraction', better: 'higher', group: 'finance', headline: true,
    formula: 'Gross profit divided by revenue.' },
  { id: 'market_share', label: 'Market share', unit: 'fraction', better: 'higher', group: 'finance',
    formula: 'Revenue divided by the total market revenue of the period.' },
  { id: 'crm_tco_to_date', label: 'CRM total cost of ownership to date', unit: 'money', better: 'lower', group: 'finance',
    formula: 'Sum of CRM cost of all finance periods from the fiscal quarter of the CRM go-live through the period end.' },
  { id: 'crm_tco_3y', label: 'CRM total cost of ownership (3 years)', unit: 'money', better: 'lower', group: 'finance',
    formula: 'Sum of CRM cost over the 12 fiscal quarters starting with the go-live quarter, planned future quarters included.' },
  { id: 'savings', label: 'Cost-to-serve savings', unit: 'money', better: 'higher', group: 'finance', accumulates: true,
    formula: '(Baseline cost to serve, the mean of the 4 quarters before go-live, minus cost to serve) times the mean number of active customers; a year sums its quarters.' },
  { id: 'crm_roi_to_date', label: 'CRM ROI to date', unit: 'fraction', better: 'higher', group: 'finance',
    formula: '(Sum over the quarters from go-live through the period of savings plus gross profit minus the baseline gross profit, minus CRM TCO to date) divided by CRM TCO to date.' },
] satisfies KpiDefinition[]);

export const KPI_IDS: readonly string[] = KPI_CATALOG.map((k) => k.id);

const BY_ID = new Map(KPI_CATALOG.map((k) => [k.id, k]));

/** The definition of a KPI id, or undefined for an unknown id. */
export function kpiDefinition(id: string): KpiDefinition | undefined {
  return BY_ID.get(id);
}

/** Ids of the pipeline and sales KPIs computed per breakdown dimension value. */
export const BREAKDOWN_KPI_IDS: readonly string[] = KPI_CATALOG.filter((k) => k.breakdown).map((k) => k.id);
