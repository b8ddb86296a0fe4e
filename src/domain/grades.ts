import Type, { type Static } from 'typebox';

/** The provincial credit grades, best first (AA: trusted, D: untrustworthy). */
export const GradeSchema = Type.Union([
  Type.Literal('AA'),
  Type.Literal('A'),
  Type.Literal('B'),
  Type.Literal('C'),
  Type.Literal('D'),
]);

export type CreditGrade = Static<typeof GradeSchema>;
