/**
 * Text from outside vend (OU, account and SCP names, subscription display names, e-mails) placed in
 * markdown that GitHub renders in issues and pull-request comments. Such text goes into a code span:
 * inside one nothing is markup, no URL is autolinked and no `@` mentions anyone (CommonMark code
 * spans: spec.commonmark.org/0.31.2/#code-spans). Line breaks become spaces (no new heading or
 * row), backticks cannot close the span, and `|` is escaped because GFM splits table cells on it
 * even inside code (github.github.com/gfm/#tables-extension-).
 */
export function markdownCode(text: string): string {
  const inner = text.replace(/\r\n?|\n/g, ' ').replace(/`/g, 'ʼ').replace(/\|/g, '\\|');
  return `\`${inner}\``;
}

/** vend's own words in a table cell: only `|` and line breaks need care. */
export function markdownCell(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ').replace(/\|/g, '\\|');
}
