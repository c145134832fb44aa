import { hierarchyDepthProblems } from '../hierarchy-limits';
import { deriveHierarchy } from '../hierarchy';
import type { Rule } from './rule';

/** The derived hierarchy fits AWS's OU nesting and Azure's management-group depth (hierarchy-limits.ts). */
export const hierarchyDepth: Rule = (catalog) => hierarchyDepthProblems(catalog, deriveHierarchy(catalog));
