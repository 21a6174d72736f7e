/** The roll-up's rules on hand-made registers: a bundle with the manager's findings, and one from an earlier build without. */
import { describe, expect, it } from 'vitest';
import type { EscrowRegister } from '../../../src/shared/domain/escrow';
import { rollUp } from '../../../src/shared/escrow-rollup';

const entry = (over: Partial<EscrowRegister['accounts'][number]>): EscrowRegister['accounts'][number] => ({
  bundleId: 'b1',
  issuerVaultId: 'v1',
  issuerName: 'Marketing',
  ref: 1,
  platform: 'x',
  handle: 'uninews',
  displayName: '',
  url: '',
  department: '',
  manager: { name: 'Sam Smith', email: 'sam@example.ac.uk', phone: '' },
  holders: [],
  lastRotatedAt: null,
  twoFactor: 'none',
  recoveryEmail: '',
  recoveryPhone: '',
  twoFactorDevice: '',
  twoFactorHolder: null,
  hasPassword: true,
  hasTotp: false,
  bundleCreatedAt: 0,
  bundleAgeDays: 3,
  findings: [],
  ...over,
});

const bundle = (issuerVaultId: string, issuerName: string): EscrowRegister['bundles'][number] => ({
  bundleId: `bundle-${issuerVaultId}`,
  issuerVaultId,
  issuerName,
  createdAt: 0,
  importedAt: 0,
  accounts: 1,
  mode: 'single',
  cardFingerprint: '',
  current: true,
  openings: 0,
});

describe('rollUp', () => {
  it('counts only what the manager’s findings say, when the bundle carries them', () => {
    const register: EscrowRegister = {
      accounts: [
        entry({ findings: [{ kind: 'weak_password', message: 'Weak' }] }),
        entry({ ref: 2, handle: 'unisport', findings: [{ kind: 'future_kind', message: 'From a later build' }] }),
      ],
      bundles: [bundle('v1', 'Marketing')],
      issuers: [],
    };
    const rollup = rollUp(register, () => false, 'Press Office');
    // Neither a weak password nor an unknown kind is the centre's to chase; no 2FA is not a finding here either.
    expect(rollup.managers[0]).toMatchObject({ checked: true, stale: false, accounts: 2 });
    expect(Object.values(rollup.managers[0]!.counts)).toEqual([0, 0, 0, 0, 0]);
    expect(rollup.accounts).toEqual([]);
    expect(rollup.reminders).toEqual([]);
  });

  it('judges a bundle from an earlier build by its manifest, and says it was not checked', () => {
    const register: EscrowRegister = {
      accounts: [
        entry({ findings: null, manager: null }),
        entry({
          ref: 2,
          handle: 'unisport',
          findings: null,
          twoFactor: 'totp',
          holders: [
            { name: 'A', email: 'a@example.ac.uk', phone: '', kind: 'standing', since: 0 },
            { name: 'B', email: 'b@example.ac.uk', phone: '', kind: 'standing', since: 0 },
          ],
        }),
      ],
      bundles: [bundle('v1', 'Marketing')],
      issuers: [],
    };
    const rollup = rollUp(register, () => true, 'Press Office');
    expect(rollup.managers[0]).toMatchObject({ checked: false, stale: true });
    expect(rollup.managers[0]!.counts).toEqual({
      overdue: 0,
      few_holders: 1,
      no_two_factor: 1,
      manager_left: 1,
      open_obligations: 0,
    });
    expect(rollup.accounts.map((a) => a.handle)).toEqual(['uninews']);
    expect(rollup.reminders[0]!.text).toContain('made by an older Custodian');
    expect(rollup.reminders[0]!.text).toContain('Your escrow bundle is 3 days old');
  });
});
