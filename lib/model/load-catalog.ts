/**
 * Reads a catalog directory (organization.yaml and units/*.yaml) together with the templates and
 * policies it is stamped from. Collects every parse and schema problem; never throws for bad input.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { z } from 'zod';
import { readAzurePolicyDefaults } from './azure-policy-defaults';
import type { AzurePolicyDefinition, Catalog, Control, DeclarativePolicyFile, IamPolicyFile, Sourced } from './catalog';
import { compareStrings } from './compare';
import type { Diagnostic } from './diagnostic';
import { displayPath, packageRoot } from './package-paths';
import { ConfinedFolder } from './confined-folder';
import { checkSchema } from './schema-check';
import { controlSchema, organizationSchema, templateSchema, unitSchema, type UnitSpec } from './schema';
import { MAX_FILE_BYTES, SourceFile } from './source-file';

export interface LoadOptions {
  /** Directory with organization.yaml and units/. */
  readonly catalogDir: string;
  /** @default the templates/ folder shipped with vend */
  readonly templatesDir?: string;
  /** @default the policies/ folder shipped with vend */
  readonly policiesDir?: string;
}

export interface LoadResult {
  /** Undefined when organization.yaml itself is unusable. */
  readonly catalog?: Catalog;
  readonly diagnostics: Diagnostic[];
}

const YAML_FILE = /\.ya?ml$/;

export function loadCatalog(options: LoadOptions): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const root = path.resolve(options.catalogDir);
  const templatesDir = path.resolve(options.templatesDir ?? path.join(packageRoot(), 'templates'));
  const policiesDir = path.resolve(options.policiesDir ?? path.join(packageRoot(), 'policies'));
  const catalogFolder = new ConfinedFolder(root);
  const templatesFolder = new ConfinedFolder(templatesDir);
  const policiesFolder = new ConfinedFolder(policiesDir);

  const organization = readDocument(path.join(root, 'organization.yaml'), organizationSchema, diagnostics, catalogFolder);

  const units: Sourced<UnitSpec>[] = [];
  for (const file of listFiles(path.join(root, 'units'), YAML_FILE, diagnostics, catalogFolder)) {
    const unit = readDocument(file, unitSchema, diagnostics, catalogFolder);
    if (!unit) continue;
    const expected = path.basename(file).replace(YAML_FILE, '');
    if (unit.spec.name !== expected) {
      diagnostics.push(
        unit.source.at(['name'], 'file-name', `unit '${unit.spec.name}' must be in a file named ${unit.spec.name}.yaml`),
      );
    }
    units.push(unit);
  }
  units.sort((a, b) => compareStrings(a.spec.name, b.spec.name));

  const templates = new Map<string, Sourced<z.infer<typeof templateSchema>>>();
  for (const file of listFiles(templatesDir, YAML_FILE, diagnostics, templatesFolder)) {
    const template = readDocument(file, templateSchema, diagnostics, templatesFolder);
    if (template) templates.set(template.spec.name, template);
  }

  const controls = new Map<string, Control>();
  for (const file of listFiles(path.join(policiesDir, 'controls'), YAML_FILE, diagnostics, policiesFolder)) {
    const control = readDocument(file, controlSchema, diagnostics, policiesFolder);
    if (!control) continue;
    const expected = path.basename(file).replace(/(\.control)?\.ya?ml$/, '');
    if (control.spec.name !== expected) {
      diagnostics.push(control.source.at(['name'], 'file-name', `control '${control.spec.name}' must be in ${control.spec.name}.control.yaml`));
    }
    const aws = control.spec.aws;
    const iamPolicy = (kind: 'scp' | 'rcp') => {
      const rel = aws?.[kind];
      return rel ? readIamPolicy(policiesFolder, rel, control.source, ['aws', kind], diagnostics) : undefined;
    };
    const scp = iamPolicy('scp');
    const rcp = iamPolicy('rcp');
    const declarative = aws?.declarative ? readDeclarative(policiesFolder, aws.declarative, control.source, diagnostics) : undefined;
    const azurePolicies = (control.spec.azure?.definitions ?? []).flatMap((rel, i) => {
      const def = readAzurePolicy(policiesFolder, rel, control.source, i, diagnostics);
      return def ? [def] : [];
    });
    controls.set(control.spec.name, { ...control, scp, rcp, declarative, azurePolicies });
  }

  const azurePolicyDefaults = readAzurePolicyDefaults(policiesDir, diagnostics, (file) =>
    existsSync(file) ? readBounded(file, displayPath(file), diagnostics, MAX_FILE_BYTES, policiesFolder) : undefined,
  );

  if (!organization) return { diagnostics };
  return { catalog: { root, organization, units, templates, controls, azurePolicyDefaults }, diagnostics };
}

function readDocument<T extends z.ZodType>(file: string, schema: T, diagnostics: Diagnostic[], folder: ConfinedFolder): Sourced<z.infer<T>> | undefined {
  const shown = displayPath(file);
  const content = readBounded(file, shown, diagnostics, MAX_FILE_BYTES, folder);
  if (content === undefined) return undefined;
  const parsed = SourceFile.parse(shown, content);
  diagnostics.push(...parsed.problems);
  if (parsed.value === undefined) return undefined;
  const checked = checkSchema(schema, parsed.value, parsed.source);
  diagnostics.push(...checked.problems);
  return checked.value === undefined ? undefined : { spec: checked.value, source: parsed.source };
}

/**
 * Reads a file unless it is missing, not a file, larger than catalog files may be, or (given the
 * folder it belongs to) a link that leads outside that folder.
 */
export function readBounded(file: string, shown: string, diagnostics: Diagnostic[], maxBytes = MAX_FILE_BYTES, folder?: ConfinedFolder): Buffer | undefined {
  const problem = (code: string, message: string) => {
    diagnostics.push({ code, severity: 'error', file: shown, line: 0, path: '', message });
    return undefined;
  };
  const escape = folder?.escape(file);
  if (escape !== undefined) return problem('outside-folder', outsideMessage(escape, folder!));
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return problem('not-a-file', 'is not a regular file');
    size = stat.size;
  } catch {
    return problem('missing-file', 'file not found');
  }
  if (size > maxBytes) {
    return problem('file-too-large', `file is ${size} bytes; the limit is ${maxBytes} bytes`);
  }
  try {
    return readFileSync(file);
  } catch (err) {
    return problem('unreadable-file', `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

function listFiles(dir: string, pattern: RegExp, diagnostics: Diagnostic[], folder: ConfinedFolder): string[] {
  const escape = folder.escape(dir);
  if (escape !== undefined) {
    diagnostics.push({ code: 'outside-folder', severity: 'error', file: displayPath(dir), line: 0, path: '', message: outsideMessage(escape, folder) });
    return [];
  }
  try {
    return readdirSync(dir)
      .filter((name) => pattern.test(name))
      .sort()
      .map((name) => path.join(dir, name));
  } catch {
    diagnostics.push({ code: 'missing-directory', severity: 'error', file: displayPath(dir), line: 0, path: '', message: 'directory not found' });
    return [];
  }
}

function readJson(policies: ConfinedFolder, rel: string, owner: SourceFile, ownerPath: PropertyKey[], diagnostics: Diagnostic[]) {
  const file = path.resolve(policies.root, rel);
  if (!file.startsWith(policies.root + path.sep)) {
    diagnostics.push(owner.at(ownerPath, 'policy-path', `'${rel}' is outside the policies folder`));
    return undefined;
  }
  const shown = displayPath(file);
  const content = readBounded(file, shown, diagnostics, MAX_FILE_BYTES, policies);
  if (content === undefined) {
    diagnostics.push(owner.at(ownerPath, 'policy-missing', `cannot read '${rel}'`));
    return undefined;
  }
  const parsed = SourceFile.parse(shown, content);
  diagnostics.push(...parsed.problems);
  return parsed.value === undefined ? undefined : { file: shown, value: parsed.value, source: parsed.source };
}

function readIamPolicy(
  policies: ConfinedFolder,
  rel: string,
  owner: SourceFile,
  ownerPath: PropertyKey[],
  diagnostics: Diagnostic[],
): IamPolicyFile | undefined {
  const json = readJson(policies, rel, owner, ownerPath, diagnostics);
  if (!json) return undefined;
  const doc = json.value as IamPolicyFile['document'];
  if (!doc || typeof doc !== 'object' || doc.Version !== '2012-10-17' || !Array.isArray(doc.Statement)) {
    const kind = String(ownerPath[ownerPath.length - 1]).toUpperCase();
    diagnostics.push(json.source.at([], 'scp-shape', `an ${kind} needs "Version": "2012-10-17" and a "Statement" list`));
    return undefined;
  }
  return { file: json.file, document: doc, source: json.source };
}

function readDeclarative(policies: ConfinedFolder, rel: string, owner: SourceFile, diagnostics: Diagnostic[]): DeclarativePolicyFile | undefined {
  const json = readJson(policies, rel, owner, ['aws', 'declarative'], diagnostics);
  if (!json) return undefined;
  const doc = json.value;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    diagnostics.push(json.source.at([], 'declarative-shape', 'a declarative policy is a JSON object such as { "ec2_attributes": { … } }'));
    return undefined;
  }
  return { file: json.file, document: doc as Record<string, unknown>, source: json.source };
}

function readAzurePolicy(
  policies: ConfinedFolder,
  rel: string,
  owner: SourceFile,
  index: number,
  diagnostics: Diagnostic[],
): AzurePolicyDefinition | undefined {
  const json = readJson(policies, rel, owner, ['azure', 'definitions', index], diagnostics);
  if (!json) return undefined;
  const props = (json.value as { properties?: AzurePolicyDefinition['properties'] }).properties;
  if (!props || typeof props !== 'object' || !props.policyRule || !props.displayName) {
    diagnostics.push(json.source.at(['properties'], 'azure-policy-shape', 'an Azure Policy definition needs properties.displayName and properties.policyRule'));
    return undefined;
  }
  const name = path.basename(rel).replace(/(\.policy)?\.json$/, '');
  return { file: json.file, name, properties: props, source: json.source };
}

function outsideMessage(real: string, folder: ConfinedFolder): string {
  return `is a link to ${displayPath(real)}, outside ${displayPath(folder.root)}; vend reads only files inside the catalog, templates and policies folders`;
}
