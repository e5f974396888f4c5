/**
 * `hls.<option>=<value>` page query parameters → an hls.js config object, so a tester can tune the player from the
 * URL (e.g. `hls.liveSyncDurationCount=8` when the live simulator runs its clock faster than real time). Only
 * options that hls.js has, with a number or boolean default, are taken, converted to that type; anything else is
 * reported and ignored (the page still plays with the defaults).
 */
export function hlsConfigFromQuery(params: URLSearchParams, defaults: object): { config: Record<string, number | boolean>; problems: string[] } {
  const config: Record<string, number | boolean> = {};
  const problems: string[] = [];
  const known = defaults as Record<string, unknown>;
  for (const [k, v] of params) {
    if (!k.startsWith('hls.')) continue;
    const name = k.slice(4);
    const def = Object.prototype.hasOwnProperty.call(known, name) ? known[name] : undefined;
    if (typeof def === 'number') {
      const n = v === 'Infinity' ? Infinity : Number(v);
      if (v.trim() === '' || Number.isNaN(n)) problems.push(`hls.${name}: "${v}" is not a number`);
      else config[name] = n;
    } else if (typeof def === 'boolean') {
      if (v === 'true' || v === 'false') config[name] = v === 'true';
      else problems.push(`hls.${name}: "${v}" is not true or false`);
    } else {
      problems.push(`hls.${name}: not an hls.js option with a number or boolean value`);
    }
  }
  return { config, problems };
}
