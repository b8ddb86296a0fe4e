import type { CreditGrade } from '../../domain/credit.js';
import type { Finding, Rule } from '../finding.js';

const GRADE_TEXT: Record<CreditGrade, string> = { AA: '诚信', A: '守信', B: '基本守信', C: '失信', D: '严重失信' };

export const creditGrade: Rule = ({ credit }) => {
  const g = credit.grade;
  if (!g) return [];
  const whose =
    credit.company && credit.company.grade === g && credit.subjectGrade !== g ? `所属企业${credit.company.name}` : '';
  return [
    {
      code: `CREDIT_GRADE_${g}`,
      text: `${whose}信用等级 ${g}（${GRADE_TEXT[g]}）`,
      textEn: `credit grade ${g}`,
      evidence: g,
    },
  ];
};

export const listMembership: Rule = ({ credit }) => {
  const out: Finding[] = [];
  for (const e of credit.lists) {
    const whose = e.subjectKind === 'company' ? '所属企业' : '';
    if (e.list === 'black') {
      out.push({
        code: 'LIST_BLACK',
        text: `${whose}列入黑名单：${e.reason}`,
        textEn: `black list: ${e.reason}`,
        evidence: `${e.from}–`,
      });
    } else if (e.list === 'key-attention') {
      out.push({
        code: 'LIST_KEY_ATTENTION',
        text: `${whose}列入重点关注名单：${e.reason}`,
        textEn: `key-attention list: ${e.reason}`,
        evidence: `${e.from}–`,
      });
    } else {
      out.push({
        code: 'LIST_RED',
        text: `${whose}列入红名单（守信激励）`,
        textEn: 'red list (trusted)',
        evidence: `${e.from}–`,
      });
    }
  }
  return out;
};

/** Paris MoU: a ship not identifiable in the database is an overriding factor; here it scores, the policy issue tunes it. */
export const notInSnapshot: Rule = ({ credit, track }) =>
  credit.known
    ? []
    : [
        {
          code: 'NOT_IN_SNAPSHOT',
          text: track.kind === 'vessel' ? '船舶未在信用快照中登记' : '车辆未在信用快照中登记',
          textEn: 'not in the credit snapshot',
        },
      ];

export const hazmatQualification: Rule = ({ credit }) =>
  credit.vehicle?.hazmatQualified === false
    ? [
        {
          code: 'HAZMAT_UNQUALIFIED',
          text: '车辆无危险货物运输资质',
          textEn: 'vehicle has no hazmat qualification',
        },
      ]
    : [];
