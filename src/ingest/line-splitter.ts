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
    let start = 0;
    let text = chunk;
    if (this.carry) {
      text = this.carry + chunk;
      this.carry = '';
    }
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (end - start <= this.maxLength) {
        if (end > start) onLine(text.slice(start, end));
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
    const rest = this.carry.endsWith('\r') ? this.carry.slice(0, -1) : this.carry;
    this.carry = '';
    if (rest) onLine(rest);
  }
}
