import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyOrder } from '../../lib/azure/apply-order';
import { synthesizeAzure } from '../../lib/azure';
import { loadModel } from '../../lib/model';
import { readFileSync } from 'node:fs';

describe('Terraform apply order', () => {
  test('puts the tenant first, Central before everything else, and each Space after its PoP', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'vend-order-'));
    try {
      const model = loadModel({ catalogDir: path.resolve(__dirname, '../../catalog') });
      synthesizeAzure(model, { outdir });
      const order = applyOrder(JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')));
      expect(order[0]).toBe('vend-azure-tenant');
      expect(order[1]).toBe('central-azure-prod');
      for (const unit of model.units.filter((u) => u.cloud === 'azure' && u.kind === 'Space' && u.lifecycle === 'active')) {
        expect(order.indexOf(unit.name)).toBeGreaterThan(order.indexOf(unit.network!.pop!));
      }
      expect([...order].sort()).toEqual(Object.keys(JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).stacks).sort());
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('fails on a dependency cycle, naming it', () => {
    const stacks = { a: { dependencies: ['b'], workingDirectory: 'a' }, b: { dependencies: ['a'], workingDirectory: 'b' } };
    expect(() => applyOrder({ stacks })).toThrow('stack dependency cycle: a → b → a');
  });
});
