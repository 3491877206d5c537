import { describe, expect, it } from 'vitest';
import { calendarParts, cronMatches, parseCron } from './calendar.js';
import { calendarDecision } from './when.js';

// 2024-06-05 is a Wednesday.
const WED_0630_UTC = new Date('2024-06-05T06:30:00Z');

describe('calendar conditions', () => {
  it('reads calendar fields in a time zone', () => {
    expect(calendarParts(WED_0630_UTC, 'UTC')).toEqual({ minute: 30, hour: 6, day: 5, month: 6, weekday: 3 });
    // 06:30 UTC is 23:30 the day before in Los Angeles (PDT).
    expect(calendarParts(WED_0630_UTC, 'America/Los_Angeles')).toMatchObject({
      hour: 23,
      day: 4,
      weekday: 2,
    });
  });

  it.each([
    ['* * * * *', true],
    ['30 6 * * *', true],
    ['0 6 * * *', false],
    ['*/15 6-8 * * mon-fri', true],
    ['*/15 6-8 * * sat,sun', false],
    ['* * 5 jun *', true],
    ['* * 1 * wed', true], // both day fields restricted: either matches
    ['* * 1 * thu', false],
    ['* * * * 0-2', false],
    ['* * * * 3/7', true],
  ])('cron %s at Wednesday 06:30 → %s', (expr, expected) => {
    expect(cronMatches(parseCron(expr), calendarParts(WED_0630_UTC, 'UTC'))).toBe(expected);
  });

  it('treats 7 as Sunday and refuses malformed fields', () => {
    const sunday = calendarParts(new Date('2024-06-09T12:00:00Z'), 'UTC');
    expect(cronMatches(parseCron('* * * * 7'), sunday)).toBe(true);
    expect(() => parseCron('* * *')).toThrow(/5 fields/);
    expect(() => parseCron('61 * * * *')).toThrow(/minute: '61'/);
    expect(() => parseCron('* * * * 5-1')).toThrow(/backwards/);
    expect(() => parseCron('*/0 * * * *')).toThrow(/step/);
  });

  it('decides weekdays and cron against the run start', () => {
    expect(calendarDecision({ weekdays: ['wed'] }, WED_0630_UTC, 'UTC')).toEqual({ run: true });
    expect(calendarDecision({ weekdays: ['sat', 'sun'] }, WED_0630_UTC, 'UTC')).toMatchObject({ run: false });
    expect(calendarDecision({ cron: '* 7 * * *' }, WED_0630_UTC, 'UTC').reason).toMatch(/cron/);
    expect(calendarDecision({ sql: 'true' }, WED_0630_UTC)).toEqual({ run: true });
  });
});
