/**
 * An account's History tab: every grant ever made on it and how each ended,
 * newest first. The full audit trail for the account is one click away.
 */
import { Alert, Anchor, Box, Group, Skeleton, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AccountDetail } from '../../../../shared/domain/account';
import type { GrantView } from '../../../../shared/domain/access';
import { api, errorMessage } from '../../lib/api';
import { formatDate, plural } from '../../lib/format';
import { Section } from '../DetailSection';
import { useNavigation } from '../navigation';
import { GrantTimeline } from './GrantTimeline';

export function AccessHistory({ account }: { account: AccountDetail }) {
  const { openAudit } = useNavigation();
  const [state, setState] = useState<{ grants: GrantView[] | null; error: string | null }>({
    grants: null,
    error: null,
  });

  useEffect(() => {
    let live = true;
    api.access
      .history({ accountId: account.id })
      .then(({ grants }) => live && setState({ grants, error: null }))
      .catch((error: unknown) => live && setState({ grants: null, error: errorMessage(error) }));
    return () => {
      live = false;
    };
  }, [account.id, account.updatedAt]);

  const { grants, error } = state;
  const current = grants?.filter((g) => g.state === 'active').length ?? 0;
  const first = grants?.[0];

  return (
    <Box>
      <Section
        title="Access history"
        card={false}
        aside={
          <Anchor component="button" type="button" size="xs" onClick={() => openAudit({ accountId: account.id })}>
            Every audit event for this account
          </Anchor>
        }
      >
        {error ? (
          <Alert color="red" title="Could not load the history">
            {error}
          </Alert>
        ) : grants === null ? (
          <Skeleton height={120} radius="md" />
        ) : grants.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nobody has ever been granted access to this account.
          </Text>
        ) : (
          <>
            <Group mb="md">
              <Text size="sm" c="dimmed">
                {plural(grants.length, 'grant')} since {formatDate(first!.grantedAt)}; {current} in force now. Nothing
                is ever deleted.
              </Text>
            </Group>
            <GrantTimeline grants={grants} perspective="account" label="Access history" />
          </>
        )}
      </Section>
    </Box>
  );
}
