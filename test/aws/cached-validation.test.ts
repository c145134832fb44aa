/**
 * CachedCloudFormationValidation against aws-cdk-lib's own CloudFormationValidatePlugin: the same
 * findings (placed in the right template), from the cache on a second run, a damaged cache entry
 * validated again, a changed template validated again. Templates are small files written here, and
 * every validator wraps one engine (building one takes seconds).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, CfnResource, CloudFormationValidatePlugin, Stack, Validations, type IPolicyValidationContext } from 'aws-cdk-lib';
import { CachedCloudFormationValidation, cloudFormationValidation, defaultCacheDir } from '../../lib/aws/validation/cached-validation';

let work: string;
let cacheDir: string;

/** A subnet without its required VpcId (an error) beside a valid bucket. */
const INVALID = {
  Resources: {
    Subnet: { Type: 'AWS::EC2::Subnet', Properties: { CidrBlock: '10.0.0.0/24' } },
    Logs: { Type: 'AWS::S3::Bucket', Properties: {} },
  },
};
/** A different violation: a VPC id in the wrong format. */
const OTHER = { Resources: { Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: 'vpc-1234', CidrBlock: '10.0.0.0/24' } } } };
const VALID = { Resources: { Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: 'vpc-0123456789abcdef0', CidrBlock: '10.0.0.0/24' } } } };

/** aws-cdk-lib's validator: the reference, and the engine each cached validator wraps. */
let engine: CloudFormationValidatePlugin;
beforeAll(() => {
  engine = new CloudFormationValidatePlugin();
});
const cached = () => new CachedCloudFormationValidation({ cacheDir, engine });

function writeTemplate(name: string, template: object): string {
  const file = path.join(work, `${name}.template.json`);
  writeFileSync(file, JSON.stringify(template));
  return file;
}

/** Three stacks: two with the same text (validated once, reported in both) and one other. */
function context(): IPolicyValidationContext {
  const stack = (name: string, template: object) => ({
    stackConstructPath: `App/${name}`,
    templatePath: writeTemplate(name, template),
    accountId: '111111111111',
    region: 'eu-west-1',
  });
  const stackTemplates = [stack('First', INVALID), stack('Other', OTHER), stack('Twin', INVALID)];
  return { stackTemplates, templatePaths: stackTemplates.map((s) => s.templatePath), appConstruct: undefined as never };
}

function cacheFiles(): string[] {
  return readdirSync(path.join(cacheDir, 'cfn-validate')).map((f) => path.join(cacheDir, 'cfn-validate', f));
}

beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'vend-cached-validation-'));
  cacheDir = path.join(work, 'cache');
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
  jest.restoreAllMocks();
});

describe('cached validation reports what CloudFormationValidatePlugin reports', () => {
  test('the same findings, each in its own template, on a first run and from the cache', () => {
    const ctx = context();
    const expected = engine.validate(ctx);
    // The fixture must exercise the cache: errors in two distinct texts, one of them twice.
    expect(expected.success).toBe(false);
    const placed = expected.violations.flatMap((v) => v.violatingResources.map((r) => `${path.basename(r.templatePath!)} ${r.resourceLogicalId}`));
    expect(new Set(placed)).toEqual(new Set(['First.template.json Subnet', 'Other.template.json Subnet', 'Twin.template.json Subnet']));

    const first = cached();
    expect(first.validate(ctx)).toEqual(expected);
    expect(first.stats).toEqual({ validated: 2, fromRun: 1, fromCache: 0 });

    const engineRuns = jest.spyOn(engine, 'validate');
    const second = cached();
    expect(second.validate(ctx)).toEqual(expected);
    expect(second.stats).toEqual({ validated: 0, fromRun: 1, fromCache: 2 });
    expect(engineRuns).not.toHaveBeenCalled();
  });

  test('a damaged cache entry is ignored, validated again and rewritten', () => {
    const ctx = context();
    const expected = engine.validate(ctx);
    cached().validate(ctx);
    const [damaged, edited] = cacheFiles();
    writeFileSync(damaged, '[{"ruleName": "E30');
    writeFileSync(edited, JSON.stringify([{ ruleName: 'E3003', description: 'x', violatingResources: [{}] }]));

    const again = cached();
    expect(again.validate(ctx)).toEqual(expected);
    expect(again.stats).toEqual({ validated: 2, fromRun: 1, fromCache: 0 });
    for (const file of [damaged, edited]) expect(Array.isArray(JSON.parse(readFileSync(file, 'utf8')))).toBe(true);
  });

  test('a changed template is validated again; the unchanged ones come from the cache', () => {
    const ctx = context();
    cached().validate(ctx);
    writeTemplate('Other', VALID);

    const after = cached();
    const report = after.validate(ctx);
    expect(after.stats).toEqual({ validated: 1, fromRun: 1, fromCache: 1 });
    expect(report).toEqual(engine.validate(ctx));
    const templates = report.violations.flatMap((v) => v.violatingResources.map((r) => path.basename(r.templatePath!)));
    expect(templates).not.toContain('Other.template.json');
    expect(cacheFiles()).toHaveLength(3);
  });

  test('an entry read is touched and one not read keeps its time, so a kept cache can drop what the last run did not use', () => {
    const ctx = context();
    cached().validate(ctx);
    const longAgo = new Date('2020-01-01T00:00:00Z');
    for (const file of cacheFiles()) utimesSync(file, longAgo, longAgo);
    const stale = new Set(cacheFiles());
    writeTemplate('Other', VALID);

    const after = cached();
    after.validate(ctx);
    expect(after.stats).toEqual({ validated: 1, fromRun: 1, fromCache: 1 });
    const untouched = cacheFiles().filter((f) => statSync(f).mtimeMs <= longAgo.getTime());
    const used = cacheFiles().filter((f) => statSync(f).mtimeMs > longAgo.getTime());
    // the entry of Other's old text is the one left behind; INVALID's was read, VALID's written
    expect(untouched).toHaveLength(1);
    expect(stale.has(untouched[0])).toBe(true);
    expect(used).toHaveLength(2);
    expect(used.filter((f) => stale.has(f))).toHaveLength(1);
  });

  test('the account and region are part of the key', () => {
    const ctx = context();
    cached().validate(ctx);
    const elsewhere = { ...ctx, stackTemplates: ctx.stackTemplates.map((s) => ({ ...s, region: 'us-east-1' })) };
    const other = cached();
    other.validate(elsewhere);
    expect(other.stats).toEqual({ validated: 2, fromRun: 1, fromCache: 0 });
  });
});

describe('cached validation inside a CDK app', () => {
  test('fails synthesis on an invalid template, as the built-in validator does', () => {
    const app = new App({ builtinCloudFormationValidation: false, context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
    Validations.of(app).addPlugins(cached());
    const stack = new Stack(app, 'Invalid');
    new CfnResource(stack, 'Subnet', { type: 'AWS::EC2::Subnet', properties: { CidrBlock: '10.0.0.0/24' } });
    expect(() => app.synth()).toThrow(/VpcId/);
  });
});

describe('where the cache lives', () => {
  test('VEND_CACHE_DIR, else XDG_CACHE_HOME/vend, else ~/.cache/vend', () => {
    expect(defaultCacheDir({ VEND_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/c');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x' })).toBe(path.join('/x', 'vend'));
    expect(defaultCacheDir({})).toMatch(/[/\\]\.cache[/\\]vend$/);
  });

  test('the tests never use the real one', () => {
    expect(process.env.VEND_CACHE_DIR).toBeDefined();
    expect(process.env.VEND_CACHE_DIR!.startsWith(tmpdir())).toBe(true);
  });

  test('CDK_VALIDATION=false turns the validator off', () => {
    expect(cloudFormationValidation({ CDK_VALIDATION: 'false' })).toBeUndefined();
    expect(cloudFormationValidation({ VEND_CACHE_DIR: cacheDir })).toBeInstanceOf(CachedCloudFormationValidation);
  });
});
