import { Tooltip } from '@mantine/core';
import {
  IconBrandBluesky,
  IconBrandFacebook,
  IconBrandInstagram,
  IconBrandLinkedin,
  IconBrandMastodon,
  IconBrandPinterest,
  IconBrandReddit,
  IconBrandSnapchat,
  IconBrandThreads,
  IconBrandTiktok,
  IconBrandWechat,
  IconBrandWeibo,
  IconBrandX,
  IconBrandYoutube,
  IconWorld,
  type Icon,
} from '@tabler/icons-react';
import { PLATFORM_INFO, type Platform } from '../../../shared/domain/platforms';

interface PlatformLook {
  icon: Icon;
  /** Brand background and the colour of the glyph on it. */
  bg: string;
  fg: string;
}

export const PLATFORM_LOOK: Record<Platform, PlatformLook> = {
  x: { icon: IconBrandX, bg: '#0f1419', fg: '#ffffff' },
  facebook: { icon: IconBrandFacebook, bg: '#1877f2', fg: '#ffffff' },
  instagram: { icon: IconBrandInstagram, bg: '#d62976', fg: '#ffffff' },
  linkedin: { icon: IconBrandLinkedin, bg: '#0a66c2', fg: '#ffffff' },
  tiktok: { icon: IconBrandTiktok, bg: '#111111', fg: '#25f4ee' },
  youtube: { icon: IconBrandYoutube, bg: '#ff0000', fg: '#ffffff' },
  threads: { icon: IconBrandThreads, bg: '#1c1c1c', fg: '#ffffff' },
  bluesky: { icon: IconBrandBluesky, bg: '#1185fe', fg: '#ffffff' },
  mastodon: { icon: IconBrandMastodon, bg: '#6364ff', fg: '#ffffff' },
  wechat: { icon: IconBrandWechat, bg: '#07c160', fg: '#ffffff' },
  weibo: { icon: IconBrandWeibo, bg: '#e6162d', fg: '#ffffff' },
  pinterest: { icon: IconBrandPinterest, bg: '#e60023', fg: '#ffffff' },
  snapchat: { icon: IconBrandSnapchat, bg: '#fffc00', fg: '#111111' },
  reddit: { icon: IconBrandReddit, bg: '#ff4500', fg: '#ffffff' },
  other: { icon: IconWorld, bg: '#868e96', fg: '#ffffff' },
};

/**
 * The platform's mark on its brand colour, labelled for screen readers.
 * Plain elements (no Mantine box): the account list renders dozens of these
 * on every keystroke.
 */
export function PlatformIcon({
  platform,
  size = 32,
  withTooltip = false,
  decorative = false,
}: {
  platform: Platform;
  size?: number;
  withTooltip?: boolean;
  /** Next to the platform's name already: hidden from screen readers. */
  decorative?: boolean;
}) {
  const look = PLATFORM_LOOK[platform];
  const Glyph = look.icon;
  const label = PLATFORM_INFO[platform].label;
  const mark = (
    <span
      role={decorative ? undefined : 'img'}
      aria-label={decorative ? undefined : label}
      aria-hidden={decorative || undefined}
      title={withTooltip || decorative ? undefined : label}
      className="platform-icon"
      style={{ width: size, height: size, background: look.bg, color: look.fg, borderRadius: Math.round(size / 4) }}
    >
      <Glyph size={Math.round(size * 0.6)} stroke={1.8} aria-hidden />
    </span>
  );
  return withTooltip ? <Tooltip label={label}>{mark}</Tooltip> : mark;
}
