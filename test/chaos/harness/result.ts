// A scenario's result, its verdict, and the one table `npm run chaos` prints.
import type { DuplicateReason } from './duplicates.ts';
import type { Tally } from './ledger.ts';

export interface Check {
  what: string;
  ok: boolean;
  detail?: string;
}

export interface ScenarioResult {
  name: string;
  tally: Tally;
  /** When the fault ended (the hub back up, storage resumed, the receiver fixed…). */
  faultEndedAt?: number;
  /**
   * Duplicated ids with a reason the design accepts (harness/duplicates.ts): the crash window of
   * docs/delivery.md, or a POST the hub gave up on that the receiver did get. Reported, not failed.
   */
  explainedDuplicates: { id: string; reason: DuplicateReason }[];
  /** The scenario's own checks (Java gone after kill -9, 503 with AR while paused…). */
  checks: Check[];
  notes: string[];
  wallMs: number;
  /** Where the hub's log and state were kept (only when something failed). */
  keptDir?: string;
  /** The scenario could not run to the end. */
  error?: string;
}

/** From the fault's end to the last expected alert; 0 when everything had arrived before it ended. */
export function recoverMs(result: ScenarioResult): number | undefined {
  const { faultEndedAt } = result;
  const last = result.tally.lastExpectedAt;
  if (faultEndedAt === undefined || last === undefined) return undefined;
  return Math.max(0, last - faultEndedAt);
}

/** Duplicated ids no accepted reason explains. */
export function unexplainedDuplicates(result: ScenarioResult): string[] {
  const explained = new Set(result.explainedDuplicates.map((entry) => entry.id));
  return result.tally.duplicatedIds.filter((id) => !explained.has(id));
}

/** What made a scenario fail; empty when it passed. */
export function failures(result: ScenarioResult): string[] {
  const t = result.tally;
  const out: string[] = [];
  if (result.error !== undefined) out.push(`error: ${result.error}`);
  if (t.lost.length > 0) out.push(`${t.lost.length} lost`);
  const unexplained = unexplainedDuplicates(result);
  if (unexplained.length > 0) out.push(`${unexplained.length} duplicated ids outside the crash window`);
  if (t.conflictingIds.length > 0) out.push(`${t.conflictingIds.length} ids with two different payloads`);
  if (t.twins.length > 0) out.push(`${t.twins.length} alerts sent under two ids`);
  if (t.unexpected.length > 0) out.push(`${t.unexpected.length} unexpected alerts`);
  if (t.unverified > 0) out.push(`${t.unverified} unverified signatures`);
  if (t.outOfOrder.length > 0) out.push(`${t.outOfOrder.length} people's alerts out of order`);
  for (const check of result.checks)
    if (!check.ok) out.push(`${check.what}${check.detail ? `: ${check.detail}` : ''}`);
  return out;
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`;
}

const HEADER = [
  'scenario',
  'messages accepted (AA)',
  'alerts expected',
  'alerts delivered',
  'lost',
  'duplicated ids',
  'time to recover',
  'same id, other payload',
  'verdict',
];

export function formatTable(results: readonly ScenarioResult[]): string {
  const rows = results.map((result) => {
    const t = result.tally;
    const reasons = (['crash window', 'abandoned POST'] as const)
      .map(
        (reason) =>
          [reason, result.explainedDuplicates.filter((entry) => entry.reason === reason).length] as const,
      )
      .filter(([, count]) => count > 0)
      .map(([reason, count]) => `${count} ${reason}`);
    const duplicates =
      t.duplicatedIds.length === 0
        ? '0'
        : `${t.duplicatedIds.length}${reasons.length > 0 ? ` (${reasons.join(', ')})` : ''}`;
    const accepted =
      t.accepted === t.acceptedMessages
        ? String(t.accepted)
        : `${t.accepted} (${t.acceptedMessages} distinct)`;
    const failed = failures(result);
    return [
      result.name,
      accepted,
      String(t.expected),
      String(t.delivered),
      String(t.lost.length),
      duplicates,
      seconds(recoverMs(result)),
      String(t.conflictingIds.length),
      failed.length === 0 ? 'pass' : 'FAIL',
    ];
  });
  const widths = HEADER.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ')} |`;
  return [
    line(HEADER),
    `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

/** Below the table: per scenario, its checks, notes and what failed. */
export function formatDetails(results: readonly ScenarioResult[]): string {
  const out: string[] = [];
  for (const result of results) {
    const failed = failures(result);
    out.push(
      `${result.name} (${seconds(result.wallMs)} wall)${failed.length > 0 ? ` — FAILED: ${failed.join('; ')}` : ''}`,
    );
    for (const check of result.checks)
      out.push(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.what}${check.detail ? ` — ${check.detail}` : ''}`);
    for (const note of result.notes) out.push(`  note ${note}`);
    const t = result.tally;
    if (t.lost.length > 0)
      out.push(
        `  lost: ${t.lost
          .slice(0, 10)
          .map((alert) => `${alert.message.label} (${alert.message.event})`)
          .join(', ')}${t.lost.length > 10 ? ', …' : ''}`,
      );
    if (t.duplicatedIds.length > 0)
      out.push(`  duplicated ids (${t.extraCopies} extra copies): ${t.duplicatedIds.slice(0, 5).join(', ')}`);
    if (t.twins.length > 0) out.push(`  same alert under two ids: ${t.twins.slice(0, 5).join(', ')}`);
    if (t.unexpected.length > 0) out.push(`  unexpected: ${t.unexpected.slice(0, 5).join(', ')}`);
    if (t.outOfOrder.length > 0) out.push(`  out of order: ${t.outOfOrder.slice(0, 5).join(', ')}`);
    if (result.keptDir !== undefined) out.push(`  hub log and state kept in ${result.keptDir}`);
  }
  return out.join('\n');
}
