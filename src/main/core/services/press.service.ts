/**
 * The press team's side of emergency escrow, in the press-team vault, as one
 * service for the handler table and the CLI (`core.press.*`), made of three
 * parts in `press/`:
 *
 *  - `press-key.ts`: the press key and its signed card (officers optional);
 *  - `press-register.ts`: bundles imported from managers, issuer keys pinned;
 *  - `break-glass.ts`: opening secrets with a reason, audited, and the notice.
 *
 * docs/escrow-bundle.md has the formats; docs/security-model.md what they protect.
 */
import type { Sodium } from '../crypto/sodium';
import { BreakGlass } from './press/break-glass';
import { PressKeys } from './press/press-key';
import { PressRegister } from './press/press-register';
import type { SecretCopy } from './secret-copy';
import type { DeriveKey, VaultService } from './vault.service';

export type { KeygenRequest } from './press/press-key';
export type { OpenRequest } from './press/break-glass';

export class PressService {
  private readonly keys: PressKeys;
  private readonly bundles: PressRegister;
  private readonly glass: BreakGlass;

  constructor(sodium: Sodium, vault: VaultService, copier: SecretCopy, derive: DeriveKey) {
    this.keys = new PressKeys(sodium, vault, derive);
    this.bundles = new PressRegister(sodium, vault, this.keys);
    this.glass = new BreakGlass(sodium, vault, this.keys, this.bundles, copier, derive);
  }

  // The press key and its card.
  readonly keygen: PressKeys['keygen'] = (input) => this.keys.keygen(input);
  readonly card: PressKeys['card'] = () => this.keys.card();
  readonly exportCard: PressKeys['exportCard'] = (sink, form) => this.keys.exportCard(sink, form);

  // The register.
  readonly inspect: PressRegister['inspect'] = (content) => this.bundles.inspect(content);
  readonly importBundle: PressRegister['importBundle'] = (content, options) =>
    this.bundles.importBundle(content, options);
  readonly register: PressRegister['register'] = () => this.bundles.register();
  readonly rollup: PressRegister['rollup'] = (zone) => this.bundles.rollup(zone);
  readonly remindersCalendar: PressRegister['remindersCalendar'] = (zone) => this.bundles.remindersCalendar(zone);
  readonly bundleIdOf: PressRegister['bundleIdOf'] = (content) => this.bundles.bundleIdOf(content);
  readonly quorumOf: PressRegister['quorumOf'] = (bundleId) => this.bundles.quorumOf(bundleId);
  readonly resolveRefs: PressRegister['resolveRefs'] = (bundleId, names) => this.bundles.resolveRefs(bundleId, names);

  // Break glass.
  readonly open: BreakGlass['open'] = (input) => this.glass.open(input);
  readonly openings: BreakGlass['openings'] = () => this.glass.openings();
  readonly copy: BreakGlass['copy'] = (openingId, ref, field) => this.glass.copy(openingId, ref, field);
  readonly totp: BreakGlass['totp'] = (openingId, ref, refresh) => this.glass.totp(openingId, ref, refresh);
  readonly exportNotice: BreakGlass['exportNotice'] = (openingId, sink) => this.glass.exportNotice(openingId, sink);
}
