export interface Row {
  figure: string;
  value: string;
  target: string;
}

/** A plain-text table (Markdown-compatible, so it can be pasted into a note). */
export function printTable(rows: Row[]): void {
  const header: Row = { figure: 'figure', value: 'measured', target: 'target' };
  const widths = (['figure', 'value', 'target'] as const).map((key) =>
    Math.max(...[header, ...rows].map((r) => r[key].length)),
  );
  const line = (r: Row) =>
    `| ${r.figure.padEnd(widths[0]!)} | ${r.value.padEnd(widths[1]!)} | ${r.target.padEnd(widths[2]!)} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  rows.forEach((r) => console.log(line(r)));
}
