import type { CreditGrade } from '../../domain/credit.js';
import type { Finding, Rule } from '../finding.js';

/** Design values: D and C sit above the may-inspect line on their own, as Paris weights "company low/very low". */
const GRADE_POINTS: Record<CreditGrade, number> = { AA: 0, A: 0, B: 10, C: 25, D: 40 };
const GRADE_TEXT: Record<CreditGrade, string> = { AA: '诚信', A: '守信', B: '基本守信', C: '失信', D: '严重失信' };

export const creditGrade: Rule = ({ credit }) => {
  const g = credit.grade;
  if (!g) return [];
  const whose = credit.company && credit.company.grade === g && credit.subjectGrade !== g ? `所属企业${credit.company.name}` : '';
  if (g === 'AA') {
    return [{ code: 'CREDIT_GRADE_AA', points: 0, effect: 'good-credit', text: `${whose}信用等级 AA（诚信）`, textEn: 'credit grade AA', evidence: g }];
  }
  const points = GRADE_POINTS[g];
  if (points === 0) return [];
  return [{ code: `CREDIT_GRADE_${g}`, points, text: `${whose}信用等级 ${g}（${GRADE_TEXT[g]}）`, textEn: `credit grade ${g}`, evidence: g }];
};

export const listMembership: Rule = ({ credit }) => {
  const out: Finding[] = [];
  for (const e of credit.lists) {
    const whose = e.subjectKind === 'company' ? '所属企业' : '';
    if (e.list === 'black') {
      out.push({ code: 'LIST_BLACK', points: 40, effect: 'overriding', text: `${whose}列入黑名单：${e.reason}`, textEn: `black list: ${e.reason}`, evidence: `since ${e.from}` });
    } else if (e.list === 'key-attention') {
      out.push({ code: 'LIST_KEY_ATTENTION', points: 25, effect: 'unexpected', text: `${whose}列入重点关注名单：${e.reason}`, textEn: `key-attention list: ${e.reason}`, evidence: `since ${e.from}` });
    } else {
      out.push({ code: 'LIST_RED', points: 0, effect: 'good-credit', text: `${whose}列入红名单（守信激励）`, textEn: 'red list (trusted)', evidence: `since ${e.from}` });
    }
  }
  return out;
};

/** Paris MoU: a ship not identifiable in the database is an overriding factor; here it scores, the policy issue tunes it. */
export const notInSnapshot: Rule = ({ credit, track }) =>
  credit.known ? [] : [{
    code: 'NOT_IN_SNAPSHOT', points: 20,
    text: track.kind === 'vessel' ? '船舶未在信用快照中登记' : '车辆未在信用快照中登记',
    textEn: 'not in the credit snapshot',
  }];

export const hazmatQualification: Rule = ({ credit }) =>
  credit.vehicle?.hazmatQualified === false ? [{
    code: 'HAZMAT_UNQUALIFIED', points: 40, effect: 'overriding', text: '车辆无危险货物运输资质', textEn: 'vehicle has no hazmat qualification',
  }] : [];
