import { Group, Stack, Text } from '@mantine/core';

export interface BarSeries {
  name: string;
  color: string;
}

export interface BarItem {
  label: string;
  values: (number | null)[];
}

const LABEL_W = 170;
const BAR_AREA = 360;
const VALUE_W = 60;
const BAR_H = 14;
const GAP = 8;

/**
 * Horizontal bars drawn as inline SVG (the app ships no chart library): one group of bars per item,
 * one bar per series. The figures are also in the table next to it, so the chart is a picture of
 * them (role="img" with a summary) and not the only way to read them.
 */
export function BarChart({
  title,
  items,
  series,
  max,
  format,
}: {
  title: string;
  items: BarItem[];
  series: BarSeries[];
  /** the value of a full bar; defaults to the largest value (100 for percentages) */
  max?: number;
  format: (v: number | null) => string;
}) {
  const top = max ?? Math.max(1, ...items.flatMap((i) => i.values.filter((v): v is number => v !== null)));
  const groupH = series.length * (BAR_H + 2) + GAP;
  const height = Math.max(groupH, items.length * groupH);
  const width = LABEL_W + BAR_AREA + VALUE_W;
  const summary = items.map((i) => `${i.label}: ${i.values.map(format).join(' / ')}`).join('; ');
  return (
    <Stack gap={4} component="figure" m={0}>
      <Text component="figcaption" fw={600} size="sm">
        {title}
      </Text>
      {series.length > 1 && (
        <Group gap="md" aria-hidden="true">
          {series.map((s) => (
            <Group key={s.name} gap={4}>
              <svg width="12" height="12" aria-hidden="true">
                <rect width="12" height="12" fill={s.color} />
              </svg>
              <Text size="xs">{s.name}</Text>
            </Group>
          ))}
        </Group>
      )}
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: width }} role="img" aria-label={`${title}. ${summary}`}>
        {items.map((item, i) => {
          const y0 = i * groupH;
          return (
            <g key={`${item.label}:${y0}`}>
              <text x={LABEL_W - 6} y={y0 + (series.length * (BAR_H + 2)) / 2 + 4} textAnchor="end" fontSize="11" fill="currentColor">
                {item.label.length > 26 ? `${item.label.slice(0, 25)}…` : item.label}
              </text>
              {series.map((s, k) => {
                const v = item.values[k] ?? null;
                const w = v === null ? 0 : Math.max(v > 0 ? 1 : 0, (Math.min(v, top) / top) * BAR_AREA);
                const y = y0 + k * (BAR_H + 2);
                return (
                  <g key={s.name}>
                    <rect x={LABEL_W} y={y} width={w} height={BAR_H} fill={s.color} rx="2" />
                    <text x={LABEL_W + w + 4} y={y + BAR_H - 3} fontSize="10" fill="currentColor">
                      {format(v)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
    </Stack>
  );
}
