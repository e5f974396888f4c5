import type { CliIo } from './cliIo';
import { decodeSpliceInfoSection } from '../scte35/decode';
import { fromBase64, fromHex } from '../scte35/bytes';
import { Scte35Error } from '../scte35/scte35Error';

export const scte35Usage = 'usage: stitchbox scte35 <base64 | 0xhex>';

/**
 * `stitchbox scte35 <base64 | 0xhex>` (DESIGN.md "The command line"): the decoded splice_info_section as JSON.
 * The caller says which text form by the prefix: `0x` is hexadecimal, anything else base64. Bad input: one line
 * saying what is wrong and at which byte (of the section, or of the argument for bad base64/hex), exit 1.
 */
export async function scte35Command(args: string[], io: CliIo): Promise<number> {
  if (args.length !== 1 || args[0].trim() === '') {
    io.stderr(`stitchbox: scte35: expected one argument\n${scte35Usage}\n`);
    return 2;
  }
  const text = args[0];
  try {
    // Both text decoders skip whitespace, so offsets of bad characters are offsets in the argument as given.
    const bytes = /^\s*0x/i.test(text) ? fromHex(text) : fromBase64(text);
    io.stdout(`${JSON.stringify(decodeSpliceInfoSection(bytes), null, 2)}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof Scte35Error)) throw e;
    io.stderr(`stitchbox: scte35: ${e.message}\n`);
    return 1;
  }
}
