import { createTheme, type MantineColorsTuple } from '@mantine/core';

/** A calm, slightly blue-violet primary: trustworthy without shouting. */
const custodian: MantineColorsTuple = [
  '#eef2ff',
  '#dfe5fb',
  '#bcc7f2',
  '#96a7ea',
  '#768be3',
  '#6179df',
  '#556fdd',
  '#465ec4',
  '#3d54b0',
  '#30479c',
];

const sans =
  '"Inter Variable", Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const mono = '"JetBrains Mono Variable", "JetBrains Mono", ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

export const theme = createTheme({
  primaryColor: 'custodian',
  primaryShade: { light: 7, dark: 5 },
  colors: { custodian },
  fontFamily: sans,
  fontFamilyMonospace: mono,
  headings: { fontFamily: sans, fontWeight: '650' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  // People who ask their system for less motion get no sliding drawers or fading dialogs.
  respectReducedMotion: true,
  fontSmoothing: true,
  components: {
    Tooltip: { defaultProps: { openDelay: 350, withArrow: true, fz: 'xs' } },
    Badge: { defaultProps: { radius: 'sm' } },
    Paper: { defaultProps: { radius: 'md' } },
    Modal: {
      // Top-aligned, not centred: a message or an error appearing under the content moves nothing above it.
      // The close button is an icon: it needs a name for screen readers (axe: button-name).
      defaultProps: {
        yOffset: '6dvh',
        overlayProps: { backgroundOpacity: 0.35, blur: 2 },
        closeButtonProps: { 'aria-label': 'Close' },
      },
      styles: { title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } },
    },
    Drawer: {
      defaultProps: { overlayProps: { backgroundOpacity: 0.3, blur: 1 }, closeButtonProps: { 'aria-label': 'Close' } },
    },
    Alert: { defaultProps: { closeButtonLabel: 'Dismiss' } },
  },
});
