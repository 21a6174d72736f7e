/**
 * One grant in a "who holds access" (account) or "what can they access"
 * (person) list: who or what, the kind, who granted it and when, until when,
 * and why.
 */
import { Anchor, Box, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { GrantView } from '../../../../shared/domain/access';
import { PlatformIcon } from '../../components/PlatformIcon';
import { formatDate } from '../../lib/format';
import { PersonAvatar } from '../people/labels';
import { useVaultData } from '../VaultData';
import { useNavigation } from '../navigation';
import { GrantKindBadge, grantSpan, PersonLink } from './labels';

export function AccessRow({
  grant,
  perspective,
  action,
}: {
  grant: GrantView;
  perspective: 'account' | 'person';
  action?: ReactNode;
}) {
  const { accountsById } = useVaultData();
  const { openPerson, openAccount } = useNavigation();
  const platform = accountsById.get(grant.accountId)?.platform;
  const ended = grant.revocationScheduled
    ? `revocation scheduled for ${formatDate(grant.revokedAt!)}`
    : grant.revokedAt !== null
      ? `revoked ${formatDate(grant.revokedAt)}`
      : grant.state === 'expired'
        ? 'ended'
        : null;
  return (
    <Box
      className="access-row"
      role="group"
      aria-label={perspective === 'account' ? grant.personName : grant.accountLabel}
    >
      {perspective === 'account' ? (
        <PersonAvatar id={grant.personId} name={grant.personName} size={36} />
      ) : platform ? (
        <PlatformIcon platform={platform} size={36} decorative />
      ) : (
        <span className="person-avatar" style={{ width: 36, height: 36 }} aria-hidden />
      )}
      <Box className="access-row-body">
        <Group gap={8} wrap="wrap">
          <Anchor
            component="button"
            type="button"
            fw={600}
            size="sm"
            c="var(--mantine-color-text)"
            className="access-row-name"
            onClick={() =>
              perspective === 'account' ? openPerson(grant.personId) : openAccount(grant.accountId, 'access')
            }
          >
            {perspective === 'account' ? grant.personName : grant.accountLabel}
          </Anchor>
          {perspective === 'account' ? (
            <Text size="xs" c="dimmed" className="selectable">
              {grant.personEmail}
            </Text>
          ) : null}
          <GrantKindBadge kind={grant.kind} size="xs" />
          {ended ? (
            <Text size="xs" c="red" fw={500}>
              {ended}
            </Text>
          ) : null}
        </Group>
        <Text size="xs" c="dimmed" mt={2}>
          Granted by <PersonLink id={grant.grantedById} name={grant.grantedBy} /> · {grantSpan(grant)}
          {grant.credentialIssuedAt !== null ? ` · password handed over ${formatDate(grant.credentialIssuedAt)}` : ''}
        </Text>
        {grant.reason ? (
          <Text size="sm" mt={4} className="grant-reason">
            {grant.reason}
          </Text>
        ) : null}
      </Box>
      {action ? <Box className="access-row-action">{action}</Box> : null}
    </Box>
  );
}
