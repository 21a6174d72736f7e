/**
 * Escrow in words and small pieces shared by the press office's screens, the
 * manager's and the start screen: fingerprints set out for reading aloud or
 * checking (the redeem screen shows a ticket issuer's the same way), "paste
 * it or open the file", what a bundle says about itself, and where a saved
 * file went.
 */
import { Box, Button, Group, Loader, Paper, Text, Textarea, Tooltip } from '@mantine/core';
import { IconFileImport, IconFingerprint } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { BundleInspection, QuorumView } from '../../../../shared/domain/escrow';
import { api, errorMessage } from '../../lib/api';
import { formatCount, formatDateTime, formatRelative, plural } from '../../lib/format';

/** "One press key", "2 of 3 officers (Ada, Bo, Cy)". */
export function quorumText(quorum: QuorumView | null, withNames = true): string {
  if (!quorum) return 'One press key';
  const base = `${quorum.k} of ${quorum.officers.length} officers`;
  return withNames ? `${base} (${quorum.officers.join(', ')})` : base;
}

/** "today", "yesterday", "12 days ago": a bundle's age in whole days, as main counts it. */
export function ageText(days: number): string {
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${formatCount(days)} days ago`;
}

/** A card fingerprint set out in its six groups, large enough to read to someone over the phone. */
export function FingerprintGroups({ fingerprint, label }: { fingerprint: string; label: string }) {
  const groups = fingerprint.split(/\s+/).filter(Boolean);
  return (
    <Text className="fingerprint-groups" aria-label={label} data-fingerprint={fingerprint}>
      {groups.map((group, i) => (
        <span key={i} className="fingerprint-group">
          {group}
        </span>
      ))}
    </Text>
  );
}

/**
 * A key fingerprint as one item of a detail list, selectable for copying, its
 * label carrying a hint on how to check it with the person it comes from.
 */
export function FingerprintField({
  label,
  hint,
  hintWidth = 280,
  valueLabel,
  value,
  wide = false,
}: {
  label: string;
  hint: string;
  hintWidth?: number;
  /** The fingerprint's accessible name. */
  valueLabel: string;
  value: string;
  /** Spans the detail grid's full width. */
  wide?: boolean;
}) {
  return (
    <div className={wide ? 'detail-field wide' : 'detail-field'}>
      <dt>
        <Group gap={4} component="span">
          {label}
          <Tooltip multiline w={hintWidth} label={hint}>
            <IconFingerprint size={13} aria-hidden />
          </Tooltip>
        </Group>
      </dt>
      <dd className="mono-small selectable" aria-label={valueLabel}>
        {value}
      </dd>
    </div>
  );
}

/**
 * A card, bundle or notice: pasted as text (always possible, and the only way
 * where there are no file dialogs), or read from a file the user picks.
 */
export function PastedText({
  label,
  description,
  placeholder,
  kind,
  fileDialogs,
  value,
  onChange,
  busy = false,
  error,
  autoFocus = false,
  collapsed = false,
}: {
  label: string;
  description: ReactNode;
  placeholder: string;
  kind: 'bundle' | 'card' | 'notice';
  fileDialogs: boolean;
  value: string;
  /** The new text, and the file it came from (null when typed or pasted). */
  onChange(value: string, fileName: string | null): void;
  busy?: boolean;
  error?: ReactNode;
  autoFocus?: boolean;
  /** Show the text as a one-line summary (it has been read and understood), not as a block. */
  collapsed?: boolean;
}) {
  const [fileName, setFileName] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  // A bundle of thousands of accounts is megabytes of text: summarised, never laid out in a text box.
  const large = value.length > 20_000;
  const summary = value !== '' && (large || collapsed);

  const open = async () => {
    setFileError(null);
    try {
      const { content, name } = await api.app.openTextFile({ kind });
      if (content === null) return;
      setFileName(name);
      onChange(content, name);
    } catch (e) {
      setFileError(errorMessage(e));
    }
  };

  return (
    <Box>
      {summary ? (
        <Paper withBorder p="sm" className="pasted-summary" role="group" aria-label={label}>
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Box miw={0}>
              <Text size="sm" fw={500}>
                {label}
              </Text>
              <Text size="xs" c="dimmed" className="truncate">
                {fileName ?? 'Pasted text'} · {formatCount(value.length)} characters
              </Text>
            </Box>
            <Button
              size="xs"
              variant="subtle"
              onClick={() => {
                setFileName(null);
                onChange('', null);
              }}
            >
              Clear
            </Button>
          </Group>
        </Paper>
      ) : (
        <Textarea
          label={label}
          description={description}
          inputWrapperOrder={['label', 'description', 'input', 'error']}
          placeholder={placeholder}
          value={value}
          onChange={(e) => {
            setFileName(null);
            onChange(e.currentTarget.value, null);
          }}
          error={error}
          autosize
          minRows={4}
          maxRows={8}
          spellCheck={false}
          autoComplete="off"
          classNames={{ input: 'mono-input ticket-input' }}
          rightSection={busy ? <Loader size={14} /> : undefined}
          data-autofocus={autoFocus || undefined}
        />
      )}
      {fileDialogs ? (
        <Group gap="xs" mt={8}>
          <Button size="xs" variant="default" leftSection={<IconFileImport size={14} />} onClick={() => void open()}>
            Open a {kind} file…
          </Button>
          {fileName && !summary ? (
            <Text size="xs" c="dimmed" className="path-text">
              {fileName}
            </Text>
          ) : null}
        </Group>
      ) : null}
      {fileError ? (
        <Text size="xs" c="red" mt={4} role="alert">
          {fileError}
        </Text>
      ) : null}
    </Box>
  );
}

/** What a bundle says about itself (checked against the key it names): who made it, for whom, how it opens. */
export function BundleFacts({ inspection }: { inspection: BundleInspection }) {
  const { issuer, recipient, quorum } = inspection;
  return (
    <dl className="detail-grid compact bundle-facts">
      <div className="detail-field">
        <dt>From</dt>
        <dd>
          {issuer.name}
          <Text span size="xs" c="dimmed" display="block">
            vault {issuer.vaultId}
          </Text>
        </dd>
      </div>
      <div className="detail-field">
        <dt>Exported</dt>
        <dd>
          {formatDateTime(inspection.createdAt)}
          <Text span size="xs" c="dimmed" display="block">
            {formatRelative(inspection.createdAt)}
          </Text>
        </dd>
      </div>
      <FingerprintField
        label="Manager’s signing key"
        hint="The first bundle from a manager pins this key; later ones must match. The first time, check it with the manager by phone."
        valueLabel="Manager’s signing key fingerprint"
        value={issuer.signingKeyFingerprint}
        wide
      />
      <div className="detail-field wide">
        <dt>For</dt>
        <dd>
          {recipient.team}
          <Text span size="xs" c="dimmed" display="block" className="mono-small" aria-label="Press card fingerprint">
            card {recipient.cardFingerprint}
          </Text>
        </dd>
      </div>
      <div className="detail-field">
        <dt>Opens with</dt>
        <dd>
          {quorum ? `${quorum.k} of ${quorum.n} press officers` : 'The press key alone'}
          {quorum ? (
            <Text span size="xs" c="dimmed" display="block">
              {quorum.officers.join(', ')}
            </Text>
          ) : null}
        </dd>
      </div>
      <div className="detail-field">
        <dt>Accounts</dt>
        <dd data-empty={inspection.accounts === null || undefined}>
          {inspection.accounts !== null
            ? plural(inspection.accounts, 'account')
            : 'Sealed: counted by the press vault it was made for'}
        </dd>
      </div>
    </dl>
  );
}
