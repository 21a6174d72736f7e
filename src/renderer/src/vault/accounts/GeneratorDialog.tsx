/**
 * Password generator. Generation happens in main (CSPRNG, uniform by
 * construction); this dialog picks the options, fitted to the platform's
 * rules, and hands the result to the form only on "Use this password".
 */
import { ActionIcon, Box, Button, Chip, Group, Slider, Stack, Switch, Text, Tooltip } from '@mantine/core';
import { Dialog } from '../../components/Dialog';
import { IconRefresh } from '@tabler/icons-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { PLATFORM_INFO, type Platform } from '../../../../shared/domain/platforms';
import {
  CHARACTER_CLASSES,
  DEFAULT_GENERATOR_OPTIONS,
  fitToPlatform,
  type CharacterClass,
  type GeneratorOptions,
} from '../../../../shared/password/generator';
import { api, errorMessage } from '../../lib/api';
import { PasswordGlyphs } from './SecretValue';

const CLASS_LABELS: Record<CharacterClass, string> = {
  lower: 'a–z',
  upper: 'A–Z',
  digits: '0–9',
  symbols: '!#$%',
};
const CLASS_NAMES: Record<CharacterClass, string> = {
  lower: 'Lower-case letters',
  upper: 'Upper-case letters',
  digits: 'Digits',
  symbols: 'Symbols',
};

interface Props {
  opened: boolean;
  platform: Platform | null;
  onClose(): void;
  onUse(password: string): void;
}

export function GeneratorDialog({ opened, platform, onClose, onUse }: Props) {
  return (
    <Dialog opened={opened} onClose={onClose} title="Generate a password" size={520}>
      {opened ? <GeneratorPanel platform={platform} onUse={onUse} onCancel={onClose} /> : null}
    </Dialog>
  );
}

/**
 * The generator itself: a fresh password, its options and the platform's
 * rules. Also the first step of the rotation wizard, with its own labels.
 */
export function GeneratorPanel({
  platform,
  onUse,
  onCancel,
  useLabel = 'Use this password',
  cancelLabel = 'Cancel',
  busy = false,
  extra,
}: {
  platform: Platform | null;
  onUse(password: string): void;
  onCancel(): void;
  useLabel?: string;
  cancelLabel?: string;
  busy?: boolean;
  /** More fields above the buttons (the rotation wizard's optional seed and codes). */
  extra?: ReactNode;
}) {
  const rules = platform ? PLATFORM_INFO[platform].password : null;
  const required = new Set(rules?.requires ?? []);
  const [options, setOptions] = useState<GeneratorOptions>(() =>
    fitToPlatform(DEFAULT_GENERATOR_OPTIONS, platform ?? undefined),
  );
  const [result, setResult] = useState<{ password: string; entropyBits: number } | null>(null);
  const use = useRef<HTMLButtonElement>(null);
  const ready = result !== null;
  // The dialog opens while the first password is drawn, its buttons disabled, so its autofocus
  // finds nothing to focus: once there is one, a keyboard user lands on "Use this password".
  useEffect(() => {
    const button = use.current;
    if (!ready || !button) return;
    const dialog = button.closest('[role="dialog"]');
    if (dialog && !dialog.contains(document.activeElement)) button.focus();
  }, [ready]);
  const [error, setError] = useState<string | null>(null);
  /** Bumped by "Regenerate": same options, a fresh draw. */
  const [draw, setDraw] = useState(0);

  useEffect(() => {
    let live = true;
    api.generator
      .generate({ options, ...(platform ? { platform } : {}) })
      .then((answer) => {
        if (!live) return;
        setResult({ password: answer.password, entropyBits: answer.entropyBits });
        setError(null);
      })
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [options, platform, draw]);

  const classes = CHARACTER_CLASSES.filter((cls) => options[cls]);
  const setClass = (cls: CharacterClass, on: boolean) => {
    if (!on && classes.length === 1) return; // at least one class
    setOptions((o) => ({ ...o, [cls]: on }));
  };
  const min = Math.max(8, rules?.minLength ?? 8);
  const max = Math.min(128, rules?.maxLength ?? 128);
  const bits = result?.entropyBits ?? 0;
  const verdict = bits >= 100 ? 'Excellent' : bits >= 80 ? 'Strong' : bits >= 60 ? 'Fair' : 'Weak';

  return (
    <Stack gap="lg">
      <Box className="generated-box">
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
          <Text className="generated-password" aria-label="Generated password" aria-live="polite">
            {result ? <PasswordGlyphs value={result.password} /> : '\u00a0'}
          </Text>
          <Tooltip label="Generate another">
            <ActionIcon variant="light" size="lg" aria-label="Regenerate" onClick={() => setDraw((n) => n + 1)}>
              <IconRefresh size={18} />
            </ActionIcon>
          </Tooltip>
        </Group>
        <Group justify="space-between" mt="sm">
          <Text size="xs" c="dimmed">
            {options.length} characters
          </Text>
          <Text size="xs" fw={600} c={bits >= 80 ? 'teal' : bits >= 60 ? 'yellow' : 'red'}>
            {result ? `${Math.round(bits)} bits of entropy · ${verdict}` : ''}
          </Text>
        </Group>
      </Box>
      {error ? (
        <Text c="red" size="sm" role="alert">
          {error}
        </Text>
      ) : null}
      <Box pb={max - min > 20 ? 'sm' : 0}>
        <Group justify="space-between" mb={6}>
          <Text size="sm" fw={500} id="generator-length">
            Length
          </Text>
          <Text size="sm" fw={600}>
            {options.length}
          </Text>
        </Group>
        <Slider
          min={min}
          max={max}
          value={Math.min(Math.max(options.length, min), max)}
          onChange={(length) => setOptions((o) => ({ ...o, length }))}
          label={null}
          thumbLabel="Length"
          aria-labelledby="generator-length"
          marks={[16, 32, 64, 96].filter((v) => v > min && v < max).map((value) => ({ value, label: String(value) }))}
        />
      </Box>
      <Box>
        <Text size="sm" fw={500} mb={6}>
          Characters
        </Text>
        <Group gap="xs">
          {CHARACTER_CLASSES.map((cls) => {
            const locked = required.has(cls) ? `Required by ${PLATFORM_INFO[platform!].label}` : null;
            return (
              <Tooltip key={cls} label={locked} disabled={!locked}>
                <Chip
                  checked={options[cls]}
                  onChange={(on) => !locked && setClass(cls, on)}
                  aria-label={locked ? `${CLASS_NAMES[cls]} (${locked.toLowerCase()})` : CLASS_NAMES[cls]}
                  variant="outline"
                  size="sm"
                >
                  {CLASS_LABELS[cls]}
                </Chip>
              </Tooltip>
            );
          })}
        </Group>
        <Switch
          mt="md"
          label="Avoid look-alike characters (l, 1, I, O, 0…)"
          checked={options.avoidAmbiguous}
          onChange={(event) => {
            const avoidAmbiguous = event.currentTarget.checked;
            setOptions((o) => ({ ...o, avoidAmbiguous }));
          }}
        />
      </Box>
      {platform && rules ? (
        <Text size="xs" c="dimmed">
          Fitted to {PLATFORM_INFO[platform].label}: {rules.minLength}–{rules.maxLength} characters
          {rules.requires?.length
            ? `; must include ${rules.requires.map((c) => CLASS_NAMES[c].toLowerCase()).join(', ')}`
            : ''}
          .
        </Text>
      ) : null}
      {extra}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel} disabled={busy}>
          {cancelLabel}
        </Button>
        <Button
          ref={use}
          onClick={() => result && onUse(result.password)}
          disabled={!result}
          loading={busy}
          data-autofocus
        >
          {useLabel}
        </Button>
      </Group>
    </Stack>
  );
}
