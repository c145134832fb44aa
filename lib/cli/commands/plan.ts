import type { Command } from 'commander';
import { computePlan, emptyInventory, loadModel, renderPlan, type EffectiveUnit, type VendModel } from '../../model';
import { awsStacksOfUnit } from '../../aws/unit-stacks';
import { azureStacksOfUnit } from '../../azure/unit-stacks';
import { loadOptions, withCatalogOptions, type CatalogOptions } from '../catalog-options';
import { readInventoryFile } from '../inventory-file';
import { EXIT_FINDINGS, EXIT_OK, oneOf, UsageError, withFormat, withProgress, writeResult } from '../io';

const FORMATS = ['text', 'markdown', 'json'] as const;

interface PlanFlags extends CatalogOptions {
  readonly inventory?: string;
  readonly format: string;
  readonly base?: string;
  readonly baseTemplates?: string;
  readonly basePolicies?: string;
  readonly maxCharacters?: string;
  readonly fullPlanAt?: string;
}

export function register(program: Command): void {
  const command = program
    .command('plan')
    .description('show what applying the catalog would change, compared with an inventory snapshot and (with --base) with the catalog a pull request starts from; exit 1 on conflicts');
  withFormat(withCatalogOptions(command), FORMATS)
    .option('--inventory <file>', 'inventory snapshot written by `vend inventory` (default: nothing exists yet)')
    .option('--base <dir>', 'the catalog before the change (e.g. the pull request\'s base branch): adds field-level changes, destructive ones marked')
    .option('--base-templates <dir>', 'templates of the base (default: the same as --templates)')
    .option('--base-policies <dir>', 'policies of the base (default: the same as --policies)')
    .option('--max-characters <n>', 'markdown: collapse to a summary above this many characters (GitHub comments hold 65,536)')
    .option('--full-plan-at <where>', 'markdown: where the collapsed summary says the full plan is')
    .action(async (opts: PlanFlags) => {
      const format = oneOf('--format', opts.format, FORMATS);
      const maxCharacters = opts.maxCharacters === undefined ? undefined : Number(opts.maxCharacters);
      if (maxCharacters !== undefined && !(Number.isInteger(maxCharacters) && maxCharacters > 0)) throw new UsageError('--max-characters must be a positive whole number');
      const model = await withProgress('loading catalog', () => loadModel(loadOptions(opts)));
      const base = opts.base
        ? loadModel({ catalogDir: opts.base, templatesDir: opts.baseTemplates ?? opts.templates, policiesDir: opts.basePolicies ?? opts.policies })
        : undefined;
      const inventory = opts.inventory ? readInventoryFile(opts.inventory) : emptyInventory();
      const plan = computePlan(model, inventory, { base, stacksOf });
      writeResult(renderPlan(plan, format, { maxCharacters, fullPlanAt: opts.fullPlanAt }));
      // a conflict (an account that already uses the unit's e-mail, a closed account) fails at deploy
      process.exitCode = plan.summary.conflict > 0 ? EXIT_FINDINGS : EXIT_OK;
    });
}

function stacksOf(unit: EffectiveUnit, model: VendModel): string[] {
  return unit.cloud === 'aws' ? awsStacksOfUnit(unit, model) : azureStacksOfUnit(unit, model);
}
