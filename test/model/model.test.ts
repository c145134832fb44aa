import { createHash } from 'node:crypto';
/**
 * The cloud-neutral model: hierarchy, effective configuration, naming, CIDR arithmetic, the
 * generator, the inventory reader, the generated JSON Schemas, and the model's independence from
 * cloud code.
 */
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  effectiveUnit,
  formatDiagnostic,
  generateCatalog,
  loadCatalog,
  loadInventory,
  loadModel,
  overlappingPairs,
  parseCidr,
  pascalId,
  policyAssignmentName,
  validateCatalog,
  writeGeneratedCatalog,
  accountClosureLimit,
  DEFAULT_QUOTAS,
  type CidrBlock,
} from '../../lib/model';
import { jsonSchemas } from '../../lib/model/json-schema';
import { fixtureCatalog, REPO } from './support/catalog-fixture';

const model = loadModel({ catalogDir: path.join(REPO, 'catalog') });

describe('derived hierarchy', () => {
  test('gives every environment its own branch, so dev and prod never share a node below the top', () => {
    for (const node of model.hierarchy.nodes.filter((n) => n.role === 'function')) {
      const chain = model.hierarchy.ancestry(node.key).map((n) => n.key);
      expect(chain).toEqual(['organization', node.environment, node.key]);
    }
    const devNodes = new Set(model.hierarchy.nodes.filter((n) => n.environment === 'dev').map((n) => n.key));
    const prodNodes = model.hierarchy.nodes.filter((n) => n.environment === 'prod').map((n) => n.key);
    expect(prodNodes.filter((k) => devNodes.has(k))).toEqual([]);
  });

  test('has one quarantine node carrying the deny-all control', () => {
    const quarantine = model.hierarchy.nodes.filter((n) => n.role === 'quarantine');
    expect(quarantine).toHaveLength(1);
    expect(quarantine[0].controls).toEqual(['deny-all']);
    expect(quarantine[0].aws.path).toBe('acme/Quarantine');
    expect(quarantine[0].azure.id).toBe('acme-decommissioned');
  });

  test('attaches organization controls at the top and template controls at function nodes only', () => {
    const top = model.hierarchy.node('organization');
    expect(top.controls).toContain('deny-leave-organization');
    expect(model.hierarchy.node('prod/Space').controls).toEqual(['space-network-isolation']);
    expect(model.hierarchy.node('prod/PoP').controls).toEqual([]);
  });

  test('places decommissioned units in quarantine and others in their environment × function node', () => {
    expect(model.unit('space-eu-legacy-dev')!.placement).toBe('quarantine');
    expect(model.unit('space-eu-acme-prod')!.placement).toBe('prod/Space');
  });
});

describe('effective unit', () => {
  test('takes template defaults where the unit is silent and the unit\'s value where it speaks', () => {
    const catalog = model.catalog;
    const unit = catalog.units.find((u) => u.spec.name === 'space-eu-shared-dev')!;
    const silent = { ...unit, spec: { ...unit.spec, tenancy: undefined } };
    expect(effectiveUnit(catalog, silent).tenancy).toBe('multi');
    expect(effectiveUnit(catalog, { ...unit, spec: { ...unit.spec, tenancy: 'single' } }).tenancy).toBe('single');
  });

  test('tags carry template tags, unit tags and the vend:* mapping tags, vend\'s own winning', () => {
    const unit = model.unit('space-eu-acme-prod')!;
    expect(unit.tags).toMatchObject({
      'vend:function': 'space',
      'cost-center': '1234',
      'vend:unit': 'space-eu-acme-prod',
      'vend:kind': 'Space',
      'vend:environment': 'prod',
      'vend:owners': 'team-identity@acme.example',
      'vend:baseline': unit.baselineHash,
    });
  });

  test('changes the baseline fingerprint when something that shapes the baseline changes, and only then', () => {
    const catalog = model.catalog;
    const unit = catalog.units.find((u) => u.spec.name === 'space-eu-shared-dev')!;
    const hash = (spec: typeof unit.spec) => effectiveUnit(catalog, { ...unit, spec }).baselineHash;
    expect(hash({ ...unit.spec, owners: ['someone@else.example'] })).toBe(hash(unit.spec));
    expect(hash({ ...unit.spec, network: { cidr: '10.121.0.0/22', pop: 'pop-eu-dev' } })).not.toBe(hash(unit.spec));
    expect(hash({ ...unit.spec, access: [{ group: 'x', role: 'viewer' }] })).not.toBe(hash(unit.spec));
  });
});

describe('naming', () => {
  test('policy assignment names fit Azure\'s 24 characters and stay unique across controls', () => {
    const names = [...model.catalog.controls.keys()].map(policyAssignmentName);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(24);
    expect(new Set(names).size).toBe(names.length);
  });

  test('ids derive from names, not positions', () => {
    expect(pascalId('space-eu-acme-prod')).toBe('SpaceEuAcmeProd');
  });
});

describe('CIDR arithmetic', () => {
  test('rejects malformed blocks with a reason', () => {
    expect(parseCidr('10.0.0.0/33')).toEqual({ ok: false, message: "'10.0.0.0/33' has a prefix above /32" });
    expect(parseCidr('10.0.256.0/24')).toEqual({ ok: false, message: "'10.0.256.0/24' has an octet above 255" });
    expect(parseCidr('10.0.0/24')).toMatchObject({ ok: false });
  });

  test('finds exactly the overlapping pairs a brute-force comparison finds', () => {
    const block = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 20, max: 28 })).map(([third, prefix]) => {
      const parsed = parseCidr(`10.0.${third}.0/${prefix}`);
      return parsed.ok ? parsed.block : undefined;
    });
    fc.assert(
      fc.property(fc.array(block, { maxLength: 30 }), (maybe) => {
        const blocks = maybe.filter((b): b is CidrBlock => b !== undefined).map((b, i) => ({ ...b, text: `${b.text}#${i}` }));
        const key = ([a, b]: [CidrBlock, CidrBlock]) => [a.text, b.text].sort().join(' ');
        const fast = overlappingPairs(blocks, (b) => b).map(key).sort();
        const slow: string[] = [];
        for (let i = 0; i < blocks.length; i++) {
          for (let j = i + 1; j < blocks.length; j++) {
            if (blocks[i].start <= blocks[j].end && blocks[j].start <= blocks[i].end) slow.push(key([blocks[i], blocks[j]]));
          }
        }
        expect(fast).toEqual(slow.sort());
      }),
    );
  });
});

describe('quotas', () => {
  test('the closure limit is 20% of accounts or 250, whichever is higher, capped at 1,000', () => {
    expect(accountClosureLimit(DEFAULT_QUOTAS, 100)).toBe(250);
    expect(accountClosureLimit(DEFAULT_QUOTAS, 2000)).toBe(400);
    expect(accountClosureLimit(DEFAULT_QUOTAS, 10000)).toBe(1000);
  });
});

/** Digest of the 300-unit generated catalog's files, networks and PoPs. */
const SHAPE_DIGEST = 'e292b902c1b96711';

describe('catalog generator', () => {
  test('is deterministic: the same options give the same units, networks and PoPs on every machine', () => {
    // pinned: a change here changes every benchmark and scale test's input, so it must be deliberate
    const files = generateCatalog({ units: 300 });
    const shape = files.map((f) => `${f.path} ${/cidr: ([\d./]+)/.exec(f.content)?.[1] ?? ''} ${/pop: ([\w-]+)/.exec(f.content)?.[1] ?? ''}`);
    expect(shape).toHaveLength(301);
    expect(shape.slice(0, 3)).toEqual(['organization.yaml  ', 'units/central-aws.yaml 10.0.0.0/22 ', 'units/control-plane-aws.yaml 10.0.4.0/22 ']);
    expect(createHash('sha256').update(shape.join('\n')).digest('hex').slice(0, 16)).toBe(SHAPE_DIGEST);
  });

  test.each(['aws', 'azure', 'mixed'] as const)('writes a valid %s catalog of exactly N units', (cloud) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vend-gen-'));
    try {
      writeGeneratedCatalog(dir, { units: 250, cloud });
      const loaded = loadCatalog({ catalogDir: dir });
      const problems = [...loaded.diagnostics, ...validateCatalog(loaded.catalog!)];
      expect(problems.map(formatDiagnostic)).toEqual([]);
      expect(loaded.catalog!.units).toHaveLength(250);
      if (cloud !== 'mixed') expect(new Set(loaded.catalog!.units.map((u) => u.spec.cloud))).toEqual(new Set([cloud]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('inventory reader', () => {
  test('fails on a wrong field with its line and path', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vend-inv-'));
    const file = path.join(dir, 'inventory.json');
    writeFileSync(file, '{\n  "apiVersion": "vend/v1",\n  "kind": "Inventory",\n  "aws": {\n    "organizationalUnits": [],\n    "accounts": [ { "id": "1", "name": "x", "email": "x@y.z", "status": "GONE", "ouPath": "", "tags": {} } ]\n  }\n}\n');
    try {
      const { inventory, diagnostics } = loadInventory(file);
      expect(inventory).toBeUndefined();
      expect(diagnostics).toEqual([expect.objectContaining({ line: 6, path: 'aws.accounts[0].status', message: "'GONE' is not one of ACTIVE, SUSPENDED, PENDING_CLOSURE" })]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fails on JSON syntax errors with a line', () => {
    const fixture = fixtureCatalog();
    try {
      fixture.write('inventory.json', '{\n  "apiVersion": "vend/v1",\n  "kind": \n}\n');
      const { diagnostics } = loadInventory(path.join(path.dirname(fixture.dir), 'inventory.json'));
      expect(diagnostics).toEqual([expect.objectContaining({ code: 'json-syntax', line: 4 })]);
      expect(diagnostics[0].message).toMatch(/^not valid JSON: /);
    } finally {
      fixture.cleanup();
    }
  });
});

describe('inventory reader, on files vend did not write', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'vend-inv-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const read = (text: string) => {
    const file = path.join(dir, 'inventory.json');
    writeFileSync(file, text);
    const { inventory, diagnostics } = loadInventory(file);
    return { inventory, lines: diagnostics.map((d) => formatDiagnostic({ ...d, file: path.basename(d.file) })) };
  };
  const AWS = '"aws": { "organizationalUnits": [], "accounts": [] }';

  test('skips a UTF-8 byte-order mark, as the catalog reader does', () => {
    const { inventory, lines } = read(`\uFEFF{ "apiVersion": "vend/v1", "kind": "Inventory", ${AWS} }`);
    expect(lines).toEqual([]);
    expect(inventory?.aws?.accounts).toEqual([]);
  });

  test('refuses a key named twice in one object, at the second one\'s line, where JSON.parse would keep the last', () => {
    const text = `{\n  "apiVersion": "vend/v1",\n  "kind": "Inventory",\n  ${AWS},\n  "apiVersion": "vend/v1"\n}\n`;
    expect(JSON.parse(text).apiVersion).toBe('vend/v1');
    expect(read(text)).toEqual({ inventory: undefined, lines: ['inventory.json:5: key "apiVersion" appears twice in one object; JSON keeps only the last, so say it once'] });
  });

  test('tells a repeated key from the same name in another object, or spelt with an escape', () => {
    const tags = '{ "id": "1", "name": "x", "email": "x@y.z", "status": "ACTIVE", "ouPath": "", "tags": { "team": "a", "t\\u0065am": "b" } }';
    const accounts = `{ "apiVersion": "vend/v1", "kind": "Inventory", "aws": { "organizationalUnits": [], "accounts": [${tags}] } }`;
    expect(read(accounts).lines).toEqual(['inventory.json:1: key "team" appears twice in one object; JSON keeps only the last, so say it once']);
    const nested = `{ "apiVersion": "vend/v1", "kind": "Inventory", "aws": { "organizationalUnits": [], "accounts": [${tags.replace('"t\\u0065am"', '"kind"')}] } }`;
    expect(read(nested).lines).toEqual([]);
  });

  test.each([
    ['objects', 1, (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`],
    ['arrays', 1, (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`],
    ['a truncated file', 2, (n: number) => `\n${'['.repeat(n)}`],
  ])('refuses %s nested 200,000 deep with a bounded, located message, not a stack overflow', (_what, line, deep) => {
    const { inventory, lines } = read(deep(200_000));
    expect(inventory).toBeUndefined();
    expect(lines).toEqual([`inventory.json:${line}: nested more than 16 levels deep; this file is not what vend writes`]);
  });

  test('reads a snapshot nested as deep as vend writes one', () => {
    const text = `{ "apiVersion": "vend/v1", "kind": "Inventory", "aws": { "organizationalUnits": [], "accounts": [ { "id": "1", "name": "x", "email": "x@y.z", "status": "ACTIVE", "ouPath": "", "tags": { "vend:unit": "x" } } ] } }`;
    expect(read(text).lines).toEqual([]);
  });
});

describe('JSON Schemas for editors', () => {
  test.each(Object.keys(jsonSchemas()))('schema/%s.schema.json is up to date (run `vend schema` after changing the model)', (name) => {
    const committed = JSON.parse(readFileSync(path.join(REPO, 'schema', `${name}.schema.json`), 'utf8'));
    expect(committed).toEqual(jsonSchemas()[name as keyof ReturnType<typeof jsonSchemas>]);
  });

  test('reject unknown keys, like vend itself', () => {
    const unit = jsonSchemas().unit as { additionalProperties?: boolean };
    expect(unit.additionalProperties).toBe(false);
  });
});

describe('the model folder', () => {
  test('imports no cloud SDK, aws-cdk-lib, constructs or cdktf', () => {
    const dir = path.join(REPO, 'lib', 'model');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const entry of readdirSync(d, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(path.join(d, entry.name));
        else if (entry.name.endsWith('.ts')) files.push(path.join(d, entry.name));
      }
    };
    walk(dir);
    const offenders = files.filter((f) =>
      /from '(aws-cdk-lib|constructs|cdktf|@cdktf\/|@aws-sdk\/|@azure\/)/.test(readFileSync(f, 'utf8')),
    );
    expect(files.length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
