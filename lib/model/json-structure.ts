/**
 * What JSON.parse lets through silently or cannot survive: an object that names one key twice
 * (JSON.parse keeps the last value; RFC 8259 section 4 says names "SHOULD be unique" and leaves the
 * outcome to the parser), and nesting deep enough to exhaust the stack of a recursive parser (the
 * line-keeping parser that locates schema problems is one). One pass over the text, iterative,
 * before anything parses it. Syntax errors are not this check's business: JSON.parse reports them.
 */

export interface JsonStructureProblem {
  /** 1-based line of the repeated key or of the bracket that goes too deep. */
  readonly line: number;
  /** Set for nesting too deep, unset for a repeated key. */
  readonly depth?: number;
  readonly message: string;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const NEWLINE = 10;

/** The first repeated key or over-deep nesting in `text`, if any. */
export function jsonStructureProblem(text: string, maxDepth: number): JsonStructureProblem | undefined {
  // One entry per open container: the keys an object has named so far, or null for an array.
  const open: Array<Set<string> | null> = [];
  let line = 1;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = closingQuote(text, i);
      if (end < 0) return undefined;
      const keys = open[open.length - 1];
      if (keys && expectKey) {
        const key = keyOf(text.slice(i, end + 1));
        if (keys.has(key)) return { line, message: `key ${key} appears twice in one object; JSON keeps only the last, so say it once` };
        keys.add(key);
        expectKey = false;
      }
      // A string holds no raw newline in valid JSON (JSON.parse refuses one), so none is counted here.
      i = end;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      open.push(c === OPEN_BRACE ? new Set() : null);
      expectKey = c === OPEN_BRACE;
      if (open.length > maxDepth) return { line, depth: maxDepth, message: `nested more than ${maxDepth} levels deep; this file is not what vend writes` };
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      open.pop();
      expectKey = false;
    } else if (c === COMMA) {
      expectKey = open[open.length - 1] instanceof Set;
    } else if (c === NEWLINE) {
      line++;
    }
  }
  return undefined;
}

/** Index of the quote that closes the string opening at `start`, or -1. */
function closingQuote(text: string, start: number): number {
  let end = start;
  for (;;) {
    end = text.indexOf('"', end + 1);
    if (end < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
  }
}

/** A key as JSON text in one spelling, so `"a\u0062"` and `"ab"` are the same key. */
function keyOf(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.stringify(JSON.parse(raw));
  } catch {
    return raw;
  }
}
