/**
 * A floor for validation: aws-cdk-lib's own CloudFormationValidatePlugin, exactly as an App with
 * `builtinCloudFormationValidation` runs it (a fresh engine, one validate call over every stack
 * template of the assembly, each stack's account and region), over the templates that
 * `vend synth --cloud aws` writes for the catalog. What any CDK app declaring these resources pays
 * to validate them, whatever its own synthesis costs; `aws-cli` pays it on a first synth (its
 * cache then serves the next one).
 *
 * Untimed: the synthesis, in a child process with the validator off (`vend synth`, the CLI path).
 * Timed: building the engine and validating. The template library's StackSet bodies, which the CLI
 * also validates (six small templates), are not in the assembly and not counted here.
 *
 *   node dist/bench/aws-validator-floor.js 2000 [catalog-dir]
 */
import { rmSync } from 'node:fs';
import { CloudFormationValidatePlugin, type IPolicyValidationContext } from 'aws-cdk-lib';
import { synthesizedAwsTemplates } from './aws-templates';
import { catalogFor, workDir } from './catalog-argument';
import { caseArguments, report, startTimer } from './measure';

const { n, catalogDir } = caseArguments('aws-validator-floor', 4);
const work = workDir('aws-validator-floor');
try {
  const stackTemplates = synthesizedAwsTemplates(catalogFor(catalogDir, n, 'aws', work), work);
  const context: IPolicyValidationContext = { stackTemplates, templatePaths: stackTemplates.map((s) => s.templatePath), appConstruct: undefined! };

  const timer = startTimer();
  const result = new CloudFormationValidatePlugin().validate(context);
  report('aws-validator-floor', n, timer, { templates: stackTemplates.length, findings: result.violations.length });
} finally {
  rmSync(work, { recursive: true, force: true });
}
