/**
 * The derived hierarchy as a mermaid flowchart, which GitHub renders in comments and issues
 * (docs.github.com/get-started/writing-on-github/working-with-advanced-formatting/creating-diagrams):
 * organization → environment → function, with the units at each node, and the nodes this plan
 * creates highlighted. Node ids are derived from hierarchy keys, never positions.
 */
import type { TreeNode } from './plan';

export function renderTree(tree: readonly TreeNode[]): string[] {
  const id = (key: string) => `n_${key.replace(/[^A-Za-z0-9]/g, '_')}`;
  const out = ['```mermaid', 'graph TD'];
  for (const node of tree) {
    const units = node.units ? `<br/>${node.units} ${node.units === 1 ? 'unit' : 'units'}` : '';
    const label = `${node.create ? '+ ' : ''}${node.label}${units}`.replace(/"/g, '#quot;');
    out.push(`  ${id(node.key)}["${label}"]${node.create ? ':::create' : ''}`);
  }
  for (const node of tree) if (node.parent) out.push(`  ${id(node.parent)} --> ${id(node.key)}`);
  out.push('  classDef create stroke-dasharray: 5 5,stroke-width:2px', '```');
  return out;
}
