import type { CreditGrade } from '../../domain/credit.js';
import type { Performance } from '../../domain/psc.js';
import type { Finding, Rule } from '../finding.js';

/**
 * The generic parameters of the Paris and Tokyo MoU ship risk profile a credit snapshot carries:
 * flag performance and IMO audit, recognised organisation performance and recognition, ISM
 * company performance and inspections (Directive 2009/16/EC Annex II; Tokyo MoU Annex 2). Points
 * come from the policy; the NOT_* codes are the failed low-risk criteria, which a policy names as
 * low-risk blockers. Missing data never earns points and never earns low risk: a vessel whose
 * snapshot entry says nothing of its flag fails the white-list criterion, as the regimes read it.
 */
export const pscProfile: Rule = (input) => {
  const { track, credit } = input;
  if (track.kind !== 'vessel' || !credit.known) return [];
  // Most vessels at an inland checkpoint carry no PSC data: their findings depend on the grade
  // alone, and are made once per grade rather than on every rescore.
  if (!credit.flagState && !credit.ro && !credit.company?.performance && credit.company?.inspections36m === undefined)
    return byGrade(input);
  return profile(input);
};

const cached = new Map<string, readonly Finding[]>();
function byGrade(input: Parameters<Rule>[0]): Finding[] {
  const key = input.credit.grade ?? '';
  let findings = cached.get(key);
  if (!findings) {
    findings = Object.freeze(profile(input).map((f) => Object.freeze(f)));
    cached.set(key, findings);
  }
  return findings as Finding[];
}

function profile({ credit }: Parameters<Rule>[0]): Finding[] {
  const out: Finding[] = [];
  const flag = credit.flagState;
  const list = flag?.list ?? 'unlisted';
  const flagName = flag ? `${flag.name ?? flag.code}（${flag.code}）` : '';
  if (list === 'black-medium')
    out.push(
      finding(
        'FLAG_BLACK_MEDIUM',
        `船旗国${flagName}列入黑名单（中风险）`,
        'flag on the black list (medium risk)',
        list,
      ),
    );
  else if (list.startsWith('black-'))
    out.push(
      finding(
        'FLAG_BLACK_HIGH',
        `船旗国${flagName}列入黑名单（${LEVEL_ZH[list]}）`,
        `flag on the black list (${list})`,
        list,
      ),
    );
  if (list !== 'white')
    out.push(
      finding(
        'FLAG_NOT_WHITE',
        flag ? `船旗国${flagName}不在白名单` : '船旗国表现无记录',
        'flag not on the white list',
        list,
      ),
    );
  if (!flag?.imoAudited)
    out.push(finding('FLAG_NOT_IMO_AUDITED', '船旗国未经IMO审核', 'flag State not IMO-audited', flag?.code ?? '—'));

  const ro = credit.ro;
  const roName = ro ? (ro.name ?? ro.id) : '';
  const roLevel = ro?.performance;
  if (roLevel === 'low' || roLevel === 'very-low')
    out.push(
      finding(
        roLevel === 'low' ? 'RO_PERFORMANCE_LOW' : 'RO_PERFORMANCE_VERY_LOW',
        `认可组织${roName}表现${PERFORMANCE_ZH[roLevel]}`,
        `recognised organisation performance ${roLevel}`,
        `${ro?.id}: ${roLevel}`,
      ),
    );
  if (roLevel !== 'high')
    out.push(
      finding(
        'RO_NOT_HIGH',
        ro ? `认可组织${roName}表现${roLevel ? PERFORMANCE_ZH[roLevel] : '未列入'}` : '认可组织无记录',
        'recognised organisation performance not high',
        ro ? `${ro.id}: ${roLevel ?? '—'}` : '—',
      ),
    );
  if (!ro?.recognised)
    out.push(finding('RO_NOT_RECOGNISED', '认可组织未获认可', 'recognised organisation not recognised', ro?.id ?? '—'));

  const company = credit.company;
  const published = company?.performance;
  // A company performance the platform does not publish is read from the credit grade (design mapping).
  const level = published ?? (credit.grade ? BY_GRADE[credit.grade] : undefined);
  const source = published ? 'MoU' : `grade=${credit.grade}`;
  if (level === 'low' || level === 'very-low')
    out.push(
      finding(
        level === 'low' ? 'COMPANY_PERFORMANCE_LOW' : 'COMPANY_PERFORMANCE_VERY_LOW',
        `公司安全管理表现${PERFORMANCE_ZH[level]}${published ? '' : `（按信用等级${credit.grade}）`}`,
        `company performance ${level}`,
        `${level} (${source})`,
      ),
    );
  if (level !== 'high')
    out.push(
      finding(
        'COMPANY_NOT_HIGH',
        '公司安全管理表现非高',
        'company performance not high',
        `${level ?? '—'} (${source})`,
      ),
    );
  if (company?.inspections36m === 0)
    out.push(
      finding(
        'COMPANY_NOT_INSPECTED_36M',
        '公司船舶近36个月无港口国检查',
        'company not inspected in 36 months',
        company.id,
      ),
    );
  return out;
}

const finding = (code: string, text: string, textEn: string, evidence: string): Finding => ({
  code,
  text,
  textEn,
  evidence,
});

const LEVEL_ZH: Record<string, string> = {
  'black-medium-to-high': '中高风险',
  'black-high': '高风险',
  'black-very-high': '极高风险',
};
const PERFORMANCE_ZH: Record<Performance, string> = { high: '高', medium: '中', low: '低', 'very-low': '很低' };
const BY_GRADE: Record<CreditGrade, Performance> = { AA: 'high', A: 'high', B: 'medium', C: 'low', D: 'very-low' };
