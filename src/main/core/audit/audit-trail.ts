/**
 * The tamper-evident audit trail.
 *
 *   hash(n) = BLAKE2b-256( "custodian.audit.event.v1" ‖ 0x00 ‖ hash(n-1) ‖ body(n) )
 *   body(n) = UTF-8 of JSON [seq, at, actor, kind, accountId, personId, details]
 *   hash(0) = BLAKE2b-256( "custodian.audit.genesis.v1" ‖ 0x00 ‖ vault id )
 *
 * Every CHECKPOINT_INTERVAL events, and whenever the vault locks, the head
 * (seq, time, hash) is signed with the vault's Ed25519 key. The chain makes an
 * edited, deleted or reordered event visible at its sequence number; the
 * signatures make a rewritten chain, or a trail truncated before the last
 * checkpoint, visible too, since only the key holder can sign a new head.
 *
 * The chain is unkeyed on purpose: failed unlocks are recorded while the
 * vault is locked, and anyone with the public key can check a signed head.
 *
 * Events are appended inside the caller's transaction, so an action whose
 * event cannot be written rolls back with it.
 */
import type { AuditDetails, AuditKind, AuditVerification } from '../../../shared/domain/audit';
import type { Clock } from '../clock';
import { bytesEqual, type Sodium } from '../crypto/sodium';
import type { VaultKeys } from '../crypto/vault-keys';
import type { AuditEventRow, CheckpointRow } from '../db/audit.repo';
import type { VaultStore } from '../db/vault-store';

export const CHECKPOINT_INTERVAL = 256;

export interface AuditEvent {
  kind: AuditKind;
  accountId?: number | undefined;
  personId?: number | undefined;
  details?: AuditDetails;
  /** Who did it: the vault owner unless stated. */
  actor?: 'owner' | 'system' | 'unknown';
}

const encoder = new TextEncoder();
const EVENT_DOMAIN = encoder.encode('custodian.audit.event.v1\u0000');

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

  genesis(vaultId: string): Uint8Array {
    return this.sodium.crypto_generichash(32, `custodian.audit.genesis.v1\u0000${vaultId}`, null);
  }

  hashEvent(prevHash: Uint8Array, row: Omit<AuditEventRow, 'prevHash' | 'hash'>): Uint8Array {
    const body = JSON.stringify([row.seq, row.at, row.actor, row.kind, row.accountId, row.personId, row.details]);
    // Domain ‖ previous hash ‖ body, encoded straight into one buffer (UTF-8 is at most 3 bytes a UTF-16 unit).
    const start = EVENT_DOMAIN.length + prevHash.length;
    const message = new Uint8Array(start + body.length * 3);
    message.set(EVENT_DOMAIN);
    message.set(prevHash, EVENT_DOMAIN.length);
    const { written } = encoder.encodeInto(body, message.subarray(start));
    return this.sodium.crypto_generichash(32, message.subarray(0, start + written), null);
  }

  /**
   * Appends one event; call inside the action's transaction. With the vault's
   * keys, also signs a checkpoint every CHECKPOINT_INTERVAL events.
   */
  append(store: VaultStore, vaultId: string, event: AuditEvent, keys?: VaultKeys): AuditEventRow {
    const details = checkDetails(event.details ?? {});
    const head = store.audit.head();
    const prevHash = head ? head.hash : this.genesis(vaultId);
    const base = {
      seq: (head?.seq ?? 0) + 1,
      at: this.clock.now(),
      actor: `${event.actor ?? 'owner'}@${this.source}`,
      kind: event.kind,
      accountId: event.accountId ?? null,
      personId: event.personId ?? null,
      details: canonicalJson(details),
    };
    const row: AuditEventRow = { ...base, prevHash, hash: this.hashEvent(prevHash, base) };
    store.audit.append(row);
    if (keys && row.seq % CHECKPOINT_INTERVAL === 0) this.sign(store, vaultId, keys, row);
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
   * Recomputes the whole chain and checks every checkpoint. Reports the first
   * sequence number that does not verify.
   */
  verify(store: VaultStore, vaultId: string, publicKey: Uint8Array): AuditVerification {
    const { sodium } = this;
    const checkpoints = store.audit.checkpoints();
    const wanted = new Map(checkpoints.map((cp) => [cp.seq, cp]));
    const problems: { seq: number; problem: string }[] = [];
    const note = (seq: number, problem: string) => problems.push({ seq, problem });

    // Signatures first: a checkpoint whose signature fails is itself evidence of tampering.
    for (const cp of checkpoints) {
      const valid = sodium.crypto_sign_verify_detached(
        cp.signature,
        checkpointMessage(vaultId, cp.seq, cp.at, cp.headHash),
        publicKey,
      );
      if (!valid) note(cp.seq, `the signature of the checkpoint at event ${cp.seq} does not verify`);
    }

    let prev = this.genesis(vaultId);
    let expected = 1;
    let chainBroken = false;
    let previousCheckpoint = 0;
    for (const row of store.audit.iterate()) {
      if (!chainBroken) {
        if (row.seq !== expected) {
          note(expected, row.seq > expected ? `event ${expected} is missing` : `event ${row.seq} is out of order`);
          chainBroken = true;
        } else if (!bytesEqual(sodium, toBytes(row.prevHash), prev)) {
          note(row.seq, `event ${row.seq} does not follow event ${row.seq - 1} (deleted, inserted or reordered)`);
          chainBroken = true;
        } else if (!bytesEqual(sodium, this.hashEvent(prev, row), toBytes(row.hash))) {
          note(row.seq, `event ${row.seq} was altered`);
          chainBroken = true;
        }
      }
      const cp = wanted.get(row.seq);
      if (cp) {
        if (!bytesEqual(sodium, toBytes(cp.headHash), toBytes(row.hash))) {
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
