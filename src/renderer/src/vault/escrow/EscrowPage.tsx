/**
 * Emergency escrow. For an account manager: the press team's card, the
 * bundle held by them and whether it is current, and the notices of their
 * openings. For the press office (a vault with a press key): the register
 * built from every manager's bundle, breaking the glass, past openings, and
 * the key's card. One vault can be both.
 *
 * Opened secrets live in this page's state only (the "opened" panel), so
 * leaving the page, or the vault locking, drops them.
 */
import { Alert, Badge, Box, Skeleton, Stack, Tabs, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EscrowRegister, PressKeyView } from '../../../../shared/domain/escrow';
import { api, errorMessage } from '../../lib/api';
import { useVaultData } from '../VaultData';
import { type EscrowEntry, type EscrowTab } from '../navigation';
import { BreakGlassDialog } from './BreakGlass';
import { ManagerEscrow } from './ManagerEscrow';
import { contactsOf, OpenedSecrets, rowsFromResult, type Opening } from './OpenedSecrets';
import { Openings } from './Openings';
import { PressKeyPanel } from './PressKeyPanel';
import { PressRegister } from './PressRegister';

export function EscrowPage({ entry }: { entry: EscrowEntry | null }) {
  const { escrow } = useVaultData();
  const [pressKey, setPressKey] = useState<{ key: PressKeyView | null; error: string | null } | null>(null);
  const [chosenTab, setChosenTab] = useState<EscrowTab | null>(entry?.tab ?? null);
  /** The manager chose to set this vault up as the press office's. */
  const [settingUp, setSettingUp] = useState(false);
  const [register, setRegister] = useState<{ value: EscrowRegister | null; error: string | null }>({
    value: null,
    error: null,
  });
  const [breaking, setBreaking] = useState<{ bundleId: string; refs: number[] | null } | null>(null);
  const [opened, setOpened] = useState<Opening | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  // The opened secrets start at the top of the page, wherever the register was scrolled to.
  useEffect(() => {
    if (opened) scroller.current?.scrollTo({ top: 0 });
  }, [opened]);

  useEffect(() => {
    let live = true;
    api.press
      .card()
      .then(({ key }) => live && setPressKey({ key, error: null }))
      .catch((e: unknown) => live && setPressKey({ key: null, error: errorMessage(e) }));
    return () => {
      live = false;
    };
  }, []);

  const key = pressKey?.key ?? null;
  const readRegister = useCallback(async () => {
    try {
      setRegister({ value: await api.press.register(), error: null });
    } catch (e) {
      setRegister((old) => ({ value: old.value, error: errorMessage(e) }));
    }
  }, []);

  useEffect(() => {
    if (key) void readRegister();
  }, [key, readRegister]);

  const pressTabs = key !== null || settingUp;
  const tab: EscrowTab = pressTabs ? (chosenTab ?? (key ? 'register' : 'manager')) : 'manager';

  if (pressKey === null) {
    return (
      <Box className="page-scroll">
        <Box className="page-inner">
          <Header />
          <Stack mt="xl" gap="md" aria-busy="true" aria-label="Loading">
            <Skeleton height={40} radius="md" />
            <Skeleton height={120} radius="md" />
          </Stack>
        </Box>
      </Box>
    );
  }

  return (
    <Box className="page-scroll" ref={scroller}>
      <Box className="page-inner">
        <Header />
        {entry?.bundle && key === null && !pressKey.error ? (
          <Alert color="orange" variant="light" mt="md" title="This is not a press vault" role="alert">
            The bundle you opened on the start screen can only be imported into the press office’s vault, and this one
            has no press key. Lock it and unlock the press vault instead.
          </Alert>
        ) : null}
        {pressKey.error ? (
          <Alert color="red" variant="light" mt="md" title="Could not read this vault’s press key" role="alert">
            {pressKey.error}
          </Alert>
        ) : null}

        {opened ? (
          <OpenedSecrets
            opening={opened}
            onDone={() => {
              setOpened(null);
              void readRegister();
            }}
          />
        ) : !pressTabs ? (
          // A manager's vault: their side only, no press tabs to choose from.
          <ManagerEscrow
            onSetUpPressKey={() => {
              setSettingUp(true);
              setChosenTab('key');
            }}
          />
        ) : (
          <Tabs
            value={tab}
            onChange={(next) => next && setChosenTab(next as EscrowTab)}
            mt="lg"
            keepMounted={false}
            className="detail-tabs"
          >
            <Tabs.List aria-label="Escrow sections">
              <Tabs.Tab value="register">Press register</Tabs.Tab>
              <Tabs.Tab value="openings">Break-glass openings</Tabs.Tab>
              <Tabs.Tab value="key">Press key</Tabs.Tab>
              <Tabs.Tab
                value="manager"
                rightSection={
                  escrow?.needsExport ? (
                    <span className="tab-dot" role="img" aria-label="out of date" />
                  ) : escrow && escrow.cards.length > 0 ? (
                    <Badge size="xs" variant="light" color="teal">
                      current
                    </Badge>
                  ) : undefined
                }
              >
                My bundle for the press team
              </Tabs.Tab>
            </Tabs.List>

            <Tabs.Panel value="register">
              {key ? (
                <PressRegister
                  pressKey={key}
                  register={register.value}
                  error={register.error}
                  reload={readRegister}
                  pendingBundle={entry?.bundle ?? null}
                  onBreakGlass={(bundleId, refs) => setBreaking({ bundleId, refs })}
                />
              ) : (
                <NeedsKey />
              )}
            </Tabs.Panel>
            <Tabs.Panel value="openings">
              {key ? <Openings register={register.value} onUse={setOpened} /> : <NeedsKey />}
            </Tabs.Panel>
            <Tabs.Panel value="key">
              <PressKeyPanel
                pressKey={key}
                onKey={(next) => {
                  setPressKey({ key: next, error: null });
                  setChosenTab('key');
                }}
              />
            </Tabs.Panel>
            <Tabs.Panel value="manager">
              <ManagerEscrow onSetUpPressKey={null} />
            </Tabs.Panel>
          </Tabs>
        )}
      </Box>
      {breaking && key && register.value ? (
        <BreakGlassDialog
          register={register.value}
          pressKey={key}
          bundleId={breaking.bundleId}
          refs={breaking.refs}
          onClose={() => setBreaking(null)}
          onOpened={(result, reason) => {
            const bundle = register.value?.bundles.find((b) => b.bundleId === result.bundleId);
            setBreaking(null);
            setOpened({
              openingId: result.openingId,
              issuerName: bundle?.issuerName ?? 'the manager',
              openedAt: result.openedAt,
              reason,
              rows: rowsFromResult(result.accounts, (ref) => contactsOf(register.value, result.bundleId, ref)),
            });
          }}
        />
      ) : null}
    </Box>
  );
}

function Header() {
  return (
    <Box>
      <Title order={3}>Escrow</Title>
      <Text c="dimmed" size="sm" mt={4} maw={680}>
        In an emergency, such as a hacked account out of hours, the press team can get into any corporate account. Each
        manager keeps a current, sealed bundle with them; the press office keeps the register and breaks the glass, with
        a reason the manager is told.
      </Text>
    </Box>
  );
}

function NeedsKey() {
  return (
    <Text size="sm" c="dimmed" mt="lg">
      Generate the press key first (on the Press key tab): bundles are sealed to it.
    </Text>
  );
}
