// Argument parsing shared by every command (node:util parseArgs; no framework needed for this size).

import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Dialect, EncodingName, OpenOverrides } from '../core/contract/datasets.js';
import { AppError } from '../core/contract/errors.js';

/** Options every command that opens a file accepts. */
export const OPEN_OPTIONS = {
  project: { type: 'string' },
  encoding: { type: 'string' },
  delimiter: { type: 'string' },
  quote: { type: 'string' },
  'no-header': { type: 'boolean' },
  reimport: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** Help text for OPEN_OPTIONS, appended to each command's help. */
export const OPEN_OPTIONS_HELP = `  --project DIR        project folder (default: one per file under $SLUICE_HOME)
  --encoding ENC       force utf-8 | utf-16le | utf-16be | windows-1252 (alias latin1)
  --delimiter D        force , ; tab |
  --quote Q            force " or ' or none
  --no-header          the first line is data
  --reimport           import again even if the project holds an up-to-date import
  --json               print one JSON object on stdout
  -h, --help           show this help`;

/** Parses argv for a command; unknown options are a usage error (exit 2). */
export function parse<O extends ParseArgsConfig['options']>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new AppError('BAD_USAGE', (e as Error).message, { hint: 'Run with --help to see the options.' });
  }
}

const DELIMITERS: Record<string, Dialect['delimiter']> = {
  ',': ',',
  ';': ';',
  tab: '\t',
  '\t': '\t',
  '|': '|',
};
const ENCODINGS: Record<string, EncodingName> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  latin1: 'windows-1252',
  'iso-8859-1': 'windows-1252',
};

/** The dialect overrides given on the command line. */
export function overridesFrom(values: {
  encoding?: string;
  delimiter?: string;
  quote?: string;
  'no-header'?: boolean;
}): OpenOverrides | undefined {
  const o: OpenOverrides = {};
  if (values.encoding !== undefined) {
    const enc = ENCODINGS[values.encoding.toLowerCase()];
    if (!enc)
      throw new AppError('BAD_USAGE', `Unknown encoding '${values.encoding}'.`, {
        hint: `Use one of: ${Object.keys(ENCODINGS).join(', ')}.`,
      });
    o.encoding = enc;
  }
  if (values.delimiter !== undefined) {
    const d = DELIMITERS[values.delimiter.toLowerCase()];
    if (!d)
      throw new AppError('BAD_USAGE', `Unsupported delimiter '${values.delimiter}'.`, {
        hint: 'Use , ; tab or |.',
      });
    o.delimiter = d;
  }
  if (values.quote !== undefined) {
    if (!['"', "'", 'none'].includes(values.quote))
      throw new AppError('BAD_USAGE', `Unsupported quote '${values.quote}'.`, {
        hint: `Use " or ' or none.`,
      });
    o.quote = values.quote === 'none' ? null : (values.quote as '"' | "'");
  }
  if (values['no-header']) o.header = false;
  return Object.keys(o).length ? o : undefined;
}

/** The single FILE positional, or a usage error. */
export function onePath(positionals: string[], what = 'FILE'): string {
  if (positionals.length !== 1)
    throw new AppError(
      'BAD_USAGE',
      positionals.length ? `Expected one ${what}, got ${positionals.length}.` : `Missing ${what}.`,
      {
        hint: 'Run with --help to see the usage.',
      },
    );
  return positionals[0] as string;
}

/** A positive integer option, or a usage error naming it. */
export function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new AppError('BAD_USAGE', `--${name} must be a positive integer, got '${value}'.`, {});
  return n;
}
