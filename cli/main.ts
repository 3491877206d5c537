// The `sluice` command: dispatches to one command per file; every error ends as one line on stderr with
// the exit code the error table gives (2 for bad usage or unreadable input).

import { DEFAULT_MEMORY_LIMIT_MB } from '../core/adapters/duckdb-settings.js';
import { ERROR_TABLE, formatError, isCancellation, toAppError } from '../core/contract/errors.js';
import { embedCommand } from './commands/embed.js';
import { exampleCommand } from './commands/example.js';
import { inspectCommand } from './commands/inspect.js';
import { previewCommand } from './commands/preview.js';
import { recipeCommand } from './commands/recipe.js';
import { runCommand } from './commands/run.js';
import { runsCommand } from './commands/runs.js';
import { schemaCommand } from './commands/schema.js';
import { serveCommand } from './commands/serve.js';
import { similarCommand } from './commands/similar.js';
import { suggestCommand } from './commands/suggest.js';
import { syncCommand } from './commands/sync.js';
import { connectionsCommand } from './commands/connections.js';
import { validateCommand } from './commands/validate.js';
import { watchCommand } from './commands/watch.js';

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  inspect: inspectCommand,
  preview: previewCommand,
  schema: schemaCommand,
  validate: validateCommand,
  suggest: suggestCommand,
  recipe: recipeCommand,
  example: exampleCommand,
  serve: serveCommand,
  embed: embedCommand,
  similar: similarCommand,
  run: runCommand,
  runs: runsCommand,
  watch: watchCommand,
  sync: syncCommand,
  connections: connectionsCommand,
};

export const MAIN_HELP = `Sluice: open, validate, fix and sync CSV files, locally.

Usage: sluice <command> [options]      (sluice <command> --help for details)

Commands:
  example                      run everything on the bundled dirty orders example
  inspect FILE                 encoding, dialect, row/reject counts and a profile of every column
  preview FILE                 the first records, parsed, without importing
  schema infer FILE            infer a Frictionless Table Schema from the data
  validate FILE --schema S     check every row against a Table Schema; exit 1 when there are findings
  suggest FILE --schema S      fixes per findings group with their effect (values changed, findings fixed)
  recipe apply FILE --recipe R replay a recipe on a file (the daily drop); recipe export FILE --out R
  serve [FILE]                 the UI in your browser (web mode, 127.0.0.1 with a token)
  embed FILE --column C        vectors for a text column, locally (--model, --device cpu|cuda)
  similar FILE --column C      rows most similar to --row LINE or --text "…" (cosine)
  run PIPELINE                 run a pipeline (*.sluice.json) with checkpoints; --resume RUN_ID, --dry-run
  runs list|show|rollback      the run history of a pipeline: phases, rows, timings, logs; roll back
  watch DIR --pipeline P       run the pipeline on every new CSV file that lands in DIR
  sync FILE --table T --mode M into PostgreSQL (--to URL|NAME, default the sandbox); sync rollback|list
  connections add|list|test|remove  saved PostgreSQL connections (passwords in the OS keychain)

Environment:
  SLUICE_HOME                  where projects are kept (default ~/.local/share/sluice)
  SLUICE_THREADS               DuckDB threads (default: all cores)
  SLUICE_MEMORY_LIMIT_MB       DuckDB memory limit before spilling to disk (default ${DEFAULT_MEMORY_LIMIT_MB})
  SLUICE_COMPRESS_TEXT         1: imports and findings store text compressed (workspace ~7x smaller, import ~1.5x slower)
  DATABASE_URL                 default database of sync when no --to is given (else the sandbox)
  SLUICE_SANDBOX_DIR           where the sandbox PostgreSQL lives (default SLUICE_HOME/sandbox; as root, /var/lib/sluice/sandbox when the home is closed)`;

/** Runs the CLI with the given arguments and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(MAIN_HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    console.log('0.1.0');
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`sluice: unknown command '${name}'. Run 'sluice --help' for the list.`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (e) {
    const err = toAppError(e);
    if (isCancellation(err)) {
      console.error('sluice: cancelled; nothing was left half-done.');
      return ERROR_TABLE.CANCELLED.exitCode;
    }
    console.error(`sluice: ${formatError(err)}`);
    if (err.code === 'INTERNAL' && process.env.SLUICE_DEBUG) console.error(err.stack);
    return ERROR_TABLE[err.code].exitCode;
  }
}
