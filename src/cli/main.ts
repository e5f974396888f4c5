import type { CliCommand, CliIo } from './cliIo';
import { scte35Command } from './scte35Command';
import { vastCommand } from './vastCommand';
import { stitchCommand } from './stitchCommand';
import { serveCommand } from './serveCommand';

/** Subcommands by name; each lives in its own file. */
const commands: { readonly [name: string]: CliCommand } = {
  scte35: scte35Command,
  vast: vastCommand,
  stitch: stitchCommand,
  serve: serveCommand,
};

const usage = `usage: stitchbox <command> [arguments]

commands:
  scte35 <base64 | 0xhex>   decode a SCTE-35 splice_info_section and print it as JSON
  vast <file | url>         the normalized ads of a VAST or VMAP document as JSON (wrappers followed for a URL)
  stitch <manifest file | url> --ads <vast file | url> [--variant N] [--out DIR]
                            the stitched playlist (HLS multivariant + variant N's media playlist, media, or DASH MPD)
                            from the real engine in this process; a break without ads: reason on stderr, exit 1
  serve [--port N]          the demo server (default port 5173) until Ctrl-C; only in a clone of the repository
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
