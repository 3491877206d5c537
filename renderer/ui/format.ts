// Number, size and time formatting for the UI (one place, so every screen says things the same way).

const int = new Intl.NumberFormat('en-US');
const dec = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** 1234567 → "1,234,567". */
export const fmtInt = (n: number): string => int.format(Math.round(n));

/** A number with at most 2 decimals. */
export const fmtNum = (n: number): string => dec.format(n);

/** 0.0234 → "2.3%" (0 and 1 exact; tiny non-zero shares never show as 0%). */
export function fmtPct(share: number): string {
  if (share === 0) return '0%';
  if (share === 1) return '100%';
  const p = share * 100;
  if (p < 0.1) return '<0.1%';
  return `${p < 10 ? p.toFixed(1) : Math.round(p)}%`;
}

/** Bytes as B/KB/MB/GB (1024-based). */
export function fmtBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** Seconds as "4 s", "2 min 5 s", "1 h 3 min". */
export function fmtDuration(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '—';
  if (sec < 1) return '<1 s';
  if (sec < 60) return `${Math.round(sec)} s`;
  const m = Math.floor(sec / 60);
  if (m < 60) return `${m} min ${Math.round(sec % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Rows per second, compact: "12,400 rows/s", "1.2M rows/s". */
export function fmtRate(rowsPerSec: number): string {
  if (rowsPerSec >= 1e6) return `${(rowsPerSec / 1e6).toFixed(1)}M rows/s`;
  return `${fmtInt(rowsPerSec)} rows/s`;
}

/** The last path segment. */
export const baseName = (path: string): string => path.split(/[/\\]/).pop() || path;

/** A rule name for people. */
export function ruleLabel(rule: string): string {
  const labels: Record<string, string> = {
    type: 'wrong type',
    required: 'missing',
    unique: 'duplicate',
    minimum: 'below minimum',
    maximum: 'above maximum',
    minLength: 'too short',
    maxLength: 'too long',
    pattern: 'pattern mismatch',
    enum: 'not allowed',
    primaryKey: 'duplicate key',
    sync: 'rejected by database',
  };
  return labels[rule] ?? rule;
}
