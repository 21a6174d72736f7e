/**
 * The tamper-evident audit trail: a hash chain only the key holder can extend.
 *
 *   hash(n) = BLAKE2b-256( key = audit key, "custodian.audit.event.v2" ‖ 0x00 ‖ hash(n-1) ‖ body(n) )
 *   body(n) = UTF-8 of JSON [seq, at, actor, kind, accountId, personId, details]
 *   hash(0) = BLAKE2b-256( key = audit key, "custodian.audit.genesis.v2" ‖ 0x00 ‖ vault id )
 *
 * The audit key is a subkey of the vault key, so someone who can write the
 * file but lacks the passphrase cannot recompute the chain after an edit.
 * Trails begun before schema 7 keep their unkeyed (v1, key = none) events
 * below the vault's `audit_keyed_from`; the chain continues keyed from there.
 *
 * Every CHECKPOINT_INTERVAL events, and whenever the vault locks, the head
 * (seq, time, hash) is signed with the vault's Ed25519 key; verification
 * requires those checkpoints, and the integrity record remembers the last
 * one, so a deleted checkpoint or a trail cut back before it is caught.
 *
 * Events are appended inside the caller's transaction, so an action whose
 * event cannot be written rolls back with it. Nothing is appended while the
 * vault is locked (failed unlocks are counted in the header and entered at
 * the next unlock).
 */
import type { AuditDetails, AuditKind, AuditVerification } from '../../../shared/domain/audit';
import type { Clock } from '../clock';
import { bytesEqual, type Sodium } from '../crypto/sodium';
import { TrailDigest, trailDigestKey } from '../crypto/trail-digest';
import type { VaultKeys } from '../crypto/vault-keys';
import type { AuditEventRow, CheckpointRow } from '../db/audit.repo';
import type { VaultStore } from '../db/vault-store';

export const CHECKPOINT_INTERVAL = 256;
/** The settings key under which the last intact verification's point is remembered. */
export const VERIFIED_SETTING = 'auditVerified';
/** Rows per piece of stored text digested at a time (a few MB of text). */
const DIGEST_CHUNK = 8192;

/**
 * What a verification that found the trail intact remembers (in the vault's
 * settings, a MAC'd row): its last signed checkpoint, that checkpoint's head
 * hash, and the keyed digest of the stored events up to it.
 */
export interface VerifiedPoint {
  seq: number;
  hash: Uint8Array;
  digest: Uint8Array;
}

interface WalkStart {
  seq: number;
  hash: Uint8Array;
}

export interface AuditEvent {
  kind: AuditKind;
  accountId?: number | undefined;
  personId?: number | undefined;
  details?: AuditDetails;
  /** Who did it: the vault owner unless stated. */
  actor?: 'owner' | 'system' | 'unknown';
}

const encoder = new TextEncoder();
const EVENT_DOMAIN = {
  v1: encoder.encode('custodian.audit.event.v1\u0000'),
  v2: encoder.encode('custodian.audit.event.v2\u0000'),
};

/** The audit key where the chain is keyed; null for events from before schema 7. */
export type ChainKey = Uint8Array | null;

/** JSON with object keys sorted, so the same details always hash the same. */
export function canonicalJson(value: AuditDetails): string {
  const keys = Object.keys(value);
  // Most events carry one or two details, usually already in order: skip the re-sort (it runs per event).
  if (keys.every((key, i) => i === 0 || keys[i - 1]! < key)) return JSON.stringify(value);
  return JSON.stringify(Object.fromEntries(keys.sort().map((key) => [key, value[key]])));
}

export function checkpointMessage(vaultId: string, seq: number, at: number, headHash: Uint8Array): Uint8Array {
  const prefix = encoder.encode(`custodian.audit.checkpoint.v1\u0000${vaultId}\u0000${seq}\u0000${at}\u0000`);
  const out = new Uint8Array(prefix.length + headHash.length);
  out.set(prefix);
  out.set(headHash, prefix.length);
  return out;
}

export class AuditTrail {
  constructor(
    private readonly sodium: Sodium,
    private readonly clock: Clock,
    /** Where actions come from: "app", "cli"... recorded with the actor. */
    private readonly source: string,
  ) {}

  genesis(vaultId: string, key: ChainKey = null): Uint8Array {
    return this.sodium.crypto_generichash(32, `custodian.audit.genesis.v${key ? 2 : 1}\u0000${vaultId}`, key);
  }

  hashEvent(prevHash: Uint8Array, row: Omit<AuditEventRow, 'prevHash' | 'hash'>, key: ChainKey = null): Uint8Array {
    const body = JSON.stringify([row.seq, row.at, row.actor, row.kind, row.accountId, row.personId, row.details]);
    const domain = key ? EVENT_DOMAIN.v2 : EVENT_DOMAIN.v1;
    // Domain ‖ previous hash ‖ body, encoded straight into one buffer (UTF-8 is at most 3 bytes a UTF-16 unit).
    const start = domain.length + prevHash.length;
    const message = new Uint8Array(start + body.length * 3);
    message.set(domain);
    message.set(prevHash, domain.length);
    const { written } = encoder.encodeInto(body, message.subarray(start));
    return this.sodium.crypto_generichash(32, message.subarray(0, start + written), key);
  }

  /**
   * Appends one event; call inside the action's transaction. Signs a
   * checkpoint every CHECKPOINT_INTERVAL events.
   */
  append(store: VaultStore, vaultId: string, event: AuditEvent, keys: VaultKeys): AuditEventRow {
    const details = checkDetails(event.details ?? {});
    const head = store.audit.head();
    const keyedFrom = store.integrity.auditKeyedFrom();
    const prevHash = head ? head.hash : this.genesis(vaultId, keyedFrom <= 1 ? keys.auditKey : null);
    const base = {
      seq: (head?.seq ?? 0) + 1,
      at: this.clock.now(),
      actor: `${event.actor ?? 'owner'}@${this.source}`,
      kind: event.kind,
      accountId: event.accountId ?? null,
      personId: event.personId ?? null,
      details: canonicalJson(details),
    };
    const key = base.seq >= keyedFrom ? keys.auditKey : null;
    const row: AuditEventRow = { ...base, prevHash, hash: this.hashEvent(prevHash, base, key) };
    store.audit.append(row);
    if (row.seq % CHECKPOINT_INTERVAL === 0) this.sign(store, vaultId, keys, row);
    return row;
  }

  /** Signs the current head if it is newer than the last checkpoint. Call inside a transaction. */
  checkpoint(store: VaultStore, vaultId: string, keys: VaultKeys): CheckpointRow | null {
    const head = store.audit.head();
    if (!head) return null;
    const last = store.audit.lastCheckpoint();
    if (last && last.seq >= head.seq) return null;
    return this.sign(store, vaultId, keys, head);
  }

  private sign(
    store: VaultStore,
    vaultId: string,
    keys: VaultKeys,
    head: { seq: number; hash: Uint8Array },
  ): CheckpointRow {
    const at = this.clock.now();
    const row = {
      seq: head.seq,
      at,
      headHash: head.hash,
      signature: keys.sign(checkpointMessage(vaultId, head.seq, at, head.hash)),
    };
    store.audit.addCheckpoint(row);
    return row;
  }

  /**
   * The full walk: recomputes the whole chain and checks every checkpoint:
   * each signature, that one exists at every CHECKPOINT_INTERVAL-th event
   * and at every lock (of the keyed part of the trail), and that the last one
   * is the one the integrity record remembers. Reports the first sequence
   * number that does not verify.
   */
  verify(
    store: VaultStore,
    vaultId: string,
    keys: Pick<VaultKeys, 'auditKey' | 'signingPublicKey'>,
  ): AuditVerification {
    return this.check(store, vaultId, keys, null).result;
  }

  /**
   * Verifies from `from`, the point an earlier verification remembered:
   * when the checkpoint there still holds its hash and signature, and the
   * stored rows up to it still match the remembered digest, only the events
   * after it are re-hashed and only the checkpoints after it checked; else
   * (or without `from`) the full walk. Returns the verdict and, when
   * intact, the point to remember for next time: the last checkpoint and the
   * digest of the rows up to it.
   */
  check(
    store: VaultStore,
    vaultId: string,
    keys: Pick<VaultKeys, 'auditKey' | 'signingPublicKey'>,
    from: VerifiedPoint | null,
  ): { result: AuditVerification; point: VerifiedPoint | null } {
    const { sodium } = this;
    const checkpoints = store.audit.checkpoints();
    const last = checkpoints.at(-1);
    const digestKey = trailDigestKey(sodium, keys.auditKey);
    let start: WalkStart | null = null;
    let lastDigest: Uint8Array | null = null;
    if (from && last && from.seq <= last.seq) {
      const cp = store.audit.checkpointAt(from.seq);
      const [prefix, upToLast] = this.digests(store, digestKey, [from.seq, last.seq]);
      if (
        cp &&
        bytesEqual(sodium, toBytes(cp.headHash), from.hash) &&
        this.signatureValid(vaultId, cp, keys.signingPublicKey) &&
        bytesEqual(sodium, prefix!, from.digest)
      ) {
        start = { seq: from.seq, hash: from.hash };
        lastDigest = upToLast!;
      }
    }
    let result = this.walk(store, vaultId, keys, checkpoints, start);
    if (from && !start && result.intact) {
      // Cannot happen without the row key (the point is a MAC'd row, its checkpoint too); never report it as intact.
      result = {
        ...result,
        intact: false,
        firstBrokenSeq: 1,
        problem: `events 1–${from.seq} are not the ones verified up to the signed checkpoint at event ${from.seq}`,
      };
    }
    if (!result.intact || !last) return { result, point: null };
    lastDigest ??= this.digests(store, digestKey, [last.seq])[0]!;
    return { result, point: { seq: last.seq, hash: toBytes(last.headHash), digest: lastDigest } };
  }

  /** The point the last intact verification remembered; null when none was, or it does not parse. */
  remembered(store: VaultStore): VerifiedPoint | null {
    const value = store.settings.get(VERIFIED_SETTING) as Record<string, unknown> | null | undefined;
    if (!value || typeof value !== 'object') return null;
    const { seq, hash, digest } = value;
    const hex32 = (v: unknown) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
    if (!Number.isSafeInteger(seq) || (seq as number) < 1 || !hex32(hash) || !hex32(digest)) return null;
    return {
      seq: seq as number,
      hash: Buffer.from(hash as string, 'hex'),
      digest: Buffer.from(digest as string, 'hex'),
    };
  }

  /** Remembers an intact verification's point; call inside a write transaction. */
  remember(store: VaultStore, point: VerifiedPoint): void {
    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
    store.settings.set(VERIFIED_SETTING, { seq: point.seq, hash: hex(point.hash), digest: hex(point.digest) });
  }

  /** The keyed digests of the stored rows up to each of `ends` (ascending), in one pass. */
  private digests(store: VaultStore, key: Uint8Array, ends: number[]): Uint8Array[] {
    const digests = ends.map(() => new TrailDigest(key));
    // The first range starts below 1: a row inserted with seq 0 or less is part of the prefix too.
    let from = Number.MIN_SAFE_INTEGER;
    for (let i = 0; i < ends.length; i++) {
      while (from <= ends[i]!) {
        const to = Math.min(ends[i]!, Math.max(from, 0) + DIGEST_CHUNK);
        const text = store.audit.storedText(from, to);
        for (let j = i; j < digests.length; j++) digests[j]!.update(text);
        from = to + 1;
      }
    }
    return digests.map((d) => d.digest());
  }

  private signatureValid(vaultId: string, cp: CheckpointRow, publicKey: Uint8Array): boolean {
    try {
      return this.sodium.crypto_sign_verify_detached(
        toBytes(cp.signature),
        checkpointMessage(vaultId, cp.seq, cp.at, toBytes(cp.headHash)),
        publicKey,
      );
    } catch {
      // libsodium refuses a signature of the wrong length (a tampered row) rather than answering false.
      return false;
    }
  }

  /** The chain from `start` (the genesis when null) to the head, and the checkpoints after it. */
  private walk(
    store: VaultStore,
    vaultId: string,
    keys: Pick<VaultKeys, 'auditKey' | 'signingPublicKey'>,
    checkpoints: CheckpointRow[],
    start: WalkStart | null,
  ): AuditVerification {
    const { sodium } = this;
    const keyedFrom = store.integrity.auditKeyedFrom();
    const startSeq = start?.seq ?? 0;
    const wanted = new Map(checkpoints.map((cp) => [cp.seq, cp]));
    const problems: { seq: number; problem: string }[] = [];
    const note = (seq: number, problem: string) => problems.push({ seq, problem });

    // Signatures first: a checkpoint whose signature fails is itself evidence of tampering.
    for (const cp of checkpoints) {
      if (cp.seq <= startSeq) continue;
      if (!this.signatureValid(vaultId, cp, keys.signingPublicKey)) {
        note(cp.seq, `the signature of the checkpoint at event ${cp.seq} does not verify`);
      }
    }

    let prev = start?.hash ?? this.genesis(vaultId, keyedFrom <= 1 ? keys.auditKey : null);
    let expected = startSeq + 1;
    let chainBroken = false;
    let previousCheckpoint = startSeq;
    for (const row of store.audit.iterate(startSeq)) {
      if (!chainBroken) {
        if (row.seq !== expected) {
          note(expected, row.seq > expected ? `event ${expected} is missing` : `event ${row.seq} is out of order`);
          chainBroken = true;
        } else if (!bytesEqual(sodium, toBytes(row.prevHash), prev)) {
          note(row.seq, `event ${row.seq} does not follow event ${row.seq - 1} (deleted, inserted or reordered)`);
          chainBroken = true;
        } else if (
          !bytesEqual(sodium, this.hashEvent(prev, row, row.seq >= keyedFrom ? keys.auditKey : null), toBytes(row.hash))
        ) {
          note(row.seq, `event ${row.seq} was altered`);
          chainBroken = true;
        }
      }
      const cp = wanted.get(row.seq);
      if (!cp && row.seq >= keyedFrom && (row.seq % CHECKPOINT_INTERVAL === 0 || row.kind === 'vault.locked')) {
        note(
          row.seq,
          row.kind === 'vault.locked'
            ? `the signed checkpoint made when the vault locked at event ${row.seq} is missing`
            : `the signed checkpoint at event ${row.seq} is missing`,
        );
      }
      if (cp) {
        // (Once the chain is broken, the first broken event is the finding; a mismatch after it adds nothing.)
        if (!chainBroken && !bytesEqual(sodium, toBytes(cp.headHash), toBytes(row.hash))) {
          // The chain was recomputed after an edit: somewhere after the previous good checkpoint.
          note(
            previousCheckpoint + 1,
            `events ${previousCheckpoint + 1}–${row.seq} do not match the signed checkpoint at ${row.seq}: the trail was rewritten`,
          );
        }
        previousCheckpoint = row.seq;
      }
      prev = toBytes(row.hash);
      expected = row.seq + 1;
    }
    const lastSeq = expected - 1;
    const lastCheckpoint = checkpoints.at(-1);
    const remembered = store.integrity.rememberedCheckpoint();
    if (remembered && remembered.seq !== (lastCheckpoint?.seq ?? 0)) {
      note(
        Math.min(remembered.seq, lastCheckpoint?.seq ?? 0) + 1,
        `the last signed checkpoint was at event ${remembered.seq}, but the trail's is at ${lastCheckpoint?.seq ?? 0}`,
      );
    }
    if (lastCheckpoint && lastCheckpoint.seq > lastSeq) {
      note(
        lastSeq + 1,
        `events ${lastSeq + 1}–${lastCheckpoint.seq} were removed (the trail ends before its last signed checkpoint)`,
      );
    }
    problems.sort((a, b) => a.seq - b.seq);
    const first = problems[0];
    return {
      intact: first === undefined,
      events: lastSeq,
      checkpoints: checkpoints.length,
      lastCheckpointSeq: lastCheckpoint?.seq ?? null,
      unsignedTail: Math.max(0, lastSeq - (lastCheckpoint?.seq ?? 0)),
      firstBrokenSeq: first?.seq ?? null,
      problem: first?.problem ?? null,
      verifiedAt: this.clock.now(),
      mode: start ? 'incremental' : 'full',
      incrementalFrom: start ? start.seq : null,
    };
  }
}

/**
 * Events carry ids, enums, counts and dates only (the type says so; this
 * guards against a caller passing anything richer, which would not hash
 * canonically). Hand-written rather than a schema: it runs for every event.
 */
function checkDetails(details: AuditDetails): AuditDetails {
  for (const key in details) {
    const value = details[key];
    const type = typeof value;
    if (value !== null && type !== 'string' && type !== 'boolean' && !(type === 'number' && Number.isFinite(value))) {
      throw new TypeError(`Audit detail "${key}" must be a string, finite number, boolean or null`);
    }
  }
  return details;
}

/** better-sqlite3 returns Buffers, or other types if a row was tampered with. */
function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  return new Uint8Array(0);
}
