/** Why an MMSI cannot be a ship station's: a code for the evidence, and the words for officers. */
export interface MmsiProblem {
  code: string;
  zh: string;
  en: string;
}

const problem = (code: string, zh: string, en: string): MmsiProblem => ({ code, zh, en });

/**
 * Whether an MMSI can belong to a ship station (ITU-R M.585-9): nine digits, a maritime
 * identification digit (MID) in the allocated 201-775 range, and not one of the fill-in numbers
 * installers and test sets broadcast. Returns why not, or null when it is plausible.
 */
export function invalidShipMmsi(mmsi: number): MmsiProblem | null {
  if (!Number.isInteger(mmsi) || mmsi <= 0) return problem('not-positive', '不是正整数', 'not a positive integer');
  if (mmsi > 999_999_999) return problem('too-long', '超过九位', 'more than nine digits');
  // MMSIs are nine digits with their leading zeros: 002... is a coast station, not a short number.
  const digits = String(mmsi).padStart(9, '0');
  if (/^(\d)\1{8}$/.test(digits)) return problem('repeated-digit', '同一数字重复', 'repeated digit');
  if (digits === '123456789' || digits === '987654321')
    return problem('sequential', '顺序测试号码', 'sequential test number');
  const first = (mmsi / 100_000_000) | 0;
  if (first < 2 || first > 7) return prefixProblem(digits);
  const mid = (mmsi / 1_000_000) | 0;
  if (mid < 201 || mid > 775) return problem(`mid-${mid}`, `海上识别数字 ${mid} 未分配`, `MID ${mid} not allocated`);
  return null;
}

function prefixProblem(digits: string): MmsiProblem {
  if (digits.startsWith('00')) return problem('coast-station', '岸台号码', 'coast station number');
  if (digits.startsWith('0')) return problem('group-call', '群呼号码', 'group call number');
  if (digits.startsWith('111')) return problem('sar-aircraft', '搜救航空器号码', 'SAR aircraft number');
  if (digits.startsWith('97'))
    return problem('sart-mob-epirb', '搜救应答器或示位标号码', 'AIS-SART, MOB or EPIRB device number');
  if (digits.startsWith('98'))
    return problem('craft-of-parent', '母船附属艇号码', 'craft associated with a parent ship');
  if (digits.startsWith('99')) return problem('aid-to-navigation', '助航标志号码', 'aid to navigation number');
  return problem(
    `first-digit-${digits[0]}`,
    `首位数字 ${digits[0]} 不属于船舶电台`,
    `first digit ${digits[0]} is not a ship station`,
  );
}
