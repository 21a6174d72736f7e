import {
  Anchor,
  Badge,
  Box,
  Button,
  Collapse,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Title,
  UnstyledButton,
} from '@mantine/core';
import {
  IconChevronDown,
  IconChevronRight,
  IconFilePlus,
  IconFolderOpen,
  IconLifebuoy,
  IconLockOpen,
  IconTicket,
  type Icon,
} from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { VaultStatus } from '../../../shared/domain/vault';
import type { AppInfo } from '../lib/app-info';
import { api } from '../lib/api';
import { useAction } from '../lib/useAction';
import { splitPath } from '../lib/paths';
import { WelcomeLayout } from './WelcomeLayout';

interface Props {
  info: AppInfo;
  status: VaultStatus;
  onChoosePath(path: string): Promise<VaultStatus>;
  onOpen(): void;
  onCreate(): void;
  onRedeem(): void;
  onEscrow(): void;
}

export function StartScreen({ info, status, onChoosePath, onOpen, onCreate, onRedeem, onEscrow }: Props) {
  const { name, dir } = splitPath(status.path);
  return (
    <WelcomeLayout footer={`Version ${info.version}`}>
      <Title order={2}>Welcome to Custodian</Title>
      <Text c="dimmed" mt={6} mb="xl">
        Open your vault, start a new one for your team’s accounts, or open a credential someone sent you.
      </Text>
      <SimpleGrid cols={2} spacing="md">
        <ChoiceCard
          icon={IconLockOpen}
          title="Open my vault"
          text={
            status.exists
              ? `Unlock ${name} with its passphrase.`
              : `No vault at ${name} yet. Create one, or choose another file below.`
          }
          onClick={onOpen}
          disabled={!status.exists}
          primary={status.exists}
        />
        <ChoiceCard
          icon={IconFilePlus}
          title="Create a vault"
          text="Start a new, empty vault with its own passphrase."
          onClick={onCreate}
          primary={!status.exists}
        />
        <ChoiceCard
          icon={IconTicket}
          title="Redeem a one-time credential"
          text="For a takeover, or a password handed over to you: open the ticket with the code you were sent. No vault needed."
          onClick={onRedeem}
        />
        <ChoiceCard
          icon={IconLifebuoy}
          title="Open an escrow bundle"
          text="For the press team: see whose bundle it is and who can open it, then take it to the press vault."
          onClick={onEscrow}
        />
      </SimpleGrid>
      <Paper withBorder p="md" mt="xl" radius="md" className="subtle-panel">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Box miw={0}>
            <Text size="xs" tt="uppercase" fw={600} c="dimmed" style={{ letterSpacing: '0.04em' }}>
              Vault file
            </Text>
            <Text size="sm" fw={600} mt={4} className="path-text">
              {name}
            </Text>
            <Text size="xs" c="dimmed" className="path-text" title={status.path}>
              {dir}
            </Text>
          </Box>
          <Badge variant="light" color={status.exists ? 'teal' : 'gray'} style={{ flexShrink: 0 }}>
            {status.exists ? 'Found' : 'Not created yet'}
          </Badge>
        </Group>
        {info.fileDialogs ? (
          <ChooseWithDialog onChoosePath={onChoosePath} />
        ) : (
          <ChooseByPath onChoosePath={onChoosePath} />
        )}
        {status.path !== info.defaultVaultPath ? (
          <Anchor
            component="button"
            type="button"
            size="xs"
            mt="sm"
            display="block"
            onClick={() => void onChoosePath(info.defaultVaultPath).catch(() => undefined)}
          >
            Back to the default vault file ({splitPath(info.defaultVaultPath).name})
          </Anchor>
        ) : null}
      </Paper>
    </WelcomeLayout>
  );
}

function ChoiceCard({
  icon: Glyph,
  title,
  text,
  onClick,
  disabled = false,
  primary = false,
}: {
  icon: Icon;
  title: string;
  text: string;
  onClick?: () => void;
  disabled?: boolean;
  primary?: boolean;
}) {
  // Named by all it shows (the title, then what it is for): a name that left the text out would not match what is seen.
  return (
    <UnstyledButton className="choice-card" data-primary={primary || undefined} onClick={onClick} disabled={disabled}>
      <ThemeIcon size={38} radius="md" variant={disabled ? 'default' : primary ? 'filled' : 'light'}>
        <Glyph size={20} stroke={1.8} />
      </ThemeIcon>
      <Text fw={600} mt="md" c={disabled ? 'dimmed' : undefined}>
        {title}
      </Text>
      <Text size="sm" c="dimmed" mt={4}>
        {text}
      </Text>
    </UnstyledButton>
  );
}

function ChooseWithDialog({ onChoosePath }: { onChoosePath(path: string): Promise<VaultStatus> }) {
  const { run: choose, error } = useAction(async () => {
    const { path } = await api.app.chooseVaultFile({ mode: 'open' });
    if (path) await onChoosePath(path);
  });
  return (
    <Stack gap={6} mt="md">
      <Group>
        <Button variant="default" size="xs" leftSection={<IconFolderOpen size={15} />} onClick={() => void choose()}>
          Choose another file…
        </Button>
      </Group>
      {error ? (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      ) : null}
    </Stack>
  );
}

function ChooseByPath({ onChoosePath }: { onChoosePath(path: string): Promise<VaultStatus> }) {
  const [open, setOpen] = useState(false);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const look = useAction(async () => {
    const next = await onChoosePath(path.trim());
    setNote(next.exists ? 'Found a vault there: open it above.' : 'No vault there yet: you can create one there.');
  });
  const busy = look.busy;
  const shownError = error ?? look.error;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!path.trim()) return setError('Enter the full path of a vault file');
    setError(null);
    setNote(null);
    void look.run();
  };
  return (
    <Box mt="sm">
      <UnstyledButton className="disclosure" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        <Group gap={4}>
          {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
          <Text size="sm" fw={500}>
            Other vault file
          </Text>
        </Group>
      </UnstyledButton>
      <Collapse expanded={open} keepMounted={false}>
        <form onSubmit={(e) => void submit(e)}>
          <Group mt="xs" align="flex-start" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              size="sm"
              label="Vault file path"
              placeholder="/path/to/team.custodian"
              value={path}
              onChange={(e) => {
                setPath(e.currentTarget.value);
                setNote(null);
              }}
              error={shownError}
              description={shownError ? undefined : note}
              inputWrapperOrder={['label', 'input', 'error', 'description']}
              spellCheck={false}
              autoComplete="off"
            />
            <Button type="submit" size="sm" variant="default" mt={25} loading={busy}>
              Use this file
            </Button>
          </Group>
        </form>
      </Collapse>
    </Box>
  );
}
