/** Where a command writes: the real process streams in bin/stitchbox.mjs, string buffers in tests. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** A subcommand: its arguments (after the command name) in, the exit code out. */
export type CliCommand = (args: string[], io: CliIo) => Promise<number>;
