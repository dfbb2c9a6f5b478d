const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "30s", "5m", "1h", "1d" to milliseconds; null when it is not such a duration. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+)(s|m|h|d)$/u.exec(text.trim());
  if (!match?.[1] || !match[2]) return null;
  const value = Number(match[1]) * (UNITS[match[2]] ?? 0);
  return value > 0 ? value : null;
}
