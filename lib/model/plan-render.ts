/**
 * Renders a plan for people (text for terminals, markdown for pull-request comments) and for
 * pipelines (JSON). Output depends only on the plan, so the same plan gives the same bytes.
 */
import type { Plan, UnitAction, UnitChange } from './plan';
import { isEmptyPlan } from './plan';

export type PlanFormat = 'text' | 'markdown' | 'json';

const SYMBOL: Record<UnitAction, string> = { create: '+', move: '~', rebaseline: '~', decommission: '-', conflict: '!' };
const LABEL: Record<UnitAction, string> = {
  create: 'create',
  move: 'move',
  rebaseline: 're-baseline',
  decommission: 'decommission',
  conflict: 'conflict',
};

export function renderPlan(plan: Plan, format: PlanFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(plan, null, 2) + '\n';
    case 'markdown':
      return renderMarkdown(plan);
    case 'text':
      return renderText(plan);
  }
}

export function summaryLine(plan: Plan): string {
  const s = plan.summary;
  return (
    `${s.create} to create, ${s.move} to move, ${s.rebaseline} to re-baseline, ${s.decommission} to decommission, ` +
    `${s.conflict} conflicts, ${s.nodes} hierarchy nodes to create, ${s.attach} guardrails to attach, ${s.detach} to detach, ` +
    `${s.unchanged} unit(s) unchanged`
  );
}

function unitLine(u: UnitChange): string {
  const where = u.from && u.to ? `${u.from} → ${u.to}` : u.to ? `→ ${u.to}` : '';
  return [`${u.unit} (${u.kind}, ${u.environment})`, where, u.detail].filter(Boolean).join(': ');
}

function renderText(plan: Plan): string {
  const out: string[] = [`Plan for organization ${plan.organization}`, ''];
  if (isEmptyPlan(plan)) out.push('No changes. The clouds match the catalog.', '');
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
      out.push(`  ${g.action === 'attach' ? '+' : '-'} ${g.action.padEnd(6)} ${g.cloud.padEnd(5)} ${g.policy} ${g.action === 'attach' ? '→' : '←'} ${g.target}`);
    }
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

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function renderMarkdown(plan: Plan): string {
  const s = plan.summary;
  const out: string[] = [`### vend plan for \`${plan.organization}\``, ''];
  out.push(
    `**${s.create}** to create · **${s.move}** to move · **${s.rebaseline}** to re-baseline · **${s.decommission}** to decommission · ` +
      `**${s.conflict}** conflicts · **${s.nodes}** hierarchy nodes · **${s.attach}** guardrails to attach · **${s.detach}** to detach · ${s.unchanged} unchanged`,
    '',
  );
  if (isEmptyPlan(plan)) out.push('No changes. The clouds match the catalog.', '');
  if (s.conflict > 0) out.push('> [!WARNING]', `> ${s.conflict} conflict(s) need a decision before this can be applied.`, '');
  if (s.decommission > 0) {
    out.push('> [!CAUTION]', `> ${s.decommission} unit(s) will be decommissioned: access revoked, quarantined, then closed or cancelled.`, '');
  }
  if (plan.units.length > 0) {
    out.push('#### Units', '', '| | Action | Cloud | Unit | Kind | Environment | Where | Detail |', '|---|---|---|---|---|---|---|---|');
    for (const u of plan.units) {
      const where = u.from && u.to ? `${u.from} → ${u.to}` : (u.to ?? '');
      out.push(`| ${SYMBOL[u.action]} | ${LABEL[u.action]} | ${u.cloud} | \`${u.unit}\` | ${u.kind} | ${u.environment} | ${cell(where)} | ${cell(u.detail)} |`);
    }
    out.push('');
  }
  if (plan.hierarchy.length > 0) {
    out.push('<details><summary>Hierarchy nodes to create (' + plan.hierarchy.length + ')</summary>', '');
    for (const n of plan.hierarchy) out.push(`- ${n.cloud}: \`${n.node}\``);
    out.push('', '</details>', '');
  }
  if (plan.guardrails.length > 0) {
    out.push('<details><summary>Guardrail attachments (' + plan.guardrails.length + ')</summary>', '');
    out.push('| Action | Cloud | Policy | Target |', '|---|---|---|---|');
    for (const g of plan.guardrails) out.push(`| ${g.action} | ${g.cloud} | \`${g.policy}\` | \`${g.target}\` |`);
    out.push('', '</details>', '');
  }
  if (plan.notes.length > 0) {
    out.push('#### Left alone', '');
    for (const n of plan.notes) out.push(`- ${cell(n)}`);
    out.push('');
  }
  return out.join('\n');
}
