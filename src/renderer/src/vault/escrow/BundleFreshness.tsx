/** How fresh a bundle in the press register is: whether it may no longer hold the current passwords. */
import { Badge, Tooltip } from '@mantine/core';
import type { RegisterBundle } from '../../../../shared/domain/escrow';
import { scheduledDue, type RotationPolicy } from '../../../../shared/rotation';
import { ageText } from './labels';

/** What the register knows of a bundle's freshness, seen from the press office. */
export interface BundleState {
  /** Older than a whole rotation period: every password in it should have changed since. */
  old: boolean;
  /** The glass was broken on it: the manager will rotate those accounts, and their next bundle replaces it. */
  opened: boolean;
}

export function bundleState(
  bundle: Pick<RegisterBundle, 'createdAt' | 'openings'>,
  rotation: { policy: RotationPolicy; timeZone: string } | null,
  now: number,
): BundleState {
  return {
    old: rotation !== null && scheduledDue(bundle.createdAt, rotation.policy, rotation.timeZone) <= now,
    opened: bundle.openings > 0,
  };
}

/** The freshness of a bundle as a badge: its age, and why it may no longer hold the current passwords. */
export function BundleAgeBadge({ ageDays, state }: { ageDays: number; state: BundleState }) {
  if (state.old) {
    return (
      <Tooltip label="Older than a whole rotation period: the passwords in it have probably changed. Ask the manager to export again.">
        <Badge size="xs" variant="light" color="red" aria-label={`Stale bundle, exported ${ageText(ageDays)}`}>
          Stale · {ageText(ageDays)}
        </Badge>
      </Tooltip>
    );
  }
  if (state.opened) {
    return (
      <Tooltip label="The glass was broken on this bundle: once the manager has rotated those accounts, they export a new one.">
        <Badge size="xs" variant="light" color="orange" aria-label={`Opened bundle, exported ${ageText(ageDays)}`}>
          Opened · {ageText(ageDays)}
        </Badge>
      </Tooltip>
    );
  }
  return (
    <Badge size="xs" variant="light" color="gray" aria-label={`Exported ${ageText(ageDays)}`}>
      {ageText(ageDays)}
    </Badge>
  );
}
