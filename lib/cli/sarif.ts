/**
 * SARIF 2.1.0 for `vend validate` and `vend drift`, so GitHub code scanning
 * (github/codeql-action/upload-sarif) annotates the pull request's files. The shape follows GitHub's
 * "SARIF support for code scanning" (docs.github.com/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
 * one run, the tool's rules, and per result a ruleId, level, message and a physical location whose
 * artifactLocation.uri is relative to the repository root. Types come from @types/sarif; the
 * builder is small enough that a builder library (node-sarif-builder 5 needs Node 22) would not
 * pay for itself.
 */
import * as path from 'node:path';
import type { Log, ReportingDescriptor, Result } from 'sarif';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifFinding {
  readonly ruleId: string;
  readonly level: 'error' | 'warning' | 'note';
  readonly message: string;
  /** File the finding is about, relative to the working directory (or absolute). */
  readonly file: string;
  /** 1-based line; 0 for the file as a whole. */
  readonly line: number;
}

export function sarifLog(toolName: string, version: string, findings: readonly SarifFinding[], describe: (ruleId: string) => string): Log {
  const ruleIds = [...new Set(findings.map((f) => f.ruleId))].sort();
  const rules: ReportingDescriptor[] = ruleIds.map((id) => ({ id, shortDescription: { text: describe(id) } }));
  const results: Result[] = findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIds.indexOf(f.ruleId),
    level: f.level,
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(f.file) },
          // a finding about the whole file is shown on its first line
          region: { startLine: Math.max(1, f.line) },
        },
      },
    ],
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{ tool: { driver: { name: toolName, version, rules } }, results }],
  };
}

/** A relative path with forward slashes, or a file: URI for a path outside the working directory. */
function artifactUri(file: string): string {
  if (path.isAbsolute(file)) return `file://${file.split(path.sep).map(encodeURIComponent).join('/')}`;
  return file.split(path.sep).map(encodeURIComponent).join('/');
}
