/**
 * The organisation's policy in Settings: naming rules per platform (a prefix
 * or a pattern, an invalid pattern refused as it is typed with the engine's
 * reason), how many people must hold each login and whether from the
 * account's department, two-factor, the password floor. A press team
 * publishes it signed with its press card's key; a manager applies a
 * published one (main refuses it unless signed by a pinned card).
 */
import {
  ActionIcon,
  Alert,
  Box,
  Button,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { handlePatternProblem, type HandleRule } from '../../../../shared/domain/policy';
import { PLATFORMS, PLATFORM_INFO } from '../../../../shared/domain/platforms';
import { STRENGTH_LABELS } from '../../../../shared/password/strength-labels';
import type { Settings } from '../../../../shared/domain/settings';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogParts';
import { useFeedback } from '../../components/Feedback';
import { api, errorMessage } from '../../lib/api';
import { fieldErrors } from '../../lib/schema';

const PLATFORM_OPTIONS = [
  { value: 'all', label: 'Every platform' },
  ...PLATFORMS.map((p) => ({ value: p, label: PLATFORM_INFO[p].label })),
];
const STRENGTH_OPTIONS = STRENGTH_LABELS.map((label, score) => ({ value: String(score), label: `${score}: ${label}` }));

/** Client-side reasons, the same the contract's schema gives, keyed by rule index. */
function ruleProblems(rules: readonly HandleRule[]): Record<number, string> {
  const out: Record<number, string> = {};
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    const value = rule.value.trim();
    if (value === '') out[i] = 'The rule is empty';
    else if (value.length > 200) out[i] = 'At most 200 characters';
    else if (rule.kind === 'pattern') {
      const problem = handlePatternProblem(value);
      if (problem) out[i] = problem;
    }
    if (seen.has(rule.platform) && !out[i]) out[i] = 'Two rules for the same platform';
    seen.add(rule.platform);
  });
  return out;
}

export function PolicySettings({ settings, onSettings }: { settings: Settings; onSettings(settings: Settings): void }) {
  const feedback = useFeedback();
  const [rules, setRules] = useState<HandleRule[]>(settings.handleRules);
  const [minHolders, setMinHolders] = useState<number | string>(settings.minHolders);
  const [sameDepartment, setSameDepartment] = useState(settings.holdersSameDepartment);
  const [twoFactor, setTwoFactor] = useState(settings.twoFactorRequired);
  const [strength, setStrength] = useState(String(settings.minPasswordStrength));
  const [serverErrors, setServerErrors] = useState<Record<string, string | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [importing, setImporting] = useState(false);
  const [hasPressKey, setHasPressKey] = useState(false);

  useEffect(() => {
    let live = true;
    api.press
      .card()
      .then(({ key }) => live && setHasPressKey(key !== null))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const problems = ruleProblems(rules);
  const holders = typeof minHolders === 'number' ? minHolders : NaN;
  const holdersProblem = Number.isInteger(holders) && holders >= 1 && holders <= 10 ? undefined : 'Between 1 and 10';
  const trimmed = rules.map((r) => ({ ...r, value: r.value.trim() }));
  const dirty =
    JSON.stringify(trimmed) !== JSON.stringify(settings.handleRules) ||
    holders !== settings.minHolders ||
    sameDepartment !== settings.holdersSameDepartment ||
    twoFactor !== settings.twoFactorRequired ||
    Number(strength) !== settings.minPasswordStrength;

  const setRule = (index: number, change: Partial<HandleRule>) => {
    setRules((old) => old.map((r, i) => (i === index ? { ...r, ...change } : r)));
    setServerErrors({});
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (Object.keys(problems).length > 0 || holdersProblem) return;
    setBusy(true);
    setFormError(null);
    try {
      const next = await api.settings.update({
        handleRules: trimmed,
        minHolders: holders,
        holdersSameDepartment: sameDepartment,
        twoFactorRequired: twoFactor,
        minPasswordStrength: Number(strength),
      });
      onSettings(next);
      feedback.toast('Policy saved');
    } catch (e) {
      const paths: Record<string, string> = { minHolders: 'minHolders' };
      rules.forEach((_, i) => (paths[`handleRules.${i}.value`] = `rule${i}`));
      const mapped = fieldErrors(e, paths);
      setServerErrors(mapped);
      if (Object.keys(mapped).length === 0) setFormError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const publish = async () => {
    try {
      const saved = await api.policy.publish();
      if (saved.path) feedback.toast('Policy published: send the file to every account manager');
    } catch (e) {
      feedback.toast(errorMessage(e), 'error');
    }
  };

  return (
    <>
      <form onSubmit={(e) => void save(e)} noValidate aria-label="Policy">
        <Stack gap="lg">
          <Box>
            <Text fw={500} size="sm">
              Naming rules
            </Text>
            <Text size="xs" c="dimmed">
              A corporate handle begins with a prefix (case ignored) or matches a pattern (a regular expression for the
              whole handle). A platform’s own rule comes before “Every platform”.
            </Text>
            <Stack gap="xs" mt="sm" role="list" aria-label="Naming rules">
              {rules.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No naming rule: any handle is accepted.
                </Text>
              ) : null}
              {rules.map((rule, i) => (
                <Group key={i} gap="xs" align="flex-start" wrap="nowrap" role="listitem" aria-label={`Rule ${i + 1}`}>
                  <Select
                    aria-label={`Platform of rule ${i + 1}`}
                    data={PLATFORM_OPTIONS}
                    value={rule.platform}
                    onChange={(v) => v && setRule(i, { platform: v as HandleRule['platform'] })}
                    allowDeselect={false}
                    w={170}
                    comboboxProps={{ withinPortal: true }}
                  />
                  <SegmentedControl
                    aria-label={`Kind of rule ${i + 1}`}
                    data={[
                      { value: 'prefix', label: 'Prefix' },
                      { value: 'pattern', label: 'Pattern' },
                    ]}
                    value={rule.kind}
                    onChange={(v) => setRule(i, { kind: v as HandleRule['kind'] })}
                  />
                  <TextInput
                    aria-label={`Value of rule ${i + 1}`}
                    placeholder={rule.kind === 'prefix' ? 'livuni' : 'livuni[a-z.]+'}
                    value={rule.value}
                    onChange={(e) => setRule(i, { value: e.currentTarget.value })}
                    error={serverErrors[`rule${i}`] ?? problems[i]}
                    styles={
                      rule.kind === 'pattern'
                        ? { input: { fontFamily: 'var(--mantine-font-family-monospace)' } }
                        : undefined
                    }
                    style={{ flex: 1 }}
                    maxLength={200}
                    spellCheck={false}
                    autoComplete="off"
                  />
                  <Tooltip label="Remove this rule">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size="lg"
                      aria-label={`Remove rule ${i + 1}`}
                      onClick={() => setRules((old) => old.filter((_, j) => j !== i))}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              ))}
            </Stack>
            <Button
              variant="subtle"
              size="xs"
              mt="xs"
              leftSection={<IconPlus size={14} />}
              disabled={rules.length > PLATFORMS.length}
              onClick={() => {
                const used = new Set(rules.map((r) => r.platform));
                const next = PLATFORM_OPTIONS.find((o) => !used.has(o.value as HandleRule['platform']))?.value ?? 'all';
                setRules((old) => [...old, { platform: next as HandleRule['platform'], kind: 'prefix', value: '' }]);
              }}
            >
              Add a naming rule
            </Button>
          </Box>

          <SimpleGrid cols={2} spacing="lg">
            <NumberInput
              label="People who must know each login"
              description="1 to 10 holders per active account"
              inputWrapperOrder={['label', 'input', 'error', 'description']}
              min={1}
              max={10}
              allowDecimal={false}
              allowNegative={false}
              value={minHolders}
              onChange={setMinHolders}
              error={serverErrors.minHolders ?? holdersProblem}
            />
            <Select
              label="Minimum password strength"
              description="Below it, a new password needs a reason; a current one is a finding"
              inputWrapperOrder={['label', 'input', 'error', 'description']}
              data={STRENGTH_OPTIONS}
              value={strength}
              onChange={(v) => v && setStrength(v)}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          </SimpleGrid>
          <Stack gap="sm">
            <Switch
              label="Holders must be from the account’s department"
              checked={sameDepartment}
              onChange={(e) => setSameDepartment(e.currentTarget.checked)}
            />
            <Switch
              label="Two-factor authentication required on every account"
              checked={twoFactor}
              onChange={(e) => setTwoFactor(e.currentTarget.checked)}
            />
          </Stack>
          <Text size="xs" c="dimmed">
            The longest takeover is under Takeovers below; the rotation period is on the Rotation page. Changes are
            recorded in the audit trail.
          </Text>
          {formError ? (
            <Text c="red" size="sm" role="alert">
              {formError}
            </Text>
          ) : null}
          <Group justify="space-between">
            <Group gap="xs">
              {hasPressKey ? (
                <Button variant="default" onClick={() => void publish()}>
                  Publish signed policy…
                </Button>
              ) : null}
              <Button variant="default" onClick={() => setImporting(true)}>
                Apply a published policy…
              </Button>
            </Group>
            <Button type="submit" disabled={!dirty} loading={busy}>
              Save policy
            </Button>
          </Group>
        </Stack>
      </form>
      {importing ? (
        <ImportPolicyDialog
          onClose={() => setImporting(false)}
          onApplied={async () => {
            onSettings(await api.settings.get());
            setImporting(false);
          }}
        />
      ) : null}
    </>
  );
}

/** Paste a press team's .custodian-policy file: main applies it only when signed by a press card you imported. */
function ImportPolicyDialog({ onClose, onApplied }: { onClose(): void; onApplied(): Promise<void> }) {
  const feedback = useFeedback();
  const [content, setContent] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const apply = async (event: FormEvent) => {
    event.preventDefault();
    if (content.trim() === '') return setRefusal('Paste the contents of the .custodian-policy file');
    setBusy(true);
    setRefusal(null);
    try {
      const result = await api.policy.import({ content: content.trim() });
      feedback.toast(
        result.changed.length
          ? `Applied the policy of ${result.team}: ${result.changed.length} part(s) changed`
          : `The policy of ${result.team} was already applied`,
      );
      await onApplied();
    } catch (e) {
      setRefusal(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Dialog opened onClose={onClose} title="Apply a published policy" size="lg">
      <form onSubmit={(e) => void apply(e)} noValidate aria-label="Apply a published policy">
        <Stack gap="md">
          <Text size="sm">
            The press team publishes its policy signed with the key on its press card. It is applied only if it is
            signed by a card you imported; it replaces this vault’s naming rules, holders, two-factor, password floor,
            longest takeover and rotation period.
          </Text>
          <Textarea
            label="Policy file"
            description="The contents of the .custodian-policy file"
            inputWrapperOrder={['label', 'input', 'error', 'description']}
            autosize
            minRows={4}
            maxRows={10}
            value={content}
            onChange={(e) => {
              setContent(e.currentTarget.value);
              setRefusal(null);
            }}
            ff="monospace"
            spellCheck={false}
            data-autofocus
          />
          {refusal ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={16} />} role="alert" p="sm">
              <Text size="sm">{refusal}</Text>
            </Alert>
          ) : null}
          <DialogActions refusal={null} busy={busy} onCancel={onClose}>
            <Button type="submit" loading={busy}>
              Apply policy
            </Button>
          </DialogActions>
        </Stack>
      </form>
    </Dialog>
  );
}
