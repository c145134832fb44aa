import { deriveHierarchy } from '../hierarchy';
import { scpCountProblems, scpSizeProblems } from '../scp-limits';
import type { Rule } from './rule';

/** Every SCP fits the size quota and every OU the per-target count (scp-limits.ts), before any synth. */
export const scpQuotas: Rule = (catalog) => [...scpSizeProblems(catalog), ...scpCountProblems(catalog, deriveHierarchy(catalog))];
