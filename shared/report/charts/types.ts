/** Public types of the native chart module (re-exported by ./index). */

export type ChartKind = 'column' | 'bar' | 'line' | 'combo' | 'doughnut'; // bar = horizontal bars (funnel)

export interface ChartSeries {
  /** Legend text (cached). */
  name: string;
  /** Optional cell ref of the name, e.g. "'Trends'!$C$1". */
  nameRef?: string;
  /** e.g. "'Trends'!$A$2:$A$9" (quote sheet names always; escape ' as ''). */
  categoriesRef: string;
  /** e.g. "'Trends'!$C$2:$C$9". */
  valuesRef: string;
  /** Cached category labels (what the cells hold, formatted as text). */
  categories: string[];
  /** Cached values (null = empty point). */
  values: (number | null)[];
  /** Combo charts: per-series plot type (default 'column'). */
  type?: 'column' | 'line';
  /** Column/line/combo: this series on a secondary value axis (right side). Ignored by bar and doughnut. */
  secondaryAxis?: boolean;
  /** Hex 'RRGGBB' (a leading '#' is accepted). Default: the module palette, by series position. */
  color?: string;
}

export interface ChartAnchor {
  /** 0-based cell corners (twoCellAnchor): the chart spans from the top-left of `from` to the top-left of `to`. */
  from: { col: number; row: number };
  to: { col: number; row: number };
}

export interface ChartSpec {
  /** Worksheet name the chart is drawn on. */
  sheet: string;
  title: string;
  kind: ChartKind;
  series: ChartSeries[];
  anchor: ChartAnchor;
  /** Number format of the (primary) value axis, e.g. '0%', '#,##0', '"$"#,##0'. Default: linked to the cells. */
  valueFormat?: string;
  secondaryValueFormat?: string;
  /** Default 'bottom'. */
  legend?: 'bottom' | 'right' | 'top' | 'none';
  dataLabels?: boolean;
  /** What data labels show. Default 'value' ('percent' for doughnuts). */
  dataLabelContent?: 'value' | 'percent' | 'categoryAndPercent';
  /** Doughnut: one colour per point (default true for doughnuts). */
  varyColors?: boolean;
  /** Doughnut hole size in percent of the radius, 10..90 (default 55). */
  holeSize?: number;
  /** Optional title of the (primary) value axis. */
  valueAxisTitle?: string;
  /** Optional title of the secondary value axis. */
  secondaryValueAxisTitle?: string;
  /** Alternative text for screen readers (default: the title). */
  altText?: string;
  /**
   * Right-to-left sheets (Persian): the chart is mirrored. Column, line and combo charts run
   * their categories from right to left with the value axis on the right (a secondary one on
   * the left); horizontal bars grow from right to left with their labels on the right.
   */
  rtl?: boolean;
  /** Font of every text of the chart (titles, axes, legend, labels), e.g. the locale's font for Persian glyphs. */
  font?: string;
}
