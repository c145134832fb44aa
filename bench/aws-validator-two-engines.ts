/**
 * Ablation of the validator floor (`aws-validator-floor`): the same templates validated by two
 * engines at once, one per core, each a CloudFormationValidatePlugin in its own worker thread given
 * half the templates (balanced by size). What validating "on the second core" could gain at best,
 * and what it costs in memory: V8 shares the compiled WebAssembly between the threads, not each
 * engine's own memory. README, Benchmarks, the first `vend synth --cloud aws`.
 *
 * Untimed: the synthesis (as in the floor). Timed: starting the workers, building both engines and
 * validating.
 *
 *   node dist/bench/aws-validator-two-engines.js 2000 [catalog-dir]
 */
import { rmSync, statSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { CloudFormationValidatePlugin, type PolicyValidationStack } from 'aws-cdk-lib';
import { synthesizedAwsTemplates } from './aws-templates';
import { catalogFor, workDir } from './catalog-argument';
import { caseArguments, report, startTimer } from './measure';

const ENGINES = 2;

/** The templates in `parts` groups of about equal bytes, largest first into the lightest group. */
function splitBySize(stacks: readonly PolicyValidationStack[], parts: number): PolicyValidationStack[][] {
  const groups = Array.from({ length: parts }, () => ({ bytes: 0, stacks: [] as PolicyValidationStack[] }));
  const sized = stacks.map((stack) => ({ stack, bytes: statSync(stack.templatePath).size })).sort((a, b) => b.bytes - a.bytes);
  for (const { stack, bytes } of sized) {
    const lightest = groups.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    lightest.stacks.push(stack);
    lightest.bytes += bytes;
  }
  return groups.map((g) => g.stacks);
}

function validateIn(stacks: PolicyValidationStack[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: stacks });
    worker.once('message', (findings: number) => resolve(findings));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`validation worker exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const { n, catalogDir } = caseArguments('aws-validator-two-engines', 4);
  const work = workDir('aws-validator-two-engines');
  try {
    const stackTemplates = synthesizedAwsTemplates(catalogFor(catalogDir, n, 'aws', work), work);
    const timer = startTimer();
    const findings = await Promise.all(splitBySize(stackTemplates, ENGINES).map(validateIn));
    report('aws-validator-two-engines', n, timer, { templates: stackTemplates.length, engines: ENGINES, findings: findings.reduce((a, b) => a + b, 0) });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (isMainThread) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
} else {
  const stacks = workerData as PolicyValidationStack[];
  const result = new CloudFormationValidatePlugin().validate({ stackTemplates: stacks, templatePaths: stacks.map((s) => s.templatePath), appConstruct: undefined! });
  parentPort!.postMessage(result.violations.length);
}
