/**
 * The figures issue 10 asks for, each beside its goal: printed as a table by the benchmark that
 * measures it, and kept with its results (bench/results/). "holds" is yes, no, or "—" for a figure
 * measured without a goal of its own.
 */
export interface GoalRow {
  figure: string;
  value: number | string;
  goal: string;
  holds: 'yes' | 'no' | '—';
}

export const atMost = (figure: string, value: number, limit: number, unit = ''): GoalRow => ({
  figure,
  value: +value.toFixed(2),
  goal: `≤ ${limit}${unit}`,
  holds: value <= limit ? 'yes' : 'no',
});

export const atLeast = (figure: string, value: number, limit: number, unit = ''): GoalRow => ({
  figure,
  value: +value.toFixed(2),
  goal: `≥ ${limit}${unit}`,
  holds: value >= limit ? 'yes' : 'no',
});

export function printGoals(title: string, rows: GoalRow[]): void {
  console.log(`\n${title}: the figures of issue 10 and their goals`);
  console.table(rows);
}
