// The dirty orders data set: the bundled example (examples/orders/orders.csv, 10k rows) and the benchmark's
// 1M/10M-row files come from this one generator, so they have the same shape and the same kinds of defects.
// Defects are injected at known rates; `counts` reports how many of each were written.

import { mulberry32, picker } from './prng.js';

export const ORDER_COLUMNS = [
  'order_id',
  'order_date',
  'customer_email',
  'customer_name',
  'country',
  'status',
  'quantity',
  'unit_price',
  'discount',
  'notes',
] as const;

const FIRST = [
  'Anna',
  'Björn',
  'Chloé',
  'Dmitri',
  'Emeka',
  'Fatima',
  'Giulia',
  'Hiro',
  'Inés',
  'José',
  'Kai',
  'Léa',
  'Mei',
  'Noah',
  'Zoë',
];
const LAST = [
  'Müller',
  'Dubois',
  'García',
  'Rossi',
  'Smith',
  "O'Brien",
  'Nguyen',
  'Kowalski',
  'Øster',
  'Tanaka',
];
const COUNTRIES = ['DE', 'FR', 'ES', 'IT', 'GB', 'US', 'NL', 'PL', 'JP', 'SE'];
const STATUSES = ['pending', 'shipped', 'delivered', 'cancelled'];
const NOTES = [
  '',
  '',
  '',
  'gift wrap',
  'leave at door, ring twice',
  'call "before" delivery',
  'fragile\nhandle with care',
  'Lieferung nach 18 Uhr',
];

const WORDS =
  'ordered online via the partner shop customer asked for express delivery and invoice by mail'.split(' ');

/** Counts of injected defects, per kind. */
export type DefectCounts = Record<string, number>;

const csvField = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Writes `rows` data records (plus the header) through `write`, in chunks. Returns the defect counts.
 * `rate` scales every defect probability (1 = the example's ~1-2% per defect kind).
 */
export function generateOrders(
  rows: number,
  write: (chunk: string) => void,
  opts: { seed?: number; rate?: number; noteChars?: number } = {},
): DefectCounts {
  const r = picker(mulberry32(opts.seed ?? 42));
  const rate = opts.rate ?? 1;
  const p = (x: number) => r.chance(x * rate);
  const counts: DefectCounts = {};
  // Draws a defect of `kind` with probability `prob` (scaled by rate) and counts it when drawn.
  const inject = (kind: string, prob: number): boolean => {
    if (!p(prob)) return false;
    counts[kind] = (counts[kind] ?? 0) + 1;
    return true;
  };
  let buf = `${ORDER_COLUMNS.join(',')}\n`;
  for (let i = 1; i <= rows; i++) {
    let id = String(i);
    if (i > 10 && inject('duplicate_id', 0.003)) id = String(i - 7);
    const y = r.int(2022, 2025),
      m = r.int(1, 12),
      d = r.int(1, 28);
    let date = `${y}-${pad(m)}-${pad(d)}`;
    if (inject('date_ddmmyyyy', 0.02)) date = `${pad(d)}/${pad(m)}/${y}`;
    else if (inject('date_impossible', 0.002)) date = `${y}-02-30`;
    const first = r.pick(FIRST),
      last = r.pick(LAST);
    let email = `${first}.${last}${i % 97}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, '');
    if (inject('email_invalid', 0.01)) email = email.replace('@', ' at ');
    else if (inject('email_missing', 0.01)) email = '';
    let name = `${first} ${last}`;
    if (inject('name_whitespace', 0.03)) name = `  ${name} `;
    let country = r.pick(COUNTRIES);
    if (inject('country_invalid', 0.01)) country = r.pick(['Germany', 'germany', 'de', 'France']);
    let status = r.pick(STATUSES);
    if (inject('status_invalid', 0.01)) status = r.pick(['shiped', 'Shipped', 'deliverd', 'canceled']);
    let qty = String(r.int(1, 20));
    if (inject('quantity_below_min', 0.005)) qty = '0';
    else if (inject('quantity_not_integer', 0.005)) qty = r.pick(['2.5', 'three', '1e3']);
    let price = (r.int(100, 99999) / 100).toFixed(2);
    if (inject('price_formatted', 0.01))
      price = `${Number(price).toLocaleString('en-US', { minimumFractionDigits: 2 })}`.replace(
        /^(\d+)\.(\d\d)$/,
        '€$1.$2',
      );
    let discount = r.chance(0.7) ? '0' : (r.int(1, 30) / 100).toFixed(2);
    if (inject('discount_percent', 0.005)) discount = `${r.int(1, 30)}%`;
    // The benchmark pads notes to reach ~150 bytes per row, the width of the 10M-row ≈ 1.5 GB file.
    const note = opts.noteChars
      ? `${r.pick(NOTES)} ${WORDS.slice(r.int(0, 8)).join(' ')}`.slice(0, opts.noteChars)
      : r.pick(NOTES);
    let line = [id, date, email, name, country, status, qty, price, discount, note].map(csvField).join(',');
    if (inject('line_too_many_fields', 0.0005)) line += ',EXTRA';
    else if (inject('line_too_few_fields', 0.0005)) line = line.split(',').slice(0, 6).join(',');
    buf += `${line}\n`;
    if (buf.length > 1 << 20) {
      write(buf);
      buf = '';
    }
  }
  write(buf);
  return counts;
}
