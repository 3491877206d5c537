// Calendar conditions of `when`: weekdays and simple five-field cron expressions, matched against a run's
// start time (not the clock at resume, so a resumed run skips exactly the phases the original run skipped).

import type { Weekday } from './types.js';

/** Weekday names in JavaScript's order (0 = Sunday). */
export const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The calendar fields of an instant, in a time zone (default: the machine's). */
export interface CalendarParts {
  minute: number;
  hour: number;
  day: number;
  month: number;
  weekday: number;
}

/** Calendar fields of `date` in `timeZone`. */
export function calendarParts(date: Date, timeZone?: string): CalendarParts {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    minute: 'numeric',
    hour: 'numeric',
    day: 'numeric',
    month: 'numeric',
    weekday: 'short',
  });
  const parts = Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]));
  return {
    minute: Number(parts.minute),
    hour: Number(parts.hour),
    day: Number(parts.day),
    month: Number(parts.month),
    weekday: WEEKDAYS.indexOf(String(parts.weekday).slice(0, 3).toLowerCase() as Weekday),
  };
}

interface FieldDef {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  namesFrom?: number;
}

const FIELDS: FieldDef[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, namesFrom: 1 },
  { name: 'day of week', min: 0, max: 7, names: WEEKDAYS, namesFrom: 0 },
];

/** A parsed cron expression: the allowed values of each field. */
export interface Cron {
  fields: Set<number>[];
  /** Whether day-of-month / day-of-week were restricted (cron ORs them when both are). */
  domAny: boolean;
  dowAny: boolean;
}

function value(text: string, def: FieldDef): number {
  const i = def.names?.indexOf(text.toLowerCase()) ?? -1;
  const n = i >= 0 ? i + (def.namesFrom ?? 0) : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= def.min && n <= def.max)) throw new Error(`${def.name}: '${text}' is not ${def.min}-${def.max}`);
  return n;
}

function parseField(text: string, def: FieldDef): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:\/(\d+))?$/i.exec(part);
    if (!m) throw new Error(`${def.name}: cannot read '${part}'`);
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) throw new Error(`${def.name}: step must be ≥ 1`);
    const range = m[1] as string;
    const [lo, hi] =
      range === '*'
        ? [def.min, def.max]
        : range.includes('-')
          ? (range.split('-').map((x) => value(x, def)) as [number, number])
          : [value(range, def), m[2] === undefined ? value(range, def) : def.max];
    if (lo > hi) throw new Error(`${def.name}: range ${range} is backwards`);
    for (let n = lo; n <= hi; n += step) out.add(n);
  }
  return out;
}

/** Parses `minute hour day-of-month month day-of-week`; throws an Error saying which field is wrong. */
export function parseCron(expr: string): Cron {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5)
    throw new Error(`expected 5 fields (minute hour day month weekday), got ${parts.length}`);
  const fields = parts.map((p, i) => parseField(p, FIELDS[i] as FieldDef));
  const dow = fields[4] as Set<number>;
  if (dow.has(7)) dow.add(0);
  return { fields, domAny: parts[2] === '*', dowAny: parts[4] === '*' };
}

/** True when the instant's calendar fields match the cron expression. */
export function cronMatches(cron: Cron, at: CalendarParts): boolean {
  const [minute, hour, dom, month, dow] = cron.fields as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  if (!minute.has(at.minute) || !hour.has(at.hour) || !month.has(at.month)) return false;
  const domOk = dom.has(at.day);
  const dowOk = dow.has(at.weekday);
  // Classic cron: when both day fields are restricted, either one matching is enough.
  if (!cron.domAny && !cron.dowAny) return domOk || dowOk;
  return domOk && dowOk;
}
