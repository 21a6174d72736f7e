/**
 * The press office's key: generating it (optionally split among named press
 * officers, k of whom must type their own passphrase to open anything), and
 * its public card: the fingerprint set out for reading to each manager on the
 * phone, the text block to send them, and the card file.
 */
import {
  ActionIcon,
  Alert,
  Box,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core';
import { Dialog } from '../../components/Dialog';
import { IconAlertTriangle, IconKey, IconPhoneCall, IconPlus, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useRef, useState, type FormEvent } from 'react';
import { MAX_OFFICERS, MIN_QUORUM, type PressKeyView } from '../../../../shared/domain/escrow';
import { MIN_PASSPHRASE_LENGTH } from '../../../../shared/domain/vault';
import { useFeedback } from '../../components/Feedback';
import { PassphraseInput } from '../../components/PassphraseInput';
import { HandoverText, useSaveToFile } from '../../components/SaveToFile';
import { api, errorMessage } from '../../lib/api';
import { fieldErrors } from '../../lib/schema';
import { formatDateTime, plural } from '../../lib/format';
import { Section } from '../DetailSection';
import { useVaultData } from '../VaultData';
import { FingerprintGroups, quorumText } from './labels';
import { SectionLabel } from '../../components/SectionLabel';

export function PressKeyPanel({ pressKey, onKey }: { pressKey: PressKeyView | null; onKey(key: PressKeyView): void }) {
  const [replacing, setReplacing] = useState(false);
  if (!pressKey) {
    return (
      <Paper withBorder p="lg" mt="lg" component="section" aria-label="Set up the press key">
        <Group gap="sm" wrap="nowrap" align="flex-start" mb="md">
          <ThemeIcon size={36} radius="md" variant="light">
            <IconKey size={20} />
          </ThemeIcon>
          <Box>
            <Title order={4}>Set up the press key</Title>
            <Text size="sm" c="dimmed" mt={2} maw={620}>
              Only the press office’s vault needs one. Managers import its public card, after checking its fingerprint
              with you by phone, and export their escrow bundles to it. Only this vault can open them, and every opening
              is recorded and reported to the manager.
            </Text>
          </Box>
        </Group>
        <KeygenForm replace={false} onKey={onKey} />
      </Paper>
    );
  }
  return (
    <Box>
      <PressCard pressKey={pressKey} />
      <Section title="Replace the key" mt="xl">
        <Group justify="space-between" wrap="nowrap" p="md" gap="md">
          <Text size="sm" c="dimmed">
            After a press officer leaves, or if this vault’s passphrase may be known. The old key is kept, so bundles
            made for it still open until each manager imports the new card and exports again.
          </Text>
          <Button
            variant="default"
            color="red"
            leftSection={<IconRefresh size={16} />}
            onClick={() => setReplacing(true)}
            style={{ flexShrink: 0 }}
          >
            Generate a new key…
          </Button>
        </Group>
      </Section>
      {replacing ? (
        <Dialog opened onClose={() => setReplacing(false)} title="Generate a new press key" size={680}>
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} mb="md">
            <Text size="sm">
              Every manager must import the new card (checking its new fingerprint by phone) and export a new bundle.
              Until they do, their bundles stay sealed to the old key, which this vault keeps.
            </Text>
          </Alert>
          <KeygenForm
            replace
            initialTeam={pressKey.team}
            onKey={(key) => {
              setReplacing(false);
              onKey(key);
            }}
          />
        </Dialog>
      ) : null}
    </Box>
  );
}

interface Officer {
  /** Stable key for the row while officers are added and removed. */
  id: number;
  name: string;
  passphrase: string;
  confirm: string;
}

type Errors = Record<string, string>;

function KeygenForm({
  replace,
  initialTeam,
  onKey,
}: {
  replace: boolean;
  initialTeam?: string;
  onKey(key: PressKeyView): void;
}) {
  const { owner } = useVaultData();
  const feedback = useFeedback();
  const [team, setTeam] = useState(initialTeam ?? owner);
  const [split, setSplit] = useState(false);
  const nextId = useRef(3);
  const [officers, setOfficers] = useState<Officer[]>([
    { id: 1, name: '', passphrase: '', confirm: '' },
    { id: 2, name: '', passphrase: '', confirm: '' },
  ]);
  const [quorum, setQuorum] = useState(MIN_QUORUM);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const k = Math.min(quorum, officers.length);

  const edit = (id: number, patch: Partial<Officer>) => {
    setOfficers((list) => list.map((o) => (o.id === id ? { ...o, ...patch } : o)));
    const index = officers.findIndex((o) => o.id === id);
    setErrors((old) => {
      const next = { ...old };
      for (const field of Object.keys(patch)) delete next[`officers.${index}.${field}`];
      return next;
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Errors = {};
    if (!team.trim()) found.team = 'Name the team, as managers know it';
    if (split) {
      const names = officers.map((o) => o.name.trim().toLowerCase());
      officers.forEach((o, i) => {
        if (!o.name.trim()) found[`officers.${i}.name`] = 'Name the officer';
        else if (names.indexOf(names[i]!) !== i) found[`officers.${i}.name`] = 'Two officers have this name';
        if (o.passphrase.length < MIN_PASSPHRASE_LENGTH) {
          found[`officers.${i}.passphrase`] = `At least ${MIN_PASSPHRASE_LENGTH} characters`;
        } else if (o.confirm !== o.passphrase) found[`officers.${i}.confirm`] = 'The two passphrases differ';
      });
    }
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const key = await api.press.keygen({
        team,
        replace,
        ...(split ? { officers: officers.map((o) => ({ name: o.name, passphrase: o.passphrase })), quorum: k } : {}),
      });
      feedback.toast(replace ? `New press key generated for ${key.team}` : `Press key generated for ${key.team}`);
      onKey(key);
    } catch (e) {
      const mapped = fieldErrors(e, {
        team: 'team',
        quorum: 'quorum',
        ...Object.fromEntries(
          officers.flatMap((_, i) => [
            [`officers.${i}.name`, `officers.${i}.name`],
            [`officers.${i}.passphrase`, `officers.${i}.passphrase`],
          ]),
        ),
      });
      setErrors(mapped);
      if (Object.keys(mapped).length === 0 || mapped.quorum) setFormError(mapped.quorum ?? errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Generate the press key">
      <Stack gap="md">
        <TextInput
          label="Team name"
          description="On the card: managers see it when they import it and on every notice."
          inputWrapperOrder={['label', 'input', 'error', 'description']}
          value={team}
          onChange={(e) => {
            setTeam(e.currentTarget.value);
            setErrors((old) => ({ ...old, team: '' }));
          }}
          error={errors.team || undefined}
          maxLength={200}
          maw={420}
          withAsterisk
        />
        <Switch
          checked={split}
          onChange={(e) => setSplit(e.currentTarget.checked)}
          label="Opening needs several press officers"
          description="A quorum: some of the named officers must each type their own passphrase to break the glass."
        />
        {split ? (
          <Paper withBorder p="md" className="officers-panel" role="group" aria-label="Press officers">
            <Stack gap="sm">
              {officers.map((officer, i) => (
                <Group
                  key={officer.id}
                  align="flex-start"
                  gap="sm"
                  wrap="nowrap"
                  role="group"
                  aria-label={`Officer ${i + 1}`}
                >
                  <Text size="sm" fw={600} c="dimmed" mt={i === 0 ? 30 : 7} w={18} ta="right" aria-hidden>
                    {i + 1}
                  </Text>
                  {/* Column labels on the first row only; every field keeps its name for screen readers. */}
                  <SimpleGrid cols={3} spacing="sm" style={{ flex: 1 }}>
                    <TextInput
                      label={i === 0 ? 'Name' : undefined}
                      aria-label={i === 0 ? undefined : 'Name'}
                      value={officer.name}
                      onChange={(e) => edit(officer.id, { name: e.currentTarget.value })}
                      error={errors[`officers.${i}.name`]}
                      maxLength={100}
                      autoComplete="off"
                    />
                    <PassphraseInput
                      isNew
                      label={i === 0 ? 'Their passphrase' : undefined}
                      aria-label={i === 0 ? undefined : 'Their passphrase'}
                      value={officer.passphrase}
                      onChange={(e) => edit(officer.id, { passphrase: e.currentTarget.value })}
                      error={errors[`officers.${i}.passphrase`]}
                      maxLength={1024}
                    />
                    <PassphraseInput
                      isNew
                      label={i === 0 ? 'Again' : undefined}
                      aria-label={i === 0 ? undefined : 'Again'}
                      value={officer.confirm}
                      onChange={(e) => edit(officer.id, { confirm: e.currentTarget.value })}
                      error={errors[`officers.${i}.confirm`]}
                      maxLength={1024}
                    />
                  </SimpleGrid>
                  <Tooltip label="Remove this officer">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      mt={i === 0 ? 27 : 4}
                      onClick={() => setOfficers((list) => list.filter((o) => o.id !== officer.id))}
                      disabled={officers.length <= MIN_QUORUM}
                      aria-label={`Remove officer ${i + 1}`}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              ))}
              <Group justify="space-between" mt={4}>
                <Button
                  size="xs"
                  variant="subtle"
                  leftSection={<IconPlus size={14} />}
                  onClick={() =>
                    setOfficers((list) => [...list, { id: nextId.current++, name: '', passphrase: '', confirm: '' }])
                  }
                  disabled={officers.length >= MAX_OFFICERS}
                >
                  Add an officer
                </Button>
                <Group gap="xs" wrap="nowrap">
                  <Select
                    aria-label="Officers needed to open"
                    data={Array.from({ length: officers.length - MIN_QUORUM + 1 }, (_, i) => String(i + MIN_QUORUM))}
                    value={String(k)}
                    onChange={(v) => v && setQuorum(Number(v))}
                    allowDeselect={false}
                    w={76}
                    size="xs"
                  />
                  <Text size="sm">of {plural(officers.length, 'officer')} needed to open a bundle</Text>
                </Group>
              </Group>
              <Text size="xs" c="dimmed">
                Each officer chooses and keeps their own passphrase: nobody, this vault’s owner included, can recover a
                forgotten one. If fewer than {k} remain who know theirs, generate a new key.
              </Text>
            </Stack>
          </Paper>
        ) : null}
        {formError ? (
          <Alert color="red" variant="light" p="xs" role="alert">
            <Text size="sm">{formError}</Text>
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button type="submit" loading={busy} leftSection={<IconKey size={16} />}>
            {replace ? 'Generate the new key' : 'Generate the press key'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The card to hand out: the fingerprint for the phone, the text block and the file. */
function PressCard({ pressKey }: { pressKey: PressKeyView }) {
  const save = useSaveToFile(() => api.press.exportCard());

  return (
    <Box>
      <Section title="Press card" mt="lg">
        <Box p="md">
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
            <Box miw={0}>
              <Text fw={650} size="lg">
                {pressKey.team}
              </Text>
              <Text size="xs" c="dimmed">
                Generated {formatDateTime(pressKey.createdAt)} ·{' '}
                {pressKey.quorum
                  ? `bundles open only with ${quorumText(pressKey.quorum)}`
                  : 'bundles open with this vault alone (no officers’ quorum)'}
              </Text>
            </Box>
          </Group>
          <Paper withBorder className="code-panel" mt="md">
            <SectionLabel ta="center">Fingerprint</SectionLabel>
            <FingerprintGroups fingerprint={pressKey.fingerprint} label="Press card fingerprint" />
            <Group gap={8} justify="center" mt={8} wrap="nowrap">
              <IconPhoneCall size={14} color="var(--mantine-color-dimmed)" aria-hidden />
              <Text size="xs" c="dimmed" ta="center">
                Read it to each manager on the phone, from a number they already know. Their Custodian refuses the card
                unless what they type matches.
              </Text>
            </Group>
          </Paper>
        </Box>
      </Section>

      <Section title="Send the card to managers">
        <Box p="md">
          <HandoverText
            text={pressKey.armoured}
            label="Press card text"
            hint="Public: email it, put it on the intranet. Alone it opens nothing; the fingerprint is the check."
            saveLabel="Save card file…"
            savedLabel="Card saved"
            state={save}
          />
        </Box>
      </Section>
    </Box>
  );
}
