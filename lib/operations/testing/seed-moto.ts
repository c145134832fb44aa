/**
 * `node dist/lib/operations/testing/seed-moto.js [--catalog DIR] [--endpoint URL] [--no-drift]`:
 * seeds a moto server with the organization, accounts, access and baselines of a catalog (plus
 * some drift), for the newcomer demo. With `--deploy-decommissioned` it instead does to the seeded
 * moto what `cdk deploy` does for every unit marked decommissioned (quarantine, no access, no PoP
 * principal, no stack instances). Endpoint: --endpoint, else AWS_ENDPOINT_URL.
 * Refuses anything but a loopback endpoint: it creates accounts.
 */
import { loadModel } from '../../model';
import { AwsClients } from '../aws/clients';
import { deployDecommissioned } from './deploy-decommissioned';
import { seedAws } from './seed-aws';

async function main(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const endpoint = arg('--endpoint') ?? process.env.AWS_ENDPOINT_URL;
  if (!endpoint || !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/.test(endpoint)) {
    throw new Error(`seed-moto only seeds a local emulator; set AWS_ENDPOINT_URL=http://127.0.0.1:PORT (got '${endpoint ?? ''}')`);
  }
  process.env.AWS_ACCESS_KEY_ID ??= 'testing';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
  const model = loadModel({ catalogDir: arg('--catalog') ?? 'catalog' });
  const aws = new AwsClients({ endpoint, region: 'us-east-1', gateOptions: { unlimited: true } });
  if (argv.includes('--deploy-decommissioned')) {
    const units = model.units.filter((u) => u.cloud === 'aws' && u.lifecycle === 'decommissioned');
    for (const u of units) await deployDecommissioned(aws, model, u.name);
    process.stdout.write(`deployed the decommission of ${units.map((u) => u.name).join(', ') || 'no unit'} on ${endpoint} (as cdk deploy would)\n`);
    aws.destroy();
    return;
  }
  const seeded = await seedAws(aws, model, { drift: !argv.includes('--no-drift') });
  process.stdout.write(
    [
      `seeded ${endpoint}: organization ${seeded.rootId}, management account ${seeded.managementAccountId}`,
      `  ${seeded.ous.size} OUs, ${seeded.accounts.size} unit accounts${argv.includes('--no-drift') ? '' : ' + drift (an unmanaged account, a detached and an extra SCP)'}`,
      ...[...seeded.accounts].map(([unit, id]) => `  ${id}  ${unit}`),
      '',
    ].join('\n'),
  );
  aws.destroy();
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exit(1);
});
