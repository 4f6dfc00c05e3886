import { Badge } from '@mantine/core';

/**
 * Colour by the mark's meaning, always with the value written out (colour is never the only cue).
 * Dark text on a pale tint: well above WCAG AA contrast at badge size, on white and on striped rows.
 */
function paletteOf(value: string): { background: string; color: string } {
  if (value.startsWith('5')) return { background: '#d3f9d8', color: '#1b4d25' };
  if (value.startsWith('4')) return { background: '#d0ebff', color: '#123c69' };
  if (value.startsWith('3')) return { background: '#fff3bf', color: '#5c4400' };
  if (value.startsWith('2') || value.startsWith('1') || value === 'нз' || value === 'н/а')
    return { background: '#ffe3e3', color: '#8a1c1c' };
  return { background: '#f1f3f5', color: '#343a40' };
}

export function MarkBadge({ value, size = 'lg' }: { value: string; size?: 'md' | 'lg' | 'xl' }) {
  return (
    <Badge variant="light" size={size} radius="sm" style={{ ...paletteOf(value), textTransform: 'none', minWidth: '2.2em' }}>
      {value.replace(/-$/, '−')}
    </Badge>
  );
}
