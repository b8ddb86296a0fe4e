/**
 * Small binary records packed end to end in one growing buffer, and a sorted 32-bit key index over
 * them. A million credit subjects as JS objects would cost several hundred MiB of heap and long GC
 * pauses; packed, they cost tens of MiB that the garbage collector never walks.
 */
const CHUNK_BITS = 20;
const CHUNK = 1 << CHUNK_BITS;

/**
 * Writes records into 1 MiB chunks, each record whole in one chunk, so the store grows without the
 * copies (and the transient triple footprint) of a doubling buffer. A record is addressed by
 * chunk << 20 | offset, which keeps addresses in 32 bits up to 4 GiB.
 */
export class RecordPacker {
  private readonly chunks: Buffer[] = [];
  private scratch = Buffer.allocUnsafe(4096);
  private pos = 0;
  private readonly starts = new U32Builder();
  private current: Buffer | null = null;
  private used = 0;
  private open = false;

  /** Starts a record, closing the one before, and returns its number. */
  begin(): number {
    if (this.open) this.flush();
    this.open = true;
    return this.starts.length;
  }

  u8(v: number): void {
    this.room(1);
    this.scratch[this.pos++] = v;
  }

  u16(v: number): void {
    this.room(2);
    this.pos = this.scratch.writeUInt16LE(v, this.pos);
  }

  u32(v: number): void {
    this.room(4);
    this.pos = this.scratch.writeUInt32LE(v, this.pos);
  }

  f64(v: number): void {
    this.room(8);
    this.pos = this.scratch.writeDoubleLE(v, this.pos);
  }

  /** A string of up to 65,534 UTF-8 bytes; null is kept apart from the empty string. */
  str(s: string | null): void {
    if (s === null) return this.u16(0xffff);
    const n = Buffer.byteLength(s);
    this.u16(n);
    this.room(n);
    this.pos += this.scratch.write(s, this.pos);
  }

  finish(): PackedRecords {
    if (this.open) this.flush();
    this.open = false;
    // The last chunk is cut to size so its slack is given back.
    if (this.current) this.chunks[this.chunks.length - 1] = Buffer.from(this.current.subarray(0, this.used));
    this.current = null;
    return new PackedRecords(this.chunks, this.starts.finish());
  }

  /** Copies the record being written into the current chunk, or a new one when it does not fit. */
  private flush(): void {
    if (this.pos > CHUNK) throw new RangeError(`a packed record of ${this.pos} bytes does not fit a chunk`);
    if (!this.current || this.used + this.pos > CHUNK) {
      this.current = Buffer.allocUnsafe(CHUNK);
      this.chunks.push(this.current);
      this.used = 0;
    }
    this.starts.push((((this.chunks.length - 1) << CHUNK_BITS) | this.used) >>> 0);
    this.scratch.copy(this.current, this.used, 0, this.pos);
    this.used += this.pos;
    this.pos = 0;
  }

  private room(n: number): void {
    if (this.pos + n <= this.scratch.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, this.pos + n));
    this.scratch.copy(next, 0, 0, this.pos);
    this.scratch = next;
  }
}

export class PackedRecords {
  constructor(
    private readonly chunks: Buffer[],
    private readonly starts: Uint32Array,
  ) {}

  get count(): number {
    return this.starts.length;
  }

  get bytes(): number {
    return this.chunks.reduce((n, c) => n + c.length, 0) + this.starts.byteLength;
  }

  reader(record: number): RecordReader {
    const at = this.starts[record] as number;
    return new RecordReader(this.chunks[at >>> CHUNK_BITS] as Buffer, at & (CHUNK - 1));
  }
}

export class RecordReader {
  constructor(
    private readonly buf: Buffer,
    private pos: number,
  ) {}

  u8(): number {
    return this.buf[this.pos++] as number;
  }

  u16(): number {
    const v = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return v;
  }

  u32(): number {
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  f64(): number {
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  str(): string | null {
    const n = this.u16();
    if (n === 0xffff) return null;
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
}

/** A growable array of unsigned 32-bit integers, without the boxing a number[] of large values costs. */
export class U32Builder {
  private buf = new Uint32Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Uint32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  finish(): Uint32Array {
    return this.buf.slice(0, this.length);
  }
}

/**
 * Unsigned 32-bit keys (an MMSI, or a hash of a plate) mapped to record numbers in an open-addressing
 * hash table with linear probing, at most 70% full: a lookup touches one or two cache lines where a
 * bisection over a million keys touches twenty. Keys may repeat (hash collisions of plates), so
 * callers confirm against the record.
 */
export class KeyIndex {
  private readonly keys: Uint32Array;
  /** Record number + 1 per slot; 0 marks an empty slot. */
  private readonly slots: Uint32Array;

  constructor(keys: U32Builder, records: U32Builder) {
    const k = keys.finish();
    const r = records.finish();
    const capacity = Math.max(16, Math.ceil(k.length / 0.7));
    this.keys = new Uint32Array(capacity);
    this.slots = new Uint32Array(capacity);
    for (let i = 0; i < k.length; i++) {
      let at = this.home(k[i] as number);
      while (this.slots[at] !== 0) at = at + 1 === capacity ? 0 : at + 1;
      this.keys[at] = k[i] as number;
      this.slots[at] = (r[i] as number) + 1;
    }
  }

  get bytes(): number {
    return this.keys.byteLength + this.slots.byteLength;
  }

  /** The first record under `key` that `matches`, or -1. */
  find(key: number, matches: (record: number) => boolean): number {
    const capacity = this.slots.length;
    for (let at = this.home(key); this.slots[at] !== 0; at = at + 1 === capacity ? 0 : at + 1) {
      if (this.keys[at] === key && matches((this.slots[at] as number) - 1)) return (this.slots[at] as number) - 1;
    }
    return -1;
  }

  /** Fibonacci hashing spreads sequential keys (MMSIs of one fleet) over the table; scaled, not masked, so any capacity works. */
  private home(key: number): number {
    return Math.floor(((Math.imul(key, 0x9e3779b1) >>> 0) * this.slots.length) / 4294967296);
  }
}

/** FNV-1a over the UTF-16 code units: a fast, well-spread 32-bit hash for short keys. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
