import type { Config } from '../config/schema.js';
import { Checkpoint } from '../tracks/checkpoint.js';

/** The checkpoint the configuration draws: its line or gate, or its several gates (a circle gate centred on the site unless said otherwise). */
export function siteCheckpoint(config: Pick<Config, 'site' | 'checkpoint'>): Checkpoint {
  const { site } = config;
  const gates = config.checkpoint.gates.map((g) => ({ ...g, centre: g.centre ?? ([site.lat, site.lon] as const) }));
  return new Checkpoint({ site, ...config.checkpoint, gates });
}
