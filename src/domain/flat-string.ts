/**
 * The same text as one flat string. V8 keeps a concatenation longer than 12 characters (a template
 * literal such as `vessel:${mmsi}`) as a rope holding its parts; an id that lives as long as its
 * track, held by several maps and objects, costs half as much flat. Array.prototype.join of two
 * or more parts always builds a flat string.
 */
export function flat(s: string): string {
  return s.length < 13 ? s : [s.slice(0, 1), s.slice(1)].join('');
}
