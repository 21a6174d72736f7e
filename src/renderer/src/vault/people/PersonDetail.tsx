/**
 * One person: who they are, what they can access now (or could on any past
 * day), and every grant they were ever given, across accounts.
 */
import { ActionIcon, Alert, Anchor, Box, Button, Group, Skeleton, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconPencil, IconUserMinus, IconX } from '@tabler/icons-react';
import { memo, useEffect, useState } from 'react';
import type { GrantView } from '../../../../shared/domain/access';
import { PERSON_STATUS_LABELS, type PersonView } from '../../../../shared/domain/people';
import { api, errorMessage } from '../../lib/api';
import { formatDate, formatIsoDate, formatRelative, plural } from '../../lib/format';
import { AccessRow } from '../access/AccessRow';
import { AsOfPicker } from '../access/AsOfPicker';
import { GrantTimeline } from '../access/GrantTimeline';
import { EmptyRow, Field, Section } from '../DetailSection';
import { useNavigation } from '../navigation';
import { PersonAvatar, PersonStatusBadge, personRoleLine } from './labels';

interface Loaded<T> {
  value: T | null;
  error: string | null;
  for: string;
}

const empty = <T,>(): Loaded<T> => ({ value: null, error: null, for: '' });

export const PersonDetail = memo(function PersonDetail({
  person,
  onEdit,
  onLeaver,
  onClose,
}: {
  person: PersonView;
  onEdit(person: PersonView): void;
  onLeaver(person: PersonView): void;
  onClose(): void;
}) {
  const { openAudit, openPerson } = useNavigation();
  const [asOf, setAsOf] = useState('');
  const [holdings, setHoldings] = useState<Loaded<GrantView[]>>(empty);
  const [history, setHistory] = useState<Loaded<GrantView[]>>(empty);
  // A new copy of the person (saved, marked as leaver, access changed) fetches again.
  const version = `${person.id}:${person.updatedAt}:${person.currentAccess}`;
  const holdingsKey = `${version}:${asOf}`;

  useEffect(() => {
    let live = true;
    const key = `${person.id}:${person.updatedAt}:${person.currentAccess}:${asOf}`;
    api.access
      .holdings(asOf ? { personId: person.id, asOf } : { personId: person.id })
      .then(({ grants }) => live && setHoldings({ value: grants, error: null, for: key }))
      .catch((error: unknown) => live && setHoldings({ value: null, error: errorMessage(error), for: key }));
    return () => {
      live = false;
    };
  }, [person.id, person.updatedAt, person.currentAccess, asOf]);

  useEffect(() => {
    let live = true;
    const key = `${person.id}:${person.updatedAt}:${person.currentAccess}`;
    api.access
      .history({ personId: person.id })
      .then(({ grants }) => live && setHistory({ value: grants, error: null, for: key }))
      .catch((error: unknown) => live && setHistory({ value: null, error: errorMessage(error), for: key }));
    return () => {
      live = false;
    };
  }, [person.id, person.updatedAt, person.currentAccess]);

  const gone = person.status === 'left';
  const roleLine = personRoleLine(person);
  const first = person.name.split(/\s+/)[0] || person.name;
  const heldNow = holdings.for === holdingsKey ? holdings.value : null;

  return (
    <Box className="detail-scroll">
      <Box className="detail-inner">
        <Box className="detail-head">
          <Group gap="md" wrap="nowrap" miw={0} className="detail-head-title person-head-title">
            <PersonAvatar id={person.id} name={person.name} size={48} muted={gone} />
            <Box miw={0}>
              <Title order={3} className="truncate" lh={1.2}>
                {person.name}
              </Title>
              <Group gap={8} mt={4} wrap="wrap" className="detail-subline">
                <Text size="sm" c="dimmed" className="truncate selectable">
                  {[person.email, roleLine].filter(Boolean).join(' · ')}
                </Text>
                <PersonStatusBadge person={person} />
              </Group>
            </Box>
          </Group>
          <Group gap="xs" wrap="nowrap" className="detail-head-actions">
            <Button variant="default" size="sm" leftSection={<IconPencil size={16} />} onClick={() => onEdit(person)}>
              Edit
            </Button>
            {!gone ? (
              <Button
                variant="default"
                size="sm"
                color="red"
                leftSection={<IconUserMinus size={16} />}
                onClick={() => onLeaver(person)}
              >
                Leaver or mover…
              </Button>
            ) : null}
            <Tooltip label="Close">
              <ActionIcon variant="subtle" color="gray" size="lg" aria-label="Close details" onClick={onClose}>
                <IconX size={18} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Box>

        {person.status !== 'active' ? (
          <Alert mt="lg" color={gone ? 'gray' : 'orange'} variant="light" p="sm" title={statusTitle(person)}>
            <Text size="sm">
              {gone
                ? 'Their access was revoked, and every account they could reach was flagged for a password change. People who have left cannot be granted access again.'
                : 'Their access at the time was revoked, and the accounts they could reach were flagged for a password change. They can be granted access again for their new role.'}
            </Text>
            {person.statusNote ? (
              <Text size="sm" mt={6}>
                <Text span fw={600}>
                  Note:{' '}
                </Text>
                <span className="selectable">{person.statusNote}</span>
              </Text>
            ) : null}
          </Alert>
        ) : null}

        <Section title="Contact">
          <dl className="detail-grid">
            <Field label="Phone">
              {person.phone ? (
                <Text span size="sm" className="selectable" aria-label="Phone">
                  {person.phone}
                </Text>
              ) : (
                ''
              )}
            </Field>
            <Field label="Line manager">
              {person.lineManagerId !== null && person.lineManager ? (
                <Anchor component="button" type="button" size="sm" onClick={() => openPerson(person.lineManagerId!)}>
                  {person.lineManager}
                </Anchor>
              ) : (
                ''
              )}
            </Field>
          </dl>
        </Section>

        <Section
          title={asOf ? `Could access on ${formatIsoDate(asOf)}` : 'Can access now'}
          aside={<AsOfPicker label={`What could ${first} access on`} value={asOf} onChange={setAsOf} />}
        >
          {holdings.error && holdings.for === holdingsKey ? (
            <Alert color="red" m="sm" title="Could not load their access">
              {holdings.error}
            </Alert>
          ) : heldNow === null ? (
            <Stack p="md" gap="sm" aria-busy="true" aria-label="Loading access">
              <Skeleton height={14} width="50%" />
              <Skeleton height={10} width="70%" />
            </Stack>
          ) : heldNow.length === 0 ? (
            <EmptyRow>
              {asOf
                ? `${first} held no access at any time on ${formatIsoDate(asOf)}.`
                : `${first} holds no access to any account.`}
            </EmptyRow>
          ) : (
            <Box role="list" aria-label={asOf ? 'Access on that day' : 'Current access'}>
              {heldNow.map((grant) => (
                <Box role="listitem" key={grant.id} className="access-item">
                  <AccessRow grant={grant} perspective="person" />
                </Box>
              ))}
            </Box>
          )}
        </Section>
        {heldNow && heldNow.length > 0 ? (
          <Text size="xs" c="dimmed" mt={6}>
            {asOf
              ? `${plural(new Set(heldNow.map((g) => g.accountId)).size, 'account')} at any time that day (local time).`
              : plural(heldNow.length, 'grant') + ' in force.'}
          </Text>
        ) : null}

        <Section title="History" card={false}>
          {history.error ? (
            <Alert color="red" title="Could not load the history">
              {history.error}
            </Alert>
          ) : history.value === null ? (
            <Skeleton height={80} radius="md" />
          ) : history.value.length === 0 ? (
            <Text size="sm" c="dimmed">
              {first} has never been granted access to an account.
            </Text>
          ) : (
            <GrantTimeline grants={history.value} perspective="person" label={`Access history of ${person.name}`} />
          )}
        </Section>

        <Group gap={6} mt="xl">
          <Text size="xs" c="dimmed">
            Added {formatDate(person.createdAt)} · Updated {formatRelative(person.updatedAt)} ·
          </Text>
          <Anchor component="button" type="button" size="xs" onClick={() => openAudit({ personId: person.id })}>
            Audit events for {first}
          </Anchor>
        </Group>
      </Box>
    </Box>
  );
});

function statusTitle(person: PersonView): string {
  const label = person.status === 'left' ? 'Left the organisation' : PERSON_STATUS_LABELS[person.status];
  return person.statusDate ? `${label} on ${formatIsoDate(person.statusDate)}` : label;
}

export function PersonDetailSkeleton() {
  return (
    <Box className="detail-inner" aria-busy="true" aria-label="Loading person">
      <Group gap="md">
        <Skeleton height={48} width={48} radius="xl" />
        <Stack gap={8} style={{ flex: 1 }}>
          <Skeleton height={18} width="40%" />
          <Skeleton height={12} width="25%" />
        </Stack>
      </Group>
      <Skeleton height={150} mt={44} radius="md" />
    </Box>
  );
}
