import { Box, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconClockShield, IconHandOff, IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { BrandMark } from '../components/BrandMark';

const POINTS = [
  {
    icon: IconLock,
    title: 'Encrypted on this computer',
    text: 'Argon2id and XChaCha20-Poly1305. Handles, names and secrets are sealed field by field.',
  },
  {
    icon: IconHandOff,
    title: 'Nothing fills itself in',
    text: 'No autofill, by policy. Reveal and copy take a click, and the clipboard clears itself.',
  },
  {
    icon: IconClockShield,
    title: 'Never left open',
    text: 'The vault locks after a few idle minutes and whenever the computer locks.',
  },
];

/** The frame of every screen before the vault is open: brand panel left, task right. */
export function WelcomeLayout({ children, footer }: { children: ReactNode; footer?: ReactNode }) {
  return (
    <Box className="welcome">
      <Box component="aside" className="welcome-brand">
        <BrandMark size={34} inverted />
        <Box>
          <Title order={2} c="white" fw={650} lh={1.25} maw={360}>
            Every corporate account, held properly.
          </Title>
          <Text c="rgba(255,255,255,0.72)" mt="sm" maw={360} size="sm">
            The credential vault and access log for your organisation’s social-media accounts.
          </Text>
          <Stack gap="lg" mt={40}>
            {POINTS.map((point) => (
              <Group key={point.title} gap="md" wrap="nowrap" align="flex-start">
                <ThemeIcon size={34} radius="md" variant="white" className="welcome-point-icon">
                  <point.icon size={18} stroke={1.8} />
                </ThemeIcon>
                <Box>
                  <Text c="white" fw={600} size="sm">
                    {point.title}
                  </Text>
                  <Text c="rgba(255,255,255,0.68)" size="xs" mt={2} maw={320}>
                    {point.text}
                  </Text>
                </Box>
              </Group>
            ))}
          </Stack>
        </Box>
        <Text c="rgba(255,255,255,0.5)" size="xs">
          {footer}
        </Text>
      </Box>
      <Box component="main" className="welcome-main">
        <Box className="welcome-content">{children}</Box>
      </Box>
    </Box>
  );
}
