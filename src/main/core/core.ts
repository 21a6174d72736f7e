/**
 * The composition root of everything below the shell: the Electron app, the
 * CLI and the e2e test bridge each build one Core with their own ports
 * (clipboard, clock) and drive it through the same services.
 */
import { systemTimeZone } from '../../shared/dates';
import { systemClock, type Clock } from './clock';
import { nodeRandom, type RandomSource } from './crypto/random';
import { loadSodium, type Sodium } from './crypto/sodium';
import { CoreEvents } from './events';
import { AccessService } from './services/access.service';
import { AccountsService } from './services/accounts.service';
import { AuditTrail } from './audit/audit-trail';
import { AuditService } from './services/audit.service';
import { ComplianceService } from './services/compliance.service';
import { PolicyService } from './services/policy.service';
import { EscrowService } from './services/escrow.service';
import { PressService } from './services/press.service';
import { ClipboardGuard, realScheduler, type ClipboardPort, type Scheduler } from './services/clipboard-guard';
import { IdleLock } from './services/idle-lock';
import { ImportService } from './services/import.service';
import { IncidentsService } from './services/incidents.service';
import { ObligationsService } from './services/obligations.service';
import { PeopleService } from './services/people.service';
import { RotationReminders } from './services/reminders';
import { RotationService } from './services/rotation.service';
import { SecretCopy } from './services/secret-copy';
import { SecretsService } from './services/secrets.service';
import { SettingsService } from './services/settings.service';
import { TakeoversService } from './services/takeovers.service';
import { TicketsService } from './services/tickets.service';
import { VaultService, type DeriveKey } from './services/vault.service';
import { deriveKey as argon2idInWorker } from './crypto/kdf';
import { dataDirectory } from './paths';
import { join } from 'node:path';

export interface CoreOptions {
  defaultVaultPath: string;
  clipboard: ClipboardPort;
  clock?: Clock;
  random?: RandomSource;
  scheduler?: Scheduler;
  deriveKey?: DeriveKey;
  /** Recorded with every audit event's actor: "app", "cli"... */
  source?: string;
  /** The user's IANA time zone for calendar rules; the system's when absent. */
  timeZone?: string;
  /** Desktop notifications and the dock/taskbar badge, where the host has them. */
  notify?: (title: string, body: string) => void;
  setBadge?: (count: number) => void;
  /** The redemption ledger for one-time credentials; `redemptions.sqlite` in the data folder by default. */
  ledgerPath?: string;
}

export interface Core {
  sodium: Sodium;
  clock: Clock;
  random: RandomSource;
  events: CoreEvents;
  /** The user's IANA time zone: a calendar date means that day there. */
  timeZone: () => string;
  vault: VaultService;
  accounts: AccountsService;
  secrets: SecretsService;
  settings: SettingsService;
  people: PeopleService;
  access: AccessService;
  /** Rotation obligations: the one place they are created, listed and resolved. */
  obligations: ObligationsService;
  audit: AuditService;
  rotation: RotationService;
  incidents: IncidentsService;
  /** Emergency escrow, the press team's side: press key, register, break glass. */
  press: PressService;
  /** Emergency escrow, the manager's side: press cards, bundle export, staleness, notices. */
  escrow: EscrowService;
  /** The compliance report: every account against the organisation's policy. */
  compliance: ComplianceService;
  /** The organisation's policy as one object: set, published signed by a press team, applied from its file. */
  policy: PolicyService;
  tickets: TicketsService;
  takeovers: TakeoversService;
  /** Bringing accounts in from other password managers, spreadsheets and authenticators. */
  imports: ImportService;
  clipboard: ClipboardGuard;
  idle: IdleLock;
  reminders: RotationReminders;
  /** Locks (clearing our clipboard value) and stops timers. */
  dispose(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const sodium = await loadSodium();
  const clock = options.clock ?? systemClock;
  const random = options.random ?? nodeRandom;
  const events = new CoreEvents();
  const clipboard = new ClipboardGuard(options.clipboard, random, options.scheduler ?? realScheduler, () =>
    events.emit('clipboard.cleared', {}),
  );
  const trail = new AuditTrail(sodium, clock, options.source ?? 'app');
  const vault = new VaultService({
    sodium,
    random,
    clock,
    audit: trail,
    defaultPath: options.defaultVaultPath,
    ...(options.deriveKey ? { deriveKey: options.deriveKey } : {}),
    onLocked: (reason) => {
      void clipboard.clearIfOurs();
      // Redeemed one-time credentials held for copying are dropped on lock too.
      tickets.forget();
      events.emit('vault.locked', { reason });
    },
    onUnlocked: () => idle.touch(),
  });
  const zone = () => options.timeZone ?? systemTimeZone();
  const people = new PeopleService(vault);
  const accounts = new AccountsService(vault, people);
  const settings = new SettingsService(vault);
  const copier = new SecretCopy(vault, settings, clipboard);
  const secrets = new SecretsService(vault, accounts, copier);
  const obligations = new ObligationsService(vault, accounts);
  const access = new AccessService(vault, accounts, people, obligations, zone);
  const audit = new AuditService(vault, accounts, people, access, trail);
  const rotation = new RotationService(vault, accounts, obligations, secrets, zone, settings);
  const incidents = new IncidentsService(vault, accounts, access, obligations, audit);
  const press = new PressService(sodium, vault, copier, options.deriveKey ?? argon2idInWorker);
  // Escrow bundles carry the compliance summary, and compliance reads escrow coverage: the summary comes late.
  const escrow: EscrowService = new EscrowService(sodium, vault, accounts, people, obligations, trail, () =>
    compliance.bundleSummary(),
  );
  const compliance: ComplianceService = new ComplianceService(sodium, vault, accounts, people, settings, escrow, zone);
  const policy = new PolicyService(sodium, vault, settings, compliance, escrow, press);
  const ledgerPath = options.ledgerPath ?? join(dataDirectory(), 'redemptions.sqlite');
  const tickets = new TicketsService(
    sodium,
    clock,
    random,
    options.deriveKey ?? argon2idInWorker,
    () => ledgerPath,
    copier,
  );
  const takeovers = new TakeoversService(vault, accounts, people, access, rotation, tickets, settings, obligations);
  const imports = new ImportService(vault, accounts);
  const idle = new IdleLock(
    clock,
    () => settings.current()?.autoLockMinutes ?? null,
    () => vault.lock('idle'),
  );
  const reminders = new RotationReminders({
    clock,
    zone,
    counts: () => rotation.countsNow(),
    notify: options.notify ?? (() => undefined),
    setBadge: options.setBadge ?? (() => undefined),
  });
  return {
    sodium,
    clock,
    random,
    events,
    timeZone: zone,
    vault,
    accounts,
    secrets,
    settings,
    people,
    access,
    obligations,
    audit,
    rotation,
    incidents,
    press,
    escrow,
    compliance,
    policy,
    tickets,
    takeovers,
    imports,
    clipboard,
    idle,
    reminders,
    async dispose() {
      tickets.forget();
      idle.stop();
      reminders.stop();
      vault.lock('manual');
      await clipboard.clearIfOurs();
    },
  };
}
