import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock';
import { withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE, fields, makeCore, makeVault, refusal, secrets, type TestCore } from '../support/vault';

const dir = useTempDir();
const path = freshPath(dir);
const clock = new ManualClock(Date.UTC(2026, 0, 15, 9, 0, 0));
const MINUTE = 60_000;
let core: TestCore;
let jo: number;
let sam: number;

beforeAll(async () => {
  core = await makeVault(path, { clock });
  jo = core.people.create({ name: 'Jo Bloggs', email: 'jo@example.ac.uk' }).id;
  sam = core.people.create({ name: 'Sam Smith', email: 'sam@example.ac.uk' }).id;
});
afterAll(() => core.dispose());

const rowCounts = () =>
  withRawDb(path, (db) => ({
    accounts: (db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n,
    secrets: (db.prepare('SELECT count(*) AS n FROM account_secrets').get() as { n: number }).n,
  }));

describe('account register round trips', () => {
  it('create stores every field and reports secrets without revealing them', () => {
    clock.advance(MINUTE);
    const created = core.accounts.create(
      fields({
        platform: 'instagram',
        handle: '@Uni.Sport',
        displayName: '  University Sport  ',
        url: 'https://www.instagram.com/uni.sport',
        department: 'Sport Service',
        managerId: jo,
        purpose: 'Fixtures and results',
        monitoredHours: 'Mon-Fri 9-17',
        twoFactor: 'sms',
        recoveryEmail: ' sport-comms@example.ac.uk ',
        recoveryPhone: '+44 151 794 2000',
        twoFactorDevice: 'Sport team phone',
        twoFactorHolderId: jo,
        language: 'bilingual',
        approvedBy: 'Director of Sport',
        approvedOn: '2026-01-05',
        businessCase: 'Fixtures, results and closures',
        responseTime: 'Same day',
      }),
      secrets({
        signInName: ' sport@uni.example ',
        password: 'sport password',
        totp: { seed: 'otpauth://totp/IG:uni.sport?secret=JBSWY3DPEHPK3PXP&issuer=Instagram' },
        recoveryCodes: ['1111-2222', '3333-4444', '5555-6666'],
        notes: 'Shared with the sport comms officer',
      }),
    );
    const at = clock.now();
    expect(created).toEqual({
      id: created.id,
      platform: 'instagram',
      handle: 'Uni.Sport',
      displayName: 'University Sport',
      url: 'https://www.instagram.com/uni.sport',
      department: 'Sport Service',
      managerId: jo,
      manager: 'Jo Bloggs',
      purpose: 'Fixtures and results',
      monitoredHours: 'Mon-Fri 9-17',
      status: 'active',
      twoFactor: 'sms',
      hasPassword: true,
      hasTotp: true,
      totp: { digits: 6, period: 30, algorithm: 'sha1', issuer: 'Instagram', label: 'IG:uni.sport' },
      recoveryCodeCount: 3,
      hasSignInName: true,
      hasNotes: true,
      createdAt: at,
      updatedAt: at,
      archivedAt: null,
      passwordChangedAt: at,
      rotationDays: null,
      platformClosure: null,
      platformClosedOn: null,
      // Creating does not estimate the strength (zxcvbn, per account); the account's view does.
      passwordStrength: null,
      strengthOverride: null,
      holders: [],
      recoveryEmail: 'sport-comms@example.ac.uk',
      recoveryPhone: '+44 151 794 2000',
      twoFactorDevice: 'Sport team phone',
      twoFactorHolderId: jo,
      twoFactorHolder: 'Jo Bloggs',
      language: 'bilingual',
      otherLanguageAccountId: null,
      approvedBy: 'Director of Sport',
      approvedOn: '2026-01-05',
      businessCase: 'Fixtures, results and closures',
      responseTime: 'Same day',
    });
    expect(core.accounts.get(created.id)).toEqual({ ...created, passwordStrength: expect.any(Number) as number });
    expect(core.secrets.reveal(created.id, 'signInName')).toBe('sport@uni.example');
    expect(core.secrets.reveal(created.id, 'password')).toBe('sport password');
    expect(core.secrets.reveal(created.id, 'totpSecret')).toBe('JBSWY3DPEHPK3PXP');
    expect(core.secrets.reveal(created.id, 'recoveryCodes')).toBe('1111-2222\n3333-4444\n5555-6666');
    expect(core.secrets.reveal(created.id, 'notes')).toBe('Shared with the sport comms officer');
    expect(core.accounts.list().find((a) => a.id === created.id)).toEqual({
      id: created.id,
      platform: 'instagram',
      handle: 'Uni.Sport',
      displayName: 'University Sport',
      department: 'Sport Service',
      status: 'active',
      twoFactor: 'sms',
      hasPassword: true,
      hasTotp: true,
      updatedAt: at,
      manager: 'Jo Bloggs',
      holders: [],
      passwordChangedAt: at,
    });
  });

  it('the list names the holders now and says when the password last changed', () => {
    clock.advance(MINUTE);
    const id = core.accounts.create(
      fields({ platform: 'x', handle: 'held_by_two' }),
      secrets({ password: 'first one' }),
    ).id;
    const created = clock.now();
    const listed = () => core.accounts.list().find((a) => a.id === id)!;
    expect(listed()).toMatchObject({ holders: [], passwordChangedAt: created });
    core.access.grant({ accountId: id, personId: jo, reason: 'Runs it' });
    core.access.grant({ accountId: id, personId: sam, reason: 'Covers weekends' });
    expect(listed().holders.sort()).toEqual(['Jo Bloggs', 'Sam Smith']);
    clock.advance(MINUTE);
    core.access.revoke({ accountId: id, personId: sam, reason: 'Cover over' });
    expect(listed().holders).toEqual(['Jo Bloggs']);
    clock.advance(MINUTE);
    core.accounts.update(id, fields({ platform: 'x', handle: 'held_by_two' }), secrets({ password: 'second one' }));
    expect(listed()).toMatchObject({ holders: ['Jo Bloggs'], passwordChangedAt: clock.now() });
    // Without a password there is nothing to have rotated.
    const bare = core.accounts.create(fields({ platform: 'x', handle: 'no_password' }), secrets()).id;
    expect(core.accounts.list().find((a) => a.id === bare)).toMatchObject({ holders: [], passwordChangedAt: null });
  });

  it('a TOTP seed with 2FA left at "none" marks the account as using TOTP', () => {
    const account = core.accounts.create(
      fields({ platform: 'x', handle: 'totp_only' }),
      secrets({ totp: { seed: 'JBSWY3DPEHPK3PXP', digits: 8, period: 60, algorithm: 'sha256' } }),
    );
    expect(account).toMatchObject({
      twoFactor: 'totp',
      hasPassword: false,
      hasTotp: true,
      passwordChangedAt: null,
      totp: { digits: 8, period: 60, algorithm: 'sha256' },
    });
  });

  it('an account with no optional fields reads back as empty strings', () => {
    const account = core.accounts.create(fields({ platform: 'other', handle: 'shared login' }), secrets());
    expect(account).toMatchObject({
      displayName: '',
      url: '',
      department: '',
      manager: '',
      purpose: '',
      monitoredHours: '',
      hasPassword: false,
      hasTotp: false,
      totp: null,
      recoveryCodeCount: 0,
      hasNotes: false,
    });
    expect(() => core.secrets.reveal(account.id, 'password')).toThrow(/no password stored/);
  });

  it('update replaces every field', () => {
    const { id } = core.accounts.create(
      fields({ platform: 'facebook', handle: 'uni.alumni', displayName: 'Alumni', department: 'Development' }),
      secrets({ password: 'fb password' }),
    );
    clock.advance(MINUTE);
    const updated = core.accounts.update(
      id,
      fields({
        platform: 'facebook',
        handle: 'uni.alumni.official',
        displayName: 'Alumni Relations',
        url: 'https://www.facebook.com/uni.alumni.official',
        department: 'Alumni Office',
        managerId: sam,
        purpose: 'Alumni news',
        monitoredHours: 'Weekdays',
        twoFactor: 'app_prompt',
      }),
      secrets(),
    );
    expect(updated).toMatchObject({
      handle: 'uni.alumni.official',
      displayName: 'Alumni Relations',
      url: 'https://www.facebook.com/uni.alumni.official',
      department: 'Alumni Office',
      manager: 'Sam Smith',
      purpose: 'Alumni news',
      monitoredHours: 'Weekdays',
      twoFactor: 'app_prompt',
      updatedAt: clock.now(),
    });
    expect(updated.createdAt).toBeLessThan(updated.updatedAt);
    // Fields left out of an update are cleared: the fields are the whole form.
    const cleared = core.accounts.update(
      id,
      fields({ platform: 'facebook', handle: 'uni.alumni.official' }),
      secrets(),
    );
    expect(cleared).toMatchObject({ displayName: '', department: '', manager: '', twoFactor: 'none' });
    expect(core.secrets.reveal(id, 'password')).toBe('fb password');
    // The old handle is free again.
    expect(core.accounts.resolve('uni.alumni.official')).toBe(id);
    expect(() => core.accounts.resolve('uni.alumni')).toThrow(/No account/);
  });

  it('archive and restore change the status and keep everything else', () => {
    const { id } = core.accounts.create(
      fields({ platform: 'youtube', handle: 'uni-tv', displayName: 'Uni TV' }),
      secrets({ password: 'yt password' }),
    );
    clock.advance(MINUTE);
    const archived = core.access.archiveAccount({ id: id });
    expect(archived).toMatchObject({ status: 'archived', archivedAt: clock.now(), updatedAt: clock.now() });
    expect(core.accounts.list().find((a) => a.id === id)?.status).toBe('archived');
    expect(core.secrets.reveal(id, 'password')).toBe('yt password');
    clock.advance(MINUTE);
    const restored = core.accounts.restore(id);
    expect(restored).toMatchObject({ status: 'active', archivedAt: null, displayName: 'Uni TV' });
    expect(core.accounts.list().find((a) => a.id === id)?.status).toBe('active');
  });

  it('archiving twice, restoring an active account, or touching a missing one is refused', async () => {
    const { id } = core.accounts.create(fields({ platform: 'reddit', handle: 'uni_reddit' }), secrets());
    core.access.archiveAccount({ id: id });
    await refusal(() => core.access.archiveAccount({ id: id }), 'conflict');
    core.accounts.restore(id);
    await refusal(() => core.accounts.restore(id), 'conflict');
    await refusal(() => core.accounts.get(9999), 'not_found');
    await refusal(() => core.access.archiveAccount({ id: 9999 }), 'not_found');
    await refusal(
      () => core.accounts.update(9999, fields({ platform: 'x', handle: 'nobody' }), secrets()),
      'not_found',
    );
    await refusal(() => core.secrets.reveal(9999, 'password'), 'not_found');
  });

  it('an archived account cannot be edited until restored', async () => {
    const { id } = core.accounts.create(fields({ platform: 'pinterest', handle: 'uni_pins' }), secrets());
    core.access.archiveAccount({ id: id });
    const error = await refusal(
      () =>
        core.accounts.update(id, fields({ platform: 'pinterest', handle: 'uni_pins', displayName: 'x' }), secrets()),
      'conflict',
    );
    expect(error.message).toMatch(/archived/);
    expect(core.accounts.get(id).displayName).toBe('');
    core.accounts.restore(id);
    expect(
      core.accounts.update(id, fields({ platform: 'pinterest', handle: 'uni_pins', displayName: 'Pins' }), secrets())
        .displayName,
    ).toBe('Pins');
  });
});

describe('duplicate handles', () => {
  it('are refused on the same platform, whatever the case or "@", and nothing is written', async () => {
    const { id } = core.accounts.create(fields({ platform: 'tiktok', handle: 'UniLife' }), secrets());
    const before = rowCounts();
    for (const handle of ['UniLife', 'unilife', '@UNILIFE', ' @unilife ']) {
      const error = await refusal(
        () => core.accounts.create(fields({ platform: 'tiktok', handle }), secrets({ password: 'x' })),
        'conflict',
      );
      expect(error.message).toContain(`account ${id}`);
    }
    expect(rowCounts()).toEqual(before);
  });

  it('are refused when the existing account is archived, pointing at it', async () => {
    const { id } = core.accounts.create(fields({ platform: 'threads', handle: 'old.brand' }), secrets());
    core.access.archiveAccount({ id: id });
    const error = await refusal(
      () => core.accounts.create(fields({ platform: 'threads', handle: 'Old.Brand' }), secrets()),
      'conflict',
    );
    expect(error.message).toMatch(/archived: restore it instead/);
  });

  it('are allowed on another platform', () => {
    core.accounts.create(fields({ platform: 'x', handle: 'samehandle' }), secrets());
    const other = core.accounts.create(fields({ platform: 'instagram', handle: 'SameHandle' }), secrets());
    expect(other.handle).toBe('SameHandle');
  });

  it('an edit may not take another account’s handle, but may change the case of its own', async () => {
    core.accounts.create(fields({ platform: 'snapchat', handle: 'unisnap' }), secrets());
    const { id } = core.accounts.create(fields({ platform: 'snapchat', handle: 'unisnap2' }), secrets());
    await refusal(
      () => core.accounts.update(id, fields({ platform: 'snapchat', handle: 'UNISNAP' }), secrets()),
      'conflict',
    );
    expect(core.accounts.update(id, fields({ platform: 'snapchat', handle: 'UniSnap2' }), secrets()).handle).toBe(
      'UniSnap2',
    );
  });
});

describe('secrets patch semantics', () => {
  it('omitted keeps, null clears, a value replaces; the password date moves only when the password does', () => {
    const handle = 'patch_test';
    const f = fields({ platform: 'x', handle });
    clock.advance(MINUTE);
    const created = core.accounts.create(
      f,
      secrets({ password: 'first', totp: { seed: 'JBSWY3DPEHPK3PXP' }, recoveryCodes: ['r1'], notes: 'note 1' }),
    );
    const setAt = clock.now();
    const { id } = created;
    expect(created.passwordChangedAt).toBe(setAt);

    // Omitted: everything kept, password date unchanged.
    clock.advance(MINUTE);
    const kept = core.accounts.update(id, f, secrets());
    expect(kept).toMatchObject({ hasPassword: true, hasTotp: true, recoveryCodeCount: 1, hasNotes: true });
    expect(kept.passwordChangedAt).toBe(setAt);
    expect(core.secrets.reveal(id, 'password')).toBe('first');

    // The same password again is not a change (it would reset the rotation clock).
    clock.advance(MINUTE);
    expect(core.accounts.update(id, f, secrets({ password: 'first' })).passwordChangedAt).toBe(setAt);

    // A new value replaces, and dates the change.
    clock.advance(MINUTE);
    const replaced = core.accounts.update(id, f, secrets({ password: 'second', notes: 'note 2' }));
    expect(replaced.passwordChangedAt).toBe(clock.now());
    expect(core.secrets.reveal(id, 'password')).toBe('second');
    expect(core.secrets.reveal(id, 'notes')).toBe('note 2');
    expect(core.secrets.reveal(id, 'recoveryCodes')).toBe('r1');

    // Changing other secrets leaves the password date alone.
    const changedAt = clock.now();
    clock.advance(MINUTE);
    expect(core.accounts.update(id, f, secrets({ notes: 'note 3' })).passwordChangedAt).toBe(changedAt);

    // null clears each one.
    clock.advance(MINUTE);
    const cleared = core.accounts.update(
      id,
      f,
      secrets({ password: null, totp: null, recoveryCodes: null, notes: null }),
    );
    expect(cleared).toMatchObject({
      hasPassword: false,
      hasTotp: false,
      totp: null,
      recoveryCodeCount: 0,
      hasNotes: false,
      passwordChangedAt: null,
    });
    for (const field of ['password', 'totpSecret', 'recoveryCodes', 'notes'] as const) {
      expect(() => core.secrets.reveal(id, field)).toThrow(/no .* stored/);
    }
    expect(core.accounts.list().find((a) => a.id === id)).toMatchObject({ hasPassword: false, hasTotp: false });
  });

  it('empty recovery code lists and blank notes are stored as nothing', () => {
    const account = core.accounts.create(
      fields({ platform: 'x', handle: 'blank_secrets' }),
      secrets({ recoveryCodes: [], notes: '   ' }),
    );
    expect(account).toMatchObject({ recoveryCodeCount: 0, hasNotes: false });
  });

  it('a bad TOTP seed is refused with invalid_input naming the field, and nothing is written', async () => {
    const before = rowCounts();
    const error = await refusal(
      () =>
        core.accounts.create(fields({ platform: 'x', handle: 'bad_totp' }), secrets({ totp: { seed: 'NOTBASE32!!' } })),
      'invalid_input',
    );
    expect(error.details.issues).toEqual([{ path: 'secrets.totp.seed', message: error.message }]);
    expect(error.message).not.toContain('NOTBASE32');
    expect(rowCounts()).toEqual(before);
    expect(() => core.accounts.resolve('bad_totp')).toThrow(/No account/);
  });

  it('an edit may correct the password but not bring back one a rotation retired; nothing is written', async () => {
    const account = core.accounts.create(
      fields({ platform: 'x', handle: 'edit_back' }),
      secrets({ password: 'First-pass-1!' }),
    );
    core.rotation.rotateNow(account.id, { password: 'Second-pass-2!' });
    const before = rowCounts();
    const error = await refusal(
      () =>
        core.accounts.update(account.id, fields({ platform: 'x', handle: 'edit_back' }), { password: 'First-pass-1!' }),
      'conflict',
    );
    expect(error.message).toMatch(/had that password before .*nothing saved/);
    expect(error.details.issues?.[0]?.path).toBe('secrets.password');
    expect(error.message).not.toContain('First-pass');
    expect(rowCounts()).toEqual(before);
    expect(core.secrets.reveal(account.id, 'password')).toBe('Second-pass-2!');
    // The current password again, or a new one, is an ordinary edit.
    core.accounts.update(account.id, fields({ platform: 'x', handle: 'edit_back' }), { password: 'Second-pass-2!' });
    core.accounts.update(account.id, fields({ platform: 'x', handle: 'edit_back' }), { password: 'Third-pass-3!' });
    expect(core.secrets.reveal(account.id, 'password')).toBe('Third-pass-3!');
  });
});

describe('resolve: naming an account on the command line', () => {
  let xId: number;
  let igId: number;
  let idHandle: number;

  beforeAll(() => {
    xId = core.accounts.create(fields({ platform: 'x', handle: 'Ambiguous' }), secrets()).id;
    igId = core.accounts.create(fields({ platform: 'instagram', handle: 'ambiguous' }), secrets()).id;
    idHandle = core.accounts.create(fields({ platform: 'weibo', handle: '424242' }), secrets()).id;
  });

  it('by id', () => {
    expect(core.accounts.resolve(String(xId))).toBe(xId);
    expect(core.accounts.resolve(` ${igId} `)).toBe(igId);
  });

  it('by handle, with or without "@", in any case', () => {
    const only = core.accounts.create(fields({ platform: 'linkedin', handle: 'uni-careers' }), secrets()).id;
    for (const ref of ['uni-careers', '@uni-careers', 'UNI-CAREERS', '@Uni-Careers']) {
      expect(core.accounts.resolve(ref)).toBe(only);
    }
  });

  it('by platform:handle', () => {
    expect(core.accounts.resolve('x:ambiguous')).toBe(xId);
    expect(core.accounts.resolve('instagram:@Ambiguous')).toBe(igId);
  });

  it('a handle on several platforms is a clear conflict listing them', async () => {
    const error = await refusal(() => core.accounts.resolve('@ambiguous'), 'conflict');
    expect(error.message).toContain(`x (id ${xId})`);
    expect(error.message).toContain(`instagram (id ${igId})`);
    expect(error.message).toMatch(/platform:handle/);
  });

  it('a number that is no account id is tried as a handle', () => {
    expect(core.accounts.resolve('424242')).toBe(idHandle);
  });

  it('no match is not_found; a prefix that is not a platform is part of the handle', async () => {
    await refusal(() => core.accounts.resolve('nobody-here'), 'not_found');
    await refusal(() => core.accounts.resolve('tiktok:ambiguous'), 'not_found');
    await refusal(() => core.accounts.resolve('myspace:ambiguous'), 'not_found');
    await refusal(() => core.accounts.resolve('constructor:ambiguous'), 'not_found');
    const colon = core.accounts.create(fields({ platform: 'other', handle: 'toString:admin' }), secrets()).id;
    expect(core.accounts.resolve('toString:admin')).toBe(colon);
  });
});

describe('another process writing to the same vault', () => {
  it('an account added by a second core is seen by the first core’s list', async () => {
    const listed = core.accounts.list().length;
    const second = await makeCore(path, { clock });
    await second.vault.unlock(PASSPHRASE);
    const added = second.accounts.create(
      fields({ platform: 'bluesky', handle: 'uni.bsky.social', displayName: 'From the CLI' }),
      secrets({ password: 'bsky password' }),
    );
    // And an edit from the other side of an account the first core has cached.
    const [firstAccount] = core.accounts.list();
    second.access.archiveAccount({ id: firstAccount!.id });
    await second.dispose();

    const list = core.accounts.list();
    expect(list).toHaveLength(listed + 1);
    expect(list.find((a) => a.id === added.id)).toMatchObject({
      handle: 'uni.bsky.social',
      displayName: 'From the CLI',
      hasPassword: true,
    });
    expect(list.find((a) => a.id === firstAccount!.id)?.status).toBe('archived');
    expect(core.secrets.reveal(added.id, 'password')).toBe('bsky password');
    // The first core's own writes keep working on top.
    core.accounts.restore(firstAccount!.id);
    expect(core.accounts.list().find((a) => a.id === firstAccount!.id)?.status).toBe('active');
  });

  it('the two cores do not hand out the same id', async () => {
    const second = await makeCore(path, { clock });
    await second.vault.unlock(PASSPHRASE);
    const a = core.accounts.create(fields({ platform: 'x', handle: 'race_a' }), secrets());
    const b = second.accounts.create(fields({ platform: 'x', handle: 'race_b' }), secrets());
    const c = core.accounts.create(fields({ platform: 'x', handle: 'race_c' }), secrets());
    await second.dispose();
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
    expect(core.accounts.get(b.id).handle).toBe('race_b');
  });
});

describe('the overall manager is a person in the directory', () => {
  it('refuses an unknown person, or someone who has left, and changes nothing', async () => {
    const before = rowCounts();
    await refusal(
      () => core.accounts.create(fields({ platform: 'x', handle: 'managerless', managerId: 4242 }), secrets()),
      'not_found',
    );
    const gone = core.people.create({ name: 'Gone Person', email: 'gone@example.ac.uk' }).id;
    core.access.processLeaver({ personId: gone, kind: 'left', date: '2026-01-10' });
    await refusal(
      () => core.accounts.create(fields({ platform: 'x', handle: 'managerless', managerId: gone }), secrets()),
      'conflict',
    );
    expect(rowCounts()).toEqual(before);
  });
});
