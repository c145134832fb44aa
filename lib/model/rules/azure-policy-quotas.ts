import { assignmentCountProblems, policySizeProblems } from '../azure-policy-limits';
import { deriveHierarchy } from '../hierarchy';
import type { Rule } from './rule';

/** Azure Policy limits (azure-policy-limits.ts), checked before synth. */
export const azurePolicyQuotas: Rule = (catalog) => [...policySizeProblems(catalog), ...assignmentCountProblems(catalog, deriveHierarchy(catalog))];
