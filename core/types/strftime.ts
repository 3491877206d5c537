// Date/time `format` patterns (Table Schema uses Python's strptime directives) translated to a strict regular
// expression. DuckDB's strptime is lenient about surrounding text and whitespace, so validation requires both
// the regex (exact layout) and try_strptime (a real calendar date); the JS twin checks the calendar itself.

/** A component a directive captures, for the JS calendar check. */
export type DateComponent =
  'Y' | 'y' | 'm' | 'b' | 'd' | 'j' | 'H' | 'I' | 'M' | 'S' | 'f' | 'p' | 'z' | 'Z' | 'a';

interface Directive {
  re: string;
  component?: DateComponent;
}

const NUM12 = '[0-9]{1,2}';
const NAME = '[A-Za-z]+';

// Only directives DuckDB's strptime understands, so a format that compiles here also runs there.
const DIRECTIVES: Record<string, Directive> = {
  Y: { re: '[0-9]{4}', component: 'Y' },
  y: { re: '[0-9]{2}', component: 'y' },
  m: { re: NUM12, component: 'm' },
  '-m': { re: NUM12, component: 'm' },
  d: { re: NUM12, component: 'd' },
  '-d': { re: NUM12, component: 'd' },
  b: { re: '[A-Za-z]{3}', component: 'b' },
  h: { re: '[A-Za-z]{3}', component: 'b' },
  B: { re: NAME, component: 'b' },
  a: { re: '[A-Za-z]{3}', component: 'a' },
  A: { re: NAME, component: 'a' },
  j: { re: '[0-9]{1,3}', component: 'j' },
  '-j': { re: '[0-9]{1,3}', component: 'j' },
  H: { re: NUM12, component: 'H' },
  '-H': { re: NUM12, component: 'H' },
  I: { re: NUM12, component: 'I' },
  '-I': { re: NUM12, component: 'I' },
  M: { re: NUM12, component: 'M' },
  '-M': { re: NUM12, component: 'M' },
  S: { re: NUM12, component: 'S' },
  '-S': { re: NUM12, component: 'S' },
  f: { re: '[0-9]{1,6}', component: 'f' },
  p: { re: '[AaPp][Mm]', component: 'p' },
  z: { re: 'Z|[+-][0-9]{2}:?[0-9]{2}', component: 'z' },
  Z: { re: '[A-Za-z][A-Za-z0-9_/+-]*', component: 'Z' },
  '%': { re: '%' },
};

/** A format pattern compiled to a regex, with the components in capture order. */
export interface CompiledFormat {
  /** The pattern without the legacy `fmt:` prefix. */
  pattern: string;
  /** Regex source (no anchors) with one capture group per directive, in `components` order. */
  regex: string;
  components: (DateComponent | undefined)[];
  /** True when the pattern has time-of-day directives. */
  hasTime: boolean;
  /** True when the pattern has calendar-date directives. */
  hasDate: boolean;
}

/** Escapes one literal character for RE2 and JS alike. */
function escapeChar(ch: string): string {
  return /[\\^$.|?*+()[\]{}]/.test(ch) ? `\\${ch}` : ch;
}

/** Strips the legacy Table Schema `fmt:` prefix. */
export function stripFmtPrefix(format: string): string {
  return format.startsWith('fmt:') ? format.slice(4) : format;
}

/** Compiles a strftime pattern; throws an Error naming the offending directive when it is not supported. */
export function compileFormat(format: string): CompiledFormat {
  const pattern = stripFmtPrefix(format);
  let regex = '';
  const components: (DateComponent | undefined)[] = [];
  let directives = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch !== '%') {
      regex += escapeChar(ch);
      continue;
    }
    const dash = pattern[i + 1] === '-';
    const key = dash ? `-${pattern[i + 2] ?? ''}` : (pattern[i + 1] ?? '');
    const d = DIRECTIVES[key];
    if (!d) throw new Error(`unsupported directive %${key || '(end of pattern)'} in format '${pattern}'`);
    i += dash ? 2 : 1;
    if (d.component) {
      regex += `(${d.re})`;
      components.push(d.component);
      directives++;
    } else {
      regex += d.re;
    }
  }
  if (directives === 0) throw new Error(`format '${pattern}' has no date or time directive`);
  const has = (set: DateComponent[]) => components.some((c) => c !== undefined && set.includes(c));
  return {
    pattern,
    regex,
    components,
    hasTime: has(['H', 'I', 'M', 'S', 'f']),
    hasDate: has(['Y', 'y', 'm', 'b', 'd', 'j']),
  };
}
