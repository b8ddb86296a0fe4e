import QRCode from 'qrcode';
import type { InspectionRecord } from '../domain/inspection.js';
import { DEFECT_CODES } from '../inspections/defect-codes.js';
import { esc } from './html.js';

const RESULT: Record<string, string> = {
  'no-defects': '未发现问题',
  'defects-found': '发现问题',
  refused: '拒绝检查',
  'not-inspected': '未检查',
};
const ACTION: Record<string, string> = {
  release: '放行',
  warning: '警告',
  'correction-order': '责令改正',
  'penalty-referral': '移送处罚',
  detention: '滞留',
};
const AMENDMENT: Record<string, string> = { correction: '更正', 'void-request': '作废申请', void: '作废' };
const TIER: Record<string, string> = {
  'must-inspect': '必检',
  'may-inspect': '可检',
  'random-sample': '随机抽检',
  pass: '放行',
};

export interface FormInput {
  record: InspectionRecord;
  amendments: InspectionRecord[];
  photos: Array<{ sha256: string }>;
  /** The record's hash in the uplink chain (hex), which the central recomputes; null for old records. */
  recordHash: string | null;
  site: { name: string };
}

const time = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');

/**
 * The inspection record form (检查记录单), printable on A4: the record as stored, its defects,
 * photos, officer and times, its amendments, and a QR code of `kakou:<node>:inspection:<id>:<record
 * hash>`, so that anyone holding the paper can find the record at the central and check it is the
 * one recorded.
 */
export async function inspectionFormHtml(f: FormInput): Promise<string> {
  const r = f.record;
  const qrText = `kakou:${r.nodeId}:inspection:${r.id}:${f.recordHash ?? 'unchained'}`;
  const qr = await QRCode.toString(qrText, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 160 });
  const defect = (code: string) => DEFECT_CODES.find((d) => d.code === code)?.zh ?? '';
  const rows: Array<[string, string]> = [
    ['检查对象', `${esc(r.targetName)}（${esc(r.targetId)}）`],
    ['对象类型', r.targetKind === 'vessel' ? '船舶' : '车辆'],
    [
      '选检依据',
      r.tierAtDecision
        ? `${esc(TIER[r.tierAtDecision] ?? r.tierAtDecision)}，评分 ${esc(r.scoreAtDecision)}`
        : '名单外登记',
    ],
    ['通行编号', esc(r.passageId ?? '—')],
    ['叫停时间', esc(time(r.calledAt))],
    ['开始检查', esc(time(r.startedAt))],
    ['完成检查', esc(time(r.finishedAt))],
    ['检查结果', esc(RESULT[r.result] ?? r.result)],
    ['处理措施', esc(ACTION[r.action] ?? r.action)],
    ['执法人员', esc(r.officer)],
    ['记录时间', esc(time(r.createdAt))],
  ];
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>检查记录单 ${esc(r.id)}</title>
<style>
  body { font: 14px/1.5 "Noto Sans CJK SC", "Source Han Sans SC", system-ui, sans-serif; margin: 24px; color: #111; }
  h1 { font-size: 22px; text-align: center; margin: 0 0 4px; letter-spacing: 0.3em; }
  .sub { text-align: center; color: #444; margin-bottom: 16px; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 12px; }
  th, td { border: 1px solid #333; padding: 4px 8px; text-align: left; vertical-align: top; }
  th { width: 8em; background: #f2f2f2; }
  .photos img { max-width: 48%; max-height: 220px; margin: 4px; border: 1px solid #999; }
  .foot { display: flex; justify-content: space-between; align-items: flex-end; margin-top: 16px; }
  .hash { font: 11px monospace; word-break: break-all; max-width: 60%; }
  .sign { margin-top: 24px; }
  .void { color: #b00; font-weight: bold; }
  @page { size: A4; margin: 15mm; }
  @media print { body { margin: 0; } }
</style></head>
<body data-record="${esc(r.id)}" data-hash="${esc(f.recordHash ?? '')}">
<h1>检查记录单</h1>
<div class="sub">${esc(f.site.name)} · 节点 ${esc(r.nodeId)} · 记录编号 ${esc(r.id)}</div>
${r.amendment ? `<p class="void">本记录为对记录 ${esc(r.amends)} 的${esc(AMENDMENT[r.amendment])}，原因：${esc(r.reason)}</p>` : ''}
<table>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>
<table><thead><tr><th>缺陷代码</th><td><b>缺陷说明</b></td></tr></thead><tbody>
${r.defects.length === 0 ? '<tr><th>—</th><td>无</td></tr>' : r.defects.map((d) => `<tr><th>${esc(d.code)}</th><td>${esc(defect(d.code))}${d.note ? `：${esc(d.note)}` : ''}</td></tr>`).join('')}
</tbody></table>
${r.notes ? `<table><tr><th>备注</th><td>${esc(r.notes)}</td></tr></table>` : ''}
${f.amendments.length === 0 ? '' : `<table><thead><tr><th>更正与作废</th><td><b>内容</b></td></tr></thead><tbody>${f.amendments.map((a) => `<tr><th>${esc(AMENDMENT[a.amendment ?? ''] ?? '')}</th><td>${esc(time(a.createdAt))} · ${esc(a.officer)} · ${esc(RESULT[a.result] ?? a.result)} · ${esc(ACTION[a.action] ?? a.action)} · 原因：${esc(a.reason)}</td></tr>`).join('')}</tbody></table>`}
${f.photos.length === 0 ? '' : `<div class="photos">${f.photos.map((p) => `<img src="/api/v1/inspections/${esc(r.id)}/photos/${esc(p.sha256)}" alt="照片 ${esc(p.sha256.slice(0, 8))}">`).join('')}</div>`}
<div class="foot">
  <div><div class="hash">记录哈希（上传链）：${esc(f.recordHash ?? '—')}</div>
  <div class="sign">执法人员签名：＿＿＿＿＿＿&emsp;&emsp;被检查人签名：＿＿＿＿＿＿</div></div>
  <div id="qr" title="${esc(qrText)}">${qr}</div>
</div>
</body></html>`;
}
