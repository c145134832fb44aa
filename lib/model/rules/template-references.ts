import type { Diagnostic } from '../diagnostic';
import { closest } from '../did-you-mean';
import { UNIT_KINDS } from '../schema';
import type { Rule } from './rule';

/**
 * Templates are the contract between units and guardrails: exactly one per kind in use, and every
 * control they list must exist and be meant for template attachment.
 */
export const templateReferences: Rule = (catalog) => {
  const problems: Diagnostic[] = [];
  const forKind = new Map<string, string>();
  for (const template of catalog.templates.values()) {
    const other = forKind.get(template.spec.for);
    if (other) {
      problems.push(template.source.at(['for'], 'duplicate-template', `template '${other}' already covers ${template.spec.for}`));
    }
    forKind.set(template.spec.for, template.spec.name);
    template.spec.controls.forEach((name, i) => {
      const control = catalog.controls.get(name);
      if (!control) {
        const hint = closest(name, [...catalog.controls.keys()]);
        problems.push(template.source.at(['controls', i], 'unknown-control', `no control named '${name}'${hint ? ` (did you mean '${hint}'?)` : ''}`));
      } else if (control.spec.attachTo !== 'template') {
        problems.push(template.source.at(['controls', i], 'control-attachment', `control '${name}' attaches to the ${control.spec.attachTo} node by itself; templates list only attachTo: template controls`));
      }
    });
  }
  const used = new Set(catalog.units.map((u) => u.spec.kind));
  for (const kind of UNIT_KINDS) {
    if (!used.has(kind) || forKind.has(kind)) continue;
    const unit = catalog.units.find((u) => u.spec.kind === kind)!;
    problems.push(unit.source.at(['kind'], 'missing-template', `no template for kind ${kind} in the templates folder`));
  }
  return problems;
};
