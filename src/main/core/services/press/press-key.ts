/**
 * The press key and its card, in the press team's vault: an X25519 key pair
 * (secret half sealed in the vault) and its signed public card, optionally
 * naming k-of-n officers whose own passphrases protect their keys. The
 * register and break glass use the key through `withSecret` and `parsedCard`.
 *
 * docs/escrow-bundle.md has the card format.
 */
import {
  PressKeygenInputSchema,
  formatFingerprint,
  type PressKeygenInput,
  type PressKeyView,
} from '../../../../shared/domain/escrow';
import type { Ciphertext, FieldRef } from '../../crypto/field-cipher';
import { KDF_ALGORITHM, KDF_PRESET_PARAMS, SALT_BYTES, type KdfParams } from '../../crypto/kdf';
import type { Sodium } from '../../crypto/sodium';
import type { PressKeyRow } from '../../db/escrow.repo';
import { CustodianError, parseInput } from '../../errors';
import { CARD_ARMOUR, CARD_FORMAT, makeCard, parseCard, type CardBody, type ParsedCard } from '../../escrow/card';
import { keyPairMatches, officerAd, wrapOfficerKey } from '../../escrow/officer';
import { armour, toBase64Url } from '../../formats/signed-envelope';
import type { DeriveKey, VaultService } from '../vault.service';
import type { VaultSession } from '../vault-session';

const pressKeyRef = (row: number, column: 'secret_key' | 'card'): FieldRef => ({ table: 'press_keys', row, column });
export const officerRef = (row: number, column: 'name' | 'wrapped_secret_key'): FieldRef => ({
  table: 'press_officers',
  row,
  column,
});

/** Validated again here (the CLI and the IPC contract both parse it too). */
export type KeygenRequest = PressKeygenInput;

export class PressKeys {
  constructor(
    private readonly sodium: Sodium,
    private readonly vault: VaultService,
    private readonly derive: DeriveKey,
  ) {}

  /**
   * Generates the press key (and the officers' keys for a quorum card), signs
   * the card with the vault's signing key, wraps each officer's key under a
   * key derived from their passphrase (Argon2id, off-thread, before the
   * transaction), and stores it all sealed.
   */
  async keygen(input: KeygenRequest): Promise<PressKeyView> {
    const request = parseInput(PressKeygenInputSchema, input);
    const session = this.vault.session();
    const { sodium } = this;
    const existing = session.store.read(() => session.store.escrow.activePressKey());
    if (existing && !request.replace) {
      throw new CustodianError(
        'conflict',
        `This vault already has a press key (card ${formatFingerprint(existing.fingerprint)}); replace it explicitly to generate a new one (the old key is kept to open bundles made for it)`,
      );
    }
    const officers = request.officers ?? [];
    const box = sodium.crypto_box_keypair();
    const officerPairs = officers.map(() => sodium.crypto_box_keypair());
    const createdAt = session.clock.now();
    const body: CardBody = {
      format: CARD_FORMAT,
      team: request.team,
      createdAt: new Date(createdAt).toISOString(),
      encryptionKey: toBase64Url(box.publicKey),
      signingKey: toBase64Url(session.keys.signingPublicKey),
      quorum:
        officers.length > 0
          ? {
              k: request.quorum!,
              officers: officers.map((o, i) => ({
                name: o.name,
                encryptionKey: toBase64Url(officerPairs[i]!.publicKey),
              })),
            }
          : null,
    };
    const card = makeCard(sodium, body, (message) => session.keys.sign(message));
    const cost = KDF_PRESET_PARAMS[request.kdf];
    const wrapped: { kdf: KdfParams; wrapped: Uint8Array }[] = [];
    try {
      for (const [i, officer] of officers.entries()) {
        const kdf: KdfParams = { algorithm: KDF_ALGORITHM, ...cost, salt: session.random(SALT_BYTES) };
        const kek = await this.derive(officer.passphrase, kdf);
        const pair = officerPairs[i]!;
        wrapped.push({
          kdf,
          wrapped: wrapOfficerKey(
            sodium,
            session.random,
            kek,
            pair.privateKey,
            officerAd(card.fingerprint.digits, i, pair.publicKey),
          ),
        });
        sodium.memzero(kek);
      }
      this.vault.stillOpen(session);
      const { store, keys } = session;
      const id = store.transaction(() => {
        const active = store.escrow.activePressKey();
        if (active && !request.replace) throw new CustodianError('conflict', 'This vault already has a press key');
        if (active) store.escrow.retirePressKey(active.id, createdAt);
        const id = store.escrow.nextId('press_keys');
        store.escrow.insertPressKey({
          id,
          createdAt,
          fingerprint: card.fingerprint.digits,
          publicKey: box.publicKey,
          secretKey: keys.fields.seal(pressKeyRef(id, 'secret_key'), box.privateKey),
          card: keys.fields.sealText(pressKeyRef(id, 'card'), card.file),
          quorumK: request.quorum ?? null,
          retiredAt: null,
        });
        for (const [position, officer] of officers.entries()) {
          const officerId = store.escrow.nextId('press_officers');
          const { kdf, wrapped: secret } = wrapped[position]!;
          store.escrow.insertOfficer({
            id: officerId,
            pressKeyId: id,
            position,
            name: keys.fields.sealText(officerRef(officerId, 'name'), officer.name),
            publicKey: officerPairs[position]!.publicKey,
            wrappedSecretKey: keys.fields.seal(officerRef(officerId, 'wrapped_secret_key'), secret),
            kdfAlgorithm: kdf.algorithm,
            kdfOpsLimit: kdf.opsLimit,
            kdfMemLimit: kdf.memLimit,
            kdfSalt: kdf.salt,
          });
        }
        session.record({
          kind: 'press.key_generated',
          details: {
            pressKeyId: id,
            fingerprint: card.fingerprint.digits,
            quorumK: request.quorum ?? null,
            officers: officers.length,
            replaced: active?.id ?? null,
          },
        });
        return id;
      });
      return this.view(session, store.escrow.pressKey(id)!);
    } finally {
      sodium.memzero(box.privateKey);
      for (const pair of officerPairs) sodium.memzero(pair.privateKey);
    }
  }

  /** The active press key with its card, or null when this vault has none. */
  card(): { key: PressKeyView | null } {
    const session = this.vault.session();
    const row = session.store.read(() => session.store.escrow.activePressKey());
    return { key: row ? this.view(session, row) : null };
  }

  /** Writes the card file, or its text block (through `sink`, inside the transaction recording it). */
  exportCard(sink: (content: string) => void, form: 'file' | 'armoured' = 'file'): PressKeyView {
    const session = this.vault.session();
    return session.store.transaction(() => {
      const row = this.active(session);
      const view = this.view(session, row);
      session.record({ kind: 'press.card_exported', details: { pressKeyId: row.id, fingerprint: row.fingerprint } });
      sink(form === 'file' ? view.card : view.armoured);
      return view;
    });
  }

  /** The key's signed card, parsed (and so verified) again from the vault. */
  parsedCard(session: VaultSession, row: PressKeyRow): ParsedCard {
    return parseCard(this.sodium, session.keys.fields.openText(pressKeyRef(row.id, 'card'), row.card));
  }

  /** Runs `fn` with the press key pair, wiping the secret half afterwards. */
  withSecret<T>(session: VaultSession, row: PressKeyRow, fn: (pk: Uint8Array, sk: Uint8Array) => T): T {
    const secretKey = session.keys.fields.open(pressKeyRef(row.id, 'secret_key'), row.secretKey as Ciphertext);
    try {
      if (!keyPairMatches(this.sodium, row.publicKey, secretKey)) {
        throw new CustodianError(
          'tampered',
          'The press secret key does not match its public key: the vault has been tampered with',
        );
      }
      return fn(row.publicKey, secretKey);
    } finally {
      this.sodium.memzero(secretKey);
    }
  }

  /** The press key cards are exported for; not_found when there is none. Call inside a transaction. */
  private active(session: VaultSession): PressKeyRow {
    const row = session.store.escrow.activePressKey();
    if (!row) throw new CustodianError('not_found', 'This vault has no press key: generate one first');
    return row;
  }

  private view(session: VaultSession, row: PressKeyRow): PressKeyView {
    const card = this.parsedCard(session, row);
    const file = card.file;
    return {
      id: row.id,
      team: card.body.team,
      createdAt: row.createdAt,
      fingerprint: formatFingerprint(row.fingerprint),
      quorum: card.body.quorum ? { k: card.body.quorum.k, officers: card.officers.map((o) => o.name) } : null,
      card: file,
      armoured: armour(CARD_ARMOUR, file),
    };
  }
}
