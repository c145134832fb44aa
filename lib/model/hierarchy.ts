/**
 * The derived OU / management-group hierarchy: organization → environment → function, plus one
 * quarantine node. Environments never share a node below the top, so dev and prod guardrails and
 * access can never be mixed. Nobody writes this tree by hand; it follows from organization.yaml.
 */
import type { Catalog } from './catalog';
import { FUNCTION_OU_NAME, FUNCTION_SLUG } from './naming';
import { UNIT_KINDS, type UnitKind } from './schema';

export type NodeRole = 'organization' | 'environment' | 'function' | 'quarantine';

export interface HierarchyNode {
  /** Cloud-neutral stable key: `organization`, `prod`, `prod/Space`, `quarantine`. */
  readonly key: string;
  readonly role: NodeRole;
  readonly environment?: string;
  readonly function?: UnitKind;
  readonly parentKey?: string;
  /** Levels below the cloud's root (the organization node is 1). */
  readonly depth: number;
  /** AWS: OU name and its path of names from the organization root (`acme/prod/Spaces`). */
  readonly aws: { readonly name: string; readonly path: string };
  /** Azure: management group id (tenant-unique) and display name. */
  readonly azure: { readonly id: string; readonly displayName: string };
  /** Controls attached directly at this node, sorted by name. */
  readonly controls: readonly string[];
}

export interface Hierarchy {
  readonly nodes: readonly HierarchyNode[];
  node(key: string): HierarchyNode;
  /** Node keys from the top down to `key` (inclusive). */
  ancestry(key: string): HierarchyNode[];
}

export const ORGANIZATION_KEY = 'organization';
export const QUARANTINE_KEY = 'quarantine';

export function functionKey(environment: string, kind: UnitKind): string {
  return `${environment}/${kind}`;
}

/** Where a unit belongs: its environment × function node, or quarantine once decommissioned. */
export function placementKey(unit: { environment: string; kind: UnitKind; lifecycle?: string }): string {
  return unit.lifecycle === 'decommissioned' ? QUARANTINE_KEY : functionKey(unit.environment, unit.kind);
}

export function deriveHierarchy(catalog: Pick<Catalog, 'organization' | 'templates' | 'controls'>): Hierarchy {
  const org = catalog.organization.spec;
  const byAttachment = (attachTo: string) =>
    [...catalog.controls.values()]
      .filter((c) => c.spec.attachTo === attachTo)
      .map((c) => c.spec.name)
      .sort();
  const templateControls = (kind: UnitKind) =>
    [...catalog.templates.values()]
      .filter((t) => t.spec.for === kind)
      .flatMap((t) => t.spec.controls)
      .filter((name, i, all) => all.indexOf(name) === i)
      .sort();

  const nodes: HierarchyNode[] = [];
  nodes.push({
    key: ORGANIZATION_KEY,
    role: 'organization',
    depth: 1,
    aws: { name: org.name, path: org.name },
    azure: { id: org.name, displayName: org.name },
    controls: byAttachment('organization'),
  });
  for (const environment of org.environments) {
    nodes.push({
      key: environment,
      role: 'environment',
      environment,
      parentKey: ORGANIZATION_KEY,
      depth: 2,
      aws: { name: environment, path: `${org.name}/${environment}` },
      azure: { id: `${org.name}-${environment}`, displayName: `${org.name} ${environment}` },
      controls: [],
    });
    for (const kind of UNIT_KINDS) {
      nodes.push({
        key: functionKey(environment, kind),
        role: 'function',
        environment,
        function: kind,
        parentKey: environment,
        depth: 3,
        aws: { name: FUNCTION_OU_NAME[kind], path: `${org.name}/${environment}/${FUNCTION_OU_NAME[kind]}` },
        azure: {
          id: `${org.name}-${environment}-${FUNCTION_SLUG[kind]}`,
          displayName: `${org.name} ${environment} ${FUNCTION_OU_NAME[kind]}`,
        },
        controls: templateControls(kind),
      });
    }
  }
  nodes.push({
    key: QUARANTINE_KEY,
    role: 'quarantine',
    parentKey: ORGANIZATION_KEY,
    depth: 2,
    aws: { name: 'Quarantine', path: `${org.name}/Quarantine` },
    azure: { id: `${org.name}-decommissioned`, displayName: `${org.name} Decommissioned` },
    controls: byAttachment('quarantine'),
  });

  const index = new Map(nodes.map((n) => [n.key, n]));
  const node = (key: string) => {
    const found = index.get(key);
    if (!found) throw new Error(`no hierarchy node '${key}'`);
    return found;
  };
  return {
    nodes,
    node,
    ancestry(key) {
      const chain: HierarchyNode[] = [];
      for (let n: HierarchyNode | undefined = node(key); n; n = n.parentKey ? node(n.parentKey) : undefined) {
        chain.unshift(n);
      }
      return chain;
    },
  };
}
