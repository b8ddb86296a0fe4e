import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { standaloneSchema } from '../config/json-schema.js';
import { GradeSchema } from '../domain/grades.js';
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import { KakouError } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import { FACTOR_CODES } from '../domain/factors.js';

const Rate = Type.Number({ minimum: 0, maximum: 1 });
const FactorCode = Type.String({ pattern: '^[A-Z][A-Z0-9_]*$' });
const Months = Type.Tuple([Type.Number({ minimum: 0 }), Type.Number({ minimum: 0 })], {
  description: '[window opens (may inspect), window closes (must inspect)], months after the last inspection.',
});

/** Paris/Tokyo MoU style: a risk profile from the score, and how long it may go uninspected. */
const WindowsSchema = Type.Object(
  {
    highRiskAt: Type.Integer({
      minimum: 1,
      maximum: 100,
      description: 'Score at or above which a subject is high risk.',
    }),
    lowRisk: Type.Object(
      {
        grades: Type.Array(GradeSchema, {
          description: 'Credit grades (the worse of subject and company) that can be low risk.',
        }),
        blockers: Type.Array(FactorCode, {
          description: 'Factors, priced or not, any of which keeps a subject from low risk.',
        }),
      },
      { additionalProperties: false },
    ),
    months: Type.Object({ high: Months, standard: Months, low: Months }, { additionalProperties: false }),
    neverInspected: Type.Union([Type.Literal('must-inspect'), Type.Literal('may-inspect'), Type.Literal('none')], {
      description: 'Tier of a subject with no inspection on record.',
    }),
    source: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);

export const PolicySchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' }),
    version: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    thresholds: Type.Object(
      {
        mustInspect: Type.Integer({
          minimum: 1,
          maximum: 100,
          description: 'Score at or above which a target must be inspected.',
        }),
        mayInspect: Type.Integer({
          minimum: 1,
          maximum: 100,
          description: 'Score at or above which a target may be inspected.',
        }),
        mustInspectPerHour: Type.Optional(
          Type.Number({
            exclusiveMinimum: 0,
            description:
              'By volume instead of points: the score cut-off is set so that about this many passages an hour ' +
              'reach must-inspect, from the scores of the last volumeWindowDays at this node.',
          }),
        ),
        mayInspectPerHour: Type.Optional(
          Type.Number({
            minimum: 0,
            description: 'By volume: about this many more passages an hour reach may-inspect.',
          }),
        ),
        volumeWindowDays: Type.Optional(
          Type.Integer({
            minimum: 1,
            maximum: 90,
            description:
              'Days of passages the volume cut-offs are read from (default 7); before a day of them, the points apply.',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    samplingRates: Type.Object(
      { AA: Rate, A: Rate, B: Rate, C: Rate, D: Rate, unknown: Rate },
      { additionalProperties: false, description: 'Credit-weighted random sampling rate per grade.' },
    ),
    controlRate: Type.Number({
      minimum: 0,
      maximum: 1,
      description: 'Uniform control-sample rate applied to every passing target.',
    }),
    windows: Type.Optional(WindowsSchema),
    capacity: Type.Optional(
      Type.Object(
        {
          boardingsPerHour: Type.Integer({
            minimum: 1,
            description:
              'Inspections the checkpoint can carry out per hour (one team for every kind, unless teams says otherwise).',
          }),
          teams: Type.Optional(
            Type.Array(
              Type.Object(
                {
                  id: Type.String({ pattern: '^[A-Za-z0-9._-]{1,40}$' }),
                  kinds: Type.Array(Type.Union([Type.Literal('vessel'), Type.Literal('vehicle')]), {
                    minItems: 1,
                    description: 'What the team boards.',
                  }),
                  boardingsPerHour: Type.Integer({ minimum: 1 }),
                  gate: Type.Optional(Type.String({ maxLength: 40, description: 'The gate or lane the team works.' })),
                },
                { additionalProperties: false },
              ),
              {
                minItems: 1,
                description: 'Boarding teams, each with its own capacity (vessel and vehicle teams may differ).',
              },
            ),
          ),
          source: Type.String({ minLength: 1 }),
        },
        { additionalProperties: false },
      ),
    ),
    burdenCap: Type.Optional(
      Type.Object(
        {
          cleanWithinDays: Type.Integer({
            minimum: 1,
            description:
              'A subject inspected without findings this recently is exempt from random draws unless a live signal appears.',
          }),
          source: Type.String({ minLength: 1 }),
        },
        { additionalProperties: false },
      ),
    ),
    fit: Type.Optional(
      Type.Object(
        {
          passages: Type.String({ description: 'The passages file the prices were fitted on.' }),
          from: Type.String(),
          to: Type.String(),
          count: Type.Integer({ minimum: 0 }),
          violations: Type.Integer({ minimum: 0 }),
          heldOut: Type.Object({ count: Type.Integer({ minimum: 0 }), auc: Type.Union([Type.Number(), Type.Null()]) }),
          pointsPerLogOdds: Type.Number({ exclusiveMinimum: 0 }),
          calibration: Type.Array(
            Type.Object({
              scores: Type.Tuple([Type.Integer(), Type.Integer()]),
              passages: Type.Integer({ minimum: 0 }),
              observed: Type.Union([Type.Number(), Type.Null()]),
              predicted: Type.Union([Type.Number(), Type.Null()]),
            }),
          ),
        },
        { description: 'Where fitted prices come from (kakou policy fit): the data and the quality of the fit.' },
      ),
    ),
    factors: Type.Record(
      FactorCode,
      Type.Object(
        {
          points: Type.Number({ minimum: 0, maximum: 100 }),
          perUnit: Type.Optional(
            Type.Boolean({ description: 'Points per occurrence (penalties, accidents), capped by max.' }),
          ),
          minUnits: Type.Optional(
            Type.Integer({
              minimum: 1,
              description: 'The factor counts only from this many occurrences (Paris MoU: 2 detentions; Tokyo MoU: 3).',
            }),
          ),
          max: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
          effect: Type.Optional(
            Type.Union([Type.Literal('overriding'), Type.Literal('unexpected'), Type.Literal('good-credit')]),
          ),
          source: Type.String({ minLength: 1, description: 'Where the value comes from, or "design".' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type Policy = Static<typeof PolicySchema>;
export type FactorPolicy = Policy['factors'][string];
export type PolicyWindows = NonNullable<Policy['windows']>;

/** Presets ship as data in src/scoring/presets/, read from there by the compiled code too. */
export const PRESET_DIR = join(PACKAGE_ROOT, 'src', 'scoring', 'presets');
const presetFile = (name: string) => join(PRESET_DIR, `${name}.json`);

/** Loads a preset by name or a policy file by path, reporting every problem at once. */
export function loadPolicy(nameOrPath: string): Policy {
  const file = /^[a-z0-9-]+$/.test(nameOrPath) ? presetFile(nameOrPath) : nameOrPath;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new KakouError('KAKOU_E_POLICY_INVALID', `cannot read policy ${nameOrPath}`, [
      `scoring.policy: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    ]);
  }
  return parsePolicy(raw, nameOrPath);
}

/** A policy from its JSON value (a file's, or a signed artifact's), every problem listed under `nameOrPath`. */
export function parsePolicy(raw: unknown, nameOrPath: string): Policy {
  const problems: string[] = [];
  for (const e of Value.Errors(PolicySchema, raw)) {
    if (e.keyword !== 'boolean' && e.keyword !== 'const')
      problems.push(
        `${nameOrPath}: ${e.instancePath || '/'} ${e.keyword === 'anyOf' ? 'is not one of the allowed values' : e.message}`,
      );
  }
  if (problems.length === 0) {
    const p = raw as Policy;
    for (const code of FACTOR_CODES)
      if (!p.factors[code]) problems.push(`${nameOrPath}: /factors has no price for ${code}`);
    if (p.thresholds.mayInspect >= p.thresholds.mustInspect)
      problems.push(`${nameOrPath}: /thresholds/mayInspect must be below mustInspect`);
    if (p.thresholds.mayInspectPerHour !== undefined && p.thresholds.mustInspectPerHour === undefined)
      problems.push(`${nameOrPath}: /thresholds/mayInspectPerHour needs mustInspectPerHour`);
    const teams = p.capacity?.teams;
    if (teams && teams.reduce((n, t) => n + t.boardingsPerHour, 0) !== p.capacity?.boardingsPerHour)
      problems.push(`${nameOrPath}: /capacity/boardingsPerHour must be the sum of its teams' boardings`);
    if (teams && new Set(teams.map((t) => t.id)).size !== teams.length)
      problems.push(`${nameOrPath}: /capacity/teams ids must differ`);
    for (const [profile, [open, close]] of Object.entries(p.windows?.months ?? {})) {
      if (open > close) problems.push(`${nameOrPath}: /windows/months/${profile} opens after it closes`);
    }
    for (const code of p.windows?.lowRisk.blockers ?? [])
      if (!p.factors[code]) problems.push(`${nameOrPath}: /windows/lowRisk/blockers names unknown factor ${code}`);
  }
  if (problems.length > 0)
    throw new KakouError('KAKOU_E_POLICY_INVALID', `policy ${nameOrPath} has ${problems.length} problem(s)`, problems);
  return raw as Policy;
}

/** The boarding teams of a policy: its teams, else one team boarding every kind at its capacity; null without one. */
export function capacityTeams(
  policy: Policy,
  boardingsPerHour = policy.capacity?.boardingsPerHour,
): Array<{ id: string; kinds: Array<'vessel' | 'vehicle'>; boardingsPerHour: number }> | null {
  if (boardingsPerHour === undefined) return null;
  const teams = policy.capacity?.teams;
  if (teams && boardingsPerHour === policy.capacity?.boardingsPerHour) return teams.map((t) => ({ ...t }));
  return [{ id: 'team', kinds: ['vessel', 'vehicle'], boardingsPerHour }];
}

/** Points and effect of a finding under a policy. */
export function price(policy: Policy, code: string, units = 1): { points: number; effect: FactorPolicy['effect'] } {
  const f = policy.factors[code] ?? (code.startsWith('ALARM_') ? policy.factors.ALARM_OTHER : undefined);
  if (!f || units < (f.minUnits ?? 1)) return { points: 0, effect: undefined };
  const points = f.perUnit ? Math.min(f.max ?? Infinity, f.points * units) : f.points;
  return { points, effect: f.effect };
}

/** The policy format as a standalone JSON Schema document (src/scoring/presets/schema.json). */
export function policyJsonSchema(): Record<string, unknown> {
  return standaloneSchema(PolicySchema, 'targeting-policy', 'Kakou targeting policy');
}
