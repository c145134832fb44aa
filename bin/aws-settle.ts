#!/usr/bin/env node
/**
 * Run before `cdk deploy` (deploy workflow): waits until no `Vend-` stack in the deployment region
 * is in the middle of an operation, so a deploy that an earlier run left going resumes instead of
 * failing. Exit 0 when settled, 1 when a stack needs a person (listed), 4 when still busy at the
 * timeout (VEND_SETTLE_TIMEOUT_MINUTES, default 300).
 */
import { AwsClients } from '../lib/operations/aws/clients';
import { settleStacks } from '../lib/operations/aws/settle-stacks';

async function main(): Promise<number> {
  const aws = new AwsClients();
  try {
    const minutes = Number(process.env.VEND_SETTLE_TIMEOUT_MINUTES ?? 300);
    const result = await settleStacks({ aws, timeoutMs: minutes * 60_000, log: (m) => process.stderr.write(`${m}\n`) });
    for (const stack of result.stuck) process.stderr.write(`needs a person: ${stack}\n`);
    if (result.stuck.length > 0) return 1;
    return result.settled ? 0 : 4;
  } finally {
    aws.destroy();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err) => {
    process.stderr.write(`vend: ${String(err)}\n`);
    process.exitCode = 4;
  },
);
