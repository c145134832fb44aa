/**
 * The Azure floor: a bare CDKTF app of N stacks with three azurerm resources each (a resource group,
 * a virtual network in it and a subnet in that), synthesized by CDKTF's own `app.synth()` with the
 * same cdktf and provider packages vend uses. No model, no policy, no baselines: what CDKTF itself
 * costs per stack. Prints one JSON line.
 *
 *   node dist/bench/azure-floor.js 2000
 */
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, LocalBackend, TerraformStack } from '../lib/azure/cdktf';
import { caseArguments, report, startTimer } from './measure';

function synthFloor(n: number, outdir: string): number {
  const app = new App({ outdir, skipValidation: true, stackTraces: false });
  for (let i = 0; i < n; i++) {
    const name = `unit-${String(i).padStart(5, '0')}`;
    const stack = new TerraformStack(app, name);
    new LocalBackend(stack, { path: `state/${name}.tfstate` });
    new AzurermProvider(stack, 'azurerm', { features: [{}], subscriptionId: '00000000-0000-0000-0000-000000000000' });
    const group = new ResourceGroup(stack, 'ResourceGroup', { name: `rg-${name}`, location: 'westeurope', tags: { unit: name } });
    const network = new VirtualNetwork(stack, 'VirtualNetwork', {
      name: `vnet-${name}`,
      location: group.location,
      resourceGroupName: group.name,
      addressSpace: ['10.0.0.0/16'],
      tags: { unit: name },
    });
    new Subnet(stack, 'Subnet', { name: 'workload', resourceGroupName: group.name, virtualNetworkName: network.name, addressPrefixes: ['10.0.0.0/24'] });
  }
  app.synth();
  return n;
}

const { n } = caseArguments('azure-floor');
const dir = mkdtempSync(path.join(tmpdir(), 'vend-bench-azure-floor-'));
try {
  const timer = startTimer();
  const stacks = synthFloor(n, path.join(dir, 'cdktf.out'));
  report('azure-floor', n, timer, { stacks });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
