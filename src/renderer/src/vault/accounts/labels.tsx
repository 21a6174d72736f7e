import { Badge, Tooltip } from '@mantine/core';
import { IconShieldCheck, IconShieldExclamation, IconShieldOff } from '@tabler/icons-react';
import { TWO_FACTOR_LABELS, type TwoFactorMethod } from '../../../../shared/domain/account';
import type { Platform } from '../../../../shared/domain/platforms';

/** "@ourbrand" where platforms use @-handles; login names and IDs as they are. */
export function displayHandle(platform: Platform, handle: string): string {
  return platform === 'other' || platform === 'weibo' || platform === 'wechat' ? handle : `@${handle}`;
}

export const TWO_FACTOR_SHORT: Record<TwoFactorMethod, string> = {
  none: 'No 2FA',
  totp: 'TOTP',
  sms: 'SMS',
  security_key: 'Key',
  app_prompt: 'Prompt',
  email: 'Email',
  other: '2FA',
};

/** What the 2FA badge says in full, for tooltips and screen readers. */
export function twoFactorDescription(method: TwoFactorMethod, hasTotp: boolean): string {
  if (method === 'none')
    return hasTotp ? 'TOTP seed stored, but 2FA method is set to none' : 'No two-factor authentication';
  if (method === 'totp')
    return hasTotp ? '2FA: authenticator code stored here' : '2FA: authenticator app, seed not stored here';
  return `2FA: ${TWO_FACTOR_LABELS[method]}`;
}

export function twoFactorTone(method: TwoFactorMethod, hasTotp: boolean): 'weak' | 'partial' | 'ok' {
  return method === 'none' ? 'weak' : method === 'totp' && !hasTotp ? 'partial' : 'ok';
}

export const TWO_FACTOR_ICONS = { weak: IconShieldOff, partial: IconShieldExclamation, ok: IconShieldCheck } as const;

export function TwoFactorBadge({
  method,
  hasTotp,
  size = 'sm',
}: {
  method: TwoFactorMethod;
  hasTotp: boolean;
  size?: 'xs' | 'sm' | 'md';
}) {
  const tone = twoFactorTone(method, hasTotp);
  const color = tone === 'weak' ? 'red' : tone === 'partial' ? 'yellow' : 'teal';
  const Glyph = TWO_FACTOR_ICONS[tone];
  const description = twoFactorDescription(method, hasTotp);
  return (
    <Tooltip label={description}>
      <Badge
        size={size}
        variant="light"
        color={color}
        leftSection={<Glyph size={12} stroke={2} />}
        aria-label={description}
        className="twofa-badge"
      >
        {TWO_FACTOR_SHORT[method]}
      </Badge>
    </Tooltip>
  );
}
