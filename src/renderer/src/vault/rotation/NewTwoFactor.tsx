/**
 * Re-enrolling two-factor during a rotation: the new TOTP seed as a QR code
 * and an otpauth:// URI (for the authenticator of whoever holds the second
 * factor, or the platform's setup page), shown only on an explicit click
 * (audited by main) and dropped from memory when hidden or closed.
 */
import { Box, Button, Code, Group, Image, Stack, Text } from '@mantine/core';
import { IconEyeOff, IconQrcode } from '@tabler/icons-react';
import { toString as qrSvg } from 'qrcode';
import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import { useAction } from '../../lib/useAction';

export function NewTwoFactorSeed({ draftId }: { draftId: number }) {
  const [shown, setShown] = useState<{ uri: string; image: string } | null>(null);
  useEffect(() => () => setShown(null), []);

  const reveal = useAction(async () => {
    const { uri } = await api.rotation.revealNewTotp({ draftId });
    // SVG, not canvas: the image is built as text and shown as a data: URL (allowed by the CSP for images).
    const svg = await qrSvg(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    setShown({ uri, image: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` });
  });
  const { busy, error } = reveal;
  const show = reveal.run;

  return (
    <Box className="status-block" role="group" aria-label="New two-factor seed">
      <Text fw={600} size="sm">
        Set up two-factor again with the new seed
      </Text>
      <Text size="xs" c="dimmed" mt={4}>
        Scan it into the authenticator of whoever holds the second factor (the old seed left the vault and must stop
        working). Showing it is recorded in the audit trail.
      </Text>
      {shown ? (
        <Stack gap="xs" mt="sm" align="flex-start">
          <Image src={shown.image} w={180} h={180} alt="QR code of the new TOTP seed" />
          <Code block className="selectable" aria-label="otpauth URI" style={{ wordBreak: 'break-all' }}>
            {shown.uri}
          </Code>
          <Button size="xs" variant="default" leftSection={<IconEyeOff size={14} />} onClick={() => setShown(null)}>
            Hide
          </Button>
        </Stack>
      ) : (
        <Group mt="sm">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconQrcode size={14} />}
            onClick={() => void show()}
            loading={busy}
          >
            Show QR code and URI
          </Button>
        </Group>
      )}
      {error ? (
        <Text size="sm" c="red" mt="xs" role="alert">
          {error}
        </Text>
      ) : null}
    </Box>
  );
}
