/**
 * The trend of an average as a tiny inline SVG line (no chart library: @mantine/charts is not part of
 * the app). The scale is the data's own range, half a mark either side within 1–5, so a change shows.
 */
export function Sparkline({
  values,
  label,
  width = 120,
  height = 32,
}: {
  values: readonly number[];
  label: string;
  width?: number;
  height?: number;
}) {
  if (values.length === 0) return null;
  const pad = 3;
  const low = Math.max(1, Math.min(...values) - 0.5);
  const high = Math.min(5, Math.max(...values) + 0.5);
  const x = (i: number) => (values.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (values.length - 1));
  const y = (v: number) => pad + ((high - v) * (height - 2 * pad)) / (high - low);
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const last = values[values.length - 1];
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      style={{ display: 'block', maxWidth: '100%' }}
    >
      <title>{label}</title>
      {/* half-mark lines (x.50) inside the range, as faint guides */}
      {[2.5, 3.5, 4.5]
        .filter((b) => b > low && b < high)
        .map((b) => (
          <line key={b} x1={0} x2={width} y1={y(b)} y2={y(b)} stroke="var(--mantine-color-gray-4)" strokeDasharray="2 3" strokeWidth={1} />
        ))}
      {values.length > 1 && (
        <polyline
          points={points}
          fill="none"
          stroke="var(--mantine-color-school-7)"
          strokeWidth={2}
          strokeLinejoin="round"
          strokeLinecap="round"
        />
      )}
      <circle cx={x(values.length - 1)} cy={y(last)} r={3} fill="var(--mantine-color-school-8)" />
    </svg>
  );
}
