import type { Catalog } from '../catalog';
import type { Diagnostic } from '../diagnostic';

/** A semantic rule: a pure function from the loaded catalog to the problems it finds. */
export type Rule = (catalog: Catalog) => Diagnostic[];
