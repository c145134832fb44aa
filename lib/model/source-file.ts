/**
 * One catalog file: its text and parsed YAML with a line index, so a field path maps back to the
 * line it was written on.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic } from './diagnostic';
import { renderPath } from './diagnostic';
import { plainYamlValue } from './fast-yaml';

/** Files larger than this are refused before parsing (a catalog file is a few hundred bytes). */
export const MAX_FILE_BYTES = 1024 * 1024;

const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true, strict: true } as const;
const TOO_DEEP = 'nested too deeply to read; catalog files are a few levels deep';

export class SourceFile {
  private constructor(
    /** Path for messages. */
    readonly file: string,
    private parsed: { readonly document: Document | undefined; readonly lines: LineCounter } | { readonly text: string },
  ) {}

  /** The syntax tree, parsed on first use for files read the fast way (fast-yaml.ts). */
  get document(): Document | undefined {
    return this.tree().document;
  }

  private tree(): { readonly document: Document | undefined; readonly lines: LineCounter } {
    if ('text' in this.parsed) {
      const lines = new LineCounter();
      this.parsed = { document: parseDocument(this.parsed.text, { ...YAML_OPTIONS, lineCounter: lines }), lines };
    }
    return this.parsed;
  }

  /**
   * Parses YAML text. Returns the file (with `value` undefined when it could not be parsed) and
   * the problems found; never throws for bad input.
   */
  static parse(file: string, content: Buffer | string, maxBytes = MAX_FILE_BYTES): { source: SourceFile; value: unknown; problems: Diagnostic[] } {
    const lines = new LineCounter();
    const problems: Diagnostic[] = [];
    const fail = (code: string, message: string, line = 0) => {
      problems.push({ code, severity: 'error', file, line, path: '', message });
      return { source: new SourceFile(file, { document: undefined, lines }), value: undefined, problems };
    };
    const size = typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    if (size > maxBytes) {
      return fail('file-too-large', `file is ${size} bytes; the limit is ${maxBytes} bytes`);
    }
    if (typeof content !== 'string') {
      if (content.includes(0)) return fail('binary-file', 'file is binary, not YAML text');
      const text = content.toString('utf8');
      if (text.includes('\uFFFD')) return fail('not-utf8', 'file is not valid UTF-8 text');
      content = text;
    }
    if (content.trim() === '' || /^(\s*#.*\n?)*\s*$/.test(content)) return fail('empty-file', 'file is empty');
    // Most files are plain YAML: their value without a syntax tree, which is built only if a
    // diagnostic needs a line.
    const plain = plainYamlValue(content);
    if (plain) return { source: new SourceFile(file, { text: content }), value: plain.value, problems };
    const document = parseDocument(content, { ...YAML_OPTIONS, lineCounter: lines });
    const source = new SourceFile(file, { document, lines });
    for (const err of document.errors) {
      const line = err.linePos?.[0]?.line ?? lines.linePos(err.pos[0]).line;
      // The yaml parser recurses per level and reports a stack overflow as RESOURCE_EXHAUSTION, or as
      // TAG_RESOLVE_FAILED when the overflow strikes while resolving a scalar (yaml compose-node.js,
      // compose-scalar.js): which one depends on how deep the caller's stack already is.
      if (/Maximum call stack size exceeded/.test(err.message)) {
        if (!problems.some((p) => p.message === TOO_DEEP)) problems.push({ code: 'yaml-syntax', severity: 'error', file, line, path: '', message: TOO_DEEP });
        continue;
      }
      problems.push({ code: 'yaml-syntax', severity: 'error', file, line, path: '', message: firstLine(err.message) });
    }
    if (problems.length > 0) return { source, value: undefined, problems };
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (err) {
      return { ...fail('yaml-syntax', firstLine((err as Error).message)), source };
    }
    return { source, value, problems };
  }

  /** A source for a document that is not YAML (e.g. generated in memory); every line is 0. */
  static synthetic(file: string): SourceFile {
    return new SourceFile(file, { document: undefined, lines: new LineCounter() });
  }

  /**
   * The line of the deepest node that exists along `path` (for a missing key, the line of its
   * parent). 0 when the file has no parsed document.
   */
  lineOf(path: readonly PropertyKey[]): number {
    const { document } = this.tree();
    if (!document) return 0;
    let node: unknown = document.contents;
    let line = this.lineOfNode(node);
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => keyOf(p.key) === String(key));
        if (!pair) break;
        line = this.lineOfNode(pair.key) || line;
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key];
        if (node === undefined) break;
        line = this.lineOfNode(node) || line;
      } else {
        break;
      }
    }
    return line;
  }

  /** A diagnostic located at `path` in this file. */
  at(path: readonly PropertyKey[], code: string, message: string, severity: 'error' | 'warning' = 'error'): Diagnostic {
    return { code, severity, file: this.file, line: this.lineOf(path), path: renderPath(path), message };
  }

  private lineOfNode(node: unknown): number {
    const range = (node as Node | undefined)?.range;
    return range ? this.tree().lines.linePos(range[0]).line : 0;
  }
}

function keyOf(key: unknown): string {
  // an empty or null key is the key "" in the parsed value (yaml's toJS), not "null"
  if (key && typeof key === 'object' && 'value' in key) key = (key as { value: unknown }).value;
  return key === null || key === undefined ? '' : String(key);
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}
