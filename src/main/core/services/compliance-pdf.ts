/**
 * The compliance report for auditors: a self-contained HTML document (printed
 * to PDF by Chromium, as the incident summary is) and the vault's signature
 * over the printed bytes, appended after the PDF's end as one comment line
 * so the file stays one ordinary PDF that any reader opens.
 *
 * docs/compliance.md defines the format exactly; in short, the file is
 *
 *   <PDF bytes as printed> "\n%custodian-signature " <JSON> "\n"
 *
 * where the JSON is {"v":1,"vault":ID,"owner":NAME,"generatedAt":ISO,
 * "publicKey":B64,"signature":B64} and the signature is Ed25519 by the
 * vault's signing key over the UTF-8 text
 *
 *   "custodian.compliance-report.v1\n" "vault: " ID "\n" "owner: " NAME "\n"
 *   "generated: " ISO "\n" "sha256: " HEX(SHA-256(PDF bytes)) "\n"
 *
 * Checking it needs no vault (`custodian report verify FILE`): what it proves
 * is that the holder of the key with that fingerprint signed these bytes, so
 * an auditor compares the fingerprint with the one the vault shows.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { RULE_TITLES, COMPLIANCE_RULES, type ComplianceReport } from '../../../shared/compliance';
import { PLATFORM_INFO } from '../../../shared/domain/platforms';
import type { Sodium } from '../crypto/sodium';
import { CustodianError } from '../errors';
import { keyFingerprint } from '../tickets/ticket';

const MARKER = '\n%custodian-signature ';
const DOMAIN = 'custodian.compliance-report.v1';
/** A signature line is short; a larger tail is not ours. */
const MAX_SIGNATURE_LINE = 4096;

const SignatureSchema = z.strictObject({
  v: z.literal(1),
  vault: z.string().min(1).max(100),
  owner: z.string().max(200),
  generatedAt: z.iso.datetime(),
  publicKey: z.base64(),
  signature: z.base64(),
});
type SignatureLine = z.infer<typeof SignatureSchema>;

export interface ReportSigner {
  vaultId: string;
  owner: string;
  publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

/** What a valid signature says: who signed, when the report was made, and the key's fingerprint to compare. */
export interface VerifiedReport {
  vaultId: string;
  owner: string;
  generatedAt: string;
  fingerprint: string;
}

function signedMessage(line: Omit<SignatureLine, 'v' | 'publicKey' | 'signature'>, pdf: Uint8Array): Uint8Array {
  const digest = createHash('sha256').update(pdf).digest('hex');
  return new TextEncoder().encode(
    `${DOMAIN}\nvault: ${line.vault}\nowner: ${line.owner}\ngenerated: ${line.generatedAt}\nsha256: ${digest}\n`,
  );
}

/** The printed PDF with the vault's signature line appended. */
export function signReportPdf(pdf: Uint8Array, generatedAt: number, signer: ReportSigner): Uint8Array {
  if (Buffer.from(pdf.subarray(0, 5)).toString('latin1') !== '%PDF-') {
    throw new CustodianError('internal', 'The printed report is not a PDF');
  }
  const fields = { vault: signer.vaultId, owner: signer.owner, generatedAt: new Date(generatedAt).toISOString() };
  const line: SignatureLine = {
    v: 1,
    ...fields,
    publicKey: Buffer.from(signer.publicKey).toString('base64'),
    signature: Buffer.from(signer.sign(signedMessage(fields, pdf))).toString('base64'),
  };
  return Buffer.concat([pdf, Buffer.from(`${MARKER}${JSON.stringify(line)}\n`, 'utf8')]);
}

/** Checks a signed report; refuses (invalid_input) a file that is not one, or whose bytes or signature do not verify. */
export function verifyReportPdf(sodium: Sodium, file: Uint8Array): VerifiedReport {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const at = bytes.lastIndexOf(MARKER, undefined, 'latin1');
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-' || at < 0 || bytes.length - at > MAX_SIGNATURE_LINE) {
    throw new CustodianError('invalid_input', 'This is not a signed Custodian compliance report');
  }
  let line: SignatureLine;
  try {
    const text = bytes.subarray(at + MARKER.length).toString('utf8');
    if (!text.endsWith('\n') || text.indexOf('\n') !== text.length - 1) throw new Error('not one line');
    line = SignatureSchema.parse(JSON.parse(text));
  } catch {
    throw new CustodianError('invalid_input', 'The report’s signature line is damaged');
  }
  const publicKey = Buffer.from(line.publicKey, 'base64');
  const signature = Buffer.from(line.signature, 'base64');
  const pdf = bytes.subarray(0, at);
  const valid =
    publicKey.length === sodium.crypto_sign_PUBLICKEYBYTES &&
    signature.length === sodium.crypto_sign_BYTES &&
    sodium.crypto_sign_verify_detached(signature, signedMessage(line, pdf), publicKey);
  if (!valid) {
    throw new CustodianError(
      'invalid_input',
      'The signature does not match: the report was changed after it was signed',
    );
  }
  return {
    vaultId: line.vault,
    owner: line.owner,
    generatedAt: line.generatedAt,
    fingerprint: keyFingerprint(sodium, publicKey),
  };
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The report as a printable document: the date, the vault, the policy, the counts and every finding. */
export function complianceReportHtml(report: ComplianceReport, fingerprint: string): string {
  const when = new Date(report.generatedAt).toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short' });
  const { policy } = report;
  const rules =
    policy.handleRules.length === 0
      ? 'none'
      : policy.handleRules
          .map(
            (r) =>
              `${r.platform === 'all' ? 'every platform' : PLATFORM_INFO[r.platform].label}: ${r.kind} “${r.value}”`,
          )
          .join('; ');
  const rotation = `every ${policy.rotation.count} ${policy.rotation.unit}`;
  const policyRows: [string, string][] = [
    ['Handle naming rules', rules],
    [
      'People who must know each login',
      `${policy.minHolders}${policy.holdersSameDepartment ? ', of its department' : ''}`,
    ],
    ['Two-factor required', policy.twoFactorRequired ? 'yes' : 'no'],
    ['Lowest password strength', `${policy.minPasswordStrength} of 4`],
    ['Longest takeover', `${policy.takeoverMaxDays} days`],
    ['Password rotation', rotation],
  ];
  const out = report.accounts.filter((a) => a.findings.length > 0);
  const findingRows = out
    .flatMap((a) =>
      a.findings.map(
        (f) =>
          `<tr><td>@${esc(a.handle)}<br><small>${esc(PLATFORM_INFO[a.platform].label)}${a.department ? ` · ${esc(a.department)}` : ''}</small></td><td>${esc(a.manager)}</td><td>${f.rule}</td><td>${esc(f.message)}</td></tr>`,
      ),
    )
    .join('\n');
  const counts = COMPLIANCE_RULES.map(
    (r) => `<tr><td>${r}</td><td>${esc(RULE_TITLES[r])}</td><td class="n">${report.counts[r]}</td></tr>`,
  ).join('\n');
  const verdict =
    report.findings === 0
      ? `All ${report.accounts.length} accounts keep the policy.`
      : `${out.length} of ${report.accounts.length} accounts are out of policy, with ${report.findings} finding${report.findings === 1 ? '' : 's'}.`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Compliance report</title>
<style>
/* No ligatures: text copied out of the PDF (an auditor's quote, a search) reads as written. */
body { font: 10.5pt/1.45 system-ui, sans-serif; color: #111; margin: 18mm 16mm; font-variant-ligatures: none; }
h1 { font-size: 18pt; margin: 0 0 4pt; } h2 { font-size: 12.5pt; margin: 16pt 0 6pt; }
table { border-collapse: collapse; width: 100%; } td, th { text-align: left; vertical-align: top; padding: 3pt 6pt; border-bottom: 0.5pt solid #ccc; }
th { font-size: 9pt; text-transform: uppercase; color: #555; } td.n { text-align: right; } small { color: #555; }
.meta td:first-child { width: 38%; color: #444; } .sig { margin-top: 18pt; font-size: 9pt; color: #333; }
</style></head><body>
<h1>Compliance report</h1>
<p>${esc(verdict)}</p>
<table class="meta">
<tr><td>Vault</td><td>${esc(report.vault.owner)} (${esc(report.vault.id)})</td></tr>
<tr><td>Generated</td><td>${esc(when)} (${new Date(report.generatedAt).toISOString()})</td></tr>
<tr><td>Signing key fingerprint</td><td>${esc(fingerprint)}</td></tr>
</table>
<h2>Policy</h2>
<table class="meta">${policyRows.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('\n')}</table>
<h2>Accounts out of policy, by rule</h2>
<table><tr><th>Rule</th><th>What it asks</th><th class="n">Accounts</th></tr>${counts}</table>
<h2>Every finding</h2>
${out.length === 0 ? '<p>None.</p>' : `<table><tr><th>Account</th><th>Manager</th><th>Rule</th><th>Finding</th></tr>${findingRows}</table>`}
<p class="sig">This file is signed by the vault’s signing key (fingerprint ${esc(fingerprint)}).
Check it with <code>custodian report verify FILE</code>: a change to any byte of the report breaks the signature.</p>
</body></html>`;
}
