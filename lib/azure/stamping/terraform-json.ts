/**
 * Terraform JSON text exactly as CDKTF writes it: CDKTF 0.21.0's StackSynthesizer writes
 * `json-stable-stringify(config, { space: 2 })` (lib/synthesize/synthesizer.js), and this gives the
 * same bytes for plain JSON data (what JSON.parse returns): keys sorted by code unit, two-space
 * indent, an empty object or array still broken over two lines (`{\n<indent>}`), null kept.
 * The test "terraform-json writes what CDKTF writes" compares both over every synthesized stack.
 */
export function terraformJson(value: unknown): string {
  return write(value, 0) ?? 'undefined';
}

function write(value: unknown, level: number): string | undefined {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const indent = `\n${'  '.repeat(level)}`;
  const inner = `${indent}  `;
  const parts: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) parts.push(inner + (write(item, level + 1) ?? 'null'));
    return `[${parts.join(',')}${indent}]`;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record).sort()) {
    const item = write(record[key], level + 1);
    if (item !== undefined) parts.push(`${inner}${JSON.stringify(key)}: ${item}`);
  }
  return `{${parts.join(',')}${indent}}`;
}
