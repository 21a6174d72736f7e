/**
 * The handler table: one function per contract channel, each taking the
 * already-validated input and calling a service. Electron binds this table to
 * ipcMain; the e2e test bridge serves the same table over loopback HTTP.
 */
import type { ChannelName, ChannelOutput, ParsedInput } from '../../shared/contract/channels';
import type { Core } from '../core/core';
import { CustodianError } from '../core/errors';
import { stagedExport } from '../core/files/staged-file';
import { parseIsoDate, endOfLocalDay, startOfLocalDay } from '../../shared/dates';
import { toMatrix } from '../../shared/compliance';
import { exportFileName } from '../core/services/audit.service';
import { generateFor } from '../core/services/generator.service';
import { readImportFile } from '../core/import/read-file';
import { statSync, unlinkSync } from 'node:fs';
import { basename } from 'node:path';

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    throw new CustodianError('io', `Cannot read ${basename(path)}`);
  }
}

export type HandlerTable = {
  [C in ChannelName]: (input: ParsedInput<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>>;
};

/** What the environment (Electron, or the test bridge) provides beyond the core. */
export interface ShellPorts {
  version: string;
  /** A native file dialog; absent where there is none. */
  chooseVaultFile?: (mode: 'open' | 'create') => Promise<string | null>;
  /**
   * Asks where to save an export (a save dialog), or null when cancelled. The
   * file is then written synchronously inside the transaction that records the export.
   */
  chooseSavePath?: (suggestedName: string) => Promise<string | null>;
  /** Opens a URL in the system browser. */
  openExternal?: (url: string) => Promise<void>;
  /** Writes an export; throws if it cannot (nothing is then recorded). */
  writeFile?: (path: string, content: string | Uint8Array) => void;
  /** A file dialog that returns the chosen text file's content. */
  openTextFile?: (kind: 'ticket' | 'bundle' | 'card' | 'notice') => Promise<{ content: string; name: string } | null>;
  /** An open dialog for an import file; returns its path, or null when cancelled. */
  chooseImportFile?: () => Promise<string | null>;
  /** Renders an HTML document to PDF (Chromium's print-to-PDF). */
  printToPdf?: (html: string) => Promise<Uint8Array>;
}

interface DateFilters {
  from?: string | undefined;
  to?: string | undefined;
}

/** YYYY-MM-DD filters as the [start of `from`, end of `to`) instants in `zone` the audit query wants. */
function dateWindow({ from, to }: DateFilters, zone: string): { from?: number; to?: number } {
  return {
    ...(from ? { from: startOfLocalDay(parseIsoDate(from)!, zone) } : {}),
    ...(to ? { to: endOfLocalDay(parseIsoDate(to)!, zone) } : {}),
  };
}

export function createHandlers(core: Core, shell: ShellPorts): HandlerTable {
  /** Import files chosen in the dialog, by token: the renderer can only name a file the user picked. */
  const importFiles = new Map<string, string>();
  const importPath = (token: string) => {
    const path = importFiles.get(token);
    if (!path) throw new CustodianError('not_found', 'That file is no longer chosen: choose it again');
    return path;
  };

  /** Save dialog, then the export written inside its recording transaction. */
  async function saveExport(suggestedName: string, run: (sink: (content: string | Uint8Array) => void) => number) {
    if (!shell.chooseSavePath || !shell.writeFile)
      throw new CustodianError('unsupported', 'Saving files is not available here');
    core.vault.session();
    const path = await shell.chooseSavePath(suggestedName);
    if (path === null) return { path: null, count: 0 };
    // Fails closed: the file gets its name only after the export's transaction (with its event) commits.
    const count = await stagedExport(path, run, {
      replace: true, // the save dialog has asked before replacing
      write: shell.writeFile,
      onPublishFailed: () => core.audit.recordExportFailure(suggestedName.split('.').pop() ?? 'export'),
    });
    return { path, count };
  }

  return {
    'app.info': () => ({
      version: shell.version,
      defaultVaultPath: core.vault.defaultPath,
      fileDialogs: shell.chooseVaultFile !== undefined,
    }),
    'app.chooseVaultFile': async ({ mode }) => {
      if (!shell.chooseVaultFile) throw new CustodianError('unsupported', 'File dialogs are not available here');
      return { path: await shell.chooseVaultFile(mode) };
    },

    'app.openExternal': async ({ url }) => {
      if (!shell.openExternal) throw new CustodianError('unsupported', 'Opening links is not available here');
      await shell.openExternal(new URL(url).href);
      return {};
    },

    'app.openTextFile': async ({ kind }) => {
      if (!shell.openTextFile)
        throw new CustodianError('unsupported', 'File dialogs are not available here: paste the text instead');
      const file = await shell.openTextFile(kind);
      return file ? { content: file.content, name: file.name } : { content: null, name: null };
    },

    'import.chooseFile': async () => {
      if (!shell.chooseImportFile) throw new CustodianError('unsupported', 'File dialogs are not available here');
      core.vault.session();
      const path = await shell.chooseImportFile();
      if (path === null) return { fileToken: null, name: null, size: 0 };
      const token = Buffer.from(core.random(16)).toString('hex');
      importFiles.set(token, path);
      return { fileToken: token, name: basename(path), size: fileSize(path) };
    },
    'import.stage': ({ source, format, password, mapping }) => {
      if ('fileToken' in source) {
        const path = importPath(source.fileToken);
        return core.imports.stage(readImportFile(path), { fileName: basename(path), format, password, mapping });
      }
      return core.imports.stage(new TextEncoder().encode(source.text), {
        fileName: source.name,
        format,
        password,
        mapping,
      });
    },
    'import.preview': ({ stagingId, decisions }) => core.imports.preview(stagingId, decisions),
    'import.commit': ({ stagingId, decisions }) => core.imports.commit(stagingId, decisions),
    'import.discard': ({ stagingId }) => {
      core.imports.discard(stagingId);
      return {};
    },
    'import.deleteSource': ({ fileToken }) => {
      const path = importPath(fileToken);
      try {
        unlinkSync(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT')
          throw new CustodianError('io', `Could not delete ${basename(path)} (${code ?? 'error'})`);
      }
      importFiles.delete(fileToken);
      return { deleted: true };
    },

    'vault.status': ({ path }) => core.vault.status(path),
    'vault.create': (input) => core.vault.create(input),
    'vault.unlock': ({ passphrase, path }) => core.vault.unlock(passphrase, path),
    'vault.lock': () => core.vault.lock('manual'),
    'vault.changePassphrase': ({ current, next, kdf }) => core.vault.changePassphrase(current, next, kdf),

    'accounts.list': () => ({ accounts: core.accounts.list() }),
    'accounts.get': ({ id }) => core.accounts.get(id),
    'accounts.create': ({ fields, secrets }) => core.accounts.create(fields, secrets),
    'accounts.update': ({ id, fields, secrets }) => core.accounts.update(id, fields, secrets),
    'accounts.archive': (input) => core.access.archiveAccount(input),
    'accounts.restore': ({ id }) => core.accounts.restore(id),

    'secrets.reveal': ({ accountId, field }) => ({ value: core.secrets.reveal(accountId, field) }),
    'secrets.copy': ({ accountId, field }) => core.secrets.copy(accountId, field),
    'secrets.totp': ({ accountId, refresh }) => core.secrets.totp(accountId, refresh),

    'generator.generate': ({ options, platform }) => generateFor(core.random, options, platform),

    'people.list': () => ({ people: core.people.list() }),
    'people.get': ({ id }) => core.people.get(id),
    'people.create': (input) => core.people.create(input),
    'people.update': ({ id, person }) => core.people.update(id, person),

    'access.grant': (input) => core.access.grant(input),
    'access.revoke': (input) => core.access.revoke(input),
    'access.holders': ({ accountId, asOf }) => ({ grants: core.access.holders(accountId, asOf) }),
    'access.holdings': ({ personId, asOf }) => ({ grants: core.access.holdings(personId, asOf) }),
    'access.history': (subject) => ({ grants: core.access.history(subject) }),
    'access.previewLeaver': ({ personId, date }) => core.access.previewLeaver(personId, date),
    'access.processLeaver': (input) => core.access.processLeaver(input),

    'audit.list': ({ accountId, personId, kinds, from, to, beforeSeq, limit }) => {
      const filters = { accountId, personId, kinds, ...dateWindow({ from, to }, core.timeZone()) };
      return { events: core.audit.list({ ...filters, beforeSeq, limit }), total: core.audit.count(filters) };
    },
    'audit.verify': () => core.audit.verify(),
    'audit.exportEvents': ({ format, accountId, personId, kinds, from, to }) =>
      saveExport(exportFileName('audit', format, core.clock.now()), (sink) =>
        core.audit.exportEvents(
          format,
          { accountId, personId, kinds, ...dateWindow({ from, to }, core.timeZone()) },
          sink,
        ),
      ),
    'audit.exportAccessLog': ({ format }) =>
      saveExport(exportFileName('access-log', format, core.clock.now()), (sink) =>
        core.audit.exportAccessLog(format, sink),
      ),

    'obligations.list': ({ accountId }) => ({ obligations: core.obligations.list(accountId) }),

    'rotation.queue': () => core.rotation.queue(),
    'rotation.policy': () => core.rotation.policy(),
    'rotation.setPolicy': ({ policy }) => core.rotation.setPolicy(policy),
    'rotation.setAccountPeriod': ({ accountId, days }) => {
      core.rotation.setAccountPeriod(accountId, days);
      return {};
    },
    'rotation.begin': (input) => core.rotation.begin(input),
    'rotation.drafts': () => ({ drafts: core.rotation.drafts() }),
    'rotation.confirm': ({ draftId, note, acceptance, totpCode }) =>
      core.rotation.confirm(draftId, note, acceptance, totpCode),
    'rotation.revealNewTotp': ({ draftId }) => ({ uri: core.rotation.revealNewTotp(draftId) }),
    'rotation.abandon': ({ draftId }) => {
      core.rotation.abandon(draftId);
      return {};
    },
    'rotation.revealNew': ({ draftId }) => ({ value: core.rotation.revealNew(draftId) }),
    'rotation.copyNew': ({ draftId }) => core.rotation.copyNew(draftId),
    'rotation.history': ({ accountId }) => core.rotation.history(accountId),
    'rotation.revealOld': ({ historyId }) => ({ value: core.rotation.revealOld(historyId) }),
    'rotation.requestSoon': ({ accountId, note, dueDate }) => core.rotation.requestSoon(accountId, note, dueDate),
    'rotation.exportCalendar': () =>
      saveExport(`custodian-rotations-${new Date(core.clock.now()).toISOString().slice(0, 10)}.ics`, (sink) =>
        core.rotation.exportCalendar(sink),
      ),

    'incidents.report': ({ accountId, note }) => core.incidents.report(accountId, note),
    'incidents.list': ({ accountId }) => ({ incidents: core.incidents.list(accountId) }),
    'incidents.setStep': ({ incidentId, step, done }) => core.incidents.setStep(incidentId, step, done),
    'incidents.close': ({ incidentId }) => core.incidents.close(incidentId),
    'incidents.summary': ({ incidentId }) => {
      const { markdown, html } = core.incidents.summary(incidentId);
      return { markdown, html };
    },
    'incidents.exportPdf': async ({ incidentId }) => {
      if (!shell.printToPdf) throw new CustodianError('unsupported', 'Printing to PDF is not available here');
      const summary = core.incidents.summary(incidentId, true);
      const pdf = await shell.printToPdf(summary.html);
      return saveExport(`${summary.suggestedName}.pdf`, (sink) => {
        sink(pdf);
        return 1;
      });
    },

    'compliance.exportPdf': async () => {
      if (!shell.printToPdf) throw new CustodianError('unsupported', 'Printing to PDF is not available here');
      const { report, html, suggestedName } = core.compliance.auditorDocument();
      const pdf = await shell.printToPdf(html);
      return saveExport(suggestedName, (sink) => {
        sink(core.compliance.signPdf(pdf, report));
        return 1;
      });
    },

    'takeovers.schedule': (input) => core.takeovers.schedule(input),
    'takeovers.list': () => ({ takeovers: core.takeovers.list() }),
    'takeovers.get': ({ id }) => core.takeovers.get(id),
    'takeovers.temporarySet': ({ id }) => core.takeovers.temporarySet(id),
    'takeovers.end': ({ id }) => core.takeovers.end(id),
    'takeovers.issueForGrant': ({ accountId, personId, validDays, includeTotp }) =>
      core.takeovers.issueForGrant(accountId, personId, validDays, includeTotp),

    'tickets.save': ({ file, suggestedName }) => {
      core.tickets.inspect(file);
      return saveExport(suggestedName.replace(/[^A-Za-z0-9._-]/g, '_'), (sink) => {
        sink(file);
        return 1;
      });
    },
    'tickets.inspect': ({ ticket }) => core.tickets.inspect(ticket),
    'tickets.redeem': ({ ticket, code }) => core.tickets.redeem(ticket, code),
    'tickets.copy': ({ ticketId, field }) => core.tickets.copy(ticketId, field),
    'tickets.code': ({ ticketId }) => core.tickets.code(ticketId),
    'tickets.forget': () => {
      core.tickets.forget();
      return {};
    },

    'press.keygen': (input) => core.press.keygen(input),
    'press.card': () => core.press.card(),
    'press.exportCard': () =>
      saveExport('press-card.custodian-card', (sink) => {
        core.press.exportCard(sink);
        return 1;
      }),
    'press.importBundle': ({ content, acceptNewKey, acceptRollback }) =>
      core.press.importBundle(content, { acceptNewKey, acceptRollback }),
    'press.register': () => core.press.register(),
    'press.rollup': () => core.press.rollup(core.timeZone()),
    'press.saveReminders': () => {
      const day = new Date(core.clock.now()).toISOString().slice(0, 10);
      return saveExport(`reminders-${day}.ics`, (sink) => {
        sink(core.press.remindersCalendar(core.timeZone()));
        return core.press.rollup(core.timeZone()).reminders.length;
      });
    },
    'press.inspect': ({ content }) => core.press.inspect(content),
    'press.open': ({ bundleId, accountIds, reason, officerPassphrases }) =>
      core.press.open({ bundleId, refs: accountIds, reason, officerPassphrases }),
    'press.openings': () => ({ openings: core.press.openings() }),
    'press.copy': ({ openingId, ref, field }) => core.press.copy(openingId, ref, field),
    'press.totp': ({ openingId, ref, refresh }) => core.press.totp(openingId, ref, refresh),
    'press.exportNotice': ({ openingId }) =>
      saveExport(`break-glass-notice-${openingId}.custodian-notice`, (sink) => {
        core.press.exportNotice(openingId, sink);
        return 1;
      }),

    'escrow.importCard': ({ content, fingerprint }) => core.escrow.importCard(content, fingerprint),
    'escrow.cards': () => ({ cards: core.escrow.cards() }),
    'escrow.status': () => core.escrow.status(),
    'escrow.export': async ({ fingerprint }) => {
      if (!shell.chooseSavePath || !shell.writeFile)
        throw new CustodianError('unsupported', 'Saving files is not available here');
      // Resolve the card before the dialog, so a wrong fingerprint is refused without asking where to save.
      const card = core.escrow.resolveCard(fingerprint);
      const day = new Date(core.clock.now()).toISOString().slice(0, 10);
      const path = await shell.chooseSavePath(`escrow-${day}.custodian-escrow`);
      if (path === null) return { path: null, count: 0, bundleId: null };
      const exported = await stagedExport(path, (sink) => core.escrow.export(card.fingerprint, sink), {
        replace: true,
        write: shell.writeFile,
        onPublishFailed: () => core.audit.recordExportFailure('escrow bundle'),
      });
      return { path, count: exported.accounts, bundleId: exported.bundleId };
    },
    'escrow.importNotice': ({ content }) => core.escrow.importNotice(content),

    'settings.get': () => core.settings.get(),
    'settings.update': (patch) => core.settings.update(patch),

    'policy.get': () => core.policy.get(),
    'policy.set': ({ policy }) => core.policy.set(policy),
    'policy.publish': () =>
      saveExport('organisation-policy.custodian-policy', (sink) => {
        core.policy.publish(sink);
        return 1;
      }),
    'policy.import': ({ content }) => core.policy.importFile(content),

    'compliance.report': () => toMatrix(core.compliance.report()),

    'idle.touch': () => {
      core.idle.touch();
      return {};
    },
  };
}
