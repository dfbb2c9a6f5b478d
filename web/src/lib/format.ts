const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function formatCount(value: number): string {
  return integer.format(value);
}

export function formatRate(value: number): string {
  return oneDecimal.format(value);
}

const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

/** Trend scores are chi-square-like surprises that can reach millions: only their size matters to a reader. */
export function formatScore(value: number): string {
  if (value >= 10_000) return compact.format(value);
  return value >= 10 ? integer.format(value) : oneDecimal.format(value);
}

/** "4 s", "3 min 5 s", "2 h 10 min", "255 d": ages people read at a glance. */
export function formatAge(seconds: number): string {
  // A replay shifted to now at high speed runs ahead of the wall clock: say so rather than show 0.
  if (seconds < 0) return `${formatAge(-seconds)} ahead`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return s % 60 === 0 ? `${minutes} min` : `${minutes} min ${s % 60} s`;
  const hours = Math.floor(minutes / 60);
  if (hours >= 48) return `${Math.floor(hours / 24)} d`;
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function formatClock(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : clock.format(date);
}
