/**
 * A playlist body as far as it can be trusted. RFC 8216 §4.1: each line of a playlist is terminated by LF or CR LF.
 * A body whose last line has no terminator may have been cut short in transit (a connection closed early, a
 * truncated origin response): that line could be half a segment URI (`ts/720p/12` of `ts/720p/1234.ts`), which
 * stitched into the player's playlist would send it to a segment that does not exist, or half a tag. So the
 * unterminated last line is dropped, and with it the tags after the last complete URI (the EXTINF, date and cue
 * tags of the segment that was cut off: RFC 8216 §4.3.2 media segment tags apply to the URI that follows them);
 * a live window is then a segment shorter until the next refresh. A terminated body whose last line is an EXTINF
 * was cut on a line boundary and is trimmed the same way. The one exception is a complete
 * `#EXT-X-ENDLIST`, which files often end with and which cannot be a prefix of anything else (issue 9 item 3:
 * origin playlists truncated on refresh).
 */
export function dropPartialLine(text: string): string {
  if (text === '') return text;
  const lines = text.split('\n');
  const partial = lines.pop()!;
  if (partial === '') {
    // Terminated, but cut on a line boundary if it ends in an EXTINF, which must be followed by its URI (§4.3.2.1).
    let last = lines.length - 1;
    while (last >= 0 && lines[last].trim() === '') last--;
    if (last < 0 || !lines[last].startsWith('#EXTINF:')) return text;
  } else if (partial.trim() === '#EXT-X-ENDLIST') return text;
  let end = lines.length;
  while (end > 0 && (lines[end - 1].trim() === '' || lines[end - 1].trimStart().startsWith('#'))) end--;
  // No complete segment at all: the lines before the first EXTINF (the header) are what there is.
  if (end === 0) {
    const first = lines.findIndex((l) => l.startsWith('#EXTINF:'));
    end = first === -1 ? lines.length : first;
  }
  return lines.slice(0, end).map((l) => `${l}\n`).join('');
}
