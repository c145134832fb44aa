/**
 * The bench cases: what each measures, the floor it is compared with and the target it must meet.
 * Script cases run `dist/bench/<name>.js N [catalog]` and time themselves; CLI cases run
 * `vend` exactly as a user would (no flags added but the exit probe) and are timed from outside,
 * node start-up and module loading included.
 */
export type CatalogKind = 'aws' | 'azure' | 'mixed';

export interface Target {
  /** The size the target is stated for. */
  readonly at: number;
  readonly seconds?: number;
  readonly rssMb?: number;
  /** Largest ratio of the case's seconds to its floor's, run for run. */
  readonly ratio?: number;
}

export interface BenchCase {
  readonly name: string;
  readonly what: string;
  /** The generated catalog the runner writes for it (script cases get its folder as argv[3]). */
  readonly catalog?: CatalogKind;
  /** `vend` arguments for a CLI case, given the catalog and a fresh output folder. */
  readonly cli?: (catalogDir: string, outDir: string) => string[];
  /** Environment for the run beyond the runner's (CDKTF's offline settings). */
  readonly env?: Record<string, string | undefined>;
  readonly floor?: string;
  /**
   * The run's CloudFormation validation cache (VEND_CACHE_DIR): by default a fresh empty folder
   * per run (a first synth); with `warmBy`, the folder the named case filled in the same round
   * (a synth after one that validated the same templates). Never the user's ~/.cache.
   */
  readonly warmBy?: string;
  readonly sizes: readonly number[];
  readonly targets?: readonly Target[];
  /** Run by `npm run bench` without --cases. */
  readonly byDefault: boolean;
}

/** `vend synth --cloud aws` exactly as a user types it, validator on (it is by default). */
const AWS_CLI = {
  catalog: 'aws',
  cli: (catalog: string, out: string) => ['synth', '--cloud', 'aws', '--catalog', catalog, '--out', out],
  env: { CDK_VALIDATION: undefined },
  floor: 'aws-floor',
  sizes: [2000],
  targets: [{ at: 2000, seconds: 12, rssMb: 600 }],
  byDefault: true,
} as const;

export const CASES: readonly BenchCase[] = [
  {
    name: 'validate-plan',
    what: 'validate + plan, mixed catalog (library)',
    catalog: 'mixed',
    sizes: [2000, 10000],
    targets: [{ at: 10000, seconds: 3, rssMb: 300 }],
    byDefault: true,
  },
  {
    name: 'aws-floor',
    what: 'floor: bare aws-cdk-lib L1 organization layer (8 OUs, 5 SCPs, N chained CfnAccounts)',
    sizes: [2000],
    byDefault: true,
  },
  {
    name: 'aws-synth',
    what: 'AWS synth, full baselines, validator off (library)',
    catalog: 'aws',
    floor: 'aws-floor',
    env: { CDK_VALIDATION: 'false' },
    sizes: [2000],
    targets: [{ at: 2000, ratio: 4 }],
    byDefault: true,
  },
  {
    ...AWS_CLI,
    name: 'aws-cli',
    what: '`vend synth --cloud aws` as users run it (CloudFormation validation on), empty validation cache',
  },
  {
    ...AWS_CLI,
    name: 'aws-cli-cached',
    what: '`vend synth --cloud aws` again, validation cache filled by the run before',
    warmBy: 'aws-cli',
  },
  {
    name: 'aws-validator-floor',
    what: "floor: aws-cdk-lib's CloudFormation validator alone (engine built, every template of `vend synth --cloud aws` validated once)",
    catalog: 'aws',
    sizes: [2000],
    byDefault: true,
  },
  {
    name: 'aws-validator-two-engines',
    what: 'ablation: the validator floor with two engines at once, one per core, half the templates each',
    catalog: 'aws',
    floor: 'aws-validator-floor',
    sizes: [2000],
    byDefault: false,
  },
  {
    name: 'azure-floor',
    what: 'floor: bare CDKTF app, N stacks of three azurerm resources',
    sizes: [2000],
    byDefault: true,
  },
  {
    name: 'azure-synth',
    what: 'Azure synth, full baselines (library)',
    catalog: 'azure',
    floor: 'azure-floor',
    sizes: [2000],
    targets: [{ at: 2000, seconds: 8, rssMb: 500 }],
    byDefault: true,
  },
  {
    name: 'azure-cli',
    what: '`vend synth --cloud azure` as users run it',
    catalog: 'azure',
    cli: (catalog, out) => ['synth', '--cloud', 'azure', '--catalog', catalog, '--out', out],
    floor: 'azure-floor',
    sizes: [2000],
    targets: [{ at: 2000, seconds: 8, rssMb: 500 }],
    byDefault: true,
  },
  {
    name: 'azure-unstamped',
    what: 'ablation: Azure library path with every unit stack built through CDKTF (no stamping)',
    catalog: 'azure',
    floor: 'azure-synth',
    sizes: [2000],
    byDefault: true,
  },
  {
    name: 'azure-unstamped-unscoped',
    what: 'ablation: Azure library path with no stamping and one process-wide token registry',
    catalog: 'azure',
    floor: 'azure-unstamped',
    sizes: [2000],
    byDefault: true,
  },
  {
    name: 'azure-with-traces',
    what: 'ablation: Azure library path with CDKTF token stack traces recorded',
    catalog: 'azure',
    floor: 'azure-synth',
    sizes: [500],
    byDefault: true,
  },
  {
    name: 'azure-unscoped',
    what: 'ablation: Azure library path with one process-wide token registry',
    catalog: 'azure',
    floor: 'azure-synth',
    sizes: [500],
    byDefault: true,
  },
  {
    name: 'inventory',
    what: 'inventory + drift against moto (starts moto itself)',
    sizes: [2000],
    byDefault: false,
  },
];
