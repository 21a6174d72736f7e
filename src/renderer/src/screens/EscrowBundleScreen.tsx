/**
 * "Open an escrow bundle", before any vault is open: what the bundle says
 * about itself, checked against the signature it carries (who exported it,
 * for which press card, whether officers must open it together). Nothing in
 * it can be read here: bundles are opened in the press team's vault, so this
 * screen takes the bundle there (unlock, then its register's import).
 */
import { Alert, Anchor, Box, Button, Group, Paper, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconLifebuoy, IconLockOpen, IconShieldX } from '@tabler/icons-react';
import { useState } from 'react';
import type { VaultStatus } from '../../../shared/domain/vault';
import type { AppInfo } from '../lib/app-info';
import { ApiError, api, errorMessage } from '../lib/api';
import { useInspection } from '../lib/inspection';
import { splitPath } from '../lib/paths';
import { BundleFacts, PastedText } from '../vault/escrow/labels';
import { WelcomeLayout } from './WelcomeLayout';

const REFUSAL_TITLES: Record<string, string> = {
  tampered: 'This bundle has been altered',
  invalid_input: 'Not an escrow bundle',
  corrupt: 'Not an escrow bundle',
  unsupported: 'Made by a different version of Custodian',
};

export function EscrowBundleScreen({
  info,
  status,
  onBack,
  onUnlock,
}: {
  info: AppInfo;
  status: VaultStatus;
  onBack(): void;
  /** Unlock the vault at the current path, then import this bundle into its register. */
  onUnlock(bundle: string): void;
}) {
  const [text, setText] = useState('');
  const {
    answer: inspection,
    error: refusal,
    inspecting,
    inspect,
  } = useInspection(
    (content) => api.press.inspect({ content }),
    (e) => ({
      title: (e instanceof ApiError && REFUSAL_TITLES[e.code]) || 'This bundle cannot be used',
      message: errorMessage(e),
    }),
  );
  const { name } = splitPath(status.path);

  return (
    <WelcomeLayout footer={`Version ${info.version}`}>
      <Box maw={600}>
        <Anchor component="button" type="button" size="sm" onClick={onBack} c="dimmed">
          <Group gap={4}>
            <IconArrowLeft size={14} />
            Start screen
          </Group>
        </Anchor>
        <Group gap="sm" mt="md" mb={4}>
          <IconLifebuoy size={24} stroke={1.8} />
          <Title order={2}>Open an escrow bundle</Title>
        </Group>
        <Text c="dimmed" size="sm">
          A manager’s bundle holds their accounts’ logins, sealed so that only the press team’s vault can open them.
          Check here whose it is and who can open it; no vault is needed for that.
        </Text>

        <Box mt="xl">
          <PastedText
            label="Escrow bundle"
            description="The contents of the .custodian-escrow file the manager sent."
            placeholder='{"custodianEscrowBundle":1,…}'
            kind="bundle"
            fileDialogs={info.fileDialogs}
            value={text}
            onChange={(value) => {
              setText(value);
              inspect(value);
            }}
            busy={inspecting}
            autoFocus
            collapsed={inspection !== null}
          />
        </Box>

        {refusal ? (
          <Alert
            mt="md"
            color="red"
            variant="light"
            icon={<IconShieldX size={18} />}
            title={refusal.title}
            role="alert"
          >
            <Text size="sm">{refusal.message}</Text>
          </Alert>
        ) : null}

        {inspection ? (
          <>
            <Paper withBorder p="md" mt="md" role="region" aria-label="Bundle details">
              <BundleFacts inspection={inspection} />
            </Paper>
            <Alert
              mt="md"
              color="custodian"
              variant="light"
              icon={<IconLockOpen size={18} />}
              title="Opened in the press vault"
            >
              <Text size="sm">
                Bundles are imported into the press team’s register, and opened only there, by breaking the glass with a
                reason{inspection.quorum ? ` and ${inspection.quorum.k} officers’ passphrases` : ''}. Unlock the press
                vault and the bundle goes to its register: nothing secret opens on import.
              </Text>
            </Alert>
            {status.exists ? (
              <Group justify="space-between" mt="lg" wrap="nowrap">
                <Text size="xs" c="dimmed" className="path-text">
                  Vault file: {name}
                </Text>
                <Button leftSection={<IconLockOpen size={16} />} onClick={() => onUnlock(text)}>
                  Unlock the press vault and import
                </Button>
              </Group>
            ) : (
              <Text size="sm" c="dimmed" mt="lg">
                There is no vault at {name}. On the start screen, choose the press team’s vault file, then open the
                bundle again.
              </Text>
            )}
          </>
        ) : null}
      </Box>
    </WelcomeLayout>
  );
}
