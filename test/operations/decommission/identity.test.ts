import { ambiguityMessage, describeCandidate, resolveIdentity, type Candidate, type IdentityEvidence } from '../../../lib/operations/decommission/identity';

const UNIT = { name: 'space-eu-legacy-dev', identity: 'space-eu-legacy-dev@aws.acme.example' };
const HOME = { id: 'ou-home', path: 'acme/dev/Spaces' };
const QUARANTINE = { id: 'ou-q', path: 'acme/Quarantine' };
const real: Candidate = { id: '111111111111', name: UNIT.name, identity: UNIT.identity, status: 'ACTIVE', placementId: 'ou-q', placement: 'acme/Quarantine', tag: UNIT.name };
const evidence = (candidates: Candidate[], recorded: IdentityEvidence['recorded'] = []): IdentityEvidence => ({ unit: UNIT, home: HOME, quarantine: QUARANTINE, candidates, recorded });

describe('which account is the unit\'s', () => {
  test('exactly one account with the identity, the tag, a recorded id that agrees and a placement the unit can have', () => {
    expect(resolveIdentity(evidence([real], [{ id: real.id, source: 'ledger' }]))).toEqual({ kind: 'found', candidate: real });
    expect(resolveIdentity(evidence([{ ...real, placementId: 'ou-home', placement: 'acme/dev/Spaces' }]))).toMatchObject({ kind: 'found' });
    expect(resolveIdentity(evidence([{ ...real, identity: UNIT.identity.toUpperCase() }]))).toMatchObject({ kind: 'found' });
  });

  test('an untagged same-named account is not a claimant', () => {
    const decoy = { ...real, id: '222222222222', identity: 'other@aws.acme.example', tag: undefined };
    expect(resolveIdentity(evidence([real, decoy]))).toMatchObject({ kind: 'found', candidate: real });
  });

  test('nothing at all: none', () => {
    expect(resolveIdentity(evidence([]))).toEqual({ kind: 'none', detail: `no account or subscription has the identity ${UNIT.identity} (never created, or closed and gone)` });
  });

  test.each<[string, Candidate[], IdentityEvidence['recorded'], string]>([
    ['two accounts with the identity', [real, { ...real, id: '222222222222' }], [], `2 accounts have the identity ${UNIT.identity}`],
    ['claimants without the identity', [{ ...real, identity: 'x@y' }], [], `no account has the identity ${UNIT.identity}, yet 1 carry vend:unit=${UNIT.name}`],
    ['a recorded id but no account with the identity', [], [{ id: '333333333333', source: 'inventory' }], `no account has the identity ${UNIT.identity}, yet the inventory records 333333333333`],
    ['the tag missing from the right account', [{ ...real, tag: undefined }], [], `111111111111 has the identity ${UNIT.identity} but its vend:unit tag is missing`],
    ['another unit\'s tag on the right account', [{ ...real, tag: 'other' }], [], `111111111111 has the identity ${UNIT.identity} but its vend:unit tag is 'other'`],
    ['two claimants', [real, { ...real, id: '222222222222', identity: 'x@y' }], [], `2 accounts claim vend:unit=${UNIT.name} (111111111111, 222222222222)`],
    ['a recorded id that disagrees', [real], [{ id: '444444444444', source: 'ledger' }], '111111111111 has the identity, but the ledger records 444444444444 for this unit'],
    [
      'two recorded ids that disagree',
      [real],
      [{ id: '444444444444', source: 'ledger' }, { id: '555555555555', source: 'inventory' }],
      '111111111111 has the identity, but the ledger records 444444444444 and the inventory records 555555555555 for this unit',
    ],
    [
      'recorded ids but no account with the identity',
      [],
      [{ id: '4', source: 'ledger' }, { id: '5', source: 'inventory' }],
      `no account has the identity ${UNIT.identity}, yet the ledger records 4 and the inventory records 5`,
    ],
    ['an OU the unit never was', [{ ...real, placementId: 'ou-other', placement: 'acme/prod/Central' }], [], '111111111111 sits in acme/prod/Central, where space-eu-legacy-dev never was (its home is acme/dev/Spaces, else acme/Quarantine)'],
  ])('ambiguous: %s', (_what, candidates, recorded, reason) => {
    const verdict = resolveIdentity(evidence(candidates, recorded));
    expect(verdict).toEqual({ kind: 'ambiguous', reason, candidates });
  });

  test('an unknown home OU (not created yet) never matches a placement', () => {
    const verdict = resolveIdentity({ ...evidence([{ ...real, placementId: 'ou-home' }]), home: { path: HOME.path }, quarantine: { path: QUARANTINE.path } });
    expect(verdict.kind).toBe('ambiguous');
  });

  test('the refusal names every candidate: name, identity, id, status, placement and tag', () => {
    const other = { ...real, id: '222222222222', identity: undefined, tag: undefined, placement: 'acme/dev/Spaces' };
    const verdict = resolveIdentity(evidence([real, { ...other, tag: UNIT.name }]));
    if (verdict.kind !== 'ambiguous') throw new Error('expected a refusal');
    expect(ambiguityMessage(UNIT.name, verdict).split('\n')).toEqual([
      `refusing to decommission ${UNIT.name}: 2 accounts claim vend:unit=${UNIT.name} (111111111111, 222222222222); nothing was changed. Candidates:`,
      `  - ${UNIT.name} <${UNIT.identity}> 111111111111 ACTIVE in acme/Quarantine (vend:unit=${UNIT.name})`,
      `  - ${UNIT.name} <no identity> 222222222222 ACTIVE in acme/dev/Spaces (vend:unit=${UNIT.name})`,
    ]);
    expect(describeCandidate(other)).toBe(`${UNIT.name} <no identity> 222222222222 ACTIVE in acme/dev/Spaces (vend:unit=none)`);
  });
});
