/**
 * The organisation's policy as one object: read, set as a whole, published by
 * a press team signed with the key on its press card, and applied by a
 * manager from that file only when the card is one this vault pinned.
 * Applying writes the policy settings and the rotation period together with
 * one audit event; a refused file changes nothing.
 */
import {
  OrganisationPolicySchema,
  type OrganisationPolicy,
  type PolicyImportResult,
} from '../../../shared/domain/policy';
import type { Sodium } from '../crypto/sodium';
import { CustodianError, parseInput } from '../errors';
import { makePolicyFile, parsePolicyFile } from '../escrow/policy-file';
import { toBase64Url } from '../formats/signed-envelope';
import type { ComplianceService } from './compliance.service';
import type { EscrowService } from './escrow.service';
import type { PressService } from './press.service';
import { POLICY_SETTING } from './rotation-schedule';
import type { SettingsService } from './settings.service';
import type { VaultService } from './vault.service';
import type { VaultSession } from './vault-session';
import type { AuditDetails } from '../../../shared/domain/audit';

export class PolicyService {
  constructor(
    private readonly sodium: Sodium,
    private readonly vault: VaultService,
    private readonly settings: SettingsService,
    private readonly compliance: ComplianceService,
    private readonly escrow: EscrowService,
    private readonly press: PressService,
  ) {}

  /** The policy compliance is checked against. */
  get(): OrganisationPolicy {
    return this.compliance.policy();
  }

  /** Replaces the whole policy (the CLI's `policy set`): validated, written and recorded together. */
  set(input: OrganisationPolicy): OrganisationPolicy {
    const policy = parseInput(OrganisationPolicySchema, input);
    const session = this.vault.session();
    session.store.transaction(() => this.apply(session, policy, { source: 'manual' }));
    return this.get();
  }

  /**
   * The press team publishes this vault's policy, signed with the vault key
   * its press card names (the key managers pinned with the card). Written by
   * `sink` inside the transaction that records it.
   */
  publish(sink: (content: string) => void): { policyId: string; team: string; cardFingerprint: string } {
    const session = this.vault.session();
    const { key } = this.press.card();
    if (!key) {
      throw new CustodianError(
        'not_found',
        'This vault has no press key: only a press team (custodian press keygen) publishes a policy',
      );
    }
    const policy = this.get();
    const policyId = toBase64Url(session.random(16));
    const file = makePolicyFile(
      {
        format: 'custodian.policy.v1',
        policyId,
        publishedAt: new Date(session.clock.now()).toISOString(),
        press: {
          team: key.team,
          cardFingerprint: key.fingerprint,
          signingKey: toBase64Url(session.keys.signingPublicKey),
        },
        policy,
      },
      (message) => session.keys.sign(message),
    );
    session.store.transaction(() => {
      session.record({
        kind: 'policy.published',
        details: { policyId, cardFingerprint: key.fingerprint.replace(/ /g, ''), ...summary(policy) },
      });
      sink(file);
    });
    return { policyId, team: key.team, cardFingerprint: key.fingerprint };
  }

  /**
   * Applies a press team's published policy. Refused, with the reason and
   * nothing changed, unless it is signed by the key of a press card this
   * vault imported, and its body and policy are exactly the documented form
   * (no unknown keys, values in range, valid patterns).
   */
  importFile(content: string): PolicyImportResult {
    const session = this.vault.session();
    let team = '';
    const parsed = parsePolicyFile(this.sodium, content, (fingerprint) => {
      const card = this.escrow.pinnedCard(session, fingerprint);
      if (!card) return null;
      team = card.body.team;
      return card.signingKey;
    });
    const before = this.get();
    const { body, policy } = parsed;
    session.store.transaction(() =>
      this.apply(session, policy, {
        source: 'file',
        policyId: body.policyId,
        cardFingerprint: body.press.cardFingerprint.replace(/ /g, ''),
        publishedAt: parsed.publishedAt,
      }),
    );
    const after = this.get();
    return {
      policy: after,
      team,
      cardFingerprint: body.press.cardFingerprint,
      publishedAt: parsed.publishedAt,
      policyId: body.policyId,
      changed: (Object.keys(after) as (keyof OrganisationPolicy)[]).filter(
        (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
      ),
    };
  }

  /** Writes every part of the policy inside the caller's transaction, with its one event. */
  private apply(session: VaultSession, policy: OrganisationPolicy, origin: AuditDetails): void {
    const { rotation, ...settings } = policy;
    this.settings.write(session, settings);
    session.store.settings.set(POLICY_SETTING, rotation);
    session.record({ kind: 'policy.changed', details: { ...origin, ...summary(policy) } });
  }
}

/** The policy as audit details: scalars only (the handle rules as their JSON text). Nothing in it is secret. */
function summary(policy: OrganisationPolicy): AuditDetails {
  return {
    handleRules: JSON.stringify(policy.handleRules),
    minHolders: policy.minHolders,
    holdersSameDepartment: policy.holdersSameDepartment,
    twoFactorRequired: policy.twoFactorRequired,
    minPasswordStrength: policy.minPasswordStrength,
    takeoverMaxDays: policy.takeoverMaxDays,
    rotation: `${policy.rotation.count} ${policy.rotation.unit}`,
  };
}
