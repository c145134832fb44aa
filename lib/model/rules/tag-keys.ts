import type { Diagnostic } from '../diagnostic';
import { CLOUDS, type Cloud } from '../schema';
import { tagKeyProblem } from '../tag-keys';
import type { Rule } from './rule';

/** Tag keys the clouds reserve or reject, and keys vend writes itself, are refused where they are written. */
export const tagKeys: Rule = (catalog) => {
  const problems: Diagnostic[] = [];
  for (const unit of catalog.units) {
    for (const key of Object.keys(unit.spec.tags ?? {})) {
      const problem = tagKeyProblem(key, [unit.spec.cloud], 'unit');
      if (problem) problems.push(unit.source.at(['tags', key], 'tag-key', problem));
    }
  }
  for (const template of catalog.templates.values()) {
    const clouds: Cloud[] = [...CLOUDS].filter((cloud) => catalog.units.some((u) => u.spec.kind === template.spec.for && u.spec.cloud === cloud));
    for (const key of Object.keys(template.spec.defaults?.tags ?? {})) {
      const problem = tagKeyProblem(key, clouds, 'template');
      if (problem) problems.push(template.source.at(['defaults', 'tags', key], 'tag-key', problem));
    }
  }
  return problems;
};
