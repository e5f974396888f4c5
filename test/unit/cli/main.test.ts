import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main';

const SAMPLE_14_1 = '/DA0AAAAAAAA///wBQb+cr0AUAAeAhxDVUVJSAAAjn/PAAGlmbAICAAAAAAsoKGKNAIAmsnRfg==';
const SAMPLE_14_1_HEX = '0xFC3034000000000000FFFFF00506FE72BD0050001E021C435545494800008E7FCF0001A599B00808000000002CA0A18A3402009AC9D17E';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
  return { code, out, err };
}

describe('stitchbox scte35', () => {
  it('prints a base64 section as pretty JSON with the spec names', async () => {
    const r = await run('scte35', SAMPLE_14_1);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^\{\n {2}"table_id": 252,\n/);
    expect(r.out.endsWith('}\n')).toBe(true);
    const s = JSON.parse(r.out);
    expect(s).toMatchObject({
      splice_command_type: 6,
      splice_command: { splice_time: { time_specified_flag: true, pts_time: 1924989008 } },
      descriptors: [{ segmentation_event_id: 0x4800008e, segmentation_type_id: 0x34, segmentation_duration: 27630000, segmentation_upid_type: 8 }],
    });
  });

  it('reads 0x-prefixed hex as hex, to the same section', async () => {
    const hex = await run('scte35', SAMPLE_14_1_HEX);
    expect(hex.code).toBe(0);
    expect(hex.out).toBe((await run('scte35', SAMPLE_14_1)).out);
  });

  it('reports a bad CRC with its byte offset, exit 1', async () => {
    const r = await run('scte35', `${SAMPLE_14_1_HEX.slice(0, -1)}F`);
    expect(r).toEqual({ code: 1, out: '', err: 'stitchbox: scte35: CRC_32 mismatch: the section carries 0x9ac9d17f, its bytes give 0x9ac9d17e at byte 51\n' });
  });

  it('reports a truncated section, exit 1', async () => {
    const r = await run('scte35', SAMPLE_14_1.slice(0, 40));
    expect(r.code).toBe(1);
    expect(r.err).toBe('stitchbox: scte35: truncated: section_length 52 needs 55 bytes, the input has 30 at byte 30\n');
  });

  it('reports the position of a bad base64 character, exit 1', async () => {
    const r = await run('scte35', '/DBaf%^');
    expect(r).toEqual({ code: 1, out: '', err: "stitchbox: scte35: bad base64 character '%' at byte 5\n" });
  });

  it('reports the position of a bad hex digit, exit 1', async () => {
    const r = await run('scte35', '0xfc30zz');
    expect(r.err).toBe("stitchbox: scte35: bad hex character 'z' at byte 6\n");
    expect(r.code).toBe(1);
  });

  it('exits 2 with the usage when the argument is missing or extra', async () => {
    for (const argv of [['scte35'], ['scte35', ''], ['scte35', SAMPLE_14_1, 'more']]) {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/usage: stitchbox scte35 <base64 \| 0xhex>/);
    }
  });
});

describe('stitchbox', () => {
  it('exits 2 with the usage for no command or an unknown one', async () => {
    expect(await run()).toMatchObject({ code: 2, out: '', err: expect.stringMatching(/^usage: stitchbox <command>/) });
    expect(await run('frobnicate')).toMatchObject({ code: 2, err: expect.stringMatching(/^stitchbox: unknown command 'frobnicate'/) });
  });

  it('prints the usage on stdout for --help, exit 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/scte35 <base64 \| 0xhex>/);
  });
});
