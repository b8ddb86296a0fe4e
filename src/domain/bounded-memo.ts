/**
 * Values made once per key and handed out again, up to `max` keys; past that it starts again from
 * the keys still asked for, so keys that arrive from outside (MMSIs, device ids) cannot grow it.
 * The track store keeps one id string per subject this way: a string made fresh per message has to
 * be hashed (and, as a property key, looked up among V8's internalized strings) every time.
 */
export class BoundedMemo<K, V> {
  private readonly values = new Map<K, V>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.values.size;
  }

  get(key: K, make: (key: K) => V): V {
    let value = this.values.get(key);
    if (value === undefined) {
      if (this.values.size >= this.max) this.values.clear();
      value = make(key);
      this.values.set(key, value);
    }
    return value;
  }
}
