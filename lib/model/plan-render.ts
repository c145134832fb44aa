/**
 * Renders a plan for people (text for terminals, markdown for pull-request comments) and for
 * pipelines (JSON). Output depends only on the plan, so the same plan gives the same bytes.
 */
import { markdownCell, markdownCode } from './markdown';
import type { GuardrailChange, Plan, UnitAction, UnitChange } from './plan';
import { isEmptyPlan } from './plan';
import type { FieldChange, UnitDiff } from './plan-diff';
import { renderTree } from './plan-tree';

export type PlanFormat = 'text' | 'markdown' | 'json';

export interface RenderOptions {
  /**
   * Longest markdown to produce. Above it the comment collapses to the summary, the warnings and
   * the destructive changes, and says where the full plan is (GitHub refuses comment bodies over
   * 65,536 characters). @default no limit
   */
  readonly maxCharacters?: number;
  /** Where the full plan can be read when the markdown collapses. @default 'the workflow artifact' */
  readonly fullPlanAt?: string;
}

const SYMBOL: Record<UnitAction, string> = { create: '+', move: '~', rebaseline: '~', decommission: '-', conflict: '!' };
const LABEL: Record<UnitAction, string> = {
  create: 'create',
  move: 'move',
  rebaseline: 're-baseline',
  decommission: 'decommission',
  conflict: 'conflict',
};
const EFFECT: Record<FieldChange['effect'], string> = { update: 'update', replace: '⚠ replace', move: 'move' };

export function renderPlan(plan: Plan, format: PlanFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'json':
      return JSON.stringify(plan, null, 2) + '\n';
    case 'markdown':
      return renderMarkdownWithin(plan, options);
    case 'text':
      return renderText(plan);
  }
}

export function summaryLine(plan: Plan): string {
  const s = plan.summary;
  const parts = [
    `${s.create} to create`,
    `${s.move} to move`,
    `${s.rebaseline} to re-baseline`,
    `${s.decommission} to decommission`,
    `${s.conflict} ${plural(s.conflict, 'conflict')}`,
    `${s.nodes} hierarchy ${plural(s.nodes, 'node')} to create`,
    `${s.attach} ${plural(s.attach, 'guardrail')} to attach`,
    `${s.detach} to detach`,
  ];
  if (plan.comparedWithBase) parts.push(`${s.destructive} ${plural(s.destructive, 'unit')} with destructive changes`);
  parts.push(`${s.unclaimed} unclaimed`, `${s.unchanged} ${plural(s.unchanged, 'unit')} unchanged`);
  return parts.join(', ');
}

/**
 * The headline of a plan with nothing to do. The clouds match the catalog only if the inventory
 * read them: an inventory that read no cloud, or one of two, proves nothing about the rest.
 */
function emptyVerdict(plan: Plan): string | undefined {
  if (!isEmptyPlan(plan)) return undefined;
  if (plan.notRead.length === 0) return 'No changes. The clouds match the catalog.';
  return `No changes in what the inventory read, but it did not read ${plan.notRead.join(' or ')}: nothing there was compared.`;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

function guardrailName(g: GuardrailChange): string {
  return g.control ? `${g.control} (${g.policy})` : g.policy;
}

function fieldText(f: FieldChange): string {
  const values = f.from !== undefined && f.to !== undefined ? `${f.from} → ${f.to}` : f.to !== undefined ? `+ ${f.to}` : f.from !== undefined ? `- ${f.from}` : '';
  return [`${f.field}: ${values}`.replace(/: $/, ''), f.note].filter(Boolean).join(' — ');
}

function unitLine(u: UnitChange): string {
  const where = u.from && u.to ? `${u.from} → ${u.to}` : u.to ? `→ ${u.to}` : '';
  const stacks = u.stacks?.length ? `stacks ${u.stacks.join(', ')}` : '';
  return [`${u.unit} (${u.kind}, ${u.environment})`, where, u.detail, stacks].filter(Boolean).join(': ');
}

function renderText(plan: Plan): string {
  const out: string[] = [`Plan for organization ${plan.organization}`, ''];
  for (const cloud of plan.notRead) out.push(`warning: the inventory did not read ${cloud}, so nothing is planned there`);
  if (plan.notRead.length) out.push('');
  const verdict = emptyVerdict(plan);
  if (verdict) out.push(verdict, '');
  if (plan.comparedWithBase) {
    out.push('Changes against the base catalog');
    if (plan.changes.length === 0) out.push('  (none)');
    for (const d of plan.changes) {
      out.push(`  ${d.destructive ? '!' : d.status === 'added' ? '+' : d.status === 'removed' ? '-' : '~'} ${d.cloud.padEnd(5)} ${d.unit} (${d.status}${d.destructive ? ', DESTRUCTIVE' : ''})${d.stacks.length ? `: stacks ${d.stacks.join(', ')}` : ''}`);
      for (const f of d.fields) out.push(`      ${EFFECT[f.effect].padEnd(9)} ${fieldText(f)}`);
    }
    out.push('');
  }
  if (plan.hierarchy.length > 0) {
    out.push('Hierarchy');
    for (const n of plan.hierarchy) out.push(`  + ${n.cloud.padEnd(5)} ${n.cloud === 'aws' ? 'OU' : 'management group'} ${n.node}`);
    out.push('');
  }
  if (plan.units.length > 0) {
    out.push('Units');
    for (const u of plan.units) out.push(`  ${SYMBOL[u.action]} ${LABEL[u.action].padEnd(12)} ${u.cloud.padEnd(5)} ${unitLine(u)}`);
    out.push('');
  }
  if (plan.guardrails.length > 0) {
    out.push('Guardrails');
    for (const g of plan.guardrails) {
      out.push(`  ${g.action === 'attach' ? '+' : '-'} ${g.action.padEnd(6)} ${g.cloud.padEnd(5)} ${guardrailName(g)} ${g.action === 'attach' ? '→' : '←'} ${g.target}`);
    }
    out.push('');
  }
  if (plan.unclaimed.length > 0) {
    out.push('Unclaimed (no unit file; vend leaves them alone)');
    for (const u of plan.unclaimed) out.push(`  ? ${u.cloud.padEnd(5)} ${u.id} '${u.name}'${u.email ? ` <${u.email}>` : ''} in ${u.path || '(root)'}${u.tag ? ` (tagged vend:unit=${u.tag})` : ''}`);
    out.push('');
  }
  if (plan.notes.length > 0) {
    out.push('Left alone');
    for (const n of plan.notes) out.push(`  · ${n}`);
    out.push('');
  }
  out.push(`Summary: ${summaryLine(plan)}.`);
  return out.join('\n') + '\n';
}

function renderMarkdownWithin(plan: Plan, options: RenderOptions): string {
  const full = renderMarkdown(plan, false);
  if (options.maxCharacters === undefined || full.length <= options.maxCharacters) return full;
  const where = options.fullPlanAt ?? 'the workflow artifact';
  const note = `> [!NOTE]\n> The full plan is ${full.length.toLocaleString('en-US')} characters, more than a comment holds; this is its summary. The full plan is in ${where}.\n`;
  let short = `${renderMarkdown(plan, true)}\n${note}`;
  if (short.length > options.maxCharacters) short = `${header(plan).join('\n')}\n${note}`;
  return short;
}

function header(plan: Plan): string[] {
  const s = plan.summary;
  const out = [`### vend plan for \`${plan.organization}\``, '', `${summaryLine(plan).replace(/(\d+)/g, '**$1**')}`, ''];
  for (const cloud of plan.notRead) out.push('> [!WARNING]', `> The inventory did not read ${cloud}: nothing is planned there.`, '');
  const verdict = emptyVerdict(plan);
  if (verdict) out.push(verdict, '');
  if (s.conflict > 0) out.push('> [!WARNING]', `> ${s.conflict} ${plural(s.conflict, 'conflict')} need a decision before this can be applied; \`vend plan\` fails until then.`, '');
  if (s.destructive > 0) {
    out.push('> [!CAUTION]', `> ${s.destructive} ${plural(s.destructive, 'unit')} with changes that **replace resources** (marked ⚠ below).`, '');
  }
  if (s.decommission > 0) {
    out.push('> [!CAUTION]', `> ${s.decommission} ${plural(s.decommission, 'unit')} will be decommissioned: access revoked, quarantined, then closed or cancelled.`, '');
  }
  return out;
}

function changesTable(changes: readonly UnitDiff[], destructiveOnly: boolean): string[] {
  const rows = changes.filter((d) => !destructiveOnly || d.destructive);
  if (rows.length === 0) return [];
  const out = [`#### ${destructiveOnly ? 'Destructive changes' : 'Changes in this pull request'}`, '', '| | Unit | Field | Before | After | Effect | Stacks |', '|---|---|---|---|---|---|---|'];
  for (const d of rows) {
    const fields = d.status === 'added' ? [{ field: '(new unit)', effect: 'update' as const }] : d.fields;
    for (const f of fields) {
      const mark = f.effect === 'replace' ? '⚠' : d.status === 'added' ? '+' : d.status === 'removed' ? '-' : '~';
      out.push(
        `| ${mark} | \`${d.unit}\` | ${markdownCell(f.field)} | ${f.from !== undefined ? markdownCode(f.from) : ''} | ${f.to !== undefined ? markdownCode(f.to) : ''} | ${markdownCell([EFFECT[f.effect], f.note].filter(Boolean).join(': '))} | ${d.stacks.map((x) => `\`${x}\``).join(' ')} |`,
      );
    }
  }
  out.push('');
  return out;
}

function renderMarkdown(plan: Plan, summaryOnly: boolean): string {
  const out = header(plan);
  out.push(...changesTable(plan.changes, summaryOnly));
  if (summaryOnly) {
    const conflicts = plan.units.filter((u) => u.action === 'conflict');
    if (conflicts.length) out.push(...unitsTable(conflicts, 'Conflicts'));
    return out.join('\n');
  }
  if (plan.units.length > 0) out.push(...unitsTable(plan.units, 'Units'));
  if (plan.tree.length > 0) out.push('#### Hierarchy', '', ...renderTree(plan.tree), '');
  if (plan.hierarchy.length > 0) {
    out.push('<details><summary>Hierarchy nodes to create (' + plan.hierarchy.length + ')</summary>', '');
    for (const n of plan.hierarchy) out.push(`- ${n.cloud}: \`${n.node}\``);
    out.push('', '</details>', '');
  }
  if (plan.guardrails.length > 0) {
    out.push('<details><summary>Guardrail attachments (' + plan.guardrails.length + ')</summary>', '');
    out.push('| Action | Cloud | Control | Policy | Target |', '|---|---|---|---|---|');
    for (const g of plan.guardrails) out.push(`| ${g.action} | ${g.cloud} | ${g.control ?? '(not in the catalog)'} | ${markdownCode(g.policy)} | ${markdownCode(g.target)} |`);
    out.push('', '</details>', '');
  }
  if (plan.unclaimed.length > 0) {
    out.push('<details><summary>Accounts and subscriptions no unit claims (' + plan.unclaimed.length + '): left alone</summary>', '');
    out.push('| Cloud | Id | Name | E-mail / alias | Where | Tag |', '|---|---|---|---|---|---|');
    for (const u of plan.unclaimed) {
      out.push(`| ${u.cloud} | ${markdownCode(u.id)} | ${markdownCode(u.name)} | ${u.email ? markdownCode(u.email) : ''} | ${markdownCode(u.path || '(root)')} | ${u.tag ? markdownCode(u.tag) : ''} |`);
    }
    out.push('', '</details>', '');
  }
  if (plan.notes.length > 0) {
    out.push('#### Left alone', '');
    for (const n of plan.notes) out.push(`- ${markdownCode(n)}`);
    out.push('');
  }
  return out.join('\n');
}

function unitsTable(units: readonly UnitChange[], title: string): string[] {
  // the Stacks column only when the caller told the plan where units live
  const withStacks = units.some((u) => u.stacks !== undefined);
  const out = [
    `#### ${title}`,
    '',
    `| | Action | Cloud | Unit | Kind | Environment | Where | Detail |${withStacks ? ' Stacks |' : ''}`,
    `|---|---|---|---|---|---|---|---|${withStacks ? '---|' : ''}`,
  ];
  for (const u of units) {
    const where = u.from && u.to ? `${u.from} → ${u.to}` : (u.to ?? '');
    const stacks = withStacks ? ` ${(u.stacks ?? []).map((x) => `\`${x}\``).join(' ')} |` : '';
    out.push(`| ${SYMBOL[u.action]} | ${LABEL[u.action]} | ${u.cloud} | \`${u.unit}\` | ${u.kind} | ${u.environment} | ${markdownCell(where)} | ${markdownCell(u.detail)} |${stacks}`);
  }
  out.push('');
  return out;
}
