/**
 * A playlist body as far as it can be trusted. RFC 8216 §4.1: each line of a playlist is terminated by LF or CR LF.
 * A body whose last line has no terminator may have been cut short in transit (a connection closed early, a
 * truncated origin response): that line could be half a segment URI (`ts/720p/12` of `ts/720p/1234.ts`), which
 * stitched into the player's playlist would send it to a segment that does not exist, or half a tag. So the
 * unterminated last line is dropped; a live window is then one segment shorter until the next refresh. The one
 * exception is a complete `#EXT-X-ENDLIST`, which files often end with and which cannot be a prefix of anything
 * else (issue 9 item 3: origin playlists truncated on refresh).
 */
export function dropPartialLine(text: string): string {
  if (text === '' || text.endsWith('\n')) return text;
  const start = text.lastIndexOf('\n') + 1;
  const last = text.slice(start).trim();
  if (last === '#EXT-X-ENDLIST') return text;
  return text.slice(0, start);
}
