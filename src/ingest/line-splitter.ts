/** A line as a range of a text: `text.slice(start, end)` without the copy. */
export type RangeHandler = (text: string, start: number, end: number) => void;

/**
 * Splits a byte stream decoded as latin1 (one char per byte, so NMEA checksums stay byte-exact)
 * into lines ended by LF or CRLF. A line longer than `maxLength` without an end is cut off and
 * reported, so a stream with no newlines cannot grow memory without bound.
 */
export class LineSplitter {
  private carry = '';
  /** Lines dropped for exceeding maxLength. */
  overlong = 0;

  constructor(private readonly maxLength = 4096) {}

  push(chunk: string, onLine: (line: string) => void): void {
    this.scan(chunk, (text, start, end) => onLine(text.slice(start, end)));
  }

  /** As `push`, handing each line on as a range of the chunk (`kakou ais decode` cuts no line out). */
  scan(chunk: string, onLine: RangeHandler): void {
    let start = 0;
    let text = chunk;
    if (this.carry) {
      text = this.carry + chunk;
      this.carry = '';
    }
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (end - start <= this.maxLength) {
        if (end > start) onLine(text, start, end);
      } else this.overlong++;
      start = nl + 1;
    }
    if (start < text.length) {
      if (text.length - start > this.maxLength) this.overlong++;
      else this.carry = text.slice(start);
    }
  }

  /** The last line, when the stream ended without a newline. */
  end(onLine: (line: string) => void): void {
    this.endScan((text, start, end) => onLine(text.slice(start, end)));
  }

  endScan(onLine: RangeHandler): void {
    const rest = this.carry;
    this.carry = '';
    const end = rest.endsWith('\r') ? rest.length - 1 : rest.length;
    if (end > 0) onLine(rest, 0, end);
  }
}
