/**
 * Resolves the few CloudFormation intrinsics vend's synthesized policies contain (Ref to parameters
 * and pseudo parameters, Fn::Join, Fn::GetAtt of OUs), so the documents can be evaluated exactly as
 * deployed. Anything else is an error: the harness must never evaluate a half-resolved policy.
 */
export interface CfnValues {
  /** Ref → value, by logical id of a parameter or pseudo parameter (`AWS::Partition`). */
  readonly refs: Readonly<Record<string, string>>;
  /** Fn::GetAtt [logicalId, attribute] → value, keyed `logicalId.attribute`. */
  readonly attributes?: Readonly<Record<string, string>>;
}

export function resolveCfn(value: unknown, values: CfnValues, where = ''): any {
  if (Array.isArray(value)) return value.map((v, i) => resolveCfn(v, values, `${where}[${i}]`));
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1 && entries[0][0] === 'Ref') {
    const ref = String(entries[0][1]);
    if (!(ref in values.refs)) throw new Error(`cannot resolve Ref ${ref} at ${where}`);
    return values.refs[ref];
  }
  if (entries.length === 1 && entries[0][0] === 'Fn::Join') {
    const [separator, parts] = entries[0][1] as [string, unknown[]];
    return parts.map((p, i) => String(resolveCfn(p, values, `${where}.Fn::Join[${i}]`))).join(separator);
  }
  if (entries.length === 1 && entries[0][0] === 'Fn::GetAtt') {
    const [id, attribute] = entries[0][1] as [string, string];
    const resolved = values.attributes?.[`${id}.${attribute}`];
    if (resolved === undefined) throw new Error(`cannot resolve Fn::GetAtt ${id}.${attribute} at ${where}`);
    return resolved;
  }
  if (entries.length === 1 && entries[0][0].startsWith('Fn::')) throw new Error(`unsupported intrinsic ${entries[0][0]} at ${where}`);
  return Object.fromEntries(entries.map(([k, v]) => [k, resolveCfn(v, values, `${where}.${k}`)]));
}
