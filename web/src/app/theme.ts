import { type CSSVariablesResolver, createTheme, darken, type MantineColorsTuple } from '@mantine/core';

/**
 * A calm ink blue. Mantine's default primary shade (blue-6 on white, 3.55:1) fails WCAG AA, so the
 * primary is shade 8 here (#1f4f8c: 8.2:1 with white text) and shade 6 still passes on white (5.1:1).
 */
const school: MantineColorsTuple = [
  '#eef3fa',
  '#dbe5f3',
  '#b5c9e6',
  '#8cabd8',
  '#6a91cc',
  '#5281c4',
  '#3a6fb5',
  '#2a5fa3',
  '#1f4f8c',
  '#163f72',
];

const fontFamily = '"PT Sans", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** The theme; `closeLabel` names Mantine's icon-only close buttons (notifications, modals), which have no name otherwise. */
export const makeTheme = (closeLabel: string) =>
  createTheme({
    colors: { school },
    primaryColor: 'school',
    primaryShade: 8,
    // Text on coloured buttons and badges picks black or white by contrast, not by habit.
    autoContrast: true,
    fontFamily,
    fontSizes: { xs: '0.8125rem', sm: '0.9375rem', md: '1rem', lg: '1.125rem', xl: '1.25rem' },
    lineHeights: { md: '1.5' },
    headings: {
      fontFamily,
      fontWeight: '700',
      sizes: {
        h1: { fontSize: '1.75rem', lineHeight: '1.25' },
        h2: { fontSize: '1.375rem', lineHeight: '1.3' },
        h3: { fontSize: '1.125rem', lineHeight: '1.35' },
      },
    },
    defaultRadius: 'md',
    cursorType: 'pointer',
    // Keyboard users must always see where focus is; mouse clicks do not draw the ring.
    focusRing: 'auto',
    components: {
      Button: { defaultProps: { size: 'md' } },
      TextInput: { defaultProps: { size: 'md' } },
      PasswordInput: { defaultProps: { size: 'md' } },
      Card: { defaultProps: { withBorder: true, padding: 'lg', radius: 'md' } },
      Paper: { defaultProps: { radius: 'md' } },
      CloseButton: { defaultProps: { 'aria-label': closeLabel } },
    },
  });

/**
 * Contrast fixes for WCAG AA, which Mantine's defaults miss:
 * - "dimmed" text (gray-6, 3.3:1) and placeholders: a darker grey;
 * - text of light-variant badges, buttons and alerts in every colour (green-9 on green-1 is 3.8:1):
 *   shade 9 darkened by a third, which gives 5:1 and more on the light background.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const lightColors: Record<string, string> = {};
  for (const [name, shades] of Object.entries(t.colors)) {
    if (name === 'school' || name === 'dark' || name === 'gray') continue;
    lightColors[`--mantine-color-${name}-light-color`] = darken(shades[9], 0.33);
  }
  return {
    variables: {},
    light: {
      '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
      '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
      '--mantine-color-body': '#ffffff',
      // Field errors (text under an input and the invalid input's own text): red-6 on white is 3.3:1, red-9 is 5.4:1.
      '--mantine-color-error': 'var(--mantine-color-red-9)',
      ...lightColors,
    },
    dark: {},
  };
};
