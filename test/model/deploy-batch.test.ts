/** A deploy creates at most N new accounts (lib/model/deploy-batch.ts). */
import { deployBatch, type EffectiveUnit } from '../../lib/model';
import { bundledModel } from '../aws/support';

const aws = () => bundledModel().units.filter((u) => u.cloud === 'aws');
const names = (units: readonly EffectiveUnit[]) => units.map((u) => u.name).sort();

describe('a deploy batch', () => {
  test('keeps every unit whose account exists, however small the bound', () => {
    const units = aws();
    const existing = new Set(units.filter((u) => u.lifecycle === 'active').map((u) => u.name));
    const batch = deployBatch(units, existing, 0);
    expect(names(batch.included)).toEqual([...existing].sort());
    expect(batch.deferred).toEqual([]);
  });

  test('on an empty organization creates the Central account first, then the platform, PoPs and Spaces, up to the bound', () => {
    const batch = deployBatch(aws(), new Set(), 3);
    expect(names(batch.included)).toEqual(['central-aws-prod', 'control-plane-aws-prod', 'pop-eu-dev']);
    expect(batch.deferred).toEqual(['pop-eu-prod', 'space-eu-acme-prod', 'space-eu-shared-dev', 'space-eu-shared-prod']);
  });

  test('holds a new Space back while its new PoP is held back, even when there is room', () => {
    const units = aws();
    const existing = new Set(['central-aws-prod', 'control-plane-aws-prod', 'pop-eu-dev']);
    const batch = deployBatch(units, existing, 2);
    // pop-eu-prod takes one place; its Spaces may follow it only once it is admitted (it is), so the
    // Space of the existing PoP and one of pop-eu-prod's fill the bound.
    expect(names(batch.included).filter((n) => !existing.has(n))).toEqual(['pop-eu-prod', 'space-eu-acme-prod']);
    expect(batch.deferred).toEqual(['space-eu-shared-dev', 'space-eu-shared-prod']);
    const tight = deployBatch(units, new Set(['central-aws-prod', 'control-plane-aws-prod']), 1);
    expect(names(tight.included).filter((n) => n.startsWith('space-'))).toEqual([]);
    expect(tight.deferred).toContain('space-eu-acme-prod');
  });

  test('never creates an account for a unit that is decommissioned before it ever existed', () => {
    const batch = deployBatch(aws(), new Set(), 100);
    expect(names(batch.included)).not.toContain('space-eu-legacy-dev');
    expect(batch.deferred).not.toContain('space-eu-legacy-dev');
  });
});
