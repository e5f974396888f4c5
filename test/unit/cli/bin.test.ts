import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** bin/stitchbox.mjs as npm would run it (`npx stitchbox`): a separate Node process. */
const bin = fileURLToPath(new URL('../../../bin/stitchbox.mjs', import.meta.url));
const stitchbox = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30000 });

describe('bin/stitchbox.mjs', () => {
  it('decodes a section: JSON on stdout, exit 0', () => {
    const r = stitchbox('scte35', '/DA0AAAAAAAA///wBQb+cr0AUAAeAhxDVUVJSAAAjn/PAAGlmbAICAAAAAAsoKGKNAIAmsnRfg==');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ splice_command_type: 6, descriptors: [{ segmentation_type_id: 52 }] });
  });

  it('sets a non-zero exit code with the message on stderr for bad input', () => {
    const r = stitchbox('scte35', '/DBaf%^');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("stitchbox: scte35: bad base64 character '%' at byte 5\n");
  });

  it('exits 2 on a usage error', () => {
    expect(stitchbox('scte35').status).toBe(2);
  });
});
