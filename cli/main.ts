/** Runs the CLI with the given arguments and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  console.log(`sluice ${argv.join(' ')}`);
  return 0;
}
