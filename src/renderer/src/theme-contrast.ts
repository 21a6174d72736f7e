/**
 * Mantine's colours at WCAG AA (4.5:1 for text) on the light scheme. Its
 * defaults put white text on shade 6 (red 3.3:1, teal 2.6:1) and shade 9
 * text on a shade-1 tint (yellow 2.5:1, orange 3.8:1), which axe reports on
 * every badge, alert and red button. Here each colour takes the lightest
 * shade that reaches the ratio, and where even shade 9 does not (yellow,
 * lime, orange, green) shade 9 darkened until it does: the hue stays, the
 * text reads. The dark scheme keeps Mantine's values (light text on dark
 * tints, which pass).
 */
import { darken, luminance, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/** A little over 4.5:1, so rounding in a checker never tips a colour under it. */
const TARGET = 4.6;

/** The WCAG contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The lightest of `shades` (in order) readable against every background, else the last one darkened until it is. */
export function readableOn(backgrounds: readonly string[], shades: readonly string[]): string {
  const reads = (color: string) => backgrounds.every((bg) => contrast(color, bg) >= TARGET);
  const found = shades.find(reads);
  if (found) return found;
  const last = shades[shades.length - 1]!;
  for (let amount = 0.05; amount < 1; amount += 0.05) {
    const darker = darken(last, amount);
    if (reads(darker)) return darker;
  }
  return '#000000';
}

/** The light scheme's text, filled and light-variant colours of one palette colour. */
export function lightSchemeColors(name: string, shades: MantineColorsTuple, white: string): Record<string, string> {
  const tint = shades[1];
  // Text sits on white, on the app's gray-0 panels and on its own colour's tints (badges, strips);
  // the filled colour carries white text.
  const text = readableOn([white, '#f8f9fa', tint, shades[2]], shades.slice(6));
  const filled = readableOn([white], shades.slice(6));
  const filledHover = darken(filled, 0.12);
  return {
    [`--mantine-color-${name}-text`]: text,
    [`--mantine-color-${name}-filled`]: filled,
    [`--mantine-color-${name}-filled-hover`]: filledHover,
    [`--mantine-color-${name}-light-color`]: readableOn([tint, shades[2]], shades.slice(7)),
    [`--mantine-color-${name}-outline`]: text,
  };
}

/** The resolver for <MantineProvider>: every palette colour at AA on the light scheme. */
export const cssVariablesResolver: CSSVariablesResolver = (theme) => {
  const light: Record<string, string> = {};
  for (const [name, shades] of Object.entries(theme.colors)) {
    if (name === 'dark') continue;
    Object.assign(light, lightSchemeColors(name, shades, theme.white));
  }
  light['--mantine-color-error'] = light['--mantine-color-red-text']!;
  light['--mantine-color-anchor'] = light[`--mantine-color-${theme.primaryColor}-text`]!;
  return { variables: {}, light, dark: {} };
};
