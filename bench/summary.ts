/**
 * Turns runs into the README table: per case and size the median of the runs with min and max,
 * peak RSS, and the ratio to the floor measured in the same round (run i of a case over run i of
 * its floor, so both saw the same load), against the case's target.
 */
import type { BenchCase, Target } from './cases';
import type { RunResult } from './run-case';

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface CaseSummary {
  readonly case: string;
  readonly what: string;
  readonly n: number;
  readonly runs: number;
  readonly failed: number;
  readonly seconds?: Spread;
  readonly cpuSeconds?: Spread;
  readonly peakRssMb?: Spread;
  readonly floor?: string;
  readonly ratio?: Spread;
  readonly target?: Target;
  /** undefined when the case has no target at this size or did not run. */
  readonly met?: boolean;
}

export function spread(values: readonly number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

export function summarize(benchCase: BenchCase, n: number, results: readonly RunResult[]): CaseSummary {
  const mine = results.filter((r) => r.case === benchCase.name && r.n === n);
  const ok = mine.filter((r) => !r.error);
  const floorRuns = new Map(results.filter((r) => r.case === benchCase.floor && r.n === n && !r.error).map((r) => [r.run, r]));
  const ratios = ok.flatMap((r) => {
    const floor = floorRuns.get(r.run);
    return floor?.seconds && r.seconds !== undefined ? [r.seconds / floor.seconds] : [];
  });
  const summary = {
    case: benchCase.name,
    what: benchCase.what,
    n,
    runs: mine.length,
    failed: mine.length - ok.length,
    seconds: spread(ok.map((r) => r.seconds!)),
    cpuSeconds: spread(ok.flatMap((r) => (r.cpuSeconds === undefined ? [] : [r.cpuSeconds]))),
    peakRssMb: spread(ok.map((r) => r.peakRssMb!)),
    floor: benchCase.floor,
    ratio: spread(ratios),
    target: benchCase.targets?.find((t) => t.at === n),
  };
  return { ...summary, met: targetMet(summary) };
}

function targetMet(s: Omit<CaseSummary, 'met'>): boolean | undefined {
  const t = s.target;
  if (!t || s.failed > 0 || !s.seconds) return t && s.failed > 0 ? false : undefined;
  if (t.seconds !== undefined && s.seconds.median > t.seconds) return false;
  if (t.rssMb !== undefined && s.peakRssMb!.max > t.rssMb) return false;
  if (t.ratio !== undefined && (!s.ratio || s.ratio.median > t.ratio)) return false;
  return true;
}

const f2 = (x: number) => x.toFixed(2);
const range = (s: Spread | undefined, fmt: (x: number) => string) => (s ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : '');

function targetText(t: Target | undefined): string {
  if (!t) return '';
  return [t.seconds !== undefined ? `≤ ${t.seconds} s` : '', t.rssMb !== undefined ? `≤ ${t.rssMb} MB` : '', t.ratio !== undefined ? `≤ ${t.ratio}× floor` : '']
    .filter(Boolean)
    .join(', ');
}

export function markdownTable(rows: readonly CaseSummary[]): string {
  const lines = [
    '| case | N | seconds, median (min–max) | CPU s | peak RSS MB, median (max) | × floor, median (min–max) | target | met |',
    '|---|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const r of rows) {
    if (!r.seconds) {
      lines.push(`| ${r.what} | ${r.n.toLocaleString('en-US')} | failed (${r.failed}/${r.runs}) | | | | ${targetText(r.target)} | ${r.target ? 'no' : ''} |`);
      continue;
    }
    const rss = r.peakRssMb ? `${Math.round(r.peakRssMb.median)} (${Math.round(r.peakRssMb.max)})` : '';
    const ratio = r.ratio ? `${range(r.ratio, f2)} of ${r.floor}` : '';
    const met = r.met === undefined ? '' : r.met ? 'yes' : '**no**';
    lines.push(`| ${r.what} | ${r.n.toLocaleString('en-US')} | ${range(r.seconds, f2)} | ${r.cpuSeconds ? f2(r.cpuSeconds.median) : ''} | ${rss} | ${ratio} | ${targetText(r.target)} | ${met} |`);
  }
  return lines.join('\n');
}
