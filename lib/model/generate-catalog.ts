/**
 * A deterministic generator of large catalogs, for benchmarks and scale tests: N units spread over
 * environments, regions and PoPs, every Space attached to a PoP of its environment and cloud, every
 * CIDR distinct. The same options always produce the same bytes.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface GenerateOptions {
  /** Number of units, Central / ControlPlane / PoPs included. */
  readonly units: number;
  /** @default 'mixed' (alternating AWS and Azure) */
  readonly cloud?: 'aws' | 'azure' | 'mixed';
  /** @default ['dev', 'staging', 'prod'] */
  readonly environments?: readonly string[];
  /** Spaces per PoP. @default 50 */
  readonly spacesPerPop?: number;
}

export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

const AWS_REGIONS = ['us-east-1', 'eu-west-1'];
/** Zone ids of the generated regions (AWS RAM user guide, "Availability Zone IDs"). */
const AWS_ZONE_IDS: Record<string, string[]> = { 'us-east-1': ['use1-az1', 'use1-az2'], 'eu-west-1': ['euw1-az1', 'euw1-az2'] };
const AZURE_LOCATIONS = ['westeurope', 'eastus'];

export function generateCatalog(options: GenerateOptions): GeneratedFile[] {
  const environments = options.environments ?? ['dev', 'staging', 'prod'];
  const cloudMode = options.cloud ?? 'mixed';
  const spacesPerPop = options.spacesPerPop ?? 50;
  const clouds: Array<'aws' | 'azure'> = cloudMode === 'mixed' ? ['aws', 'azure'] : [cloudMode];
  const files: GeneratedFile[] = [
    {
      path: 'organization.yaml',
      content: [
        'apiVersion: vend/v1',
        'kind: Organization',
        'name: bench',
        `environments: [${environments.join(', ')}]`,
        'aws:',
        '  managementAccountId: "111111111111"',
        `  regions: [${AWS_REGIONS.join(', ')}]`,
        '  emailDomain: aws.bench.example',
        '  identityCenterGroups: [network-engineers, space-operators, space-readers]',
        `  availabilityZoneIds: { ${AWS_REGIONS.map((r) => `${r}: [${AWS_ZONE_IDS[r].join(', ')}]`).join(', ')} }`,
        '  pops:',
        '    domain: pops.bench.internal',
        `    certificateAuthorities: { ${AWS_REGIONS.map((r, i) => `${r}: arn:aws:acm-pca:${r}:111111111111:certificate-authority/00000000-0000-4000-8000-00000000000${i}`).join(', ')} }`,
        `azure: { tenantId: 00000000-0000-4000-8000-000000000002, billingScope: /providers/Microsoft.Billing/billingAccounts/1/enrollmentAccounts/1, locations: [${AZURE_LOCATIONS.join(', ')}] }`,
        '',
      ].join('\n'),
    },
  ];
  let index = 0;
  const unit = (name: string, lines: string[]) => {
    files.push({ path: `units/${name}.yaml`, content: ['apiVersion: vend/v1', ...lines, ''].join('\n') });
    index++;
  };
  // Central and ControlPlane once per cloud, in the last (most sensitive) environment.
  const prod = environments[environments.length - 1];
  for (const cloud of clouds) {
    for (const kind of ['Central', 'ControlPlane'] as const) {
      if (index >= options.units) break;
      const name = `${kind === 'Central' ? 'central' : 'control-plane'}-${cloud}`;
      unit(name, [
        `kind: ${kind}`,
        `name: ${name}`,
        `cloud: ${cloud}`,
        `environment: ${prod}`,
        `region: ${cloud === 'aws' ? AWS_REGIONS[0] : AZURE_LOCATIONS[0]}`,
        'owners: [platform@bench.example]',
        `network: { cidr: ${cidr(index)} }`,
        'protected: true',
      ]);
    }
  }
  // Then PoPs and Spaces round-robin over clouds and environments: one PoP per `spacesPerPop` Spaces.
  const pops = new Map<string, { name: string; spaces: number; count: number }>();
  let spaceNumber = 0;
  while (index < options.units) {
    const cloud = clouds[spaceNumber % clouds.length];
    const environment = environments[Math.floor(spaceNumber / clouds.length) % environments.length];
    const region = cloud === 'aws' ? AWS_REGIONS[spaceNumber % 2] : AZURE_LOCATIONS[spaceNumber % 2];
    const popKey = `${cloud}/${environment}/${region}`;
    let pop = pops.get(popKey);
    if (!pop || pop.spaces >= spacesPerPop) {
      const name = `pop-${cloud}-${environment}-${region}-${(pop?.count ?? 0) + 1}`;
      pop = { name, spaces: 0, count: (pop?.count ?? 0) + 1 };
      pops.set(popKey, pop);
      unit(name, [
        'kind: PoP',
        `name: ${name}`,
        `cloud: ${cloud}`,
        `environment: ${environment}`,
        `region: ${region}`,
        'owners: [network@bench.example]',
        `network: { cidr: ${cidr(index)} }`,
        'access: [ { group: network-engineers, role: admin } ]',
      ]);
      if (index >= options.units) break;
    }
    pop.spaces++;
    const popName = pop.name;
    const name = `space-${String(spaceNumber).padStart(5, '0')}-${environment}`;
    unit(name, [
      'kind: Space',
      `name: ${name}`,
      `cloud: ${cloud}`,
      `environment: ${environment}`,
      `region: ${region}`,
      `tenancy: ${spaceNumber % 4 === 0 ? 'single' : 'multi'}`,
      `owners: [team-${spaceNumber}@bench.example]`,
      `network: { cidr: ${cidr(index)}, pop: ${popName} }`,
      'access:',
      '  - { group: space-operators, role: contributor }',
      '  - { group: space-readers, role: viewer }',
      `tags: { cost-center: "${1000 + (spaceNumber % 500)}" }`,
    ]);
    spaceNumber++;
  }
  return files;
}

/** Marks a folder as written by `vend generate`, so only such a folder is ever replaced. */
export const GENERATED_MARKER = '.vend-generated';

/**
 * Writes a generated catalog to `dir`: a folder that does not exist yet, an empty one, or one an
 * earlier generate wrote (it holds GENERATED_MARKER). Anything else is refused before a byte is
 * touched, and even in a generated folder only what generate writes is replaced.
 */
export function writeGeneratedCatalog(dir: string, options: GenerateOptions): void {
  const refusal = generateTargetProblem(dir);
  if (refusal) throw new Error(`${dir}: ${refusal}`);
  rmSync(path.join(dir, 'units'), { recursive: true, force: true });
  rmSync(path.join(dir, 'organization.yaml'), { force: true });
  mkdirSync(path.join(dir, 'units'), { recursive: true });
  writeFileSync(path.join(dir, GENERATED_MARKER), 'written by vend generate; the whole folder may be replaced by the next one\n');
  for (const file of generateCatalog(options)) writeFileSync(path.join(dir, file.path), file.content);
}

/** Why `dir` may not receive a generated catalog, or undefined when it may. */
export function generateTargetProblem(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  if (!statSync(dir).isDirectory()) return 'exists and is not a folder; refusing to replace it';
  const entries = readdirSync(dir);
  if (entries.length === 0 || entries.includes(GENERATED_MARKER)) return undefined;
  return `is not empty and was not written by vend generate (no ${GENERATED_MARKER}); refusing to delete what is in it`;
}

/** The i-th distinct /22 in 10.0.0.0/8 (4,096 available). */
function cidr(i: number): string {
  const block = i * 4;
  return `10.${Math.floor(block / 256)}.${block % 256}.0/22`;
}
