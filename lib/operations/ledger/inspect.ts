/**
 * The state of a ledger against its anchor, from the whole file: every line parses, hashes and
 * links to the one before, and the last one is the head the anchor signs.
 */
import { GENESIS, hashOf, type LedgerEntry } from './entry';
import { checkAnchor, type Anchor } from './anchor';

/**
 * `absent`: neither ledger nor anchor exists. `ok`: the chain is intact and the anchor signs its
 * head. `interrupted`: the anchor is exactly one entry ahead (a write cut short by a crash; `repair`
 * completes it from the anchor). `broken`: anything else (including a missing ledger or anchor).
 */
export type LedgerCondition = 'absent' | 'ok' | 'interrupted' | 'broken';

export interface LedgerState {
  readonly condition: LedgerCondition;
  /** Complete entries in the file. */
  readonly entries: number;
  readonly problems: readonly string[];
  readonly anchor?: Anchor;
  readonly last?: LedgerEntry;
  /** Text after the last newline (a line cut short), if any. */
  readonly partial: string;
}

export interface ChainCheck {
  readonly entries: LedgerEntry[];
  readonly problems: string[];
  readonly partial: string;
}

/** Checks the hash chain of a ledger's text; a last line without its newline is reported apart. */
export function checkChain(file: string, text: string): ChainCheck {
  const lines = text.split('\n');
  const partial = lines.pop() ?? '';
  const problems: string[] = [];
  const entries: LedgerEntry[] = [];
  let prev = GENESIS;
  let seq = 0;
  lines.forEach((raw, i) => {
    const where = `${file}:${i + 1}`;
    const line = raw.replace(/\r$/, '');
    let entry: LedgerEntry;
    try {
      entry = JSON.parse(line) as LedgerEntry;
    } catch {
      problems.push(`${where}: not valid JSON`);
      return;
    }
    const { hash, ...body } = entry;
    if (hashOf(body) !== hash) problems.push(`${where}: content does not match its hash (edited)`);
    if (entry.prev !== prev) problems.push(`${where}: previous-hash link broken (a line before it was edited, deleted or inserted)`);
    if (entry.seq !== seq + 1) problems.push(`${where}: sequence ${entry.seq} follows ${seq} (line deleted or reordered)`);
    prev = hash;
    seq = entry.seq;
    entries.push(entry);
  });
  return { entries, problems, partial };
}

export interface InspectInput {
  readonly file: string;
  /** The ledger text, undefined when the file does not exist. */
  readonly text: string | undefined;
  readonly anchorLocation: string;
  readonly anchorText: string | undefined;
  readonly publicKey: string;
}

export function inspectLedger(input: InspectInput): LedgerState {
  const { file, text, anchorText } = input;
  if ((text === undefined || text === '') && anchorText === undefined) return { condition: 'absent', entries: 0, problems: [], partial: '' };
  const chain = text === undefined ? { entries: [], problems: [], partial: '' } : checkChain(file, text);
  const last = chain.entries[chain.entries.length - 1];
  const base = { entries: chain.entries.length, last, partial: chain.partial };
  if (text === undefined) return { ...base, condition: 'broken', problems: [`${file} does not exist, but its anchor ${input.anchorLocation} says it should (restore the ledger)`] };
  if (anchorText === undefined) {
    return { ...base, condition: 'broken', problems: [...chain.problems, `${input.anchorLocation}: no anchor, so nothing vouches for this ledger's head (was it written by another setup?)`] };
  }
  const checked = checkAnchor(anchorText, input.publicKey);
  if (!checked.anchor) return { ...base, condition: 'broken', problems: [...chain.problems, `${input.anchorLocation}: ${checked.problem}`] };
  const anchor = checked.anchor;
  const problems = [...chain.problems, ...headProblems(file, anchor, last, chain.partial)];
  if (problems.length) return { ...base, anchor, condition: 'broken', problems };
  if (anchor.entries === base.entries + 1) {
    return { ...base, anchor, condition: 'interrupted', problems: [`${file}: the last entry (${anchor.entries}) was signed but not fully written (an interrupted append); \`vend audit verify --repair\` completes it from the anchor`] };
  }
  return { ...base, anchor, condition: 'ok', problems: [] };
}

/** How the signed head and the file's last entry disagree (empty when they agree or the file is one entry behind). */
export function headProblems(file: string, anchor: Anchor, last: LedgerEntry | undefined, partial: string): string[] {
  const seq = last?.seq ?? 0;
  const hash = last?.hash ?? GENESIS;
  if (anchor.entries === seq && anchor.head === hash) {
    return partial ? [`${file}: text after the last entry that no signed head covers (${JSON.stringify(partial.slice(0, 40))}...)`] : [];
  }
  const oneAhead = anchor.entries === seq + 1 && anchor.entry?.prev === hash;
  if (oneAhead) {
    return partial === '' || JSON.stringify(anchor.entry).startsWith(partial) ? [] : [`${file}: the last line is cut short and is not the entry the anchor signs`];
  }
  if (anchor.entries > seq) return [`${file}: the anchor signs ${anchor.entries} entries ending in ${anchor.head.slice(0, 12)}, the file has ${seq} (entries deleted, or a stale copy of the ledger)`];
  if (anchor.entries < seq) return [`${file}: the file has ${seq} entries, the anchor signs only ${anchor.entries} (entries added outside vend)`];
  return [`${file}: entry ${seq} is ${hash.slice(0, 12)} but the anchor signs ${anchor.head.slice(0, 12)} (the ledger was rewritten)`];
}
