/** The metric the freshness check emits and the stale-dashboard alarm watches. */
export const METRIC_NAMESPACE = 'Scorecard';
export const METRIC_NAME = 'DaysSinceWeeklyDashboard';
