// Turns a scenario's result into the plain-text table printed after it runs.
import type { MeasuredRow, ScenarioResult } from './scenario.ts';

/** Example: process.stdout.write(formatResult(result)); */
export function formatResult(result: ScenarioResult): string {
  if (result.kind === 'skipped') return `${result.name}: skipped: ${result.reason}\n\n`;
  if (result.kind === 'cold-start') {
    const table = formatTable(
      ['scenario', 'target', 'median ms', 'runs ms'],
      [[result.name, 'app', formatMs(result.medianMs), result.runsMs.map(formatMs).join(', ')]],
      2,
    );
    return `${result.title}\n${table}\n`;
  }
  if (result.kind === 'mail') {
    const table = formatTable(
      ['scenario', 'target', 'delivered', 'msg/s', 'p50 ms', 'p99 ms'],
      result.rows.map((row) => [
        result.name,
        row.target,
        `${row.delivered.toLocaleString('en-US')}/${row.messages.toLocaleString('en-US')}`,
        row.perSecond === undefined ? '—' : Math.round(row.perSecond).toLocaleString('en-US'),
        row.p50Ms.toFixed(2),
        row.p99Ms.toFixed(2),
      ]),
      2,
    );
    return `${result.title}\n${table}${result.goals.map((goal) => `  ${goal}\n`).join('')}\n`;
  }
  const table = formatTable(
    ['scenario', 'target', 'req/s', 'p50 ms', 'p99 ms', 'ratio'],
    result.rows.map((row) => [
      result.name,
      row.target,
      Math.round(row.reqPerSec).toLocaleString('en-US'),
      row.p50Ms.toFixed(2),
      row.p99Ms.toFixed(2),
      row.ratio === undefined ? 'baseline' : formatRatio(row.ratio),
    ]),
    2,
  );
  const goals = (result.goals ?? []).map((goal) => `  ${goal}\n`).join('');
  return `${result.title}\n${table}${result.rows.map(formatWarning).join('')}${goals}\n`;
}

function formatWarning(row: MeasuredRow): string {
  if (row.errors === 0 && row.unexpectedStatus === 0) return '';
  return `  ! ${row.target}: ${row.errors} connection errors or timeouts, ${row.unexpectedStatus} answers with an unexpected status\n`;
}

// Two decimals hide a small ratio (0.0087 would print as 0.01), so small ones keep two significant digits.
function formatRatio(ratio: number): string {
  return `${ratio >= 0.1 || ratio === 0 ? ratio.toFixed(2) : ratio.toPrecision(2)}×`;
}

function formatMs(ms: number): string {
  return Math.round(ms).toLocaleString('en-US');
}

/** Columns before `leftColumns` are left-aligned, the rest (numbers) right-aligned. */
function formatTable(head: string[], rows: string[][], leftColumns: number): string {
  const widths = head.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i < leftColumns ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('   ').trimEnd();
  return [head, ...rows].map((cells) => `${line(cells)}\n`).join('');
}
