/**
 * Which live account or subscription is a unit's: exactly one, on which every piece of evidence
 * agrees — its identity (the unit's root e-mail in AWS, unique across AWS; its alias in Azure), its
 * `vend:unit` tag, the ids the audit ledger and the inventory recorded for the unit, and a placement
 * the unit can have had (its home OU / management group or Quarantine). Anything else is refused,
 * naming every candidate, before anything is touched. Pure: the cloud readers gather the evidence.
 */
export interface Candidate {
  readonly id: string;
  readonly name: string;
  /** AWS: the account's root e-mail. Azure: the alias that created the subscription, if any. */
  readonly identity?: string;
  readonly status: string;
  /** Id of the OU / management group it sits in, and its path for people. */
  readonly placementId: string;
  readonly placement: string;
  /** The value of its `vend:unit` tag, if any. */
  readonly tag?: string;
}

export interface IdentityEvidence {
  readonly unit: { readonly name: string; readonly identity: string };
  readonly home: { readonly id?: string; readonly path: string };
  readonly quarantine: { readonly id?: string; readonly path: string };
  /** Every account / subscription that matches the unit by identity, name, tag or a recorded id. */
  readonly candidates: readonly Candidate[];
  /** Ids recorded for the unit elsewhere: `{ id, source: 'ledger' | 'inventory' }`. */
  readonly recorded: readonly { readonly id: string; readonly source: string }[];
}

export type IdentityVerdict =
  | { readonly kind: 'found'; readonly candidate: Candidate }
  | { readonly kind: 'none'; readonly detail: string }
  | { readonly kind: 'ambiguous'; readonly reason: string; readonly candidates: readonly Candidate[] };

export function describeCandidate(c: Candidate): string {
  return `${c.name} <${c.identity ?? 'no identity'}> ${c.id} ${c.status} in ${c.placement} (vend:unit=${c.tag ?? 'none'})`;
}

/** The ambiguity as one message: the reason, then every candidate on its own line. */
export function ambiguityMessage(unit: string, verdict: Extract<IdentityVerdict, { kind: 'ambiguous' }>): string {
  return [`refusing to decommission ${unit}: ${verdict.reason}; nothing was changed. Candidates:`, ...verdict.candidates.map((c) => `  - ${describeCandidate(c)}`)].join('\n');
}

export function resolveIdentity(e: IdentityEvidence): IdentityVerdict {
  const same = (a?: string) => a !== undefined && a.toLowerCase() === e.unit.identity.toLowerCase();
  const real = e.candidates.filter((c) => same(c.identity));
  const claimants = e.candidates.filter((c) => c.tag === e.unit.name);
  const all = e.candidates;
  const ambiguous = (reason: string): IdentityVerdict => ({ kind: 'ambiguous', reason, candidates: all });
  if (real.length > 1) return ambiguous(`${real.length} accounts have the identity ${e.unit.identity}`);
  const [one] = real;
  if (!one) {
    if (claimants.length) return ambiguous(`no account has the identity ${e.unit.identity}, yet ${claimants.length} carry vend:unit=${e.unit.name}`);
    if (e.recorded.length) return ambiguous(`no account has the identity ${e.unit.identity}, yet ${e.recorded.map((r) => `the ${r.source} records ${r.id}`).join(' and ')}`);
    return { kind: 'none', detail: `no account or subscription has the identity ${e.unit.identity} (never created, or closed and gone)` };
  }
  if (one.tag !== e.unit.name) return ambiguous(`${one.id} has the identity ${e.unit.identity} but its vend:unit tag is ${one.tag ? `'${one.tag}'` : 'missing'}`);
  const others = claimants.filter((c) => c.id !== one.id);
  if (others.length) return ambiguous(`${others.length + 1} accounts claim vend:unit=${e.unit.name} (${[one, ...others].map((c) => c.id).join(', ')})`);
  const disagreeing = e.recorded.filter((r) => r.id !== one.id);
  if (disagreeing.length) return ambiguous(`${one.id} has the identity, but ${disagreeing.map((r) => `the ${r.source} records ${r.id}`).join(' and ')} for this unit`);
  if (one.placementId !== e.home.id && one.placementId !== e.quarantine.id) {
    return ambiguous(`${one.id} sits in ${one.placement}, where ${e.unit.name} never was (its home is ${e.home.path}, else ${e.quarantine.path})`);
  }
  return { kind: 'found', candidate: one };
}
