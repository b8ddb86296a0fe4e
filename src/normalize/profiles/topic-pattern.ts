import { KakouError } from '../../errors.js';

/** A profile topic pattern compiled to an MQTT subscription filter and a matcher with captures. */
export interface TopicPattern {
  pattern: string;
  filter: string;
  names: string[];
  match(topic: string): Record<string, string> | null;
  /** The same on a topic already split at '/', for a caller that tries several patterns on one topic. */
  matchLevels(parts: readonly string[]): Record<string, string> | null;
}

export function compileTopic(pattern: string): TopicPattern {
  const levels = pattern.split('/');
  const names: string[] = [];
  const filter: string[] = [];
  levels.forEach((level, i) => {
    const capture = /^\{([A-Za-z][A-Za-z0-9_]*)\}$/.exec(level);
    if (capture) {
      names.push(capture[1] as string);
      filter.push('+');
    } else if (level === '#') {
      if (i !== levels.length - 1)
        throw new KakouError('KAKOU_E_PROFILE_INVALID', `"#" must be the last level of ${pattern}`);
      filter.push('#');
    } else if (level === '+' || /[{}+#]/.test(level)) {
      throw new KakouError('KAKOU_E_PROFILE_INVALID', `level "${level}" of ${pattern}: use {name} to capture a level`);
    } else {
      filter.push(level);
    }
  });
  const multi = filter[filter.length - 1] === '#';
  return {
    pattern,
    filter: filter.join('/'),
    names,
    match(topic) {
      return this.matchLevels(topic.split('/'));
    },
    matchLevels(parts) {
      if (multi ? parts.length < levels.length - 1 : parts.length !== levels.length) return null;
      const captures: Record<string, string> = {};
      let n = 0;
      for (let i = 0; i < filter.length; i++) {
        const f = filter[i];
        if (f === '#') break;
        const p = parts[i] as string;
        if (f === '+') {
          if (p === '') return null;
          captures[names[n++] as string] = p;
        } else if (f !== p) return null;
      }
      return captures;
    },
  };
}
