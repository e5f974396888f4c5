import type { CliCommand, CliIo } from './cliIo';
import { scte35Command } from './scte35Command';
import { vastCommand } from './vastCommand';

/** Subcommands by name; each lives in its own file (later: vast, stitch, serve). */
const commands: { readonly [name: string]: CliCommand } = {
  scte35: scte35Command,
  vast: vastCommand,
};

const usage = `usage: stitchbox <command> [arguments]

commands:
  scte35 <base64 | 0xhex>   decode a SCTE-35 splice_info_section and print it as JSON
  vast <file | url>         the normalized ads of a VAST or VMAP document as JSON (wrappers followed for a URL)
`;

/**
 * The `stitchbox` command line (DESIGN.md "The command line"): JSON on stdout, a one-line message on stderr.
 * Returns the exit code: 0 ok, 1 bad input, 2 usage.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage);
    return 0;
  }
  if (name === undefined || name === '') {
    io.stderr(usage);
    return 2;
  }
  const command = commands[name];
  if (command === undefined) {
    io.stderr(`stitchbox: unknown command '${name}'\n${usage}`);
    return 2;
  }
  try {
    return await command(args, io);
  } catch (e) {
    io.stderr(`stitchbox: ${name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 70;
  }
}
