/**
 * Visit the lines of `text` by position, without copying it: `start`..`end` excludes the line break
 * (`\n` or `\r\n`). Used where the output must keep every other byte as it was (master rewrite).
 */
export function forEachLine(text: string, visit: (start: number, end: number, index: number) => void): void {
  let start = 0;
  let index = 0;
  while (start <= text.length) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (!(nl === text.length && start === nl)) visit(start, end, index);
    index++;
    start = nl + 1;
  }
}
