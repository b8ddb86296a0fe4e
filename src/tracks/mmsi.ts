/**
 * Whether an MMSI can belong to a ship station (ITU-R M.585-9): nine digits, a maritime
 * identification digit (MID) in the allocated 201-775 range, and not one of the fill-in numbers
 * installers and test sets broadcast. Returns why not, or null when it is plausible.
 */
export function invalidShipMmsi(mmsi: number): string | null {
  if (!Number.isInteger(mmsi) || mmsi <= 0) return 'not a positive integer';
  if (mmsi > 999_999_999) return 'more than nine digits';
  // MMSIs are nine digits with their leading zeros: 002... is a coast station, not a short number.
  const digits = String(mmsi).padStart(9, '0');
  if (/^(\d)\1{8}$/.test(digits)) return 'repeated digit';
  if (digits === '123456789' || digits === '987654321') return 'sequential test number';
  const first = (mmsi / 100_000_000) | 0;
  if (first < 2 || first > 7) return prefixReason(digits);
  const mid = (mmsi / 1_000_000) | 0;
  if (mid < 201 || mid > 775) return `MID ${mid} not allocated`;
  return null;
}

function prefixReason(digits: string): string {
  if (digits.startsWith('00')) return 'coast station number';
  if (digits.startsWith('0')) return 'group call number';
  if (digits.startsWith('111')) return 'SAR aircraft number';
  if (digits.startsWith('97')) return 'AIS-SART, MOB or EPIRB device number';
  if (digits.startsWith('98')) return 'craft associated with a parent ship';
  if (digits.startsWith('99')) return 'aid to navigation number';
  return `first digit ${digits[0]} is not a ship station`;
}
