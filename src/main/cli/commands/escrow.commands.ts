/**
 * Emergency escrow on the command line. The press team: `press keygen`,
 * `press card`, `escrow import`, `escrow register`, `escrow open`. Managers:
 * `press import-card`, `press cards`, `escrow export`, `escrow status`,
 * `escrow notice import`. `escrow inspect` needs no vault.
 *
 * Officers' passphrases, like the vault's, never come from arguments: from
 * CUSTODIAN_OFFICER_PASSPHRASES (one a line, in the order the officers are
 * named) or no-echo prompts.
 */
import { existsSync } from 'node:fs';
import {
  MAX_BUNDLE_CHARS,
  MAX_CARD_CHARS,
  MAX_NOTICE_CHARS,
  ROLLUP_ITEMS,
  type OpenedAccount,
  type PressKeyView,
} from '../../../shared/domain/escrow';
import { KDF_PRESETS, type KdfPreset } from '../../../shared/domain/vault';
import { PLATFORM_INFO } from '../../../shared/domain/platforms';
import { totpCode } from '../../../shared/totp';
import { CustodianError } from '../../core/errors';
import {
  integerOption,
  requiredOption,
  stringOption,
  type Command,
  type CommandContext,
  type CommandOutput,
  type OptionValues,
} from '../command';
import { channelInput } from '../channel-input';
import { fillNewFile, readInput, saveNewFile, table, type ReservedFile } from '../io';
import { UsageError } from '../usage-error';

const OFFICER_ENV = 'CUSTODIAN_OFFICER_PASSPHRASES';
const day = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString().slice(0, 10));

function listOption(values: OptionValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
}

/**
 * One passphrase per officer: CUSTODIAN_OFFICER_PASSPHRASES (newline-separated,
 * in the officers' order), else a no-echo prompt each (twice when `confirm`).
 */
async function officerPassphrases(ctx: CommandContext, names: string[], confirm: boolean): Promise<string[]> {
  const fromEnv = ctx.io.env[OFFICER_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    const lines = fromEnv.replace(/\r?\n$/, '').split(/\r?\n/);
    if (lines.length !== names.length) {
      throw new UsageError(`${OFFICER_ENV} has ${lines.length} line(s); ${names.length} officer(s) are named`);
    }
    return lines;
  }
  const out: string[] = [];
  for (const name of names) {
    const first = await ctx.io.promptSecret(`Passphrase of ${name}: `);
    if (first === null) throw new UsageError(`No passphrase for ${name}: set ${OFFICER_ENV} or run in a terminal`);
    if (confirm) {
      const again = await ctx.io.promptSecret(`Repeat the passphrase of ${name}: `);
      if (again !== first) throw new CustodianError('invalid_input', `The two passphrases of ${name} differ`);
    }
    out.push(first);
  }
  return out;
}

function keyText(key: PressKeyView): string {
  const quorum = key.quorum ? `\nOpening needs ${key.quorum.k} of: ${key.quorum.officers.join(', ')}` : '';
  return `Press key of ${key.team}${quorum}\nCard fingerprint: ${key.fingerprint}`;
}

export const pressKeygenCommand: Command = {
  name: 'press keygen',
  summary: 'Generate the press team’s escrow key pair and card (optionally k-of-n named officers)',
  usage: '--team NAME [--officer NAME]... [--quorum K] [--kdf interactive|moderate|sensitive] [--replace]',
  options: {
    team: { type: 'string' },
    officer: { type: 'string', multiple: true },
    quorum: { type: 'string' },
    kdf: { type: 'string' },
    replace: { type: 'boolean' },
  },
  async run(ctx, values) {
    const team = requiredOption(values, 'team');
    const names = listOption(values, 'officer');
    const quorum = integerOption(values, 'quorum');
    if (quorum !== undefined && names.length === 0)
      throw new UsageError('--quorum needs --officer NAME for each officer');
    if (names.length > 0 && quorum === undefined)
      throw new UsageError('Say how many officers must open together: --quorum K');
    const kdf = stringOption(values, 'kdf') ?? 'moderate';
    if (!(KDF_PRESETS as readonly string[]).includes(kdf))
      throw new UsageError(`--kdf must be one of ${KDF_PRESETS.join(', ')}`);
    const core = await ctx.unlocked();
    const phrases = names.length ? await officerPassphrases(ctx, names, true) : [];
    const request = channelInput(
      'press.keygen',
      {
        team,
        ...(names.length ? { officers: names.map((name, i) => ({ name, passphrase: phrases[i]! })), quorum } : {}),
        kdf: kdf as KdfPreset,
        replace: values.replace === true,
      },
      // An officer's problem names the officer as typed; the options name the other fields already.
      { where: (path) => (path[0] === 'officers' && typeof path[1] === 'number' ? `officer ${names[path[1]]}` : null) },
    );
    const key = await core.press.keygen(request);
    return {
      json: { id: key.id, team: key.team, fingerprint: key.fingerprint, quorum: key.quorum, createdAt: key.createdAt },
      text: `${keyText(key)}\nHand out the card (custodian press card --out FILE) and read this fingerprint to each manager by phone.`,
    };
  },
};

export const pressCardCommand: Command = {
  name: 'press card',
  summary: 'Write this vault’s press card to a file (or print it as a text block) and print its fingerprint',
  usage: '[--out FILE [--armour]]',
  options: { out: { type: 'string' }, armour: { type: 'boolean' } },
  async run(ctx, values) {
    const out = stringOption(values, 'out');
    if (values.armour && out === undefined) throw new UsageError('--armour goes with --out');
    const core = await ctx.unlocked();
    if (out === undefined) {
      const { key } = core.press.card();
      if (!key)
        throw new CustodianError('not_found', 'This vault has no press key: run custodian press keygen --team NAME');
      return {
        json: {
          fingerprint: key.fingerprint,
          team: key.team,
          quorum: key.quorum,
          card: key.card,
          armoured: key.armoured,
        },
        text: `${key.armoured}${keyText(key)}`,
      };
    }
    const key = await saveNewFile(
      out,
      (sink) => core.press.exportCard(sink, values.armour ? 'armoured' : 'file'),
      () => core.audit.recordExportFailure('press card'),
    );
    return {
      json: { path: out, fingerprint: key.fingerprint, team: key.team },
      text: `Wrote the card of ${key.team} to ${out}\nFingerprint: ${key.fingerprint}`,
    };
  },
};

export const pressImportCardCommand: Command = {
  name: 'press import-card',
  summary: 'Import the press team’s card; refused unless --fingerprint is the one they read to you',
  usage: 'FILE --fingerprint "NNNNN NNNNN NNNNN NNNNN NNNNN NNNNN"',
  options: { fingerprint: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, values, [file]) {
    const fingerprint = requiredOption(values, 'fingerprint');
    const content = readInput(file!, MAX_CARD_CHARS * 2, 'a press card');
    const core = await ctx.unlocked();
    const input = channelInput(
      'escrow.importCard',
      { content, fingerprint },
      { where: (path) => `--${String(path[0])}` },
    );
    const card = core.escrow.importCard(input.content, input.fingerprint);
    return {
      json: card,
      text: `Imported the card of ${card.team} (${card.fingerprint})${card.quorum ? `; opening needs ${card.quorum.k} of ${card.quorum.officers.length} officers` : ''}`,
    };
  },
};

export const pressCardsCommand: Command = {
  name: 'press cards',
  summary: 'List the press cards imported into this vault',
  usage: '',
  async run(ctx) {
    const core = await ctx.unlocked();
    const cards = core.escrow.cards();
    return {
      json: cards,
      text: cards.length
        ? table(
            ['TEAM', 'FINGERPRINT', 'QUORUM', 'IMPORTED'],
            cards.map((c) => [
              c.team,
              c.fingerprint,
              c.quorum ? `${c.quorum.k} of ${c.quorum.officers.length}` : '-',
              day(c.importedAt),
            ]),
          )
        : 'No press card imported',
    };
  },
};

export const escrowExportCommand: Command = {
  name: 'escrow export',
  summary: 'Export an escrow bundle of every active account to an imported press card',
  usage: '[--to CARD_FINGERPRINT] --out FILE',
  options: { to: { type: 'string' }, out: { type: 'string' } },
  async run(ctx, values) {
    const out = requiredOption(values, 'out');
    if (existsSync(out)) throw new CustodianError('io', `Cannot write ${out}: the file already exists`);
    const to = stringOption(values, 'to');
    const { fingerprint } = channelInput('escrow.export', to !== undefined ? { fingerprint: to } : {}, {
      where: () => '--to',
    });
    const core = await ctx.unlocked();
    const result = await saveNewFile(
      out,
      (sink) => core.escrow.export(fingerprint, sink),
      () => core.audit.recordExportFailure('escrow bundle'),
    );
    return {
      json: {
        path: out,
        bundleId: result.bundleId,
        accounts: result.accounts,
        cardFingerprint: result.card.fingerprint,
      },
      text: `Wrote bundle ${result.bundleId} (${result.accounts} accounts) for ${result.card.team} to ${out}`,
    };
  },
};

export const escrowStatusCommand: Command = {
  name: 'escrow status',
  summary: 'Whether the latest bundle to each press card is up to date (exit 1 when one is stale or missing: for cron)',
  usage: '',
  async run(ctx) {
    const core = await ctx.unlocked();
    const status = core.escrow.status();
    const lines = status.cards.map((c) => {
      const ids = (label: string, list: number[]) =>
        list.length ? `\n    ${label}: ${list.slice(0, 20).join(', ')}${list.length > 20 ? ', ...' : ''}` : '';
      return `${c.card.team} (${c.card.fingerprint}): ${c.summary}${ids('rotated', c.reasons.rotated)}${ids('added', c.reasons.added)}${ids('archived', c.reasons.archived)}`;
    });
    return {
      json: status,
      text: lines.length ? lines.join('\n') : 'No press card imported: nothing is escrowed',
      exitCode: status.needsExport ? 1 : 0,
    };
  },
};

export const escrowImportCommand: Command = {
  name: 'escrow import',
  summary: 'Import a manager’s escrow bundle into the press register (the issuer’s key is pinned on first import)',
  usage: 'FILE [--accept-new-key] [--accept-rollback]',
  options: { 'accept-new-key': { type: 'boolean' }, 'accept-rollback': { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, values, [file]) {
    const content = readInput(file!, MAX_BUNDLE_CHARS, 'an escrow bundle');
    const core = await ctx.unlocked();
    const input = channelInput('press.importBundle', {
      content,
      acceptNewKey: values['accept-new-key'] === true,
      acceptRollback: values['accept-rollback'] === true,
    });
    const result = core.press.importBundle(input.content, {
      acceptNewKey: input.acceptNewKey,
      acceptRollback: input.acceptRollback,
    });
    for (const warning of result.warnings) ctx.io.stderr(`custodian: warning: ${warning}`);
    const pin = { new: 'key pinned now', match: 'key matches the pin', repinned: 'key RE-PINNED' }[result.pin];
    return {
      json: result,
      text: `Imported bundle ${result.bundleId} from ${result.issuer.name}: ${result.accounts} accounts (${pin}; signing key ${result.issuer.signingKeyFingerprint})`,
    };
  },
};

export const escrowRegisterCommand: Command = {
  name: 'escrow register',
  summary: 'The organisation-wide register: every account across the current bundles (no secret is opened)',
  usage: '',
  async run(ctx) {
    const core = await ctx.unlocked();
    const register = core.press.register();
    const text = register.accounts.length
      ? table(
          ['ACCOUNT', 'MANAGER', 'HOLDERS', 'ROTATED', '2FA', 'ISSUER', 'BUNDLE AGE'],
          register.accounts.map((a) => [
            `@${a.handle} (${PLATFORM_INFO[a.platform].label}) [${a.ref}]`,
            a.manager?.name ?? '',
            a.holders.map((h) => h.name).join(', '),
            day(a.lastRotatedAt),
            a.twoFactor,
            a.issuerName,
            `${a.bundleAgeDays} d`,
          ]),
        )
      : 'The register is empty: import bundles with custodian escrow import FILE';
    return { json: register, text };
  },
};

export const escrowRemindersCommand: Command = {
  name: 'escrow reminders',
  summary:
    'The register rolled up per manager (overdue, fewer than two holders, no 2FA, manager left, open obligations, stale bundle) and one reminder each; --ics FILE writes them as calendar events',
  usage: '[--ics FILE]',
  options: { ics: { type: 'string' } },
  async run(ctx, values) {
    const ics = stringOption(values, 'ics');
    const core = await ctx.unlocked();
    const rollup = core.press.rollup(core.timeZone());
    if (ics !== undefined) {
      await saveNewFile(ics, (sink) => sink(core.press.remindersCalendar(core.timeZone())));
    }
    const managers = rollup.managers.length
      ? table(
          ['MANAGER', 'ACCOUNTS', ...ROLLUP_ITEMS.map((i) => i.toUpperCase().replace(/_/g, ' ')), 'BUNDLE'],
          rollup.managers.map((m) => [
            m.issuerName,
            String(m.accounts),
            ...ROLLUP_ITEMS.map((i) => String(m.counts[i])),
            `${m.bundleAgeDays} d${m.stale ? ' (stale)' : ''}${m.checked ? '' : ' (not checked)'}`,
          ]),
        )
      : 'The register is empty: import bundles with custodian escrow import FILE';
    const messages = rollup.reminders.map((r) => `To: ${r.to}\nSubject: ${r.subject}\n\n${r.text}`);
    const text = [managers, ...messages, ...(ics ? [`Wrote ${rollup.reminders.length} reminder(s) to ${ics}`] : [])];
    return { json: rollup, text: text.join('\n\n') };
  },
};

export const escrowInspectCommand: Command = {
  name: 'escrow inspect',
  summary: 'What an escrow bundle says about itself (issuer, recipient, quorum); needs no vault',
  usage: 'FILE',
  positionals: { min: 1, max: 1 },
  async run(ctx, _values, [file]) {
    const content = readInput(file!, MAX_BUNDLE_CHARS, 'an escrow bundle');
    const core = await ctx.core();
    const info = core.press.inspect(content);
    return {
      json: info,
      text: [
        `Bundle ${info.bundleId} of ${new Date(info.createdAt).toISOString()}`,
        `From: ${info.issuer.name} (vault ${info.issuer.vaultId}; signing key ${info.issuer.signingKeyFingerprint})`,
        `To: ${info.recipient.team} (card ${info.recipient.cardFingerprint})`,
        info.quorum
          ? `Opening needs ${info.quorum.k} of: ${info.quorum.officers.join(', ')}`
          : 'Sealed to the press key',
        'The signature matches the key it names; only the press vault can tell whether that key is the pinned one.',
      ].join('\n'),
    };
  },
};

function secretsText(accounts: OpenedAccount[], now: number): string {
  return accounts
    .map((a) => {
      const lines = [
        `@${a.handle} (${PLATFORM_INFO[a.platform].label}) [${a.ref}]${a.displayName ? ` ${a.displayName}` : ''}`,
      ];
      if (a.signInName) lines.push(`  sign in as: ${a.signInName}`);
      lines.push(`  password: ${a.password ?? '(none)'}`);
      if (a.totp) lines.push(`  TOTP code: ${totpCode(a.totp, now / 1000).code} (seed ${a.totp.secret})`);
      if (a.recoveryCodes.length) lines.push(`  recovery codes: ${a.recoveryCodes.join(' ')}`);
      const recovery = [a.recoveryEmail, a.recoveryPhone].filter(Boolean).join(', ');
      if (recovery) lines.push(`  resets go to: ${recovery}`);
      const holder = a.twoFactorHolder && [a.twoFactorHolder.name, a.twoFactorHolder.phone].filter(Boolean).join(', ');
      if (a.twoFactorDevice || holder) {
        lines.push(
          `  two-factor device: ${[a.twoFactorDevice, holder && `held by ${holder}`].filter(Boolean).join(', ')}`,
        );
      }
      return lines.join('\n');
    })
    .join('\n');
}

export const escrowOpenCommand: Command = {
  name: 'escrow open',
  summary: 'Break glass: open escrowed secrets with a reason (audited; writes the notice for the manager)',
  usage: 'FILE|BUNDLE_ID --reason TEXT [--account ACCOUNT]... [--officer NAME]... [--notice-out FILE]',
  options: {
    reason: { type: 'string' },
    account: { type: 'string', multiple: true },
    officer: { type: 'string', multiple: true },
    'notice-out': { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx, values, [target]) {
    const reason = requiredOption(values, 'reason');
    const noticeOut = stringOption(values, 'notice-out');
    const isFile = existsSync(target!);
    if (!isFile && !/^[A-Za-z0-9_-]{22}$/.test(target!))
      throw new UsageError(`No bundle file or bundle id "${target}"`);
    const content = isFile ? readInput(target!, MAX_BUNDLE_CHARS, 'an escrow bundle') : null;
    // The notice file is claimed first: an opening must not happen (and be audited) only to fail on its notice.
    const open = (noticeFile?: ReservedFile) =>
      openEscrow(ctx, values, { target: target!, reason, content, noticeFile });
    if (noticeOut === undefined) return await open();
    const core = await ctx.unlocked();
    return await fillNewFile(noticeOut, open, () => core.audit.recordExportFailure('break-glass notice'));
  },
};

/** Opens the bundle once the notice file (if any) is claimed. */
async function openEscrow(
  ctx: CommandContext,
  values: OptionValues,
  opening: {
    target: string;
    reason: string;
    content: string | null;
    noticeFile: ReservedFile | undefined;
  },
): Promise<CommandOutput> {
  const { target, reason, content, noticeFile } = opening;
  const core = await ctx.unlocked();
  const bundleId = content === null ? target : core.press.bundleIdOf(content);
  const accounts = listOption(values, 'account');
  const refs = accounts.length ? core.press.resolveRefs(bundleId, accounts) : undefined;
  const quorum = core.press.quorumOf(bundleId);
  const named = listOption(values, 'officer');
  let officers: { officer: number; passphrase: string }[] | undefined;
  if (quorum) {
    if (named.length === 0) {
      throw new UsageError(
        `This bundle needs ${quorum.k} of its officers (${quorum.officers.join(', ')}): name them with --officer`,
      );
    }
    const positions = named.map((name) => {
      const at = quorum.officers.findIndex((o) => o.toLowerCase() === name.trim().toLowerCase());
      if (at < 0) throw new UsageError(`"${name}" is not one of the officers: ${quorum.officers.join(', ')}`);
      return at;
    });
    const phrases = await officerPassphrases(
      ctx,
      positions.map((p) => quorum.officers[p]!),
      false,
    );
    officers = positions.map((officer, i) => ({ officer, passphrase: phrases[i]! }));
  } else if (named.length) {
    throw new UsageError('This bundle is sealed to the press key alone: no officers needed');
  }
  const input = channelInput('press.open', {
    bundleId,
    ...(refs !== undefined ? { accountIds: refs } : {}),
    reason,
    ...(officers !== undefined ? { officerPassphrases: officers } : {}),
  });
  const result = await core.press.open({
    bundleId: input.bundleId,
    refs: input.accountIds,
    reason: input.reason,
    officerPassphrases: input.officerPassphrases,
  });
  let noticeNote = `The notice for the manager is kept in this vault: custodian escrow notice save ${result.openingId} --out FILE`;
  if (noticeFile !== undefined) {
    core.press.exportNotice(result.openingId, (file) => noticeFile.write(file));
    noticeNote = `Wrote the break-glass notice to ${noticeFile.path}: send it to the account manager`;
  }
  if (!ctx.json) ctx.io.stderr(noticeNote);
  return {
    json: { ...result, noticePath: noticeFile?.path ?? null },
    text: secretsText(result.accounts, core.clock.now()),
  };
}

export const escrowNoticeSaveCommand: Command = {
  name: 'escrow notice save',
  summary: 'Write the signed break-glass notice of an opening, for the account manager',
  usage: 'OPENING_ID --out FILE',
  options: { out: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, values, [id]) {
    const out = requiredOption(values, 'out');
    if (!/^\d+$/.test(id!)) throw new UsageError('OPENING_ID is a number (see the open command’s output)');
    const core = await ctx.unlocked();
    const noticeId = await saveNewFile(
      out,
      (sink) => core.press.exportNotice(channelInput('press.exportNotice', { openingId: Number(id) }).openingId, sink),
      () => core.audit.recordExportFailure('break-glass notice'),
    );
    return { json: { path: out, noticeId }, text: `Wrote notice ${noticeId} to ${out}` };
  },
};

export const escrowNoticeImportCommand: Command = {
  name: 'escrow notice import',
  summary: 'Import the press team’s break-glass notice: records it and creates “escrow opened” rotation obligations',
  usage: 'FILE',
  positionals: { min: 1, max: 1 },
  async run(ctx, _values, [file]) {
    const content = readInput(file!, MAX_NOTICE_CHARS, 'a break-glass notice');
    const core = await ctx.unlocked();
    const result = core.escrow.importNotice(channelInput('escrow.importNotice', { content }).content);
    const skipped = result.archivedSkipped ? `; ${result.archivedSkipped} archived account(s) skipped` : '';
    return {
      json: result,
      text: `${result.team} opened ${result.accounts} account(s) on ${day(result.openedAt)}: “${result.reason}”. Created ${result.obligations} rotation obligation(s), due now${skipped}`,
    };
  },
};

export const ESCROW_COMMANDS: readonly Command[] = [
  pressKeygenCommand,
  pressCardCommand,
  pressImportCardCommand,
  pressCardsCommand,
  escrowExportCommand,
  escrowStatusCommand,
  escrowImportCommand,
  escrowRegisterCommand,
  escrowRemindersCommand,
  escrowInspectCommand,
  escrowOpenCommand,
  escrowNoticeSaveCommand,
  escrowNoticeImportCommand,
];
